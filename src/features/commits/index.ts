import * as vscode from 'vscode';
import { checkRange, checkSinceDate, describeChoice, type RangeChoice } from '../../core/commits/range';
import type { DomainReport } from '../../core/commits/report';
import type { MergeReport } from '../../core/commits/mergeReport';
import { listBranches } from '../../git/range';
import type { ActiveDomain } from '../model/activeDomain';
import { readConfig } from '../base/config';
import type { Log } from '../base/log';
import type { TerritoryMaps } from '../model/maps';
import type { WorkingTreeChanges } from '../offLimits/workingTree';
import { commitDomainChanges, type CommitDomainArgs, type CommitDomainOutcome } from './commitDomain';
import { COMMIT_FILE_SCHEME, CommitFileProvider, openCommitFileDiff, type CommitFileTarget } from './diff';
import { domainReportCommand, mergeReportCommand, type OpenedReport } from './reports';
import { CommitsService, type FolderCommits } from './service';
import { requireTrust } from '../base/trust';
import { TestTaskRunner } from './testTask';
import { CommitsTreeProvider, type CommitsNode } from './tree';
import { defaultUi, type CommitsUi } from './ui';
import { registerCommand } from '../base/commandIds';
import type { ReportPreviews } from '../base/reportPreview';
import { count } from '../../core/plural';
import { ViewId } from '../base/ids';
import { feature, type Feature } from '../base/lifecycle';
import { UiSeam } from '../base/uiSeam';

export { withDomainPrefix } from '../../core/commits/changes';
export { commitDomainChanges, type CommitDomainArgs, type CommitDomainOutcome } from './commitDomain';
export { COMMIT_FILE_SCHEME, commitFileUri, type CommitFileTarget } from './diff';
export type { OpenedReport } from './reports';
export { CommitsService, type FolderCommits } from './service';
export * from './tree';
export type { CommitsUi } from './ui';

/** Everything of the git features that other features and the tests use. */
export interface Commits {
  readonly service: CommitsService;
  readonly tree: CommitsTreeProvider;
  readonly view: vscode.TreeView<CommitsNode>;
  readonly tests: TestTaskRunner;
  /** The commits are read (first read done, no refresh pending). */
  settled(): Promise<void>;
  commitDomainChanges(args?: CommitDomainArgs): Promise<CommitDomainOutcome>;
  domainReport(arg?: unknown): Promise<OpenedReport<DomainReport> | undefined>;
  mergeReport(arg?: unknown): Promise<OpenedReport<MergeReport> | undefined>;
  /** Sets the range of a folder (the first one by default), or asks for one when none is given. */
  changeRange(choice?: RangeChoice, folder?: vscode.WorkspaceFolder): Promise<FolderCommits | undefined>;
}

type RangeItem = vscode.QuickPickItem & { readonly pick: 'default' | 'branch' | 'since' | 'all' | 'range' };

async function askRange(
  ui: CommitsUi,
  folder: vscode.WorkspaceFolder,
  current: RangeChoice,
): Promise<RangeChoice | undefined> {
  const max = readConfig(folder).maxCommits;
  const items: RangeItem[] = [
    {
      pick: 'default',
      label: '$(git-branch) Current branch since the base branch',
      description: readConfig(folder).baseBranch || 'main/master, detected',
      detail: 'Without a base branch: the last 200 commits',
    },
    { pick: 'branch', label: '$(list-tree) A branch since the base branch…' },
    { pick: 'since', label: '$(calendar) Since a date…', description: 'e.g. 2025-01-31 or "2 weeks ago"' },
    {
      pick: 'all',
      label: '$(history) All commits',
      description: `the newest ${max.toLocaleString('en-US')} are loaded (territory.maxCommits)`,
    },
    { pick: 'range', label: '$(git-compare) A revision range…', description: 'e.g. main..HEAD, v1.0...HEAD' },
  ];
  const picked = await ui.quickPick(items, {
    title: 'Commits by Domain: range',
    placeHolder: `Now: ${describeChoice(current)}`,
  });
  if (!picked) return undefined;
  switch (picked.pick) {
    case 'default':
    case 'all':
      return { kind: picked.pick };
    case 'branch': {
      const branches = await listBranches(folder.uri.fsPath);
      if (branches.length === 0) {
        await ui.warn('No branch to choose from (an empty repository, or not a git repository).');
        return undefined;
      }
      const branch = await ui.quickPick(
        branches.map((b) => ({ label: b })),
        { title: 'Commits by Domain: branch', placeHolder: 'Show the commits of which branch?' },
      );
      return branch ? { kind: 'branch', branch: branch.label } : undefined;
    }
    case 'since': {
      const date = await ui.inputBox({
        title: 'Commits by Domain: since',
        prompt: "Show HEAD's commits since (anything git log --since reads)",
        placeHolder: '2025-01-31',
        validateInput: (v) => checkSinceDate(v),
      });
      return date === undefined ? undefined : { kind: 'since', date: date.trim() };
    }
    case 'range': {
      const range = await ui.inputBox({
        title: 'Commits by Domain: revision range',
        prompt: 'A..B: the commits of B not in A',
        placeHolder: 'main..HEAD',
        validateInput: (v) => checkRange(v.trim()),
      });
      return range === undefined ? undefined : { kind: 'range', range: range.trim() };
    }
  }
}

