/** A domain: one exclusive territory worked by one terminal. */
export interface Domain {
  /** Upper-case identifier used in file names and env vars, e.g. `CORE`. */
  readonly id: string;
  /** Terminal label, e.g. `T1` (at most 2 characters are shown as a badge). */
  readonly terminal: string;
  /** Human name, e.g. `Backend Core`. */
  readonly name: string;
  /** gitignore-style path patterns relative to the folder root. */
  readonly paths: readonly string[];
  /** Commit subject prefixes, e.g. `core:`. */
  readonly prefixes: readonly string[];
  /** Extra rules given to this domain's terminal. */
  readonly rules: readonly string[];
}

export interface DomainMap {
  readonly project?: string;
  readonly branch?: string;
  readonly agentsPerTerminal?: number;
  readonly domains: readonly Domain[];
  /** File name template of handoff files; `{domain}` is replaced by a domain id. */
  readonly handoffFile: string;
}

export const DEFAULT_HANDOFF_FILE = 'HANDOFF_FROM_{domain}.md';
export const MAP_FILE_NAME = 'territory.json';

/** Zero-based position in a text file. */
export interface TextRange {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export type Severity = 'error' | 'warning' | 'info';

export interface MapDiagnostic {
  readonly severity: Severity;
  /** Stable machine-readable code, e.g. `duplicate-id`. */
  readonly code: string;
  readonly message: string;
  /** Where in the map file; absent when the problem has no position (e.g. unassigned directories). */
  readonly range?: TextRange;
}

export type MapSourceKind = 'json' | 'markdown';

/** The result of reading one map file. `map` is undefined when the file cannot be used at all. */
export interface ParsedMap {
  readonly kind: MapSourceKind;
  readonly map: DomainMap | undefined;
  readonly diagnostics: readonly MapDiagnostic[];
}

export function hasErrors(diagnostics: readonly MapDiagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
