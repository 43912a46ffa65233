// Phase 4 of the seed, to the end: "1. git log --oneline to see all commits by prefix, 2. resolve
// any merge conflicts, 3. run full test suite, 4. create PR or merge to main". The sequence of checks
// Finish Session (editor) and `territory finish` (CLI) both run, stopping at the first problem,
// and the texts of the merge commit and the pull request. Pure: the probes that ask git, the file
// system or VS Code are handed in.
import { describeNeed, type HandoffNeed } from './commits/handoffNeeds';
import { count, plain } from './commits/markdown';
import { noSessionCommits } from './commits/range';
import type { MergeOutcome, MergeReport } from './commits/mergeReport';
import type { TestRun } from './commits/report';

export type FinishStepId = 'handoffs' | 'commits' | 'uncommitted' | 'merge' | 'tests';

/** The checks in the order they run: the cheap ones first, the test suite last. */
export const FINISH_STEPS: readonly { readonly id: FinishStepId; readonly title: string }[] = [
  { id: 'handoffs', title: 'Open blocking handoffs' },
  { id: 'commits', title: 'Commits that break the map' },
  { id: 'uncommitted', title: 'Uncommitted changes' },
  { id: 'merge', title: 'Clean merge into the base branch' },
  { id: 'tests', title: 'Full test suite' },
];

export interface StepOutcome {
  readonly ok: boolean;
  /** One line: what was found. */
  readonly summary: string;
  /** One line per item found (a handoff, a commit, a file). */
  readonly details?: readonly string[];
  /** Where each detail is in the folder (same order as `details`), when it names a file. */
  readonly locations?: readonly (FinishLocation | undefined)[];
}

/** A file of the folder (a relative path), at a 1-based line when known. */
export interface FinishLocation {
  readonly path: string;
  readonly line?: number;
}

export type FinishProbes = Record<FinishStepId, () => Promise<StepOutcome>>;

export interface FinishStepResult extends StepOutcome {
  readonly id: FinishStepId;
  readonly title: string;
  readonly state: 'passed' | 'failed' | 'not run';
}

export interface FinishChecks {
  readonly ok: boolean;
  readonly steps: readonly FinishStepResult[];
  /** The first step that failed: the one to show. */
  readonly failed: FinishStepResult | undefined;
  readonly cancelled: boolean;
}

export interface FinishRunOptions {
  /** Asked before each step: true stops the run where it is (Cancel in the progress notification). */
  readonly cancelled?: () => boolean;
  /** Told when a step begins, for the progress notification. */
  readonly onStep?: (step: { id: FinishStepId; title: string }, index: number, total: number) => void;
}

