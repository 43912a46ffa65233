// Where the session branch is read from, and the git questions about branch names. Rule 4 follows
// the session file as it is committed — the lead's — never the working copy, which any domain's
// shell can rewrite ({"branch":"main"} would open main to every push). HEAD's copy first; when
// HEAD holds none (a domain checked out another branch), a branch whose committed session file
// names that branch itself; else the map's `branch`. A working copy that names another branch is
// said in a note, so the lead knows to commit it.
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseBatch } from '../core/guard/gitReads';
import { readsOutsideFolder } from '../core/safePath';
import { parseSessionPlan, SESSION_FILE } from '../core/session';
import { designatedBranch, type DesignatedBranch } from '../core/sessionBranch';
import type { DomainMap } from '../core/types';
import { startGit } from './door';
import { gitPath, readAtHead } from './guard';
import { gitFailure, runGit } from './run';

export interface SessionBranchReading {
  readonly designated: DesignatedBranch;
  /** Where the session file in force was read: HEAD's commit, a branch's own commit (`refs/…`), or none. */
  readonly from: 'HEAD' | `refs/${string}` | undefined;
  /** What was wrong with the session file (it is then ignored for the branch), and a working copy rule 4 does not follow. */
  readonly problems: readonly string[];
  /** The branch the committed session file names, if any (the map's may be the one in force). */
  readonly sessionBranch?: string;
}

/** The session branch of the folder at `root` as rule 4 enforces it, with the map's `branch` as fallback. */
export async function readDesignatedBranch(root: string, map: DomainMap): Promise<SessionBranchReading> {
  const atHead = await readAtHead(root, [SESSION_FILE]);
  const headText = atHead.ok ? atHead.value?.files.get(SESSION_FILE) : undefined;
  const own = headText === undefined ? await selfDesignatedBranch(root, map) : undefined;
  const reading = designatedBranchFrom(map, headText, own);
  const working = await workingCopyNote(root, map, reading);
  return { ...reading, problems: [...(own?.notes ?? []), ...reading.problems, ...(working ? [working] : [])] };
}

/** A session file committed on the branch it names: that branch, the ref it was read from, and what to say of it. */
interface BranchSession {
  readonly ref: `refs/${string}`;
  readonly branch: string;
  readonly notes: readonly string[];
}

/**
 * The committed session file in force, from HEAD's text as `readAtHead` gave it (undefined: HEAD
 * holds none) — for a caller that reads it in the batch it reads anyway (the pre-commit check, which
 * neither looks further nor reads the working copy: its rule-4 line is a warning).
 * `branchSession`: the branch that designates itself, when HEAD holds no session file.
 */
export function designatedBranchFrom(
  map: DomainMap,
  atHeadText: string | undefined,
  branchSession?: BranchSession,
): SessionBranchReading {
  const problems: string[] = [];
  let sessionBranch: string | undefined;
  let from: SessionBranchReading['from'];
  if (atHeadText !== undefined) {
    // latin1 bytes as git gave them: decode as the UTF-8 the file is.
    const reading = parseSessionPlan(Buffer.from(atHeadText, 'latin1').toString('utf8'), map);
    for (const p of reading.problems)
      if (p.message.includes('"branch"') || p.severity === 'error')
        problems.push(`${SESSION_FILE} (at HEAD):${p.range.line + 1}: ${p.message}`);
    sessionBranch = reading.plan.branch;
    from = 'HEAD';
  } else if (branchSession !== undefined) {
    sessionBranch = branchSession.branch;
    from = branchSession.ref;
  }
  return { designated: designatedBranch(sessionBranch, map.branch), from, problems, sessionBranch };
}

/**
 * The note when the working copy of the session file names another branch than the committed one
 * in force; undefined when it names none, the same, or cannot be read.
 */
async function workingCopyNote(
  root: string,
  map: DomainMap,
  reading: SessionBranchReading,
): Promise<string | undefined> {
  const file = path.join(root, SESSION_FILE);
  if ((await readsOutsideFolder(root, file)) !== undefined) return undefined;
  const text = await readFile(file, 'utf8').catch(() => undefined);
  const working = text === undefined ? undefined : parseSessionPlan(text, map).plan.branch;
  const { from, sessionBranch } = reading;
  if (working === undefined || working === sessionBranch) return undefined;
  const lead = 'the lead commits the file to change the session branch';
  if (from === 'HEAD')
    return `the working tree's ${SESSION_FILE} differs from HEAD's (branch ${working}; HEAD's: ${sessionBranch ?? 'none'}); rule 4 uses HEAD's: ${lead}`;
  if (from !== undefined)
    return `the working tree's ${SESSION_FILE} names branch ${working}; rule 4 uses the one committed on ${from}: ${lead}`;
  return `the working tree's ${SESSION_FILE} names branch ${working} but is not committed; rule 4 follows a committed session file only: ${lead}`;
}

