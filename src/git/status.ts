import { localConfigMayHaveFilters, worktreeLayout } from './layout';
import { describeGitError, gitText, runGit } from './run';

export interface StatusEntry {
  /** Path relative to the repository root, `/`-separated. */
  readonly path: string;
  /** The old path of a rename or copy. */
  readonly from?: string;
  /** Index (staged) state letter: `M`, `A`, `D`, `R`, `C`, `U`, `?`, or space. */
  readonly index: string;
  /** Work-tree state letter. */
  readonly workTree: string;
  readonly conflicted: boolean;
}

/** `prefix`: where the folder sits in its work tree (`sub/dir/` or ``), for the next read's `knownPrefix`. */
export type StatusResult = { readonly ok: true; readonly entries: StatusEntry[]; readonly prefix: string } | { readonly ok: false; readonly reason: string };

const CONFLICT_CODES = new Set(['DD', 'AU', 'UD', 'UA', 'DU', 'AA', 'UU']);

export interface StatusOptions {
  /**
   * At the top of the work tree, ask git with untracked folders folded and unfold them with
   * ls-files (unfoldUntracked): the same entries, and at 100,000 files git's time halves, for one
   * more process when there are untracked folders. The CLI asks for it; the extension does not,
   * since git's time runs off its thread but each process start blocks the extension host for
   * 10 to 30 ms at that size.
   */
  readonly unfold?: boolean;
}

/**
 * `git status` of the folder, untracked files listed one by one; NUL-separated so any name survives.
 * `knownPrefix`: the prefix an earlier read of the same folder returned, so git is not asked again
 * (a process start blocks the extension host for tens of milliseconds in a large repository).
 */
export async function readStatus(root: string, knownPrefix?: string, options: StatusOptions = {}): Promise<StatusResult> {
  try {
    // --no-optional-locks: a background status must never take index.lock from under the
    // agents committing in their terminals at the same moment.
    // Porcelain paths are relative to the repository top; the folder may be a subdirectory of it.
    // The two small reads (filters, prefix) side by side, then the status itself; when the file
    // system answers both, status starts in this very turn, before what the caller starts next.
    const layout = worktreeLayout(root);
    const knownConfig = layout && localConfigMayHaveFilters(layout.gitDir) === false ? [] : undefined;
    const prefixNow = knownPrefix ?? layout?.prefix;
    const [config, prefix] =
      knownConfig !== undefined && prefixNow !== undefined
        ? [knownConfig, prefixNow]
        : await Promise.all([knownConfig ?? repositoryFilterOverrides(root), prefixNow ?? gitText(root, ['rev-parse', '--show-prefix']).then((line) => line.trim())]);
    if (prefix === '' && options.unfold === true) {
      // At the top of the work tree: untracked folders folded (`normal`), then unfolded by
      // ls-files. The same answer as `--untracked-files=all`, which at 100,000 files costs git
      // half as much again as `normal` (and as much as `normal` under the pathspec `.`).
      const output = await gitText(root, ['--no-optional-locks', 'status', '--porcelain=v1', '-z', '--untracked-files=normal'], { config });
      return { ok: true, entries: await unfoldUntracked(root, parsePorcelain(output), config), prefix };
    }
    const output = await gitText(root, ['--no-optional-locks', 'status', '--porcelain=v1', '-z', '--untracked-files=all', '--', '.'], { config });
    const strip = (p: string) => (p.startsWith(prefix) ? p.slice(prefix.length) : p);
    const entries = parsePorcelain(output).map((e) => ({ ...e, path: strip(e.path), from: e.from === undefined ? undefined : strip(e.from) }));
    return { ok: true, entries, prefix };
  } catch (error) {
    return { ok: false, reason: describeGitError(error) };
  }
}

/** Pathspecs per ls-files call when unfolding: well below any limit on a command line's length. */
const UNFOLD_BATCH = 500;

/**
 * `--untracked-files=normal` entries made into `all`'s: each untracked folder (`?? dir/`) replaced,
 * where it stands, by the untracked files under it that are not ignored, as `ls-files --others`
 * lists them (a nested repository stays one `dir/` entry in both). Both lists are sorted by path
 * and a folder's files share its prefix, so each folder's files take its place in order.
 */
async function unfoldUntracked(root: string, entries: StatusEntry[], config: readonly string[]): Promise<StatusEntry[]> {
  const folders = entries.filter((e) => e.index === '?' && e.path.endsWith('/')).map((e) => e.path);
  if (folders.length === 0) return entries;
  const under = new Map<string, string[]>(folders.map((folder) => [folder, []]));
  for (let i = 0; i < folders.length; i += UNFOLD_BATCH) {
    const pathspecs = folders.slice(i, i + UNFOLD_BATCH).map((folder) => `:(literal)${folder}`);
    const listed = await gitText(root, ['ls-files', '-z', '--others', '--exclude-standard', '--', ...pathspecs], { config });
    for (const file of listed.split('\0')) {
      if (file === '') continue;
      // The folder the file lies in is the one of its leading paths that was folded.
      for (let slash = file.indexOf('/'); slash !== -1; slash = file.indexOf('/', slash + 1)) {
        const files = under.get(file.slice(0, slash + 1));
        if (files === undefined) continue;
        files.push(file);
        break;
      }
    }
  }
  return entries.flatMap((entry) =>
    entry.index === '?' && entry.path.endsWith('/') ? (under.get(entry.path) ?? []).map((path) => ({ path, from: undefined, index: '?', workTree: '?', conflicted: false })) : [entry],
  );
}

/**
 * `git status` runs a file's clean filter when its size is unchanged but its timestamp is not.
 * The filter drivers the repository's own config names are emptied for this read (reading the
 * config runs nothing); the user's global drivers, such as git-lfs, stay in force.
 */
async function repositoryFilterOverrides(root: string): Promise<string[]> {
  const run = await runGit(root, ['config', '--local', '-z', '--get-regexp', '^filter\\..*\\.(clean|smudge|process)$']);
  if (run.code !== 0) return [];
  return run.stdout
    .split('\0')
    .map((entry) => entry.split('\n')[0])
    .filter((key) => key !== '' && !key.includes('='))
    .map((key) => `${key}=`);
}

export function parsePorcelain(output: string): StatusEntry[] {
  const records = output.split('\0');
  const entries: StatusEntry[] = [];
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    if (record.length < 4) continue;
    const index = record[0];
    const workTree = record[1];
    const path = record.slice(3);
    // Renames and copies are followed by their source path as a separate record.
    const from = index === 'R' || index === 'C' ? records[++i] : undefined;
    entries.push({ path, from, index, workTree, conflicted: CONFLICT_CODES.has(index + workTree) });
  }
  return entries;
}
