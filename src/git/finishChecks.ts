// The facts behind Finish Session and `territory finish`, read from git and the folder: which
// branch is finished into which, and one probe per check of src/core/finish.ts. Shared by the
// editor command and the CLI, so that both judge a session the same way.
import { groupChanges } from '../core/commits/changes';
import { noSessionCommits } from '../core/commits/range';
import { groupCommits } from '../core/commits/grouping';
import { openBlocking, readHandoffFiles } from '../core/commits/handoffNeeds';
import { buildMergeReport, type MergeOutcome, type MergeReport } from '../core/commits/mergeReport';
import type { ReportRange, TestRun } from '../core/commits/report';
import {
  judgeCommits,
  judgeHandoffs,
  judgeMerge,
  judgeUncommitted,
  type FinishProbes,
  type StepOutcome,
} from '../core/finish';
import type { DesignatedBranch } from '../core/sessionBranch';
import type { OwnershipResolver } from '../core/ownership/resolver';
import type { DomainMap } from '../core/types';
import type { ParsedHandoffFile } from '../core/handoffs/types';
import { currentBranch } from './guard';
import { loadHistory, type History } from './history';
import { checkMerge } from './mergeCheck';
import { detectBaseBranch, resolveCommit } from './range';
import { branchExists, readDesignatedBranch } from './sessionBranch';
import { readStatus } from './status';
import type { TerritorySettings } from '../core/settings';

/** The settings phase 4 reads (the editor's and the CLI's come from the one settings model). */
export type FinishSettings = Pick<TerritorySettings, 'baseBranch' | 'maxCommits' | 'unassigned' | 'testTask'>;

/** What is finished: the session branch (else the branch checked out) into the base branch. */
export interface FinishTarget {
  readonly head: string;
  readonly headHash: string;
  /** The base as a revision (`main`, `origin/main`) and as a branch name (`main`). */
  readonly baseRef: string;
  readonly base: string;
  /** Whether `base` is a local branch (a merge needs one). */
  readonly localBase: boolean;
  readonly designated: DesignatedBranch;
  readonly notes: readonly string[];
}

export async function finishTarget(
  root: string,
  map: DomainMap,
  settings: FinishSettings,
): Promise<FinishTarget | string> {
  const session = await readDesignatedBranch(root, map);
  const notes = [...session.problems];
  let head = session.designated.branch;
  if (head !== undefined && !(await branchExists(root, head)))
    return `the session branch ${head} does not exist in this repository (Plan Session creates it)`;
  if (head === undefined) {
    head = await currentBranch(root);
    if (head === undefined) return 'HEAD is detached and no session branch is set: check out the session branch';
    notes.push(
      `${session.designated.source === 'none' ? session.designated.reason : 'no session branch'}: finishing the branch checked out, ${head}`,
    );
  }
  const headHash = await resolveCommit(root, `refs/heads/${head}`);
  if (headHash === undefined) return `${head} has no commit yet`;
  const detected = await detectBaseBranch(root, settings.baseBranch);
  if (detected.ref === undefined)
    return `no base branch to finish into: ${detected.notice ?? 'set territory.baseBranch'}`;
  // `origin/main` (no local main): the pull request's base is `main`; a merge needs the local branch.
  const local = await branchExists(root, detected.ref);
  const tracking = !local && (await resolveCommit(root, `refs/remotes/${detected.ref}`)) !== undefined;
  const base = tracking ? detected.ref.slice(detected.ref.indexOf('/') + 1) : detected.ref;
  if (base === head) return `the session branch ${head} is the base branch itself: there is nothing to finish`;
  // Plan Session just made the branch: main's history is not the session's, and no check applies yet.
  if ((await resolveCommit(root, detected.ref)) === headHash)
    return `${noSessionCommits(head, detected.ref)}: nothing to finish`;
  return {
    head,
    headHash,
    baseRef: detected.ref,
    base,
    localBase: await branchExists(root, base),
    designated: session.designated,
    notes,
  };
}

