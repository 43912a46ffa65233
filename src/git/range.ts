import {
  FALLBACK_COUNT,
  checkChoice,
  checkRevision,
  noSessionCommits,
  splitRange,
  type RangeChoice,
} from '../core/commits/range';
import type { HeadState } from './repoState';
import { gitText } from './run';

/** A range made concrete: what to hand `git log`, and how to say it to the user. */
export interface ResolvedRange {
  /** The revision range for git (`main..HEAD`, `HEAD`); undefined when there is nothing to read (empty repository). */
  readonly spec: string | undefined;
  readonly since?: string;
  /** A limit that belongs to the range itself (the "last 200 commits" fallback). */
  readonly limit?: number;
  /** For people: `main..HEAD`, `last 200 commits of HEAD`, `since 2025-01-01`. */
  readonly label: string;
  /** The base branch the range was measured from, when there was one. */
  readonly base: string | undefined;
  /** What the user should know about how the range was chosen (missing base branch, shallow clone …). */
  readonly notices: readonly string[];
  /**
   * The branch is not the base branch but still points at its commit (just created, by Plan Session
   * or by hand): the range is empty, and every view says "no session commits yet".
   */
  readonly atBase?: boolean;
}

export type RangeResult =
  { readonly ok: true; readonly range: ResolvedRange } | { readonly ok: false; readonly reason: string };

export interface BaseBranch {
  /** The ref to use, e.g. `main` or `origin/main`; undefined when none exists. */
  readonly ref: string | undefined;
  readonly source: 'setting' | 'detected' | undefined;
  /** Why no base is used, when none is. */
  readonly notice: string | undefined;
}

const CANDIDATES = ['main', 'master', 'origin/main', 'origin/master'];

/** The commit hash `revision` names, or undefined when it names none. */
export async function resolveCommit(root: string, revision: string): Promise<string | undefined> {
  if (checkRevision(revision) !== undefined) return undefined;
  try {
    const hash = (await gitText(root, ['rev-parse', '-q', '--verify', `${revision}^{commit}`])).trim();
    return hash === '' ? undefined : hash;
  } catch {
    return undefined;
  }
}

/** The configured base branch when it exists, else `main`/`master` (local, then origin's). */
export async function detectBaseBranch(root: string, configured: string): Promise<BaseBranch> {
  const setting = configured.trim();
  if (setting !== '') {
    const invalid = checkRevision(setting);
    if (invalid !== undefined) return { ref: undefined, source: undefined, notice: `territory.baseBranch: ${invalid}` };
    if (await resolveCommit(root, setting)) return { ref: setting, source: 'setting', notice: undefined };
    return {
      ref: undefined,
      source: undefined,
      notice: `The base branch "${setting}" (territory.baseBranch) does not exist`,
    };
  }
  for (const candidate of CANDIDATES) {
    if (await resolveCommit(root, candidate)) return { ref: candidate, source: 'detected', notice: undefined };
  }
  return { ref: undefined, source: undefined, notice: 'No main or master branch (set territory.baseBranch)' };
}

/** Local branches, then remote-tracking ones, for a picker. */
export async function listBranches(root: string): Promise<string[]> {
  try {
    const output = await gitText(root, [
      'for-each-ref',
      '--format=%(refname:short)',
      '--sort=-committerdate',
      'refs/heads',
      'refs/remotes',
    ]);
    return output.split('\n').filter((b) => b !== '' && !b.endsWith('/HEAD'));
  } catch {
    return [];
  }
}

/** The merge-base of two revisions, or undefined (no common history, e.g. in a shallow clone). */
export async function mergeBase(root: string, a: string, b: string): Promise<string | undefined> {
  try {
    const hash = (await gitText(root, ['merge-base', a, b])).trim();
    return hash === '' ? undefined : hash;
  } catch {
    return undefined;
  }
}