/** `{ message, domain }` as given, or the domain of a Domains view node; nothing else. */
function commitArgs(arg: unknown): CommitDomainArgs | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const { message, domain } = arg as { message?: unknown; domain?: unknown };
  const id =
    typeof domain === 'string'
      ? domain
      : domain && typeof domain === 'object' && typeof (domain as { id?: unknown }).id === 'string'
        ? (domain as { id: string }).id
        : undefined;
  return { message: typeof message === 'string' ? message : undefined, domain: id };
}

/** The Commits by Domain view, its commands, the reports and the test-task button. */
export function registerCommits(
  maps: TerritoryMaps,
  active: ActiveDomain,
  changes: WorkingTreeChanges,
  log: Log,
  reports: ReportPreviews,
  uiSeam = new UiSeam(defaultUi()),
): Feature<Commits> {
  const service = new CommitsService(maps, log);
  const tree = new CommitsTreeProvider(service);
  const view = vscode.window.createTreeView<CommitsNode>(ViewId.commits, {
    treeDataProvider: tree,
    showCollapseAll: true,
  });
  let firstRead: Promise<void> = Promise.resolve();
  const ui = (): CommitsUi => uiSeam.current;
  const tests = new TestTaskRunner(ui, log);

  const updateMessage = () => {
    const all = service.all();
    const capped = all.find((f) => f.result.ok && f.result.history.capped);
    view.message =
      capped && capped.result.ok
        ? `Showing the newest ${capped.result.history.commits.length.toLocaleString('en-US')} of ${capped.result.history.total.toLocaleString('en-US')} commits.`
        : undefined;
    const total = all.reduce((n, f) => n + (f.result.ok ? f.result.history.grouping.violatingCommits : 0), 0);
    view.badge =
      total > 0 ? { value: total, tooltip: `${count(total, 'commit')} with files outside their domain` } : undefined;
  };

  const commits: Commits = {
    service,
    tree,
    view,
    tests,
    settled: async () => {
      await maps.ready();
      await firstRead;
      await service.settled();
    },
    commitDomainChanges: async (args) => {
      const outcome = await commitDomainChanges(maps, active, ui(), args);
      if (outcome.ok) {
        changes.schedule();
        await service.refreshNow();
      }
      return outcome;
    },
    domainReport: (arg) => domainReportCommand(maps, active, service, tests, ui(), reports, arg),
    mergeReport: (arg) => mergeReportCommand(maps, tests, ui(), reports, arg),
    changeRange: async (choice, folder) => {
      const target = folder ?? maps.all().find((t) => t.map !== undefined)?.folder;
      if (!target) {
        await ui().warn('Commits by Domain: no domain map in this workspace.');
        return undefined;
      }
      const chosen = choice ?? (await askRange(ui(), target, service.choiceFor(target)));
      if (!chosen) return undefined;
      return service.setRange(target, chosen);
    },
  };

  // Read once the maps are in; later map changes schedule their own refresh.
  firstRead = maps.ready().then(() => service.refreshNow());

  const disposables: vscode.Disposable[] = [
    service,
    tree,
    view,
    service.onDidChange(updateMessage),
    vscode.workspace.registerTextDocumentContentProvider(COMMIT_FILE_SCHEME, new CommitFileProvider()),
    registerCommand('refreshCommits', () => service.refreshNow()),
    registerCommand('changeCommitRange', (arg?: unknown) => {
      const isFolder = arg instanceof Object && 'uri' in arg && 'index' in arg;
      const isChoice = arg instanceof Object && 'kind' in arg;
      return commits.changeRange(
        isChoice ? (arg as RangeChoice) : undefined,
        isFolder ? (arg as vscode.WorkspaceFolder) : undefined,
      );
    }),
    registerCommand('openCommitFileDiff', (target: CommitFileTarget) => openCommitFileDiff(target)),
    registerCommand('commitDomainChanges', (arg?: unknown) =>
      requireTrust('commit') ? commits.commitDomainChanges(commitArgs(arg)) : undefined,
    ),
    registerCommand('domainReport', (arg?: unknown) =>
      requireTrust('read git for a report') ? commits.domainReport(arg) : undefined,
    ),
    registerCommand('mergeReport', (arg?: unknown) =>
      requireTrust('run the merge check') ? commits.mergeReport(arg) : undefined,
    ),
    registerCommand('runTestTask', async (arg?: unknown) => {
      const folder =
        arg instanceof Object && 'uri' in arg && 'index' in arg
          ? (arg as vscode.WorkspaceFolder)
          : (maps.all().find((t) => t.map !== undefined)?.folder ?? vscode.workspace.workspaceFolders?.[0]);
      if (!folder) return undefined;
      return tests.run(folder);
    }),
  ];
  return feature(commits, disposables);
}