/**
 * With no session file at HEAD: the branch (local or remote-tracking) whose own tip commits a
 * session file naming that very branch — the session branch the lead committed the plan on, seen
 * from another branch a terminal checked out. The newest tip wins when several do. Two git
 * processes, in pre-push and finish only (the pre-commit warning does not look this far).
 */
async function selfDesignatedBranch(root: string, map: DomainMap): Promise<BranchSession | undefined> {
  const listed = await runGit(root, [
    'for-each-ref',
    '--sort=-committerdate',
    '--format=%(refname)',
    'refs/heads/',
    'refs/remotes/',
  ]);
  if (listed.code !== 0) return undefined;
  const refs = listed.stdout
    .split('\n')
    .filter((r): r is `refs/${string}` => r.startsWith('refs/') && !r.endsWith('/HEAD'))
    .slice(0, 1000);
  if (refs.length === 0) return undefined;
  const run = await startGit(root, ['cat-file', '--batch'], {
    input: refs.map((ref) => `${ref}:./${SESSION_FILE}`).join('\n') + '\n',
    encoding: 'latin1',
  });
  const batch = run.code === 0 ? parseBatch(run.stdout, refs.length) : undefined;
  if (batch === undefined) return undefined;
  const found: BranchSession[] = [];
  for (const [index, ref] of refs.entries()) {
    const object = batch.objects[index];
    if (object?.type !== 'blob') continue;
    const branch = parseSessionPlan(object.content, map).plan.branch;
    const own = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : ref.split('/').slice(3).join('/');
    if (branch !== undefined && branch === own && !found.some((f) => f.branch === branch))
      found.push({ ref, branch, notes: [] });
  }
  const [newest, ...others] = found;
  if (newest === undefined) return undefined;
  const notes = [
    `HEAD holds no ${SESSION_FILE}: rule 4 uses the one committed on ${newest.ref}, which names that branch`,
  ];
  if (others.length > 0)
    notes.push(
      `other branches name themselves in their ${SESSION_FILE} too (${others.map((o) => o.branch).join(', ')}): the newest, ${newest.branch}, is in force`,
    );
  return { ...newest, notes };
}

/**
 * Why `name` is not a branch name git accepts, or undefined when it is. Asked of git itself
 * (`check-ref-format --branch`), with the name as one argument; `@{-1}`-style shorthands that
 * --branch would expand, and names that read as options, are refused first.
 */
export async function branchNameProblem(root: string, name: string): Promise<string | undefined> {
  if (name.trim() === '') return 'a branch name is needed';
  if (name !== name.trim()) return 'a branch name has no surrounding spaces';
  if (name.startsWith('-')) return `"${name}" would read as an option`;
  if (name.includes('@{') || name === '@') return `"${name}" is a revision shorthand, not a branch name`;
  const run = await runGit(root, ['check-ref-format', '--branch', name]);
  if (run.code === 0 && run.stdout.trim() === name) return undefined;
  if (run.code === -1) return gitFailure(run, 'git check-ref-format');
  return `"${name}" is not a valid branch name (git check-ref-format)`;
}

/** Whether the local branch exists. */
export async function branchExists(root: string, name: string): Promise<boolean> {
  if (name.startsWith('-')) return false;
  return (await runGit(root, ['show-ref', '--verify', '--quiet', `refs/heads/${name}`])).code === 0;
}

/** Creates `name` at `start` and checks it out (`git switch -c`); the reason on failure. */
export async function createAndSwitch(root: string, name: string, start: string): Promise<string | undefined> {
  const problem = await branchNameProblem(root, name);
  if (problem) return problem;
  if (start.startsWith('-')) return `"${start}" would read as an option`;
  const run = await runGit(root, ['switch', '--no-guess', '-c', name, start]);
  return run.code === 0 ? undefined : gitFailure(run, 'git switch -c');
}

/** Checks out an existing local branch; uncommitted changes come along unless git refuses. */
export async function switchTo(root: string, name: string): Promise<string | undefined> {
  const problem = await branchNameProblem(root, name);
  if (problem) return problem;
  const run = await runGit(root, ['switch', '--no-guess', name]);
  return run.code === 0 ? undefined : gitFailure(run, 'git switch');
}

/**
 * True the first time it is asked for `key` in this repository (then remembered in the git
 * directory, never the work tree): a note worth saying once is not repeated at every push.
 * `reset` forgets it, so that it is said again when the situation comes back.
 */
export async function firstTime(root: string, key: string, reset = false): Promise<boolean> {
  const file = await gitPath(root, path.posix.join('territory', 'noted', key));
  if (file === undefined) return !reset;
  if (reset) {
    await rm(file, { force: true }).catch(() => undefined);
    return false;
  }
  if (
    await stat(file).then(
      () => true,
      () => false,
    )
  )
    return false;
  await mkdir(path.dirname(file), { recursive: true }).catch(() => undefined);
  await writeFile(file, `${new Date().toISOString()}\n`).catch(() => undefined);
  return true;
}