/** How many commits a range holds (fast even for 100,000 commits); undefined when git fails. */
export async function countCommits(root: string, spec: string, since?: string): Promise<number | undefined> {
  try {
    const args = ['rev-list', '--count'];
    if (since !== undefined) args.push(`--since=${since}`);
    args.push(spec, '--');
    const count = Number((await gitText(root, args)).trim());
    return Number.isFinite(count) ? count : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Makes a choice concrete for a repository whose HEAD is `head`. The default is the current branch
 * since its merge-base with the base branch; without a base branch (or on the base branch itself,
 * or with no shared history) it is the last 200 commits, with a notice saying why.
 */
export async function resolveRange(
  root: string,
  choice: RangeChoice,
  head: HeadState,
  configuredBase: string,
): Promise<RangeResult> {
  const invalid = checkChoice(choice);
  if (invalid !== undefined) return { ok: false, reason: invalid };
  if (head.kind === 'unborn') {
    return {
      ok: true,
      range: {
        spec: undefined,
        label: `no commits yet on ${head.branch}`,
        base: undefined,
        notices: ['The repository has no commits yet'],
      },
    };
  }
  const headName = head.kind === 'branch' ? head.branch : `HEAD (detached at ${head.hash.slice(0, 7)})`;
  const last = (name: string, rev: string, notices: string[], base?: string): RangeResult => ({
    ok: true,
    range: { spec: rev, limit: FALLBACK_COUNT, label: `last ${FALLBACK_COUNT} commits of ${name}`, base, notices },
  });
  switch (choice.kind) {
    case 'all':
      return { ok: true, range: { spec: 'HEAD', label: `all commits of ${headName}`, base: undefined, notices: [] } };
    case 'since':
      return {
        ok: true,
        range: {
          spec: 'HEAD',
          since: choice.date,
          label: `${headName} since ${choice.date}`,
          base: undefined,
          notices: [],
        },
      };
    case 'range': {
      const parts = splitRange(choice.range);
      const ends = 'single' in parts ? [parts.single] : [parts.from ?? 'HEAD', parts.to];
      for (const end of ends) {
        if (!(await resolveCommit(root, end)))
          return { ok: false, reason: `"${end}" names no commit in this repository` };
      }
      return { ok: true, range: { spec: choice.range, label: choice.range, base: undefined, notices: [] } };
    }
    case 'default':
    case 'branch': {
      const target = choice.kind === 'branch' ? choice.branch : 'HEAD';
      const targetName = choice.kind === 'branch' ? choice.branch : headName;
      const targetHash = await resolveCommit(root, target);
      if (!targetHash) return { ok: false, reason: `"${target}" names no commit in this repository` };
      const base = await detectBaseBranch(root, configuredBase);
      if (!base.ref) return last(targetName, target, [`${base.notice}: showing the last ${FALLBACK_COUNT} commits`]);
      const baseHash = await resolveCommit(root, base.ref);
      const targetBranch = choice.kind === 'branch' ? choice.branch : head.kind === 'branch' ? head.branch : undefined;
      const onBase = targetBranch === undefined ? baseHash === targetHash : sameBranch(targetBranch, base.ref);
      if (onBase) return last(targetName, target, [], base.ref);
      if (baseHash === targetHash) {
        // A branch of its own made at the base's commit: its history is the base's, not the session's.
        return {
          ok: true,
          range: {
            spec: `${base.ref}..${target}`,
            label: `${base.ref}..${targetName}`,
            base: base.ref,
            notices: [capitalize(noSessionCommits(targetName, base.ref))],
            atBase: true,
          },
        };
      }
      const shared = await mergeBase(root, base.ref, target);
      if (!shared) {
        return last(
          targetName,
          target,
          [
            `${targetName} and ${base.ref} share no history (a shallow clone?): showing the last ${FALLBACK_COUNT} commits`,
          ],
          base.ref,
        );
      }
      return {
        ok: true,
        range: { spec: `${base.ref}..${target}`, label: `${base.ref}..${targetName}`, base: base.ref, notices: [] },
      };
    }
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function sameBranch(branch: string, ref: string): boolean {
  return branch === ref || `origin/${branch}` === ref;
}
