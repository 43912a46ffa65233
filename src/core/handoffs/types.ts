import type { Severity, TextRange } from '../types';

/** The seed's four checklist fields, plus `note` for any other checklist line of a request. */
export type HandoffField = 'file' | 'change' | 'reason' | 'blocking' | 'note';

export interface HandoffCheckbox {
  /** Offset in the text of the one character between the brackets: ' ', 'x' or 'X'. */
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  /** The character as written; `x` and `X` both mean checked. */
  readonly char: ' ' | 'x' | 'X';
  readonly checked: boolean;
}

/** One checklist line of a request (continuation lines are folded into its value). */
export interface HandoffItem {
  readonly field: HandoffField;
  /** The label as written (`Change needed`), empty for an unlabelled line. */
  readonly label: string;
  readonly value: string;
  readonly line: number;
  /** Undefined for a list line without a (well-formed) checkbox. */
  readonly checkbox: HandoffCheckbox | undefined;
}

export interface HandoffTarget {
  /** As written in the `### For …:` heading, brackets and emphasis removed. */
  readonly raw: string;
  /** The map's domain id it names; undefined when it names none (or several). */
  readonly domain: string | undefined;
  /** Line of the heading. */
  readonly line: number;
}

/** `open`: no box checked; `partial`: some; `done`: all. A request without boxes stays `open`. */
export type RequestState = 'open' | 'partial' | 'done';

export interface HandoffRequest {
  /** Position among the file's requests, from 0. */
  readonly index: number;
  /** Domain id of the source (from the file name, else the heading), or the heading's raw text. */
  readonly source: string | undefined;
  /** Undefined when the request is under no `### For TARGET:` heading. */
  readonly target: HandoffTarget | undefined;
  /** The requested file, folder-relative, backticks removed. */
  readonly file: string | undefined;
  readonly change: string | undefined;
  readonly reason: string | undefined;
  /** True only for an explicit Yes: an absent or unreadable value counts as not blocking. */
  readonly blocking: boolean;
  readonly items: readonly HandoffItem[];
  /** Every box checked (and at least one box). */
  readonly checked: boolean;
  readonly state: RequestState;
  /** Zero-based, inclusive line range of the request's lines. */
  readonly startLine: number;
  readonly endLine: number;
  /**
   * The target's id when it marked the request done in its own handoff file (doneClaims.ts) and the
   * requester's hook has not checked the boxes yet: done, though `state` still says what the boxes say.
   */
  readonly claimedBy?: string;
}

export type HandoffDiagnosticCode =
  | 'no-heading'
  | 'source-mismatch'
  | 'unknown-source'
  | 'no-target'
  | 'unknown-target'
  | 'no-file'
  | 'missing-field'
  | 'bad-blocking'
  | 'malformed-checkbox'
  | 'no-checkbox'
  | 'file-not-owned'
  | 'no-requests'
  /** The file could not be analysed at all (a defect): it counts as one malformed file, the others stay. */
  | 'unreadable'
  | 'unclosed-fence';

export interface HandoffDiagnostic {
  readonly severity: Severity;
  readonly code: HandoffDiagnosticCode;
  readonly message: string;
  /** Every handoff diagnostic has a place: at worst the first line of the file. */
  readonly range: TextRange;
}

export interface HandoffSource {
  /** Source as named by the `# Handoff from X` heading, brackets removed. */
  readonly heading: string | undefined;
  readonly headingLine: number | undefined;
  /** The domain id the file name names (`HANDOFF_FROM_CORE.md` → `CORE`), upper-cased. */
  readonly fileName: string | undefined;
  /** The source the requests carry: file name first (it decides ownership), then the heading. */
  readonly domain: string | undefined;
}

export interface ParsedHandoffFile {
  /** Folder-relative path, `/`-separated (just the name for a root file). */
  readonly path: string;
  readonly source: HandoffSource;
  readonly requests: readonly HandoffRequest[];
  /** In document order. */
  readonly diagnostics: readonly HandoffDiagnostic[];
}

/** Not done: nothing or only part of it checked, and not claimed done by its target. */
export function isOpen(request: HandoffRequest): boolean {
  return request.state !== 'done' && request.claimedBy === undefined;
}

/** How a request claimed done by its target reads until its requester's hook checks the boxes. */
export function claimedText(request: HandoffRequest): string | undefined {
  if (request.claimedBy === undefined) return undefined;
  return `done (claimed by ${request.claimedBy}, to be ticked at ${request.source ?? 'its requester'}'s next turn)`;
}

/** The requests still open that are addressed to a domain (its prompt lists them). */
export function openRequestsTo(requests: readonly HandoffRequest[], domainId: string): HandoffRequest[] {
  return requests.filter((r) => isOpen(r) && r.target?.domain === domainId);
}

/** Errors and warnings make a file "malformed" for the lead; infos do not. */
export function isMalformed(file: ParsedHandoffFile): boolean {
  return file.diagnostics.some((d) => d.severity !== 'info');
}

/** Open blocking requests addressed to `domainId` across `files`. */
export function countOpenBlocking(files: readonly ParsedHandoffFile[], domainId: string): number {
  return countRequests(files, (r) => r.blocking && r.target?.domain === domainId);
}

/** Open requests addressed to `domainId` across `files`. */
export function countOpen(files: readonly ParsedHandoffFile[], domainId: string): number {
  return countRequests(files, (r) => r.target?.domain === domainId);
}

function countRequests(files: readonly ParsedHandoffFile[], test: (request: HandoffRequest) => boolean): number {
  let count = 0;
  for (const file of files) for (const request of file.requests) if (isOpen(request) && test(request)) count++;
  return count;
}
