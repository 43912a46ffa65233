import type { DomainMap, MapDiagnostic, TextRange } from '../types';
import type { OwnershipResolver } from './resolver';
import { count } from '../plural';

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
export function analyzeCoverage(
  map: DomainMap,
  resolver: OwnershipResolver,
  files: readonly string[],
  topUnassigned = 5,
): CoverageReport {
  const counter = new CoverageCounter(map, resolver);
  counter.add(files);
  return counter.report(topUnassigned);
}

/** Files directly in one directory, and how many of them nobody owns. */
interface DirCounter {
  total: number;
  free: number;
}

/**
 * The coverage of a listing that may arrive in parts: `territory validate` counts the index's files
 * while git still looks for the untracked ones. Parts may be added in any order; `slot` says where
 * a part stands in the listing (lowest first), which only the order of the contested files
 * depends on. The report is the one `analyzeCoverage` gives for the parts joined in slot order.
 */
export class CoverageCounter {
  private fileCount = 0;
  private readonly filesByDomain: Map<string, number>;
  private readonly contested = new Map<number, ContestedFile[]>();
  private readonly unassigned: string[] = [];
  /** Per directory, the files directly in it (not below) added since the last settle: each file costs one count, not one per ancestor. */
  private own = new Map<string, DirCounter>();
  /** Per directory, the files under it at any depth (the root is ''), up to the last settle. */
  private readonly under = new Map<string, DirCounter>();
  /** Per pattern (the resolver's key id), whether any file matched it. */
  private matchedIds: Uint8Array | undefined;

  constructor(
    private readonly map: DomainMap,
    private readonly resolver: OwnershipResolver,
  ) {
    this.filesByDomain = new Map(map.domains.map((d) => [d.id, 0]));
  }

  add(files: readonly string[], slot = 0): void {
    const { resolver, filesByDomain, unassigned, own } = this;
    const contested = this.contested.get(slot) ?? [];
    this.contested.set(slot, contested);
    this.fileCount += files.length;
    // Listings come sorted, so neighbours share their directory and its counter.
    let lastDir: string | undefined;
    let counter: DirCounter = { total: 0, free: 0 };
    // One walk per file answers its owner and the patterns that matched it, deciding or not (a
    // pattern may match only files where a more specific one wins): "matches no file" needs no
    // second pass. The ids come from the resolver's walk that resumes at the file's folder.
    const ids: number[] = [];
    const matched = (this.matchedIds ??= new Uint8Array(resolver.matchKeys.length));
    for (let index = 0; index < files.length; index++) {
      const path = files[index]!;
      ids.length = 0;
      const owner = resolver.resolveMatchingIds(path, ids);
      for (let i = 0; i < ids.length; i++) matched[ids[i]!] = 1;
      const free = owner.kind === 'unassigned';
      if (owner.kind === 'owned') filesByDomain.set(owner.domain.id, (filesByDomain.get(owner.domain.id) ?? 0) + 1);
      else if (owner.kind === 'contested')
        contested.push({ path, domainIds: owner.domains.map((d) => d.id), patterns: owner.patterns });
      else if (free) unassigned.push(path);
      const slash = path.lastIndexOf('/');
      // Compared in place with the last folder: no slice per file while the folder stays the same.
      if (
        lastDir === undefined ||
        (slash === -1 ? lastDir !== '' : lastDir.length !== slash || !path.startsWith(lastDir))
      ) {
        const dir = slash === -1 ? '' : path.slice(0, slash);
        lastDir = dir;
        const known = own.get(dir);
        if (known === undefined) own.set(dir, (counter = { total: 0, free: 0 }));
        else counter = known;
      }
      counter.total++;
      if (free) counter.free++;
    }
  }

  report(topUnassigned = 5): CoverageReport {
    const { map, matchedIds, resolver } = this;
    const matched = new Set(resolver.matchKeys.filter((_, id) => matchedIds?.[id] === 1));
    const unusedPatterns = map.domains.flatMap((domain) =>
      domain.paths
        .filter((pattern) => !matched.has(`${domain.id}\0${pattern}`))
        .map((pattern) => ({ domainId: domain.id, pattern })),
    );
    const contested = [...this.contested].sort((a, b) => a[0] - b[0]).flatMap(([, files]) => files);
    return {
      fileCount: this.fileCount,
      filesByDomain: new Map(this.filesByDomain),
      unassignedCount: this.unassigned.length,
      unusedPatterns,
      contested,
      ...unassignedDirectories(this.settle(), this.unassigned, topUnassigned),
    };
  }

