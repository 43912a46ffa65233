import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { describeGitError, gitText, RestrictedModeError, runGit } from './run';

/** Where HEAD points. */
export type HeadState =
  | { readonly kind: 'branch'; readonly branch: string; readonly hash: string }
  | { readonly kind: 'detached'; readonly hash: string }
  /** A branch without any commit yet: an empty repository. */
  | { readonly kind: 'unborn'; readonly branch: string };

/** A multi-step git operation that holds the index: committing now would be part of it. */
export type GitOperation = 'merge' | 'rebase' | 'cherry-pick' | 'revert' | 'am' | 'bisect';

export interface RepoState {
  /** Top of the work tree, absolute. */
  readonly top: string;
  /** The folder's place inside the work tree: '' at the top, else `sub/dir/`. */
  readonly prefix: string;
  /** The work tree's own git directory (HEAD, index, MERGE_HEAD), absolute. */
  readonly gitDir: string;
  /** The shared git directory (refs, packed-refs), absolute; differs from gitDir in a linked worktree. */
  readonly commonDir: string;
  readonly head: HeadState;
  readonly shallow: boolean;
  readonly operation: GitOperation | undefined;
}

export type RepoStateResult =
  | { readonly ok: true; readonly state: RepoState }
  | { readonly ok: false; readonly kind: 'untrusted' | 'no-git' | 'not-repo' | 'error'; readonly reason: string };

/**
 * What the folder's repository looks like: HEAD (branch, detached, unborn), shallow or not, and
 * any merge/rebase/cherry-pick in progress. One git call, three when HEAD is unborn or unusual;
 * never throws.
 */
export async function readRepoState(folder: string): Promise<RepoStateResult> {
  // One process answers all of it (each process start costs the extension host, and every
  // `territory status`, milliseconds); an unborn or odd HEAD makes it fail, and then the three
  // questions are asked one by one.
  const combined = await runGit(folder, ['rev-parse', ...LAYOUT_ARGS, 'HEAD^{commit}', '--symbolic-full-name', 'HEAD']);
  const state = combined.code === 0 ? stateFromCombined(folder, combined.stdout) : undefined;
  return state ? { ok: true, state } : readRepoStateStepByStep(folder);
}

const LAYOUT_ARGS = [
  '--show-toplevel',
  '--show-prefix',
  '--absolute-git-dir',
  '--git-common-dir',
  '--is-shallow-repository',
];

/** The combined rev-parse's seven lines: the layout, HEAD's commit, and HEAD's ref (`HEAD` when detached). */
function stateFromCombined(folder: string, output: string): RepoState | undefined {
  const [top, prefix = '', gitDir, common, shallow, hash = '', symbolic = ''] = output.split('\n');
  if (!top || !gitDir || !/^[0-9a-f]{40,64}$/.test(hash)) return undefined;
  let head: HeadState;
  if (symbolic === 'HEAD') head = { kind: 'detached', hash };
  else if (symbolic.startsWith('refs/heads/'))
    head = { kind: 'branch', branch: symbolic.slice('refs/heads/'.length), hash };
  else return undefined;
  return {
    top,
    prefix,
    gitDir,
    commonDir: path.resolve(folder, common || gitDir),
    head,
    shallow: shallow === 'true',
    operation: operationIn(gitDir),
  };
}

/** The layout and HEAD asked one question at a time (exported for the tests that compare the two). */
export async function readRepoStateStepByStep(folder: string): Promise<RepoStateResult> {
  let lines: string[];
  // The three reads do not depend on each other: side by side, one process start of waiting.
  const layout = gitText(folder, ['rev-parse', ...LAYOUT_ARGS]);
  const symbolicRef = gitText(folder, ['symbolic-ref', '-q', 'HEAD']);
  const headHash = gitText(folder, ['rev-parse', '-q', '--verify', 'HEAD^{commit}']);
  // Settled before returning, so no rejection is left unhandled when the first read fails.
  void symbolicRef.catch(() => undefined);
  void headHash.catch(() => undefined);
  try {
    const output = await layout;
    lines = output.split('\n');
  } catch (error) {
    return failure(error);
  }
  const [top, prefix, gitDir, common, shallow] = lines;
  if (!top) return { ok: false, kind: 'not-repo', reason: 'not a git work tree (a bare repository?)' };
  const commonDir = path.resolve(folder, common || gitDir);
  let head: HeadState;
  try {
    // `symbolic-ref -q` and `rev-parse -q --verify` exit 1 silently for detached and unborn HEADs.
    const symbolic = (await symbolicRef).trim();
    const hash = (await headHash).trim();
    const branch = symbolic.replace(/^refs\/heads\//, '');
    if (hash === '') head = { kind: 'unborn', branch: branch || 'HEAD' };
    else if (symbolic === '') head = { kind: 'detached', hash };
    else head = { kind: 'branch', branch, hash };
  } catch (error) {
    return failure(error);
  }
  return {
    ok: true,
    state: {
      top,
      prefix: prefix ?? '',
      gitDir,
      commonDir,
      head,
      shallow: shallow === 'true',
      operation: operationIn(gitDir),
    },
  };
}

/** The operation in progress, from the marker files git leaves in the git directory. */
export function operationIn(gitDir: string): GitOperation | undefined {
  const has = (name: string) => existsSync(path.join(gitDir, name));
  if (has('rebase-merge') || (has('rebase-apply') && !has('rebase-apply/applying'))) return 'rebase';
  if (has('rebase-apply')) return 'am';
  if (has('MERGE_HEAD')) return 'merge';
  if (has('CHERRY_PICK_HEAD')) return 'cherry-pick';
  if (has('REVERT_HEAD')) return 'revert';
  if (has('BISECT_LOG')) return 'bisect';
  return undefined;
}

/** How the operation is named in messages, and how it is ended. */
export function describeOperation(operation: GitOperation): string {
  switch (operation) {
    case 'merge':
      return 'a merge is in progress (finish it with git commit, or git merge --abort)';
    case 'rebase':
      return 'a rebase is in progress (git rebase --continue or --abort)';
    case 'am':
      return 'git am is in progress (git am --continue or --abort)';
    case 'cherry-pick':
      return 'a cherry-pick is in progress (git cherry-pick --continue or --abort)';
    case 'revert':
      return 'a revert is in progress (git revert --continue or --abort)';
    case 'bisect':
      return 'a bisect is in progress (git bisect reset ends it)';
  }
}

function failure(error: unknown): RepoStateResult {
  const reason = describeGitError(error);
  const kind =
    error instanceof RestrictedModeError
      ? 'untrusted'
      : reason === 'not a git repository'
        ? 'not-repo'
        : reason.startsWith('git is not installed')
          ? 'no-git'
          : 'error';
  return { ok: false, kind, reason };
}
