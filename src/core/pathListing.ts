/**
 * A folder's file listing kept as one sorted array of `/`-separated relative paths. It replaces a
 * Set of paths plus a Set of every directory: a directory is a prefix `dir/` of some path, found by
 * binary search, so no directory is stored at all, and an array slot costs a pointer where a Set
 * entry costs a hash-table slot. Adding or removing one path is a binary search plus one
 * `splice` (a memmove of pointers, microseconds at 100,000 paths), never a pass over the paths.
 */
export class PathListing implements Iterable<string> {
  private readonly paths: string[];

  /** `sorted` must be sorted with `comparePaths` and free of duplicates (see `sortPaths`). */
  constructor(sorted: string[] = []) {
    this.paths = sorted;
  }

  get size(): number {
    return this.paths.length;
  }

  [Symbol.iterator](): Iterator<string> {
    return this.paths[Symbol.iterator]();
  }

  has(path: string): boolean {
    const i = this.lowerBound(path);
    return i < this.paths.length && this.paths[i] === path;
  }

  /** True when some listed file lies under `dir` (`` is the root, which holds every file). */
  isDirectory(dir: string): boolean {
    if (dir === '') return this.paths.length > 0;
    const prefix = `${dir}/`;
    const i = this.lowerBound(prefix);
    return i < this.paths.length && this.paths[i]!.startsWith(prefix);
  }

  /** Adds `path`; false when it was already listed. */
  add(path: string): boolean {
    const i = this.lowerBound(path);
    if (i < this.paths.length && this.paths[i] === path) return false;
    this.paths.splice(i, 0, path);
    return true;
  }

  /** Removes `path`; false when it was not listed. */
  remove(path: string): boolean {
    const i = this.lowerBound(path);
    if (i >= this.paths.length || this.paths[i] !== path) return false;
    this.paths.splice(i, 1);
    return true;
  }

  /** `path` itself if listed, and every listed path under `path/`, in order. */
  within(path: string): string[] {
    const result: string[] = [];
    if (this.has(path)) result.push(path);
    const prefix = `${path}/`;
    for (let i = this.lowerBound(prefix); i < this.paths.length && this.paths[i]!.startsWith(prefix); i++) result.push(this.paths[i]!);
    return result;
  }

  /** The paths as a new array (sorted). */
  toArray(): string[] {
    return this.paths.slice();
  }

  /** Index of the first path not below `path` in `comparePaths` order. */
  private lowerBound(path: string): number {
    let low = 0;
    let high = this.paths.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.paths[mid]! < path) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/** The order of a listing: plain UTF-16 code unit order, as `<` compares strings. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sorts and de-duplicates a listing in place where it can. `git ls-files --cached --others` prints
 * two sorted runs (the index, then the untracked files), so two runs are merged in one linear pass
 * rather than sorted; anything else is sorted. Merge stages list a path more than once.
 */
export function sortPaths(paths: string[]): string[] {
  let breaks = 0;
  let split = 0;
  for (let i = 1; i < paths.length; i++) {
    if (paths[i - 1]! > paths[i]!) {
      breaks++;
      split = i;
    }
  }
  let sorted: string[];
  if (breaks === 0) sorted = paths;
  else if (breaks === 1) sorted = mergeRuns(paths, split);
  else sorted = paths.sort(comparePaths);
  return dedupeSorted(sorted);
}

function mergeRuns(paths: string[], split: number): string[] {
  const result = new Array<string>(paths.length);
  let a = 0;
  let b = split;
  let k = 0;
  while (a < split && b < paths.length) result[k++] = paths[a]! <= paths[b]! ? paths[a++]! : paths[b++]!;
  while (a < split) result[k++] = paths[a++]!;
  while (b < paths.length) result[k++] = paths[b++]!;
  return result;
}

function dedupeSorted(paths: string[]): string[] {
  let k = 0;
  for (let i = 0; i < paths.length; i++) {
    if (k > 0 && paths[k - 1] === paths[i]) continue;
    paths[k++] = paths[i]!;
  }
  paths.length = k;
  return paths;
}
