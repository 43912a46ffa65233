import { comparePaths, PathListing, sortPathsInSlices } from '../pathListing';
import { NO_SLICES, type TimeSlices } from '../slices';
import type { DomainMap } from '../types';
import type { ContestedFile, CoverageReport, UnassignedDirectory } from './coverage';
import type { FolderContents } from './folderOwners';
import type { OwnershipResolver } from './resolver';

type Slices = Pick<TimeSlices, 'due' | 'pause'>;

const ROOT = 0;

/**
 * A folder's listing and its coverage report kept up to date one path at a time: adding or removing
 * a path costs one resolver walk and one counter update per directory above it, whatever the size of
 * the tree. It answers exactly what `analyzeCoverage` answers for the same (sorted) listing; the unit
 * tests hold it to that over generated sequences of adds, removes and renames.
 *
 * What it keeps: per pattern the number of files it matched (a pattern back at zero "matches no
 * file" again), per directory the count of files and of unassigned files under it, the set of
 * directories holding only unassigned files, per domain and directory the number of the domain's
 * files under it (the Explorer's "this folder holds files of the active domain"), the contested
 * files and the unassigned files.
 *
 * Directories are numbered (`Directories`) and every count is a slot in a typed array: at 100,000
 * files in 24,000 directories, a Map per count with an object per directory held about 100,000
 * small objects that every major garbage collection of the extension host marks again, and the
 * per-file Map updates were most of the time to build the coverage.
 */
export class LiveCoverage {
  readonly listing: PathListing;
  private readonly domainIndex: Map<string, number>;
  /** Files per pattern, by the resolver's key id. */
  private readonly patternCounts: Int32Array;
  private readonly filesByDomain: Int32Array;
  private readonly contested = new Map<string, ContestedFile>();
  private readonly unassigned = new Set<string>();
  private readonly dirs = new Directories();
  /** Per domain index, per directory id: the domain's files under it. */
  private owned: Int32Array[];
  private ownedCapacity: number;
  /** Directories (not the root), by id, whose files are all unassigned. */
  private readonly full = new Set<number>();
  private readonly matches: number[] = [];
  private outermostFull: number[] | undefined;
  private cached: CoverageReport | undefined;

  private constructor(
    private readonly map: DomainMap,
    private readonly resolver: OwnershipResolver,
    private readonly topUnassigned: number,
    listing: PathListing,
  ) {
    this.listing = listing;
    this.domainIndex = new Map(map.domains.map((d, i) => [d.id, i]));
    this.patternCounts = new Int32Array(resolver.matchKeys.length);
    this.filesByDomain = new Int32Array(map.domains.length);
    this.ownedCapacity = this.dirs.capacity;
    this.owned = map.domains.map(() => new Int32Array(this.ownedCapacity));
  }

  /**
   * The coverage of `paths` (any order; duplicates dropped), built in slices that yield to the
   * event loop when `slices` says so.
   */
  static async build(
    map: DomainMap,
    resolver: OwnershipResolver,
    paths: string[],
    slices: Slices = NO_SLICES,
    topUnassigned = 5,
  ): Promise<LiveCoverage> {
    const sorted = await sortPathsInSlices(paths, slices);
    return LiveCoverage.over(map, resolver, new PathListing(sorted), slices, topUnassigned);
  }

  /**
   * The coverage of a listing already made, which it keeps (not a copy): the extension puts a map
   * in force with its listing first and builds the coverage after. Nothing may change the listing
   * while this runs.
   */
  static async over(
    map: DomainMap,
    resolver: OwnershipResolver,
    listing: PathListing,
    slices: Slices = NO_SLICES,
    topUnassigned = 5,
  ): Promise<LiveCoverage> {
    const live = new LiveCoverage(map, resolver, topUnassigned, listing);
    // Sorted neighbours share their directory: its id is reused, not looked up again.
    let prefix: string | undefined;
    let dir = ROOT;
    for (const path of listing) {
      if (prefix === undefined || !path.startsWith(prefix) || path.indexOf('/', prefix.length) !== -1) {
        const slash = path.lastIndexOf('/');
        prefix = path.slice(0, slash + 1);
        dir = live.directoryOf(path.slice(0, Math.max(0, slash)));
      }
      live.count(path, 1, dir, false);
      if (slices.due()) await slices.pause();
    }
    live.dirs.forEach((id) => {
      if (id !== ROOT && live.isFull(id)) live.full.add(id);
    });
    return live;
  }

