import { worktreeLayout } from './layout';
import type { GitFailure } from './door';
import { gitFailureOf, gitText } from './run';

export type FileListing = { readonly ok: true; readonly files: string[]; readonly source: 'git' } | GitFailure;

export type PathListingResult =
  { readonly ok: true; readonly files: string[]; readonly gitDir: string; readonly prefix: string } | GitFailure;

/** Where a folder sits in its work tree (`sub/dir/` or ``) and its absolute git directory, as a listing found them. */
export interface RepositoryLayout {
  readonly prefix: string;
  readonly gitDir: string;
}

/**
 * Every file git knows in the folder: tracked plus untracked-but-not-ignored, as relative
 * paths with `/`. Paths arrive NUL-separated so names with spaces, quotes or newlines survive.
 */
export async function listRepositoryFiles(root: string): Promise<FileListing> {
  const listing = await listRepositoryPaths(root);
  return listing.ok ? { ok: true, files: withoutRepeats(listing.files), source: 'git' } : listing;
}

/**
 * A path is listed more than once only while in a merge conflict (one line per stage), and then
 * its lines are neighbours: dropping repeats of the previous line is enough, without a Set of
 * 100,000. Copied only when there is a repeat (a copy of 100,000 paths is garbage to collect).
 */
function withoutRepeats(files: string[]): string[] {
  const repeated = files.some((file, i) => i > 0 && file === files[i - 1]);
  return repeated ? files.filter((file, i, all) => i === 0 || file !== all[i - 1]) : files;
}

/** A listing in its two parts, each settled as soon as its own git process ends. */
export interface ListingParts {
  /** The index's files (git reads the index: tens of milliseconds at 100,000 files). */
  readonly tracked: Promise<FileListing>;
  /** The untracked files that are not ignored (git walks the work tree: most of the listing's time). */
  readonly untracked: Promise<FileListing>;
}

/**
 * listRepositoryFiles' answer in two parts, from two git processes started side by side, so that a
 * caller can work through the index's files while git still walks the work tree for the untracked
 * ones (`territory validate` counts its coverage in that time). The untracked part and then the
 * tracked part, joined, are listRepositoryFiles' files, in its order. Paths relative to `root`
 * (git prints them relative to the directory it runs in, under the `.` pathspec).
 */
export function listRepositoryFilesInParts(root: string): ListingParts {
  // The walk first: it is the longer of the two, and every process start takes its turn.
  const untracked = listPart(root, ['ls-files', '-z', '--others', '--exclude-standard', '--', '.']);
  const tracked = listPart(root, ['ls-files', '-z', '--cached', '--', '.']);
  return { tracked, untracked };
}

async function listPart(root: string, args: readonly string[]): Promise<FileListing> {
  try {
    const files = (await gitText(root, args)).split('\0');
    if (files[files.length - 1] === '') files.pop();
    return { ok: true, files: withoutRepeats(files), source: 'git' };
  } catch (error) {
    return gitFailureOf(error);
  }
}

/**
 * The same listing as git prints it (the untracked paths, then the index's, each run sorted; a
 * path in a merge conflict more than once), with the absolute git directory. With `paths`, only the
 * listed files at or under those folder-relative paths (taken literally, no glob): what the live
 * listing asks after a burst of file events, so that git, not the watcher, says which new files
 * count (ignored ones do not) and the answer costs a process, not a pass on the extension host.
 */
export async function listRepositoryPaths(
  root: string,
  paths?: readonly string[],
  known?: RepositoryLayout,
): Promise<PathListingResult> {
  const pathspecs = paths === undefined ? ['.'] : paths.map((p) => `:(literal)${p}`);
  if (pathspecs.length === 0) return { ok: true, files: [], gitDir: known?.gitDir ?? '', prefix: known?.prefix ?? '' };
  // Where the folder sits in the work tree, side by side with the listing, unless the caller
  // knows it from an earlier listing: starting a process blocks the extension host for tens of
  // milliseconds at 100,000 files (the fork copies its page tables), and the live listing asks
  // after every burst of file events.
  return listPaths(root, ['--cached', '--others', '--exclude-standard'], pathspecs, known ?? readLayout(root));
}

/**
 * The folder's listing in two halves: the tracked files (git reads them from the index, about
 * 30 ms at 100,000 files) and then the untracked ones (`--others` walks the whole tree, about
 * 250 ms there). Their union is `listRepositoryPaths(root)`'s listing; the first map is put in
 * force from the tracked half while git walks for the other. The walk starts once the tracked
 * half is in: on two cores, started together, it slowed the short one down several times over.
 * Where the layout can be read from the file system, no third process asks git for it.
 */
export function listRepositoryPathsInTwo(root: string): {
  readonly tracked: Promise<PathListingResult>;
  readonly untracked: Promise<PathListingResult>;
} {
  // Both halves await it (listPaths never rejects: a failure is each half's answer).
  const layout: Promise<RepositoryLayout> = Promise.resolve(worktreeLayout(root) ?? readLayout(root));
  const tracked = listPaths(root, ['--cached'], ['.'], layout);
  return { tracked, untracked: tracked.then(() => listPaths(root, ['--others', '--exclude-standard'], ['.'], layout)) };
}

async function listPaths(
  root: string,
  which: readonly string[],
  pathspecs: readonly string[],
  layout: RepositoryLayout | Promise<RepositoryLayout>,
): Promise<PathListingResult> {
  try {
    // The whole folder's listing is megabytes at 100,000 files: through a file, not a pipe (GitOptions.largeOutput).
    const whole = pathspecs.length === 1 && pathspecs[0] === '.';
    const listing = gitText(root, ['ls-files', '-z', ...which, '--full-name', '--', ...pathspecs], {
      largeOutput: whole,
    });
    const [output, { prefix, gitDir }] = await Promise.all([listing, layout]);
    const files = output.split('\0');
    if (files[files.length - 1] === '') files.pop();
    if (prefix !== '')
      for (let i = 0; i < files.length; i++)
        if (files[i]!.startsWith(prefix)) files[i] = files[i]!.slice(prefix.length);
    return { ok: true, files, gitDir, prefix };
  } catch (error) {
    return gitFailureOf(error);
  }
}

async function readLayout(root: string): Promise<RepositoryLayout> {
  const [prefix = '', gitDir = ''] = (await gitText(root, ['rev-parse', '--show-prefix', '--absolute-git-dir']))
    .split('\n')
    .map((line) => line.trim());
  return { prefix, gitDir };
}
