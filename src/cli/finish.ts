// `territory session-branch` and `territory finish`: rule 4's branch, and phase 4 to the end from a
// terminal. The checks are the ones Finish Session runs in the editor (src/git/finishChecks.ts);
// the test suite is the last recorded run of the test task, which must have passed at the head.
import { noPositional, UsageError, type CliOptions, type CliOutput, type LoadMap } from './flags';
import { renderMergeReport } from '../core/commits/mergeReport';
import { readFolderSettings } from '../core/settings';
import {
  compareUrl,
  judgeTests,
  mergeCommitMessage,
  pullRequestTitle,
  runFinishChecks,
  type FinishChecks,
} from '../core/finish';
import { OwnershipResolver } from '../core/ownership/resolver';
import { readsOutsideFolder } from '../core/safePath';
import { parseSessionPlan, SESSION_FILE } from '../core/session';
import { DOMAIN_ENV } from '../core/terminalNames';
import { createPullRequestWithGh, mergeNoFastForward, pushBranch, remoteFor, remoteUrl } from '../git/finish';
import { findProgram } from '../git/program';
import { finishTarget, SessionFinish, type FinishTarget } from '../git/finishChecks';
import { currentBranch } from '../git/guard';
import { readRepoState } from '../git/repoState';
import { readDesignatedBranch } from '../git/sessionBranch';
import { readTestRecord } from '../git/testRun';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';

/** `territory session-branch`: the branch every terminal pushes to; exit 1 when none is designated. */
export async function sessionBranchCommand<O extends CliOptions>(
  options: O,
  io: CliOutput,
  loadMap: LoadMap<O>,
): Promise<number> {
  noPositional(options.flags, 'session-branch');
  const loaded = await loadMap(options, io);
  if (typeof loaded === 'number') return loaded;
  const reading = await readDesignatedBranch(loaded.root, loaded.map);
  const current = await currentBranch(loaded.root);
  for (const problem of reading.problems) io.err(`territory: note: ${problem}`);
  const { designated } = reading;
  if (options.json) {
    io.out(
      JSON.stringify(
        {
          branch: designated.branch ?? null,
          source: designated.source,
          file: reading.from ?? null,
          mapBranch: loaded.map.branch ?? null,
          current: current ?? null,
          onBranch: designated.branch !== undefined && current === designated.branch,
        },
        null,
        2,
      ),
    );
  } else if (designated.branch !== undefined) io.out(designated.branch);
  if (designated.branch === undefined) {
    io.err(`territory: ${designated.reason}`);
    return 1;
  }
  return 0;
}

/** The goal of the session plan, for the merge commit and the pull request's title. */
async function sessionGoal(root: string): Promise<string> {
  const file = path.join(root, SESSION_FILE);
  if ((await readsOutsideFolder(root, file)) !== undefined) return '';
  const text = await readFile(file, 'utf8').catch(() => undefined);
  return text === undefined ? '' : parseSessionPlan(text, undefined).plan.goal;
}

interface ActionResult {
  kind: 'merge' | 'pr' | 'none';
  dryRun: boolean;
  done: boolean;
  description: string;
  message?: string;
  title?: string;
  body?: string;
  commit?: string;
  url?: string;
  via?: 'gh' | 'compare-url' | 'none';
  remote?: string;
}

/** `territory finish [--merge | --pr] [--dry-run]`: the checks, then the merge or the pull request. */
export async function finishCommand<O extends CliOptions>(
  options: O,
  io: CliOutput,
  loadMap: LoadMap<O>,
): Promise<number> {
  const parsed = options.flags;
  noPositional(parsed, 'finish');
  const merge = parsed.flags.has('--merge');
  const pr = parsed.flags.has('--pr');
  const dryRun = parsed.flags.has('--dry-run');
  if (merge && pr) throw new UsageError('give one of --merge and --pr');
  const domain = process.env[DOMAIN_ENV]?.trim();
  if (domain) {
    io.err(
      `territory: finish is the lead's step (phase 4), not domain ${domain}'s: run it where ${DOMAIN_ENV} is not set`,
    );
    return 2;
  }
  const loaded = await loadMap(options, io);
  if (typeof loaded === 'number') return loaded;
  const { root, map } = loaded;
  const { settings } = await readFolderSettings(root);
  const target = await finishTarget(root, map, settings);
  if (typeof target === 'string') {
    io.err(`territory: ${target}`);
    return 2;
  }
  for (const note of target.notes) io.err(`territory: note: ${note}`);
  const session = new SessionFinish(root, map, OwnershipResolver.compile(map), settings, target);
  const repo = await readRepoState(root);
  // Trusted only when Territory sealed it (src/git/testRun.ts): a hand-written record is "tests not run".
  const record = repo.ok ? await readTestRecord(repo.state) : undefined;
  const lastRun = record?.run;
  const checks = await runFinishChecks(
    session.probes(async () => judgeTests(lastRun, settings.testTask, target.headHash, record?.refused)),
  );
  const goal = await sessionGoal(root);
  let action: ActionResult = {
    kind: 'none',
    dryRun,
    done: false,
    description: checks.ok
      ? `ready: run territory finish --merge (merge ${target.head} into ${target.base}) or --pr (push it and open a pull request)`
      : 'nothing done: a check failed',
  };
  let failure: string | undefined;
  if (checks.ok && (merge || pr)) {
    const report = session.report(lastRun);
    const result = merge
      ? await mergeAction(root, target, mergeCommitMessage(report, goal), dryRun)
      : await prAction(root, target, pullRequestTitle(report, goal), renderMergeReport(report), dryRun);
    if (typeof result === 'string') failure = result;
    else action = result;
  }
  if (options.json) {
    io.out(JSON.stringify(finishJson(root, target, checks, action, failure), null, 2));
  } else {
    io.out(
      `Finishing ${target.head} into ${target.base} (${target.designated.source === 'none' ? 'the branch checked out' : `designated by the ${target.designated.source === 'session' ? 'session plan' : 'map'}`})`,
    );
    for (const step of checks.steps) {
      io.out(`${step.state === 'passed' ? '✔' : step.state === 'failed' ? '✘' : '·'} ${step.title}: ${step.summary}`);
      for (const detail of step.state === 'failed' ? (step.details ?? []) : []) io.out(`    ${detail}`);
    }
    if (failure === undefined) {
      io.out(`${action.dryRun && action.kind !== 'none' ? 'Dry run: would ' : ''}${action.description}`);
      if (action.dryRun && action.message)
        (io.document ?? io.out)(`--- merge commit message ---\n${action.message.trimEnd()}`);
      if (action.dryRun && action.title) io.out(`Pull request title: ${action.title}`);
      if (action.kind === 'pr' && action.via === 'compare-url' && action.body)
        (io.document ?? io.out)(`--- pull request description ---\n${action.body.trimEnd()}`);
    }
  }
  if (failure !== undefined) {
    io.err(`territory: ${failure}`);
    return 2;
  }
  if (!checks.ok) {
    io.err(`territory: finish stopped at "${checks.failed?.title}": ${checks.failed?.summary}`);
    return 1;
  }
  return 0;
}

