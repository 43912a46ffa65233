import type { DomainMap, MapDiagnostic, TextRange } from '../types';
import type { OwnershipResolver } from './resolver';

export interface UnusedPattern {
  readonly domainId: string;
  readonly pattern: string;
}

export interface ContestedFile {
  readonly path: string;
  readonly domainIds: readonly string[];
  readonly patterns: readonly string[];
}

export interface UnassignedDirectory {
  /** Relative directory path, `` for files at the folder root. */
  readonly path: string;
  readonly files: number;
}

export interface CoverageReport {
  readonly fileCount: number;
  readonly filesByDomain: ReadonlyMap<string, number>;
  readonly unassignedCount: number;
  readonly unusedPatterns: readonly UnusedPattern[];
  readonly contested: readonly ContestedFile[];
  /** Largest directories holding only unassigned files, biggest first. */
  readonly unassignedDirectories: readonly UnassignedDirectory[];
  /** Every unassigned file, as the outermost fully unassigned directories plus the files outside them. */
  readonly unassignedCover: { readonly directories: readonly string[]; readonly files: readonly string[] };
}

/** Checks a map against the folder's real files: what each domain owns, what nobody or everybody owns. */
export function analyzeCoverage(map: DomainMap, resolver: OwnershipResolver, files: readonly string[], topUnassigned = 5): CoverageReport {
  const filesByDomain = new Map<string, number>(map.domains.map((d) => [d.id, 0]));
  const contested: ContestedFile[] = [];
  const unassigned: string[] = [];
  // Which files are unassigned, by their index: the directory counts below read this instead of
  // hashing every path into a Set (a 100,000-file listing spent most of its coverage time there).
  const free = new Uint8Array(files.length);
  // One walk per file answers its owner and records every pattern that matched it, deciding or not
  // (a pattern may match only files where a more specific one wins): "matches no file" needs no
  // second pass, which for a large map was the slowest part of validate.
  const matched = resolver.recordMatches(() => {
    files.forEach((path, index) => {
      const owner = resolver.resolve(path);
      if (owner.kind === 'owned') filesByDomain.set(owner.domain.id, (filesByDomain.get(owner.domain.id) ?? 0) + 1);
      else if (owner.kind === 'contested') contested.push({ path, domainIds: owner.domains.map((d) => d.id), patterns: owner.patterns });
      else if (owner.kind === 'unassigned') {
        unassigned.push(path);
        free[index] = 1;
      }
    });
  });
  const unusedPatterns = map.domains.flatMap((domain) => domain.paths.filter((pattern) => !matched.has(`${domain.id}\0${pattern}`)).map((pattern) => ({ domainId: domain.id, pattern })));
  return {
    fileCount: files.length,
    filesByDomain,
    unassignedCount: unassigned.length,
    unusedPatterns,
    contested,
    ...unassignedDirectories(files, free, unassigned, topUnassigned),
  };
}

function unassignedDirectories(files: readonly string[], isUnassigned: Uint8Array, unassignedFiles: readonly string[], top: number): Pick<CoverageReport, 'unassignedDirectories' | 'unassignedCover'> {
  const counters = new Map<string, { total: number; free: number }>();
  // Listings come sorted, so neighbours share their directory: its chain of counters is reused
  // instead of slicing and looking up every ancestor of every file.
  let lastDir: string | undefined;
  let chain: { total: number; free: number }[] = [];
  for (let index = 0; index < files.length; index++) {
    const file = files[index] ?? '';
    const dir = file.slice(0, Math.max(0, file.lastIndexOf('/')));
    if (dir !== lastDir) {
      lastDir = dir;
      chain = ancestors(file).map((a) => {
        let counter = counters.get(a);
        if (counter === undefined) counters.set(a, (counter = { total: 0, free: 0 }));
        return counter;
      });
    }
    const isFree = isUnassigned[index] === 1;
    for (const counter of chain) {
      counter.total++;
      if (isFree) counter.free++;
    }
  }
  const total = new Map<string, number>();
  const free = new Map<string, number>();
  for (const [dir, counter] of counters) {
    total.set(dir, counter.total);
    if (counter.free > 0) free.set(dir, counter.free);
  }
  const candidates: UnassignedDirectory[] = [];
  for (const [dir, count] of free) {
    if (dir === '' || count !== total.get(dir)) continue;
    const parent = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
    // Report the outermost fully unassigned directory, not each of its children.
    if (parent !== '' && free.get(parent) === total.get(parent)) continue;
    candidates.push({ path: dir, files: count });
  }
  candidates.sort((a, b) => b.files - a.files || a.path.localeCompare(b.path));
  const directories = candidates.map((c) => c.path);
  const directorySet = new Set(directories);
  const covered = (file: string) => ancestors(file).some((dir) => directorySet.has(dir));
  return {
    unassignedDirectories: candidates.slice(0, top),
    unassignedCover: { directories: directories.sort(), files: unassignedFiles.filter((f) => !covered(f)).sort() },
  };
}

function ancestors(file: string): string[] {
  const result = [''];
  let index = file.indexOf('/');
  while (index !== -1) {
    result.push(file.slice(0, index));
    index = file.indexOf('/', index + 1);
  }
  return result;
}

/** Turns a coverage report into map diagnostics, placed on the pattern concerned when `locate` finds it. */
export function coverageDiagnostics(report: CoverageReport, locate: (domainId: string, pattern?: string) => TextRange | undefined): MapDiagnostic[] {
  const diagnostics: MapDiagnostic[] = [];
  for (const unused of report.unusedPatterns) {
    diagnostics.push({
      severity: 'warning',
      code: 'pattern-matches-nothing',
      message: `Pattern "${unused.pattern}" of ${unused.domainId} matches no file in this folder.`,
      range: locate(unused.domainId, unused.pattern),
    });
  }
  const byPatterns = new Map<string, ContestedFile[]>();
  for (const file of report.contested) {
    const key = file.domainIds.map((d, i) => `${d} ${file.patterns[i]}`).join(' / ');
    byPatterns.set(key, [...(byPatterns.get(key) ?? []), file]);
  }
  for (const files of byPatterns.values()) {
    const [first] = files;
    if (first === undefined) continue;
    const [firstId, secondId] = first.domainIds;
    const owners = first.domainIds.map((d, i) => `${d} ("${first.patterns[i]}")`).join(' and ');
    const examples = files
      .slice(0, 3)
      .map((f) => f.path)
      .join(', ');
    diagnostics.push({
      severity: 'error',
      code: 'contested-files',
      message: `${files.length} file(s) claimed with equal specificity by ${owners}, e.g. ${examples}. Make one pattern more specific or remove one.`,
      range: (secondId === undefined ? undefined : locate(secondId, first.patterns[1])) ?? (firstId === undefined ? undefined : locate(firstId, first.patterns[0])),
    });
  }
  for (const dir of report.unassignedDirectories) {
    diagnostics.push({
      severity: 'info',
      code: 'unassigned-directory',
      message: `${dir.path}/ holds ${dir.files} file(s) that no domain owns; they belong to the lead.`,
    });
  }
  return diagnostics;
}