/** Runs the probes in order and stops at the first that fails (or throws): later ones do not run. */
export async function runFinishChecks(probes: FinishProbes, options: FinishRunOptions = {}): Promise<FinishChecks> {
  const steps: FinishStepResult[] = [];
  let failed: FinishStepResult | undefined;
  let cancelled = false;
  for (const [index, step] of FINISH_STEPS.entries()) {
    if (failed || cancelled || options.cancelled?.()) {
      cancelled ||= !failed && (options.cancelled?.() ?? false);
      steps.push({
        ...step,
        state: 'not run',
        ok: false,
        summary: failed ? `not run: "${failed.title}" failed first` : 'not run: cancelled',
      });
      continue;
    }
    options.onStep?.(step, index, FINISH_STEPS.length);
    let outcome: StepOutcome;
    try {
      outcome = await probes[step.id]();
    } catch (error) {
      outcome = {
        ok: false,
        summary: `could not be checked: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    const result: FinishStepResult = { ...step, ...outcome, state: outcome.ok ? 'passed' : 'failed' };
    steps.push(result);
    if (!outcome.ok) failed = result;
  }
  return { ok: failed === undefined && !cancelled, steps, failed, cancelled };
}

const FORMAT = { code: (t: string) => t, plain: (t: string) => t };

export function judgeHandoffs(open: readonly HandoffNeed[]): StepOutcome {
  if (open.length === 0) return { ok: true, summary: 'none open' };
  return {
    ok: false,
    summary: `${count(open.length, 'open blocking handoff')}: settle them (or mark them done) first`,
    details: open.map((n) => describeNeed(n, FORMAT, true)),
    locations: open.map((n) => ({ path: n.handoffFile, line: n.line })),
  };
}

export function judgeCommits(violations: MergeReport['violations'], total: number, range: string): StepOutcome {
  if (violations.length === 0)
    return { ok: true, summary: `${count(total, 'commit')} in ${range}, none crossing a territory` };
  const commits = new Set(violations.map((v) => v.hash)).size;
  return {
    ok: false,
    summary: `${count(commits, 'commit')} in ${range} break the map`,
    details: violations.map((v) => `${v.shortHash} ${v.subject} — ${v.path} belongs to ${v.owner}`),
    locations: violations.map((v) => ({ path: v.path })),
  };
}

/** `byOwner`: uncommitted paths by owning domain id (or `unassigned` / `contested`). */
export function judgeUncommitted(byOwner: ReadonlyMap<string, readonly string[]>): StepOutcome {
  const owners = [...byOwner].filter(([, files]) => files.length > 0);
  if (owners.length === 0) return { ok: true, summary: 'the work tree is clean' };
  const files = owners.reduce((n, [, f]) => n + f.length, 0);
  return {
    ok: false,
    summary: `${count(files, 'uncommitted file')} (${owners.map(([owner, f]) => `${owner}: ${f.length}`).join(', ')}): commit or stash them first`,
    details: owners.flatMap(([owner, f]) => f.map((p) => `${owner}: ${p}`)),
    locations: owners.flatMap(([, f]) => f.map((p) => ({ path: p }))),
  };
}

export function judgeMerge(outcome: MergeOutcome, head: string, base: string): StepOutcome {
  if (outcome.state === 'clean') return { ok: true, summary: `${head} merges cleanly into ${base}` };
  if (outcome.state === 'unknown') return { ok: false, summary: `not checked: ${outcome.reason}` };
  return {
    ok: false,
    summary: `merging ${head} into ${base} conflicts in ${count(outcome.conflicts.length, 'file')}: merge ${base} into ${head} and resolve them first`,
    details: outcome.conflicts,
    locations: outcome.conflicts.map((p) => ({ path: p })),
  };
}

/**
 * A run of the test task counts when it passed at the commit being finished. `headHash` undefined:
 * the run is the one just made (the editor runs the task now). `refused`: why the recorded run
 * could not be trusted (src/git/testRun.ts) — then the tests were not run, whatever it claims.
 */
export function judgeTests(run: TestRun | undefined, task: string, headHash?: string, refused?: string): StepOutcome {
  if (run === undefined && refused !== undefined) return { ok: false, summary: `tests not run: ${refused}` };
  if (task === '' && run === undefined)
    return {
      ok: false,
      summary: 'no test task is configured (territory.testTask): phase 4 runs the full test suite before merging',
    };
  if (run === undefined)
    return {
      ok: false,
      summary: `no run of the test task "${task}" is recorded: run it ("Territory: Run Test Suite")`,
    };
  if (run.exitCode !== 0)
    return {
      ok: false,
      summary: `the test task "${run.task}" ${run.exitCode === undefined ? 'ended without an exit code' : `failed with exit code ${run.exitCode}`}`,
    };
  if (headHash !== undefined && run.head !== headHash) {
    return {
      ok: false,
      summary: `tests not run at ${headHash.slice(0, 7)}: the last passing run of "${run.task}" was ${run.head ? `at ${run.head.slice(0, 7)}` : 'at an unknown commit'}, not at ${headHash.slice(0, 7)}: run the test suite again`,
    };
  }
  return { ok: true, summary: `the test task "${run.task}" passed` };
}

/** The Merge Report's one-line verdict (also shown by the report's notification). */
export function mergeReportSummary(report: MergeReport): string {
  if (report.noSessionCommits)
    return `${noSessionCommits(report.head, report.base ?? 'the base branch')}: nothing to merge.`;
  if (report.ready)
    return `${report.head} is ready to merge into ${report.base}: clean merge, no violation, no blocking handoff.`;
  const parts = [
    report.merge.state === 'conflicts'
      ? count(report.merge.conflicts.length, 'conflicting file')
      : report.merge.state === 'unknown'
        ? 'merge not checked'
        : undefined,
    report.violations.length > 0 ? count(report.violations.length, 'violation') : undefined,
    report.openBlockingHandoffs.length > 0
      ? count(report.openBlockingHandoffs.length, 'open blocking handoff')
      : undefined,
  ].filter((p) => p !== undefined);
  return `${report.head}: ${parts.join(', ')}.`;
}

/**
 * The merge commit's message: git's own subject (so every tool reads it as a merge), then the
 * report's summary, the goal and the commits by prefix, as `git log --oneline` would list them.
 */
export function mergeCommitMessage(report: MergeReport, goal: string): string {
  const lines = [`Merge branch '${report.head}' into ${report.base ?? 'the base branch'}`, ''];
  if (goal.trim() !== '') lines.push(`Goal: ${plain(goal.trim())}`, '');
  lines.push(mergeReportSummary(report), '');
  lines.push(`${count(report.total, 'commit')} by prefix:`);
  for (const group of report.byDomain) {
    lines.push('', `${group.domain} (${group.prefixes.join(', ')})`);
    for (const c of group.commits) lines.push(`  ${c.shortHash} ${c.subject}`);
  }
  if (report.unattributed.length > 0) {
    lines.push('', 'Unattributed');
    for (const c of report.unattributed) lines.push(`  ${c.shortHash} ${c.subject}`);
  }
  // No line may start with git's comment character: cleanup would drop it.
  return lines.map((l) => (l.startsWith('#') ? ` ${l}` : l)).join('\n') + '\n';
}

export function pullRequestTitle(report: MergeReport, goal: string): string {
  const text = goal.trim().replace(/\s+/g, ' ');
  return text !== '' ? text.slice(0, 200) : `Session ${report.head}`;
}

/** The page that opens a pull request of `head` into `base` on GitHub, for a remote URL that is GitHub's. */
export function compareUrl(remoteUrl: string, base: string, head: string): string | undefined {
  const match =
    /^(?:https?:\/\/(?:[^@/]+@)?github\.com\/|git@github\.com:|ssh:\/\/git@github\.com\/)([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(
      remoteUrl.trim(),
    );
  if (!match) return undefined;
  const ref = (name: string) => name.split('/').map(encodeURIComponent).join('/');
  return `https://github.com/${match[1]}/${match[2]}/compare/${ref(base)}...${ref(head)}?expand=1`;
}
