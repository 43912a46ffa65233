// Finish Session: phase 4 of the seed as one guided step. The checks run in order under a
// cancellable progress notification and stop at the first problem, which is shown; then, as the
// lead chooses and only after a modal confirmation, a --no-ff merge into the base branch or a
// push and a pull request whose description is the merge report.
import * as vscode from 'vscode';
import { renderMergeReport } from '../../core/commits/mergeReport';
import { NO_SESSION_COMMITS } from '../../core/commits/range';
import type { TestRun } from '../../core/commits/report';
import {
  judgeTests,
  mergeCommitMessage,
  pullRequestTitle,
  runFinishChecks,
  compareUrl,
  type FinishChecks,
} from '../../core/finish';
import type { ChecklistInput } from '../../core/finishChecklist';
import { FinishChecklistProvider, FinishNode } from './finishView';
import { createPullRequestWithGh, mergeNoFastForward, pushBranch, remoteFor, remoteUrl } from '../../git/finish';
import { findProgram } from '../../git/program';
import { finishTarget, SessionFinish, type FinishTarget } from '../../git/finishChecks';
import type { TestTaskRunner } from './testTask';
import { readConfig } from '../base/config';
import type { TerritoryMaps } from '../model/maps';
import type { PromptService } from '../prompts/prompts';
import { requireTrust } from '../base/trust';
import { registerCommand } from '../base/commandIds';
import { setContext, ViewId } from '../base/ids';
import { UiSeam } from '../base/uiSeam';
import { feature, type Feature } from '../base/lifecycle';

/** The GitHub Pull Requests extension, whose Create Pull Request view takes over when `gh` is missing. */
export const GITHUB_PR_EXTENSION = 'GitHub.vscode-pull-request-github';

/** The dialogs of Finish Session; tests answer them like the lead would (TerritoryApi.ui). */
export interface FinishUi {
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T | undefined>;
  /** A modal question; true only when the lead chose `action`. */
  confirm(message: string, detail: string, action: string): Thenable<boolean>;
  info(message: string, ...actions: string[]): Thenable<string | undefined>;
  error(message: string, ...actions: string[]): Thenable<string | undefined>;
  copy(text: string): Thenable<void>;
  openExternal(url: string): Thenable<boolean>;
}