/**
 * The probes of the five checks, each reading what it needs when it runs (a run stopped early
 * reads nothing more). `tests` is the caller's: the editor runs the task, the CLI reads the last run.
 */
export class SessionFinish {
  private history: History | undefined;
  private handoffFiles: ParsedHandoffFile[] | undefined;
  private merge: MergeOutcome | undefined;

  constructor(
    private readonly root: string,
    private readonly map: DomainMap,
    private readonly resolver: OwnershipResolver,
    private readonly settings: FinishSettings,
    readonly target: FinishTarget,
  ) {}

  probes(tests: () => Promise<StepOutcome>): FinishProbes {
    const { head, baseRef, base } = this.target;
    return {
      handoffs: async () => {
        this.handoffFiles = await readHandoffFiles(this.root, this.map, this.resolver);
        return judgeHandoffs(openBlocking(this.handoffFiles));
      },
      commits: async () => {
        const loaded = await loadHistory(this.root, this.map, this.resolver, {
          choice: { kind: 'branch', branch: head },
          baseBranch: baseRef,
          maxCommits: this.settings.maxCommits,
          unassignedPolicy: this.settings.unassigned,
        });
        if (!loaded.ok) return { ok: false, summary: `could not read the commits: ${loaded.reason}` };
        this.history = loaded.history;
        const { range, total, capped } = loaded.history;
        if (range.atBase) return { ok: false, summary: `${noSessionCommits(head, baseRef)}: nothing to finish` };
        if (range.limit !== undefined)
          return {
            ok: false,
            summary: `${head} has no commits of its own over ${baseRef} to finish${loaded.history.notices.length > 0 ? ` (${loaded.history.notices.join('; ')})` : ''}`,
          };
        if (total === 0)
          return { ok: false, summary: `${head} has no commits that ${baseRef} lacks: there is nothing to merge` };
        if (capped)
          return {
            ok: false,
            summary: `${range.label} holds ${total} commits, more than territory.maxCommits lets Territory read: raise it to check them all`,
          };
        return judgeCommits(this.report(undefined).violations, total, range.label);
      },
      uncommitted: async () => {
        const status = await readStatus(this.root);
        if (!status.ok) return { ok: false, summary: `could not read git status: ${status.reason}` };
        // Territory's own untracked state (.territory/session.json written by Plan Session) is not
        // work left behind, and neither blocks the checkout nor the merge.
        const entries = status.entries.filter((e) => !(e.index === '?' && e.path.startsWith('.territory/')));
        const byOwner = new Map<string, string[]>();
        for (const [owner, changes] of groupChanges(entries, this.resolver))
          byOwner.set(
            owner,
            changes.map((c) => c.path),
          );
        return judgeUncommitted(byOwner);
      },
      merge: async () => {
        const top = this.history?.state.top ?? this.root;
        const checked = await checkMerge(top, baseRef, `refs/heads/${head}`);
        this.merge = checked.ok
          ? {
              state: checked.clean ? 'clean' : 'conflicts',
              conflicts: checked.conflicts,
              messages: checked.messages,
              method: checked.method,
            }
          : { state: 'unknown', reason: checked.reason };
        return judgeMerge(this.merge, head, base);
      },
      tests,
    };
  }

  /** The merge report of the session as far as it was read: the merge commit's and the pull request's text. */
  report(lastTestRun: TestRun | undefined): MergeReport {
    const history = this.history;
    const range: ReportRange = history
      ? {
          label: history.range.label,
          spec: history.range.spec,
          capped: history.capped ? { loaded: history.commits.length, total: history.total } : undefined,
        }
      : { label: `${this.target.baseRef}..${this.target.head}`, spec: undefined };
    return buildMergeReport({
      range,
      grouping: history?.grouping ?? groupCommits([], this.map, this.resolver),
      handoffs: this.handoffFiles ?? [],
      head: this.target.head,
      base: this.target.base,
      merge: this.merge ?? { state: 'unknown', reason: 'not checked yet' },
      testTask: this.settings.testTask,
      lastTestRun,
      generatedAt: new Date(),
      sessionBranch: this.target.designated.branch,
    });
  }
}