  get size(): number {
    return this.listing.size;
  }

  /** Adds a file; false (and nothing changes) when it was listed already. */
  add(path: string): boolean {
    if (!this.listing.add(path)) return false;
    this.count(path, 1, this.directoryOf(parentOf(path)), true);
    return true;
  }

  /** Removes a file; false when it was not listed. */
  remove(path: string): boolean {
    if (!this.listing.remove(path)) return false;
    const dir = this.dirs.find(parentOf(path));
    // A listed file's directory is numbered while the file is listed.
    if (dir !== undefined) this.count(path, -1, dir, true);
    return true;
  }

  /** True when some file owned by `domainId` lies under `dir` (not the root). */
  holdsFilesOf(domainId: string, dir: string): boolean {
    const domain = this.domainIndex.get(domainId);
    const id = dir === '' ? undefined : this.dirs.find(dir);
    return domain !== undefined && id !== undefined && (this.owned[domain]?.[id] ?? 0) > 0;
  }

  /**
   * The owners of the files under `dir` (not the root) from the counts kept per directory, one
   * slot per domain: what `folderContents` reads from the listing. Undefined when no file lies under it.
   */
  contentsOf(dir: string): FolderContents | undefined {
    const id = dir === '' ? undefined : this.dirs.find(dir);
    if (id === undefined) return undefined;
    const total = this.dirs.total[id]!;
    if (total === 0) return undefined;
    const unassigned = this.dirs.free[id]!;
    let owned = 0;
    const domains = this.map.domains.filter((_, i) => {
      const count = this.owned[i]![id]!;
      owned += count;
      return count > 0;
    });
    return { domains, unassigned, contested: total - unassigned - owned };
  }

  /**
   * The report as `analyzeCoverage` would give it for the current listing. Counts are copied; the
   * outermost unassigned directories are recomputed only when some directory became or stopped
   * being fully unassigned; `unassignedCover`, a pass over the unassigned files, is computed when
   * first read (the workspace read-only mode and the prompts read it, the views do not).
   */
  report(): CoverageReport {
    if (this.cached) return this.cached;
    const dirs = this.dirs;
    const candidates: UnassignedDirectory[] = this.outermost().map((id) => ({
      path: dirs.name(id),
      files: dirs.free[id]!,
    }));
    candidates.sort((a, b) => b.files - a.files || a.path.localeCompare(b.path));
    const unassigned = this.unassigned;
    const full = this.full;
    let cover: CoverageReport['unassignedCover'] | undefined;
    const directories = candidates.map((c) => c.path).sort();
    const keys = this.resolver.matchKeys;
    const counts = this.patternCounts;
    const matched = new Set(keys.filter((_, id) => counts[id]! > 0));
    this.cached = {
      fileCount: this.listing.size,
      filesByDomain: new Map(this.map.domains.map((d, i) => [d.id, this.filesByDomain[i]!])),
      unassignedCount: unassigned.size,
      unusedPatterns: this.map.domains.flatMap((domain) =>
        domain.paths
          .filter((pattern) => !matched.has(`${domain.id}\0${pattern}`))
          .map((pattern) => ({ domainId: domain.id, pattern })),
      ),
      contested: [...this.contested.values()].sort((a, b) => comparePaths(a.path, b.path)),
      unassignedDirectories: candidates.slice(0, this.topUnassigned),
      // An unassigned file is covered exactly when its own directory holds only unassigned files:
      // any fully unassigned ancestor makes its parent fully unassigned too.
      get unassignedCover() {
        cover ??= { directories, files: [...unassigned].filter((f) => !isIn(full, dirs.find(parentOf(f)))).sort() };
        return cover;
      },
    };
    return this.cached;
  }

  private outermost(): number[] {
    this.outermostFull ??= [...this.full].filter((id) => {
      const parent = this.dirs.parent[id]!;
      return parent === ROOT || !this.full.has(parent);
    });
    return this.outermostFull;
  }

  private isFull(id: number): boolean {
    const free = this.dirs.free[id]!;
    return free > 0 && free === this.dirs.total[id];
  }

