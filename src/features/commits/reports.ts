import * as vscode from 'vscode';
import { groupChanges } from '../../core/commits/changes';
import { readHandoffFiles } from '../../core/commits/handoffNeeds';
import {
  buildMergeReport,
  renderMergeReport,
  type MergeOutcome,
  type MergeReport,
} from '../../core/commits/mergeReport';
import { buildDomainReport, renderDomainReport, type DomainReport, type ReportRange } from '../../core/commits/report';
import { mergeReportSummary } from '../../core/finish';
import type { Domain } from '../../core/types';
import { loadHistory, type History } from '../../git/history';
import { checkMerge } from '../../git/mergeCheck';
import { readStatus } from '../../git/status';
import { readDesignatedBranch } from '../../git/sessionBranch';
import { noSessionCommits } from '../../core/commits/range';
import { folderLinks, type ReportPreviews } from '../base/reportPreview';
import type { ActiveDomain } from '../model/activeDomain';
import { readConfig } from '../base/config';
import { CommandId } from '../base/commandIds';
import type { FolderTerritory, TerritoryMaps } from '../model/maps';
import type { CommitsService } from './service';
import type { TestTaskRunner } from './testTask';
import type { CommitsUi } from './ui';

export interface OpenedReport<R> {
  readonly report: R;
  readonly markdown: string;
  readonly document: vscode.TextDocument;
}

function rangeOf(history: History): ReportRange {
  return {
    label: history.range.label,
    spec: history.range.spec,
    capped: history.capped ? { loaded: history.commits.length, total: history.total } : undefined,
  };
}

/** The domain a command was invoked for: an id, a view node carrying a domain, else the active domain, else a pick. */
export async function domainArgument(
  maps: TerritoryMaps,
  active: ActiveDomain,
  ui: CommitsUi,
  arg: unknown,
): Promise<{ territory: FolderTerritory; domain: Domain } | undefined> {
  const all = maps.domains();
  let id: string | undefined;
  if (typeof arg === 'string') id = arg.toUpperCase();
  else if (arg && typeof arg === 'object' && 'domain' in arg) id = (arg as { domain?: Domain }).domain?.id;
  id ??= active.id;
  const found = id !== undefined ? all.find((d) => d.domain.id === id) : undefined;
  if (found) return found;
  if (all.length === 0) {
    await ui.warn('No domain map: create territory.json first.');
    return undefined;
  }
  const picked = await ui.quickPick(
    all.map((d) => ({ label: d.domain.id, description: `${d.domain.terminal} · ${d.domain.name}`, target: d })),
    { title: 'Domain Report', placeHolder: 'Report on which domain?' },
  );
  return picked?.target;
}

/** Builds the domain's report over the range shown in the Commits by Domain view. */
export async function buildReportFor(
  service: CommitsService,
  tests: TestTaskRunner,
  territory: FolderTerritory,
  domain: Domain,
): Promise<DomainReport | string> {
  if (!territory.map || !territory.resolver) return 'the folder has no usable map';
  const folder = territory.folder;
  let current = service.get(folder);
  if (!current || current.territory.map !== territory.map) {
    await service.refreshNow();
    current = service.get(folder);
  }
  if (!current) return 'the commits are not read yet';
  if (!current.result.ok) return current.result.reason;
  const history = current.result.history;
  const status = await readStatus(folder.uri.fsPath);
  const uncommitted = status.ok ? (groupChanges(status.entries, territory.resolver).get(domain.id) ?? []) : [];
  return buildDomainReport({
    domain,
    range: rangeOf(history),
    commits: history.grouping.groups.find((g) => g.domain.id === domain.id)?.commits ?? [],
    uncommitted,
    handoffs: await readHandoffFiles(folder.uri.fsPath, territory.map, territory.resolver),
    testRun: await tests.lastRun(folder),
    generatedAt: new Date(),
  });
}

export async function domainReportCommand(
  maps: TerritoryMaps,
  active: ActiveDomain,
  service: CommitsService,
  tests: TestTaskRunner,
  ui: CommitsUi,
  reports: ReportPreviews,
  arg: unknown,
): Promise<OpenedReport<DomainReport> | undefined> {
  const target = await domainArgument(maps, active, ui, arg);
  if (!target) return undefined;
  const report = await buildReportFor(service, tests, target.territory, target.domain);
  if (typeof report === 'string') {
    await ui.error(`Domain Report for ${target.domain.id}: ${report}.`);
    return undefined;
  }
  const markdown = renderDomainReport(report, folderLinks(target.territory.folder));
  return { report, markdown, document: await reports.show(`${target.domain.id} Report`, markdown) };
}

