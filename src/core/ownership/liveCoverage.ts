import { comparePaths, PathListing, sortPathsInSlices } from '../pathListing';
import { NO_SLICES, type TimeSlices } from '../slices';
import type { DomainMap } from '../types';
import type { ContestedFile, CoverageReport, UnassignedDirectory } from './coverage';
import type { OwnershipResolver } from './resolver';

type Slices = Pick<TimeSlices, 'due' | 'pause'>;

/** Files under one directory (at any depth), and how many of them nobody owns. */
interface DirCounter {
  total: number;
  free: number;
}

/**
 * A folder's listing and its coverage report kept up to date one path at a time: adding or removing
 * a path costs one resolver walk and one counter update per directory above it, whatever the size of
 * the tree. It answers exactly what `analyzeCoverage` answers for the same (sorted) listing; the unit
 * tests hold it to that over generated sequences of adds, removes and renames.
 *
 * What it keeps: per pattern the number of files it matched (a pattern back at zero "matches no
 * file" again), per directory the count of files and of unassigned files under it, the set of
 * directories holding only unassigned files, per domain the directories holding its files (the
 * Explorer's "this folder holds files of the active domain"), the contested files and the
 * unassigned files.
 */
export class LiveCoverage {
  readonly listing: PathListing;
  private readonly patternCounts = new Map<string, number>();
  private readonly filesByDomain: Map<string, number>;
  private readonly contested = new Map<string, ContestedFile>();
  private readonly unassigned = new Set<string>();
  private readonly dirs = new Map<string, DirCounter>();
  /** Directories (not the root) whose files are all unassigned. */
  private readonly full = new Set<string>();
  /** Per domain id: directory → number of the domain's files under it. */
  private readonly domainDirs = new Map<string, Map<string, number>>();
  private readonly matches: string[] = [];
  private outermostFull: string[] | undefined;
  private cached: CoverageReport | undefined;

  private constructor(
    private readonly map: DomainMap,
    private readonly resolver: OwnershipResolver,
    private readonly topUnassigned: number,
    listing: PathListing,
  ) {
    this.listing = listing;
    this.filesByDomain = new Map(map.domains.map((d) => [d.id, 0]));
  }

  /**
   * The coverage of `paths` (any order; duplicates dropped), built in slices that yield to the
   * event loop when `slices` says so.
   */
  static async build(map: DomainMap, resolver: OwnershipResolver, paths: string[], slices: Slices = NO_SLICES, topUnassigned = 5): Promise<LiveCoverage> {
    const sorted = await sortPathsInSlices(paths, slices);
    const live = new LiveCoverage(map, resolver, topUnassigned, new PathListing(sorted));
    // Sorted neighbours share their directory: its chain of counters is reused, not looked up again.
    let lastDir: string | undefined;
    let chain: { dir: string; counter: DirCounter }[] = [];
    for (const path of sorted) {
      const dir = parentOf(path);
      if (dir !== lastDir) {
        lastDir = dir;
        chain = ancestorsOf(path).map((a) => ({ dir: a, counter: live.counterOf(a) }));
      }
      live.count(path, 1, chain, false);
      if (slices.due()) await slices.pause();
    }
    for (const [dir, counter] of live.dirs) if (dir !== '' && counter.free > 0 && counter.free === counter.total) live.full.add(dir);
    return live;
  }

  get size(): number {
    return this.listing.size;
  }

  /** Adds a file; false (and nothing changes) when it was listed already. */
  add(path: string): boolean {
    if (!this.listing.add(path)) return false;
    this.count(
      path,
      1,
      ancestorsOf(path).map((dir) => ({ dir, counter: this.counterOf(dir) })),
      true,
    );
    return true;
  }

  /** Removes a file; false when it was not listed. */
  remove(path: string): boolean {
    if (!this.listing.remove(path)) return false;
    this.count(
      path,
      -1,
      ancestorsOf(path).map((dir) => ({ dir, counter: this.counterOf(dir) })),
      true,
    );
    return true;
  }

  /** True when some file owned by `domainId` lies under `dir`. */
  holdsFilesOf(domainId: string, dir: string): boolean {
    return (this.domainDirs.get(domainId)?.get(dir) ?? 0) > 0;
  }

