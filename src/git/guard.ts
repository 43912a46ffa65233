// The git questions of `territory check` and the exports: staged files, ancestry for pre-push,
// the commits a push adds, and where Territory keeps its per-clone records.
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { ChangedFile } from '../core/guard/fileRules';
import {
  HEAD_COMMIT_REQUEST,
  headFileRequest,
  parseBatch,
  parseStagedDiff,
  STAGED_DIFF_ARGS,
  type BatchObject,
  type HookGitReads,
} from '../core/guard/gitReads';
import { readLog, type CommitRecord } from './log';
import { parseMergeTree } from './mergeCheck';
import { startGit } from './door';
import { gitFailure, runGit } from './run';

export type Answer<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/**
 * The staged changes under `root`, paths relative to it (`--relative`), renames split into a delete
 * and an add (moving a file out of a territory touches both places). Works before the first commit.
 * `against`: a commit or tree to compare the index with instead of HEAD (an amend's parent).
 */
export async function stagedChanges(root: string, against?: string): Promise<Answer<ChangedFile[]>> {
  const run = await runGit(root, [...STAGED_DIFF_ARGS, ...(against !== undefined ? [against, '--'] : [])]);
  if (run.code !== 0) return { ok: false, reason: gitFailure(run, 'git diff --cached') };
  return { ok: true, value: parseStagedDiff(run.stdout) };
}