  /**
   * Adds the files counted since the last call to the totals under each directory, and returns the
   * totals. validate calls it while git still walks for untracked files, so that the report has
   * only their directories left to add. Totals add up, whatever the order of the parts.
   */
  settle(): ReadonlyMap<string, DirCounter> {
    if (this.own.size === 0) return this.under;
    for (const [dir, counter] of totalsUnder(this.own)) {
      const known = this.under.get(dir);
      if (known === undefined) this.under.set(dir, counter);
      else {
        known.total += counter.total;
        known.free += counter.free;
      }
    }
    this.own = new Map();
    return this.under;
  }
}

function parentOf(dir: string): string {
  return dir.slice(0, Math.max(0, dir.lastIndexOf('/')));
}

/** The files under each directory at any depth, its ancestors included (the root is ''), from the files directly in each. */
function totalsUnder(own: ReadonlyMap<string, DirCounter>): Map<string, DirCounter> {
  // Every directory first, then deepest first each adds its totals to its parent's: one step per directory.
  const under = new Map<string, DirCounter>();
  for (const [dir, counter] of own) {
    under.set(dir, { total: counter.total, free: counter.free });
  }
  for (const dir of [...under.keys()]) {
    for (let at = dir; at !== '' && !under.has((at = parentOf(at)));) under.set(at, { total: 0, free: 0 });
  }
  // Deepest first: a parent's path is shorter than its child's, so by length, longest first
  // (in buckets, not a sort: there are as many folders as a tenth of the files).
  const byLength: (string[] | undefined)[] = [];
  for (const dir of under.keys()) (byLength[dir.length] ??= []).push(dir);
  for (let length = byLength.length - 1; length > 0; length--) {
    for (const dir of byLength[length] ?? []) {
      const counter = under.get(dir)!;
      const parent = under.get(parentOf(dir))!;
      parent.total += counter.total;
      parent.free += counter.free;
    }
  }
  return under;
}

function unassignedDirectories(
  under: ReadonlyMap<string, DirCounter>,
  unassignedFiles: readonly string[],
  top: number,
): Pick<CoverageReport, 'unassignedDirectories' | 'unassignedCover'> {
  const candidates: UnassignedDirectory[] = [];
  for (const [dir, counter] of under) {
    if (dir === '' || counter.free === 0 || counter.free !== counter.total) continue;
    const parent = parentOf(dir);
    const parentCounter = under.get(parent)!;
    // Report the outermost fully unassigned directory, not each of its children.
    if (parent !== '' && parentCounter.free === parentCounter.total) continue;
    candidates.push({ path: dir, files: counter.free });
  }
  candidates.sort((a, b) => b.files - a.files || a.path.localeCompare(b.path));
  const directories = candidates.map((c) => c.path);
  const directorySet = new Set(directories);
  // A file is covered when a directory above it is one of those; the files of one directory share the answer.
  let lastDir: string | undefined;
  let lastCovered = false;
  const covered = (file: string) => {
    const dir = parentOf(file);
    if (dir !== lastDir) {
      lastDir = dir;
      lastCovered = ancestors(file).some((d) => directorySet.has(d));
    }
    return lastCovered;
  };
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
export function coverageDiagnostics(
  report: CoverageReport,
  locate: (domainId: string, pattern?: string) => TextRange | undefined,
): MapDiagnostic[] {
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
      message: `${count(files.length, 'file')} claimed with equal specificity by ${owners}, e.g. ${examples}. Make one pattern more specific or remove one.`,
      range:
        (secondId === undefined ? undefined : locate(secondId, first.patterns[1])) ??
        (firstId === undefined ? undefined : locate(firstId, first.patterns[0])),
    });
  }
  for (const dir of report.unassignedDirectories) {
    diagnostics.push({
      severity: 'info',
      code: 'unassigned-directory',
      message: `${dir.path}/ holds ${count(dir.files, 'file')} that no domain owns; they belong to the lead.`,
    });
  }
  return diagnostics;
}