export function defaultFinishUi(): FinishUi {
  return {
    pick: (items, options) => vscode.window.showQuickPick(items, options),
    confirm: async (message, detail, action) =>
      (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action,
    info: (message, ...actions) => vscode.window.showInformationMessage(message, ...actions),
    error: (message, ...actions) => vscode.window.showErrorMessage(message, ...actions),
    copy: (text) => vscode.env.clipboard.writeText(text),
    openExternal: (url) => vscode.env.openExternal(vscode.Uri.parse(url)),
  };
}

export interface FinishOutcome {
  readonly target?: FinishTarget;
  readonly checks?: FinishChecks;
  /** What was done at the end; undefined when nothing was (a failed check, a refusal, a cancel). */
  readonly done?:
    | { readonly kind: 'merge'; readonly commit: string }
    | {
        readonly kind: 'pr';
        readonly via: 'gh' | 'github-pr-extension' | 'compare-url' | 'clipboard';
        readonly url?: string;
      };
  /** Why it stopped, in one line. */
  readonly reason?: string;
}

type Choice = vscode.QuickPickItem & { readonly action: 'merge' | 'pr' };

export class FinishSession {
  /** The checklist the Finish Session view shows; each run replaces its rows. */
  readonly checklist = new FinishChecklistProvider();
  /** The Finish Session view that shows it. */
  readonly view: vscode.TreeView<FinishNode>;

  constructor(
    private readonly maps: TerritoryMaps,
    private readonly prompts: PromptService,
    private readonly tests: TestTaskRunner,
    /** Its dialogs; tests answer them through this seam. */
    private readonly ui = new UiSeam(defaultFinishUi()),
  ) {
    this.view = vscode.window.createTreeView<FinishNode>(ViewId.finish, { treeDataProvider: this.checklist });
  }

  /** Shows the run's state in the view (listed from the first run on); the run's first state reveals it. */
  private show(input: ChecklistInput, folder: vscode.Uri | undefined): void {
    this.checklist.update(input, folder);
    if (input.checks !== undefined) return;
    void setContext('finishShown', true).then(() =>
      vscode.commands.executeCommand(`${ViewId.finish}.focus`).then(undefined, () => undefined),
    );
  }

  /** `action`: the next action chosen in the view (no picker); it runs after the checks pass again. */
  async run(action?: 'merge' | 'pr'): Promise<FinishOutcome> {
    if (!requireTrust('finish the session')) return { reason: 'Restricted Mode' };
    await this.maps.ready();
    const territory = this.maps.all().find((t) => t.map !== undefined && t.resolver !== undefined);
    if (!territory?.map || !territory.resolver) {
      this.show({ stopped: 'no domain map in this workspace' }, undefined);
      return this.stop({}, 'no domain map in this workspace');
    }
    const root = territory.folder.uri.fsPath;
    const folder = territory.folder.uri;
    const settings = readConfig(territory.folder);
    const target = await finishTarget(root, territory.map, settings);
    if (typeof target === 'string') {
      this.show({ stopped: target }, folder);
      return this.stop({}, target);
    }
    const where = { head: target.head, base: target.base, localBase: target.localBase, notes: target.notes };
    this.show({ ...where, running: true }, folder);
    const session = new SessionFinish(root, territory.map, territory.resolver, settings, target);
    let lastRun: TestRun | undefined;
    const checks = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Finish Session (${target.head} → ${target.base})`,
        cancellable: true,
      },
      (progress, token) =>
        runFinishChecks(
          session.probes(async () => {
            if (settings.testTask === '') return judgeTests(undefined, '');
            lastRun = await this.tests.run(territory.folder);
            return judgeTests(lastRun, settings.testTask);
          }),
          {
            cancelled: () => token.isCancellationRequested,
            onStep: (step, index, total) =>
              progress.report({
                message: `${index + 1}/${total} ${step.title}…`,
                increment: index === 0 ? 0 : 100 / total,
              }),
          },
        ),
    );
    this.show({ ...where, checks }, folder);
    if (!checks.ok) {
      const reason = checks.failed ? `stopped at "${checks.failed.title}": ${checks.failed.summary}` : 'cancelled';
      return this.stop({ target, checks }, reason);
    }
    const report = session.report(lastRun);
    const goal = this.prompts.plan(territory).goal;
    const choice =
      action !== undefined
        ? { action }
        : await this.ui.current.pick<Choice>(
            [
              {
                action: 'merge',
                label: `$(git-merge) Merge into ${target.base}`,
                detail: `A merge commit (--no-ff) whose message is the merge report's summary; ${target.base} is checked out afterwards.`,
              },
              {
                action: 'pr',
                label: '$(git-pull-request) Push and open a pull request',
                detail: `Pushes ${target.head} and opens a pull request into ${target.base} described by the merge report.`,
              },
            ],
            {
              title: `Territory: Finish Session — all checks passed for ${target.head}`,
              placeHolder: 'Merge, or open a pull request?',
            },
          );
    if (!choice) return { target, checks, reason: 'no choice made: nothing merged or pushed' };
    const outcome =
      choice.action === 'merge'
        ? await this.merge(root, target, checks, mergeCommitMessage(report, goal))
        : await this.pullRequest(root, target, checks, pullRequestTitle(report, goal), renderMergeReport(report));
    // Finished: the view says what was done and offers no action that would do it twice.
    if (outcome.done?.kind === 'merge')
      this.show({ ...where, checks, done: `merged into ${target.base} (${outcome.done.commit.slice(0, 7)})` }, folder);
    else if (outcome.done?.kind === 'pr')
      this.show(
        {
          ...where,
          checks,
          done: outcome.done.url ? `pull request: ${outcome.done.url}` : 'pushed: open the pull request',
        },
        folder,
      );
    return outcome;
  }

  private async merge(
    root: string,
    target: FinishTarget,
    checks: FinishChecks,
    message: string,
  ): Promise<FinishOutcome> {
    if (!target.localBase)
      return this.stop(
        { target, checks },
        `there is no local branch ${target.base} to merge into (only ${target.baseRef}): check it out, or open a pull request`,
      );
    const confirmed = await this.ui.current.confirm(
      `Merge ${target.head} into ${target.base}?`,
      `Territory checks out ${target.base} and makes a merge commit (--no-ff, never a fast-forward or a force) whose message is the merge report's summary:\n\n${message.split('\n')[0]}`,
      'Merge',
    );
    if (!confirmed) return { target, checks, reason: 'not confirmed: nothing merged' };
    const merged = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Merging ${target.head} into ${target.base}…` },
      () => mergeNoFastForward(root, target.base, target.head, message),
    );
    if (!merged.ok) return this.stop({ target, checks }, `the merge was not made: ${merged.reason}`);
    void this.ui.current.info(
      `Merged ${target.head} into ${target.base} (${merged.value.commit.slice(0, 7)}); ${target.base} is checked out. Push it when you are ready.`,
    );
    return { target, checks, done: { kind: 'merge', commit: merged.value.commit } };
  }

  private async pullRequest(
    root: string,
    target: FinishTarget,
    checks: FinishChecks,
    title: string,
    body: string,
  ): Promise<FinishOutcome> {
    const remote = await remoteFor(root, target.head);
    if (!remote.ok) return this.stop({ target, checks }, remote.reason);
    const gh = findProgram('gh', root);
    const extension = vscode.extensions.getExtension(GITHUB_PR_EXTENSION);
    const url = await remoteUrl(root, remote.value);
    const compare = url !== undefined ? compareUrl(url, target.base, target.head) : undefined;
    const via =
      gh !== undefined
        ? 'gh'
        : extension !== undefined
          ? 'github-pr-extension'
          : compare !== undefined
            ? 'compare-url'
            : 'clipboard';
    const how = {
      gh: 'gh pr create opens the pull request',
      'github-pr-extension':
        "the GitHub Pull Requests extension's Create view opens, with the description on the clipboard",
      'compare-url': `${compare} opens, with the description on the clipboard`,
      clipboard: 'the description goes to the clipboard',
    }[via];
    const confirmed = await this.ui.current.confirm(
      `Push ${target.head} to ${remote.value} and open a pull request into ${target.base}?`,
      `A plain push (never a force); then ${how}.\n\nTitle: ${title}`,
      'Push and Open Pull Request',
    );
    if (!confirmed) return { target, checks, reason: 'not confirmed: nothing pushed' };
    const pushed = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Pushing ${target.head} to ${remote.value}…` },
      () => pushBranch(root, remote.value, target.head),
    );
    if (!pushed.ok) return this.stop({ target, checks }, `the branch was not pushed: ${pushed.reason}`);
    if (gh !== undefined) {
      const created = await createPullRequestWithGh(root, gh, { base: target.base, head: target.head, title, body });
      if (!created.ok) return this.stop({ target, checks }, `pushed ${target.head}, but ${created.reason}`);
      void this.ui.current.info(`Pull request opened: ${created.value}`);
      return { target, checks, done: { kind: 'pr', via, url: created.value } };
    }
    await this.ui.current.copy(body);
    if (extension !== undefined) {
      await vscode.commands.executeCommand('pr.create').then(undefined, () => undefined);
      void this.ui.current.info(
        `Pushed ${target.head}; the pull request's description (the merge report) is on the clipboard: paste it into the Create Pull Request view.`,
      );
      return { target, checks, done: { kind: 'pr', via } };
    }
    if (compare !== undefined) await this.ui.current.openExternal(compare);
    void this.ui.current.info(
      `Pushed ${target.head}; the pull request's description (the merge report) is on the clipboard${compare ? `: paste it into ${compare}` : ''}.`,
    );
    return { target, checks, done: { kind: 'pr', via, url: compare } };
  }

  private stop(outcome: FinishOutcome, reason: string): FinishOutcome {
    // A branch just made is not a failure: there is simply nothing to finish yet.
    if (reason.startsWith(NO_SESSION_COMMITS)) void this.ui.current.info(`Finish Session: ${reason}.`);
    else void this.ui.current.error(`Finish Session ${reason.startsWith('stopped') ? reason : `stopped: ${reason}`}.`);
    return { ...outcome, reason };
  }
}