  /** The id of `dir`, numbered (with its ancestors) when new; the per-domain counts grow with the numbering. */
  private directoryOf(dir: string): number {
    const id = this.dirs.idOf(dir);
    if (this.dirs.capacity > this.ownedCapacity) {
      this.ownedCapacity = this.dirs.capacity;
      this.owned = this.owned.map((counts) => grown(counts, this.ownedCapacity));
    }
    return id;
  }

  /** Applies one file coming (+1) or going (-1) to every count; `track` keeps the full set as it goes. */
  private count(path: string, sign: 1 | -1, dir: number, track: boolean): void {
    this.cached = undefined;
    const matches = this.matches;
    matches.length = 0;
    const owner = this.resolver.resolveMatchingIds(path, matches);
    for (let i = 0; i < matches.length; i++) this.patternCounts[matches[i]!]! += sign;
    const free = owner.kind === 'unassigned';
    let domainCounts: Int32Array | undefined;
    if (owner.kind === 'owned') {
      const index = this.domainIndex.get(owner.domain.id)!;
      this.filesByDomain[index]! += sign;
      domainCounts = this.owned[index];
    } else if (owner.kind === 'contested') {
      if (sign > 0)
        this.contested.set(path, { path, domainIds: owner.domains.map((d) => d.id), patterns: owner.patterns });
      else this.contested.delete(path);
    } else if (free) {
      if (sign > 0) this.unassigned.add(path);
      else this.unassigned.delete(path);
    }
    const { total, parent } = this.dirs;
    const freeCounts = this.dirs.free;
    for (let id = dir; id !== -1;) {
      const up = parent[id]!;
      const wasFull = track && id !== ROOT && this.isFull(id);
      total[id]! += sign;
      if (free) freeCounts[id]! += sign;
      // The root holds every file but counts for no domain: "holds files of" is asked of folders.
      if (domainCounts !== undefined && id !== ROOT) domainCounts[id]! += sign;
      if (track && id !== ROOT && wasFull !== this.isFull(id)) {
        if (wasFull) this.full.delete(id);
        else this.full.add(id);
        this.outermostFull = undefined;
      }
      if (total[id] === 0 && id !== ROOT) this.dirs.release(id);
      id = up;
    }
  }
}

/**
 * The directories of a listing, numbered: a name ↔ id table and, per id, its parent and the counts
 * of files and of unassigned files under it, in typed arrays. The root is id 0 and stays; an id
 * whose directory lost its last file is released and reused.
 */
class Directories {
  private readonly ids = new Map<string, number>();
  private names: string[] = [''];
  parent: Int32Array = new Int32Array(64).fill(-1);
  total: Int32Array = new Int32Array(64);
  free: Int32Array = new Int32Array(64);
  private readonly released: number[] = [];
  private next = 1;

  constructor() {
    this.ids.set('', ROOT);
  }

  get capacity(): number {
    return this.total.length;
  }

  find(dir: string): number | undefined {
    return this.ids.get(dir);
  }

  name(id: number): string {
    return this.names[id]!;
  }

  /** The id of `dir`, numbering it and its ancestors when new. */
  idOf(dir: string): number {
    const known = this.ids.get(dir);
    if (known !== undefined) return known;
    const up = this.idOf(parentOf(dir));
    const id = this.released.pop() ?? this.next++;
    if (id >= this.capacity) {
      const size = this.capacity * 2;
      this.parent = grown(this.parent, size);
      this.total = grown(this.total, size);
      this.free = grown(this.free, size);
    }
    this.ids.set(dir, id);
    this.names[id] = dir;
    this.parent[id] = up;
    return id;
  }

  /** Forgets a directory whose counts are back at zero. */
  release(id: number): void {
    this.ids.delete(this.names[id]!);
    this.names[id] = '';
    this.parent[id] = -1;
    this.released.push(id);
  }

  forEach(visit: (id: number) => void): void {
    for (const id of this.ids.values()) visit(id);
  }
}

function grown(counts: Int32Array, size: number): Int32Array {
  const result = new Int32Array(size);
  result.set(counts);
  return result;
}

function isIn(set: ReadonlySet<number>, id: number | undefined): boolean {
  return id !== undefined && set.has(id);
}

function parentOf(path: string): string {
  return path.slice(0, Math.max(0, path.lastIndexOf('/')));
}
