// Where a folder sits in its work tree, read from the file system when that is unambiguous: the
// nearest ancestor holding a `.git` directory is the top. Each git process a command saves is
// several milliseconds of every hook, status and listing; where the answer is not plain (a `.git`
// file of a linked worktree or submodule, or git's location variables in the environment) this
// answers undefined and the caller asks git (`rev-parse`).
import { readFileSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';

export interface WorktreeLayout {
  readonly top: string;
  /** The folder's path below the top, `/`-separated, with a trailing `/` (as `rev-parse --show-prefix`); '' at the top. */
  readonly prefix: string;
  readonly gitDir: string;
}

/** Environment variables that move the repository away from where the file system says it is. */
const LOCATION_VARIABLES = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_COMMON_DIR',
  'GIT_CEILING_DIRECTORIES',
  'GIT_DISCOVERY_ACROSS_FILESYSTEM',
  'GIT_INDEX_FILE',
];

export function worktreeLayout(folder: string, env: NodeJS.ProcessEnv = process.env): WorktreeLayout | undefined {
  if (LOCATION_VARIABLES.some((name) => env[name] !== undefined && env[name] !== '')) return undefined;
  let start: string;
  try {
    // git works from the real path (getcwd): a folder reached through a link has the prefix of its target.
    start = realpathSync(path.resolve(folder));
  } catch {
    return undefined;
  }
  for (let dir = start; ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, '.git');
    let kind: 'dir' | 'file' | undefined;
    try {
      const stat = statSync(dotGit);
      kind = stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : undefined;
    } catch {
      kind = undefined;
    }
    if (kind === 'file') return undefined;
    if (kind === 'dir') {
      if (!statSync(path.join(dotGit, 'HEAD'), { throwIfNoEntry: false })?.isFile()) return undefined;
      const relative = path.relative(dir, start).split(path.sep).join('/');
      return { top: dir, prefix: relative === '' ? '' : `${relative}/`, gitDir: dotGit };
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Whether the repository's own config may name filter drivers: false only when its config file
 * holds neither a `filter` section nor an `include` (which could bring one in). Undefined when the
 * file cannot be read: ask git.
 */
export function localConfigMayHaveFilters(gitDir: string): boolean | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(gitDir, 'config'), 'utf8');
  } catch {
    return undefined;
  }
  return /\[\s*(filter|include|includeif)\b/i.test(text);
}