export function registerFinish(
  maps: TerritoryMaps,
  prompts: PromptService,
  tests: TestTaskRunner,
  ui: UiSeam<FinishUi>,
): Feature<FinishSession> {
  const finish = new FinishSession(maps, prompts, tests, ui);
  return feature(finish, [
    finish.checklist,
    finish.view,
    registerCommand('finishSession', () => finish.run()),
    registerCommand('finishSessionMerge', () => finish.run('merge')),
    registerCommand('finishSessionPullRequest', () => finish.run('pr')),
    registerCommand('openFinishLocation', async (arg: unknown, line: unknown) => {
      // From a row's inline button the argument is the row: its own click command says where.
      const [uri, at0] = arg instanceof FinishNode ? (arg.command?.arguments ?? []) : [arg, line];
      if (!(uri instanceof vscode.Uri)) return undefined;
      line = at0;
      const at = typeof line === 'number' && line >= 0 ? line : 0;
      try {
        return await vscode.window.showTextDocument(uri, { selection: new vscode.Range(at, 0, at, 0), preview: true });
      } catch {
        void vscode.window.showInformationMessage(
          `${vscode.workspace.asRelativePath(uri)} cannot be opened (it may not exist on this branch).`,
        );
        return undefined;
      }
    }),
  ]);
}