  /**
   * The report as `analyzeCoverage` would give it for the current listing. Counts are copied; the
   * outermost unassigned directories are recomputed only when some directory became or stopped
   * being fully unassigned; `unassignedCover`, a pass over the unassigned files, is computed when
   * first read (the workspace read-only mode and the prompts read it, the views do not).
   */
  report(): CoverageReport {
    if (this.cached) return this.cached;
    const candidates: UnassignedDirectory[] = this.outermost().map((path) => ({ path, files: this.dirs.get(path)?.free ?? 0 }));
    candidates.sort((a, b) => b.files - a.files || a.path.localeCompare(b.path));
    const unassigned = this.unassigned;
    const full = this.full;
    let cover: CoverageReport['unassignedCover'] | undefined;
    const directories = candidates.map((c) => c.path).sort();
    this.cached = {
      fileCount: this.listing.size,
      filesByDomain: new Map(this.filesByDomain),
      unassignedCount: unassigned.size,
      unusedPatterns: this.map.domains.flatMap((domain) => domain.paths.filter((pattern) => !this.patternCounts.has(`${domain.id}\0${pattern}`)).map((pattern) => ({ domainId: domain.id, pattern }))),
      contested: [...this.contested.values()].sort((a, b) => comparePaths(a.path, b.path)),
      unassignedDirectories: candidates.slice(0, this.topUnassigned),
      // An unassigned file is covered exactly when its own directory holds only unassigned files:
      // any fully unassigned ancestor makes its parent fully unassigned too.
      get unassignedCover() {
        cover ??= { directories, files: [...unassigned].filter((f) => !full.has(parentOf(f))).sort() };
        return cover;
      },
    };
    return this.cached;
  }

  private outermost(): string[] {
    this.outermostFull ??= [...this.full].filter((dir) => {
      const parent = parentOf(dir);
      return parent === '' || !this.full.has(parent);
    });
    return this.outermostFull;
  }

  private counterOf(dir: string): DirCounter {
    let counter = this.dirs.get(dir);
    if (counter === undefined) this.dirs.set(dir, (counter = { total: 0, free: 0 }));
    return counter;
  }

  /** Applies one file coming (+1) or going (-1) to every count; `track` keeps the full set as it goes. */
  private count(path: string, sign: 1 | -1, chain: readonly { dir: string; counter: DirCounter }[], track: boolean): void {
    this.cached = undefined;
    const matches = this.matches;
    matches.length = 0;
    const owner = this.resolver.resolveMatching(path, matches);
    for (const key of matches) {
      const n = (this.patternCounts.get(key) ?? 0) + sign;
      if (n > 0) this.patternCounts.set(key, n);
      else this.patternCounts.delete(key);
    }
    const free = owner.kind === 'unassigned';
    if (owner.kind === 'owned') {
      const id = owner.domain.id;
      this.filesByDomain.set(id, (this.filesByDomain.get(id) ?? 0) + sign);
      let dirs = this.domainDirs.get(id);
      if (dirs === undefined) this.domainDirs.set(id, (dirs = new Map()));
      for (const { dir } of chain) {
        if (dir === '') continue;
        const n = (dirs.get(dir) ?? 0) + sign;
        if (n > 0) dirs.set(dir, n);
        else dirs.delete(dir);
      }
    } else if (owner.kind === 'contested') {
      if (sign > 0) this.contested.set(path, { path, domainIds: owner.domains.map((d) => d.id), patterns: owner.patterns });
      else this.contested.delete(path);
    } else if (free) {
      if (sign > 0) this.unassigned.add(path);
      else this.unassigned.delete(path);
    }
    for (const { dir, counter } of chain) {
      const wasFull = counter.free > 0 && counter.free === counter.total;
      counter.total += sign;
      if (free) counter.free += sign;
      if (counter.total === 0) this.dirs.delete(dir);
      if (!track || dir === '') continue;
      const isFull = counter.free > 0 && counter.free === counter.total;
      if (wasFull === isFull) continue;
      if (isFull) this.full.add(dir);
      else this.full.delete(dir);
      this.outermostFull = undefined;
    }
  }
}

function parentOf(path: string): string {
  return path.slice(0, Math.max(0, path.lastIndexOf('/')));
}

/** `` (the root) and every directory above `path`, outermost first. */
function ancestorsOf(path: string): string[] {
  const result = [''];
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) result.push(path.slice(0, i));
  return result;
}