/** Phase 4's report for the first folder with a map (or the one given). */
export async function buildMergeReportFor(
  territory: FolderTerritory,
  tests: TestTaskRunner,
): Promise<MergeReport | string> {
  if (!territory.map || !territory.resolver) return 'the folder has no usable map';
  const folder = territory.folder;
  const config = readConfig(folder);
  const loaded = await loadHistory(folder.uri.fsPath, territory.map, territory.resolver, {
    choice: { kind: 'default' },
    baseBranch: config.baseBranch,
    maxCommits: config.maxCommits,
    unassignedPolicy: config.unassigned,
  });
  if (!loaded.ok) return loaded.reason;
  const history = loaded.history;
  const head = history.state.head;
  const headName = head.kind === 'branch' ? head.branch : 'HEAD';
  const base = history.range.base;
  let merge: MergeOutcome;
  if (head.kind === 'unborn') merge = { state: 'unknown', reason: 'the repository has no commits yet' };
  else if (history.range.atBase && base)
    merge = { state: 'unknown', reason: `${noSessionCommits(headName, base)}: there is nothing to merge` };
  else if (!base) {
    const why = history.notices
      .find((n) => /base branch|main or master/.test(n))
      ?.replace(/: showing the last \d+ commits$/, '');
    merge = { state: 'unknown', reason: `no base branch to merge into: ${why ?? 'set territory.baseBranch'}` };
  } else if (history.range.limit !== undefined) {
    // The fallback range: HEAD is the base itself, or shares no history with it (a shallow clone).
    const unrelated = history.notices
      .find((n) => n.includes('share no history'))
      ?.replace(/: showing the last \d+ commits$/, '');
    merge = {
      state: 'unknown',
      reason: unrelated ?? `${headName} is the base branch (${base}) itself: there is nothing to merge`,
    };
  } else {
    const checked = await checkMerge(history.state.top, base, 'HEAD');
    merge = checked.ok
      ? {
          state: checked.clean ? 'clean' : 'conflicts',
          conflicts: checked.conflicts,
          messages: checked.messages,
          method: checked.method,
        }
      : { state: 'unknown', reason: checked.reason };
  }
  return buildMergeReport({
    range: rangeOf(history),
    grouping: history.grouping,
    handoffs: await readHandoffFiles(folder.uri.fsPath, territory.map, territory.resolver),
    head: headName,
    base,
    merge,
    testTask: config.testTask,
    lastTestRun: await tests.lastRun(folder),
    generatedAt: new Date(),
    sessionBranch: (await readDesignatedBranch(folder.uri.fsPath, territory.map)).designated.branch,
    atBase: history.range.atBase,
  });
}

export const RUN_TESTS_ACTION = 'Run Test Suite';
export const FINISH_ACTION = 'Finish Session';

export async function mergeReportCommand(
  maps: TerritoryMaps,
  tests: TestTaskRunner,
  ui: CommitsUi,
  reports: ReportPreviews,
  arg: unknown,
): Promise<OpenedReport<MergeReport> | undefined> {
  const territories = maps.all().filter((t) => t.map !== undefined);
  const wanted =
    arg instanceof Object && 'uri' in arg
      ? territories.find((t) => t.folder.uri.toString() === (arg as vscode.WorkspaceFolder).uri.toString())
      : undefined;
  const territory = wanted ?? territories[0];
  if (!territory) {
    await ui.warn('Merge Report: no domain map in this workspace.');
    return undefined;
  }
  const report = await buildMergeReportFor(territory, tests);
  if (typeof report === 'string') {
    await ui.error(`Merge Report: ${report}.`);
    return undefined;
  }
  const markdown = renderMergeReport(report, folderLinks(territory.folder));
  const document = await reports.show(
    territories.length > 1 ? `Merge Report (${territory.folder.name})` : 'Merge Report',
    markdown,
  );
  const summary = mergeReportSummary(report);
  // The buttons of phase 4, step 3 ("Run full test suite") and step 4 (Finish Session: merge or PR).
  void Promise.resolve(ui.info(`Merge Report: ${summary}`, RUN_TESTS_ACTION, FINISH_ACTION)).then(async (action) => {
    if (action === RUN_TESTS_ACTION) await tests.run(territory.folder);
    else if (action === FINISH_ACTION) await vscode.commands.executeCommand(CommandId.finishSession);
  });
  return { report, markdown, document };
}
