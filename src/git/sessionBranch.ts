// Where the session branch is read from, and the git questions about branch names. The hooks judge
// with the rules in force before the change: the session file as HEAD holds it when HEAD holds one
// (a committed plan is the lead's), else the lead's working copy (Plan Session writes it there).
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { readsOutsideFolder } from '../core/safePath';
import { parseSessionPlan, SESSION_FILE } from '../core/session';
import { designatedBranch, type DesignatedBranch } from '../core/sessionBranch';
import type { DomainMap } from '../core/types';
import { gitPath, readAtHead } from './guard';
import { gitFailure, runGit } from './run';

export interface SessionBranchReading {
  readonly designated: DesignatedBranch;
  /** Where the session file was read: HEAD's copy, the working tree's, or none. */
  readonly from: 'HEAD' | 'working tree' | undefined;
  /** What was wrong with the session file (it is then ignored for the branch). */
  readonly problems: readonly string[];
}

/** The session branch of the folder at `root`, with the map's `branch` as fallback. */
export async function readDesignatedBranch(root: string, map: DomainMap): Promise<SessionBranchReading> {
  const atHead = await readAtHead(root, [SESSION_FILE]);
  return designatedBranchFrom(root, map, atHead.ok ? atHead.value?.files.get(SESSION_FILE) : undefined);
}

/**
 * The same, from the session file's text at HEAD as `readAtHead` gave it (undefined: not committed)
 * — for a caller that reads it in the batch it reads anyway (the pre-commit check).
 */
export async function designatedBranchFrom(root: string, map: DomainMap, atHeadText: string | undefined): Promise<SessionBranchReading> {
  const problems: string[] = [];
  let text: string | undefined;
  let from: SessionBranchReading['from'];
  if (atHeadText !== undefined) {
    // latin1 bytes as git gave them: decode as the UTF-8 the file is.
    text = Buffer.from(atHeadText, 'latin1').toString('utf8');
    from = 'HEAD';
  } else {
    const file = path.join(root, SESSION_FILE);
    const outside = await readsOutsideFolder(root, file);
    if (outside !== undefined) problems.push(outside);
    else {
      text = await readFile(file, 'utf8').catch(() => undefined);
      if (text !== undefined) from = 'working tree';
    }
  }
  let sessionBranch: string | undefined;
  if (text !== undefined) {
    const reading = parseSessionPlan(text, map);
    for (const p of reading.problems)
      if (p.message.includes('"branch"') || p.severity === 'error') problems.push(`${SESSION_FILE}${from === 'HEAD' ? ' (at HEAD)' : ''}:${p.range.line + 1}: ${p.message}`);
    sessionBranch = reading.plan.branch;
  }
  return { designated: designatedBranch(sessionBranch, map.branch), from, problems };
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