async function mergeAction(
  root: string,
  target: FinishTarget,
  message: string,
  dryRun: boolean,
): Promise<ActionResult | string> {
  if (!target.localBase)
    return `there is no local branch ${target.base} to merge into (only ${target.baseRef}): check it out, or use --pr`;
  const description = `merge ${target.head} into ${target.base} with a merge commit (--no-ff)`;
  if (dryRun) return { kind: 'merge', dryRun, done: false, description, message };
  const merged = await mergeNoFastForward(root, target.base, target.head, message);
  if (!merged.ok) return `the merge was not made: ${merged.reason}`;
  return {
    kind: 'merge',
    dryRun,
    done: true,
    description: `merged ${target.head} into ${target.base}: ${merged.value.commit.slice(0, 7)} (${target.base} is checked out)`,
    message,
    commit: merged.value.commit,
  };
}

async function prAction(
  root: string,
  target: FinishTarget,
  title: string,
  body: string,
  dryRun: boolean,
): Promise<ActionResult | string> {
  const remote = await remoteFor(root, target.head);
  if (!remote.ok) return remote.reason;
  const gh = findProgram('gh', root);
  const url = await remoteUrl(root, remote.value);
  const compare = url !== undefined ? compareUrl(url, target.base, target.head) : undefined;
  const via = gh !== undefined ? 'gh' : compare !== undefined ? 'compare-url' : 'none';
  const how =
    via === 'gh'
      ? 'open a pull request with gh pr create'
      : via === 'compare-url'
        ? `open the pull request at ${compare}`
        : 'open the pull request on your forge (the description is printed below)';
  const description = `push ${target.head} to ${remote.value}, then ${how}`;
  if (dryRun)
    return { kind: 'pr', dryRun, done: false, description, title, body, via, remote: remote.value, url: compare };
  const pushed = await pushBranch(root, remote.value, target.head);
  if (!pushed.ok) return `the branch was not pushed: ${pushed.reason}`;
  if (gh !== undefined) {
    const created = await createPullRequestWithGh(root, gh, { base: target.base, head: target.head, title, body });
    if (!created.ok) return `pushed ${target.head} to ${remote.value}, but ${created.reason}`;
    return {
      kind: 'pr',
      dryRun,
      done: true,
      description: `pushed ${target.head} to ${remote.value} and opened ${created.value}`,
      title,
      body,
      via,
      remote: remote.value,
      url: created.value,
    };
  }
  return {
    kind: 'pr',
    dryRun,
    done: true,
    description: `pushed ${target.head} to ${remote.value}; ${how}`,
    title,
    body,
    via,
    remote: remote.value,
    url: compare,
  };
}

function finishJson(
  root: string,
  target: FinishTarget,
  checks: FinishChecks,
  action: ActionResult,
  failure: string | undefined,
): Record<string, unknown> {
  return {
    ok: checks.ok && failure === undefined,
    root,
    head: target.head,
    headHash: target.headHash,
    base: target.base,
    baseRef: target.baseRef,
    designatedBranch: { branch: target.designated.branch ?? null, source: target.designated.source },
    notes: target.notes,
    steps: checks.steps.map((s) => ({
      id: s.id,
      title: s.title,
      state: s.state,
      summary: s.summary,
      details: s.details ?? [],
    })),
    failedStep: checks.failed?.id ?? null,
    action: {
      ...action,
      message: action.message ?? null,
      title: action.title ?? null,
      body: action.body ?? null,
      commit: action.commit ?? null,
      url: action.url ?? null,
      via: action.via ?? null,
      remote: action.remote ?? null,
    },
    error: failure ?? null,
  };
}