/** A merge is being concluded (MERGE_HEAD exists): the staged files are mostly others' commits. */
export async function mergeInProgress(root: string): Promise<boolean> {
  // Every commit runs this in a hook: where the repository is a plain .git directory at the root
  // (and git names no other one), MERGE_HEAD is a file in it, and reading that starts no process.
  if (process.env.GIT_DIR === undefined) {
    const gitDir = path.join(root, '.git');
    if ((await stat(gitDir).catch(() => undefined))?.isDirectory())
      return (await stat(path.join(gitDir, 'MERGE_HEAD')).catch(() => undefined)) !== undefined;
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

/** core.commentChar and commit.cleanup as configured ('' when unset): how git will clean a message. */
export async function messageConfig(root: string): Promise<{ commentSetting: string; cleanup: string }> {
  // One process for both keys (the commit-msg hook pays for each); the last value of a key wins, as in git.
  const run = await runGit(root, ['config', '-z', '--get-regexp', '^(core\\.commentchar|commit\\.cleanup)$']);
  const values = new Map<string, string>();
  for (const entry of run.code === 0 ? run.stdout.split('\0') : []) {
    const newline = entry.indexOf('\n');
    if (newline !== -1) values.set(entry.slice(0, newline).toLowerCase(), entry.slice(newline + 1));
  }
  return messageConfigOf(values.get('core.commentchar'), values.get('commit.cleanup'));
}

/** messageConfig's answer from the two values as git config prints them (undefined: unset). */
export function messageConfigOf(
  commentChar: string | undefined,
  cleanupValue: string | undefined,
): { commentSetting: string; cleanup: string } {
  const commentSetting = (commentChar ?? '').replace(/\n$/, '');
  const cleanup = (cleanupValue ?? '').trim();
  return { commentSetting: commentSetting.trim() === 'auto' ? 'auto' : commentSetting, cleanup };
}

/** How old HEAD must be (seconds) before a commit carrying its exact author and date counts as its amend. */
const AMEND_MIN_AGE = 30;

/**
 * When `git commit --amend` is running, the commit the new one replaces is HEAD, so its files
 * count relative to HEAD's parent: that parent (or the empty tree for a root commit), else
 * undefined. git gives the hooks no amend flag; it does export the author it will record
 * (GIT_AUTHOR_NAME/EMAIL/DATE), and an amend keeps HEAD's author and author date, to the second.
 * `--amend --reset-author`, or an amend within AMEND_MIN_AGE of HEAD's commit, escapes this; pre-push
 * and CI check the amended commit against its real parent.
 */
export async function amendBase(
  root: string,
  env: NodeJS.ProcessEnv = process.env,
  known?: HeadCommit,
): Promise<string | undefined> {
  const { GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_AUTHOR_DATE: date } = env;
  if (name === undefined || email === undefined || date === undefined) return undefined;
  const head = known ?? (await readAtHead(root, []).then((r) => (r.ok ? r.value?.commit : undefined)));
  if (head === undefined) return undefined;
  const { authorName: headName, authorEmail: headEmail, authorDate: headDate, committerDate: committed } = head;
  const parents = head.parents.join(' ');
  if (headName !== name || headEmail !== email || `@${headDate}` !== date.trim()) return undefined;
  // A new commit's author date is when it began, never before HEAD was committed; one begun in the
  // very second HEAD was made carries HEAD's date too. Only HEAD's age tells them apart then: a
  // commit begun that long ago would have had to sit in the editor (or in slow hooks) since.
  const seconds = (raw: string | undefined) => Number(raw?.split(' ')[0]);
  const rewritten = seconds(headDate) < seconds(committed);
  if (!rewritten && seconds(headDate) >= Date.now() / 1000 - AMEND_MIN_AGE) return undefined;
  const parent = parents?.split(' ')[0];
  if (parent && /^[0-9a-f]{40,64}$/.test(parent)) return parent;
  const empty = await runGit(root, ['hash-object', '-t', 'tree', '--stdin'], '');
  return empty.code === 0 ? empty.stdout.trim() : undefined;
}

/** HEAD's commit as its object records it: what the amend check compares with the hook's environment. */
export interface HeadCommit {
  readonly hash: string;
  readonly parents: readonly string[];
  readonly authorName: string;
  readonly authorEmail: string;
  /** `<seconds> <zone>`, as `--date=raw` prints it. */
  readonly authorDate: string;
  readonly committerDate: string;
}

export interface AtHead {
  readonly commit: HeadCommit;
  /** Each file asked for, as HEAD holds it; undefined when HEAD has no such file. */
  readonly files: ReadonlyMap<string, string | undefined>;
}

/**
 * HEAD and the files a hook judges with (the map, the settings), as HEAD holds them, in one git
 * process (`cat-file --batch`): every commit of every domain terminal pays for this. Undefined
 * for an unborn HEAD. `files` are relative to `root`, `/`-separated.
 */
export async function readAtHead(root: string, files: readonly string[]): Promise<Answer<AtHead | undefined>> {
  if (files.some((f) => /[\r\n]/.test(f)))
    return { ok: false, reason: 'a file name holding a line break cannot be read at HEAD' };
  const input = [HEAD_COMMIT_REQUEST, ...files.map(headFileRequest)].join('\n') + '\n';
  // latin1: one character per byte, so the sizes git states can be counted in the text.
  const run = await startGit(root, ['cat-file', '--batch'], { input, encoding: 'latin1' });
  if (run.code !== 0) return { ok: false, reason: gitFailure(run, 'git cat-file --batch') };
  const batch = parseBatch(run.stdout, 1 + files.length);
  if (batch === undefined) return { ok: false, reason: 'git cat-file --batch answered in an unexpected form' };
  return atHeadFrom(batch.objects, files);
}

/** readAtHead's answer from cat-file's objects: HEAD's commit first, then one per file. */
export function atHeadFrom(
  objects: readonly (BatchObject | undefined)[],
  files: readonly string[],
): Answer<AtHead | undefined> {
  const [head, ...rest] = objects;
  if (head === undefined) return { ok: true, value: undefined };
  const commit = parseCommitObject(head.oid, head.content);
  if (head.type !== 'commit' || commit === undefined) return { ok: false, reason: 'HEAD is not a commit git can read' };
  return {
    ok: true,
    value: {
      commit,
      files: new Map(files.map((f, i) => [f, rest[i]?.type === 'blob' ? rest[i]?.content : undefined])),
    },
  };
}

/**
 * readAtHead's answer from the reads a commit hook made (core/guard/gitReads.ts); undefined when
 * the hook did not ask for HEAD's commit and every one of `files`.
 */
export function atHeadFromHookReads(
  reads: HookGitReads,
  files: readonly string[],
): Answer<AtHead | undefined> | undefined {
  const objects: (BatchObject | undefined)[] = [];
  for (const request of [HEAD_COMMIT_REQUEST, ...files.map(headFileRequest)]) {
    const index = reads.atHead.requests.indexOf(request);
    if (index === -1) return undefined;
    objects.push(reads.atHead.objects[index]);
  }
  return atHeadFrom(objects, files);
}

/** The header of a raw commit object: parents, author and committer. */
function parseCommitObject(hash: string, text: string): HeadCommit | undefined {
  const parents: string[] = [];
  let author: RegExpExecArray | null = null;
  let committer: RegExpExecArray | null = null;
  const person = /^(.*) <([^>]*)> (\d+ [+-]\d{4})$/;
  for (const line of text.slice(0, text.indexOf('\n\n') === -1 ? text.length : text.indexOf('\n\n')).split('\n')) {
    if (line.startsWith('parent ')) parents.push(line.slice(7));
    else if (line.startsWith('author ')) author = person.exec(line.slice(7));
    else if (line.startsWith('committer ')) committer = person.exec(line.slice(10));
  }
  if (!author || !committer) return undefined;
  return {
    hash,
    parents,
    authorName: author[1],
    authorEmail: author[2],
    authorDate: author[3],
    committerDate: committer[3],
  };
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
export async function pushedCommits(
  root: string,
  remote: string,
  localSha: string,
  remoteSha: string | undefined,
): Promise<Answer<CommitRecord[] | undefined>> {
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
  const list = await runGit(root, [
    'rev-list',
    `--max-count=${PUSH_COMMIT_LIMIT + 1}`,
    localSha,
    '--not',
    `--remotes=${remote}`,
    '--',
  ]);
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

/** `status\0path\0` pairs of a `-z --name-status` listing (combined listings give one letter per parent). */
function statusPairs(output: string): ChangedFile[] {
  const fields = output.split('\0');
  const files: ChangedFile[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === '') break;
    files.push({ status: fields[i].replace(/^\n/, '')[0], path: fields[i + 1] });
  }
  return files;
}

/**
 * The changes a merge commit makes itself (an "evil merge"), which none of its parents brought.
 * A file counts when the merge's version differs from every parent's (`diff-tree -c`, which also
 * leaves out `-s ours`-style merges that keep one side) and from what git's own merge of the two
 * parents gives (`merge-tree --write-tree`, which leaves out clean merges of both sides' edits to
 * one file). Files that conflicted are left out: resolving them is the merge's job. Without
 * merge-tree (git < 2.38) or for an octopus merge, every file differing from all parents counts.
 * Paths are relative to the work-tree top, as in readLog.
 */
export async function mergeOwnChanges(
  root: string,
  merge: string,
  parents: readonly string[],
): Promise<Answer<ChangedFile[]>> {
  if (![merge, ...parents].every((h) => /^[0-9a-f]{40,64}$/.test(h)))
    return { ok: false, reason: `not a commit hash: ${merge}` };
  const combined = await runGit(root, [
    'diff-tree',
    '-c',
    '-r',
    '-z',
    '--name-status',
    '--no-renames',
    '--no-commit-id',
    merge,
    '--',
  ]);
  if (combined.code !== 0) return { ok: false, reason: gitFailure(combined, 'git diff-tree -c') };
  const candidates = statusPairs(combined.stdout);
  if (candidates.length === 0 || parents.length !== 2) return { ok: true, value: candidates };
  const merged = await runGit(root, [
    'merge-tree',
    '--write-tree',
    '-z',
    '--name-only',
    '--allow-unrelated-histories',
    parents[0],
    parents[1],
  ]);
  // Exit 1 means conflicts, with the merged tree still printed; anything else: no merge-tree here.
  if (merged.code !== 0 && merged.code !== 1) return { ok: true, value: candidates };
  const tree = merged.stdout.split('\0', 1)[0];
  if (!/^[0-9a-f]{40,64}$/.test(tree)) return { ok: true, value: candidates };
  const conflicts = new Set(parseMergeTree(merged.stdout).conflicts);
  const diff = await runGit(root, ['diff-tree', '-r', '-z', '--name-status', '--no-renames', tree, merge, '--']);
  if (diff.code !== 0) return { ok: false, reason: gitFailure(diff, 'git diff-tree') };
  const changed = new Map(statusPairs(diff.stdout).map((f) => [f.path, f.status]));
  return {
    ok: true,
    value: candidates
      .filter((f) => changed.has(f.path) && !conflicts.has(f.path))
      .map((f) => ({ path: f.path, status: changed.get(f.path) })),
  };
}

/** The commits with each merge's files replaced by the changes it made itself (git log lists none for a merge). */
export async function withMergeChanges(
  root: string,
  commits: readonly CommitRecord[],
): Promise<Answer<CommitRecord[]>> {
  const result: CommitRecord[] = [];
  for (const commit of commits) {
    if (commit.parents.length < 2) {
      result.push(commit);
      continue;
    }
    const own = await mergeOwnChanges(root, commit.hash, commit.parents);
    if (!own.ok) return own;
    result.push({ ...commit, files: own.value.map((f) => ({ status: f.status ?? 'M', path: f.path })) });
  }
  return { ok: true, value: result };
}

/**
 * A file as a commit holds it: `text` undefined when the commit has no such file. `relPath` is
 * relative to `root` (git reads `<commit>:./path` from the working directory). `commit` is a hash.
 */
export async function fileAtCommit(root: string, commit: string, relPath: string): Promise<Answer<string | undefined>> {
  if (!/^[0-9a-f]{40,64}$/.test(commit)) return { ok: false, reason: `not a commit hash: ${commit}` };
  const object = `${commit}:./${relPath.split(path.sep).join('/')}`;
  const kind = await runGit(root, ['cat-file', '-t', object]);
  if (kind.code !== 0 || kind.stdout.trim() !== 'blob') return { ok: true, value: undefined };
  const blob = await runGit(root, ['cat-file', 'blob', object]);
  if (blob.code !== 0) return { ok: false, reason: gitFailure(blob, 'git cat-file') };
  return { ok: true, value: blob.stdout };
}
