// The git questions of `territory check` and the exports: staged files, ancestry for pre-push,
// the commits a push adds, and where Territory keeps its per-clone records.
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { ChangedFile } from '../core/guard/fileRules';
import { readLog, type CommitRecord } from './log';
import { gitFailure, runGit } from './run';

export type Answer<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/**
 * The staged changes under `root`, paths relative to it (`--relative`), renames split into a delete
 * and an add (moving a file out of a territory touches both places). Works before the first commit.
 */
export async function stagedChanges(root: string): Promise<Answer<ChangedFile[]>> {
  const run = await runGit(root, ['diff', '--cached', '--name-status', '-z', '--no-renames', '--relative', '--no-color']);
  if (run.code !== 0) return { ok: false, reason: gitFailure(run, 'git diff --cached') };
  const fields = run.stdout.split('\0');
  const files: ChangedFile[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === '') break;
    files.push({ status: fields[i][0], path: fields[i + 1] });
  }
  return { ok: true, value: files };
}

/** A merge is being concluded (MERGE_HEAD exists): the staged files are mostly others' commits. */
export async function mergeInProgress(root: string): Promise<boolean> {
  // Every commit runs this in a hook: where the repository is a plain .git directory at the root
  // (and git names no other one), MERGE_HEAD is a file in it, and reading that starts no process.
  if (process.env.GIT_DIR === undefined) {
    const gitDir = path.join(root, '.git');
    if ((await stat(gitDir).catch(() => undefined))?.isDirectory()) return (await stat(path.join(gitDir, 'MERGE_HEAD')).catch(() => undefined)) !== undefined;
  }
  return (await runGit(root, ['rev-parse', '-q', '--verify', 'MERGE_HEAD'])).code === 0;
}

/** Whether `ancestor` is an ancestor of (or equal to) `descendant`; false when either is unknown here. */
export async function isAncestor(root: string, ancestor: string, descendant: string): Promise<boolean> {
  if (ancestor.startsWith('-') || descendant.startsWith('-')) return false;
  return (await runGit(root, ['merge-base', '--is-ancestor', ancestor, descendant])).code === 0;
}

/** The branch checked out, undefined when HEAD is detached. */
export async function currentBranch(root: string): Promise<string | undefined> {
  const run = await runGit(root, ['symbolic-ref', '-q', '--short', 'HEAD']);
  return run.code === 0 && run.stdout.trim() !== '' ? run.stdout.trim() : undefined;
}

/** git's comment character for commit messages (`#` unless core.commentChar says otherwise). */
export async function commentChar(root: string): Promise<string> {
  const value = (await runGit(root, ['config', '--get', 'core.commentChar'])).stdout.trim();
  return value === '' || value === 'auto' ? '#' : value[0];
}

export async function isRemote(root: string, name: string): Promise<boolean> {
  const run = await runGit(root, ['remote']);
  return run.code === 0 && run.stdout.split('\n').includes(name);
}

/** How many new commits a push may bring before the hook leaves them to CI. */
export const PUSH_COMMIT_LIMIT = 200;

/**
 * The commits an update brings to `remote`: `remoteSha..localSha` for an update, and for a new
 * branch the commits no remote-tracking branch of that remote has. Undefined when there are more
 * than PUSH_COMMIT_LIMIT, or nothing to compare with (a URL, or a remote with no tracking branches).
 */
export async function pushedCommits(root: string, remote: string, localSha: string, remoteSha: string | undefined): Promise<Answer<CommitRecord[] | undefined>> {
  if (remoteSha !== undefined) {
    const log = await readLog(root, `${remoteSha}..${localSha}`, { maxCount: PUSH_COMMIT_LIMIT + 1 });
    if (!log.ok) return { ok: false, reason: log.reason };
    return { ok: true, value: log.commits.length > PUSH_COMMIT_LIMIT ? undefined : log.commits };
  }
  if (remote.startsWith('-') || !(await isRemote(root, remote))) return { ok: true, value: undefined };
  // A remote we know nothing of yet (the first push): the whole history would count as new,
  // including commits from before the map existed. CI's range check covers that case.
  const known = await runGit(root, ['for-each-ref', '--count=1', '--format=%(refname)', `refs/remotes/${remote}/`]);
  if (known.code !== 0 || known.stdout.trim() === '') return { ok: true, value: undefined };
  const list = await runGit(root, ['rev-list', `--max-count=${PUSH_COMMIT_LIMIT + 1}`, localSha, '--not', `--remotes=${remote}`, '--']);
  if (list.code !== 0) return { ok: false, reason: gitFailure(list, 'git rev-list') };
  const shas = list.stdout.split('\n').filter((s) => /^[0-9a-f]+$/.test(s));
  if (shas.length > PUSH_COMMIT_LIMIT) return { ok: true, value: undefined };
  const commits: CommitRecord[] = [];
  for (const sha of shas) {
    // `sha^!` is the commit alone: one small call each, at most PUSH_COMMIT_LIMIT of them.
    const log = await readLog(root, `${sha}^!`);
    if (!log.ok) return { ok: false, reason: log.reason };
    commits.push(...log.commits);
  }
  return { ok: true, value: commits };
}

/** A file in the repository's git directory (per clone, never committed), or undefined outside a repository. */
export async function gitPath(root: string, name: string): Promise<string | undefined> {
  const run = await runGit(root, ['rev-parse', '--git-path', name]);
  return run.code === 0 && run.stdout.trim() !== '' ? path.resolve(root, run.stdout.trim()) : undefined;
}
