import { localConfigMayHaveFilters, worktreeLayout } from './layout';
import type { GitFailure } from './door';
import { gitFailureOf, gitText, runGit } from './run';

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
export type StatusResult = { readonly ok: true; readonly entries: StatusEntry[]; readonly prefix: string } | GitFailure;

const CONFLICT_CODES = new Set(['DD', 'AU', 'UD', 'UA', 'DU', 'AA', 'UU']);

/**
 * `git status` of the folder, untracked files listed one by one; NUL-separated so any name survives.
 * `knownPrefix`: the prefix an earlier read of the same folder returned, so git is not asked again
 * (a process start blocks the extension host for tens of milliseconds in a large repository).
 */
export async function readStatus(root: string, knownPrefix?: string): Promise<StatusResult> {
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
        : await Promise.all([
            knownConfig ?? repositoryFilterOverrides(root),
            prefixNow ?? gitText(root, ['rev-parse', '--show-prefix']).then((line) => line.trim()),
          ]);
    // The pathspec `.` keeps a subfolder's status to the subfolder; the top needs none.
    const output = await gitText(
      root,
      [
        '--no-optional-locks',
        'status',
        '--porcelain=v1',
        '-z',
        '--untracked-files=all',
        ...(prefix === '' ? [] : ['--', '.']),
      ],
      { config },
    );
    const strip = (p: string) => (p.startsWith(prefix) ? p.slice(prefix.length) : p);
    const entries = parsePorcelain(output).map((e) => ({
      ...e,
      path: strip(e.path),
      from: e.from === undefined ? undefined : strip(e.from),
    }));
    return { ok: true, entries, prefix };
  } catch (error) {
    return gitFailureOf(error);
  }
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
