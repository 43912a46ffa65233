import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { ActiveDomain } from './features/activeDomain';
import { OffLimitsDecorations } from './features/decorations';
import { registerDomainsView, type DomainsTreeProvider } from './features/domainsView';
import { registerEditorCommands } from './features/editorCommands';
import { registerFinish, type FinishSession } from './features/finish';
import { registerGuard, type Guard } from './features/guard';
import { registerHandoffs, type Handoffs } from './features/handoffs';
import { createLog, type Log } from './features/log';
import { registerMapCommands } from './features/mapCommands';
import { registerCommits, type Commits } from './features/commits';
import { TerritoryMaps } from './features/maps';
import { OffLimitsWarning } from './features/offLimitsWarning';
import { registerPromptCommands } from './features/promptCommands';
import { PromptService } from './features/prompts';
import { SessionReadonly } from './features/readonlyEditors';
import { DomainStatusBar } from './features/statusBar';
import { DomainTerminals } from './features/terminals';
import { WorkingTreeChanges } from './features/workingTree';
import { WorkspaceTrust } from './features/trust';
import { WorkspaceReadonly } from './features/workspaceReadonly';
import { registerMission, type Mission } from './features/mission';
import { openRequestsTo } from './core/handoffs/types';

/** Set by the bundle's first line (scripts/build.mjs): when Territory's code began to run. */
declare const __territoryLoadStart: number | undefined;

/** When this module's imports had been evaluated: the bundle's load time ends here. */
const loadedAt = performance.now();

/** Territory's own share of its activation: evaluating the bundle, then activate() (wall clock). */
export interface ActivationTime {
  readonly loadMs: number;
  readonly activateMs: number;
  /**
   * The CPU time of the same work (this thread's where Node measures it, else the process's): on a
   * busy machine the wall clock also counts the time other processes held the CPU.
   */
  readonly cpuMs?: number;
}

/** What the extension exports: the live objects, for integration tests and other extensions. */
export interface TerritoryApi {
  readonly activation: ActivationTime;
  readonly log: Log;
  readonly trust: WorkspaceTrust;
  readonly maps: TerritoryMaps;
  readonly activeDomain: ActiveDomain;
  readonly statusBar: DomainStatusBar;
  readonly domainsView: DomainsTreeProvider;
  readonly terminals: DomainTerminals;
  readonly decorations: OffLimitsDecorations;
  readonly sessionReadonly: SessionReadonly;
  readonly workspaceReadonly: WorkspaceReadonly;
  readonly offLimitsWarning: OffLimitsWarning;
  readonly workingTree: WorkingTreeChanges;
  readonly commits: Commits;
  readonly prompts: PromptService;
  readonly handoffs: Handoffs;
  readonly guard: Guard;
  readonly finish: FinishSession;
  readonly mission: Mission;
}

/** `earlyLog`: the log channel src/loader.ts opened before it loaded this bundle. */
export function activate(context: vscode.ExtensionContext, earlyLog?: Log): TerritoryApi {
  const started = performance.now();
  const own = <T extends vscode.Disposable>(disposable: T): T => {
    context.subscriptions.push(disposable);
    return disposable;
  };
  const log = earlyLog ?? own(createLog());
  // First: nothing below may start a process before the trust policy is in force.
  const trust = own(new WorkspaceTrust(log));
  const maps = own(new TerritoryMaps(log));
  const activeDomain = own(new ActiveDomain(context.workspaceState, maps));
  const workingTree = own(new WorkingTreeChanges(maps, activeDomain, log));
  const sessionReadonly = own(new SessionReadonly(maps, activeDomain, log));
  const workspaceReadonly = own(new WorkspaceReadonly(maps, activeDomain, context.workspaceState, log));
  const offLimitsWarning = own(new OffLimitsWarning(maps, activeDomain, sessionReadonly));
  const statusBar = own(new DomainStatusBar(maps, activeDomain, workingTree, sessionReadonly));
  const decorations = own(new OffLimitsDecorations(maps, activeDomain));
  const terminals = own(new DomainTerminals(maps, activeDomain));
  const prompts = own(new PromptService(maps, context.storageUri ?? context.globalStorageUri));
  const { provider: domainsView, view } = registerDomainsView(maps, activeDomain, workingTree, prompts);
  own(domainsView);
  own(view);
  context.subscriptions.push(...registerMapCommands(maps, activeDomain, () => log.show()));
  context.subscriptions.push(...registerEditorCommands(maps, activeDomain, terminals, sessionReadonly));
  const { disposables: guardDisposables, guard } = registerGuard(maps, activeDomain, log);
  context.subscriptions.push(...guardDisposables);
  domainsView.trackGuard((territory) => guard.hooksNode(territory), guard.onDidChange);
  domainsView.trackBlocked((territory, id) => guard.blocked.nodeOf(territory, id), guard.blocked.onDidChange);
  context.subscriptions.push(...registerPromptCommands(maps, prompts, terminals, (territory) => guard.service.exportPermissions(territory)));
  const { disposables: handoffDisposables, handoffs } = registerHandoffs(maps, activeDomain, log);
  context.subscriptions.push(...handoffDisposables);
  statusBar.trackBlocking((id) => handoffs.openBlockingFor(id), handoffs.onDidChange);
  statusBar.trackWarning(() => workspaceReadonly.failure, workspaceReadonly.onDidChangeFailure);
  domainsView.trackWarning(() => workspaceReadonly.failure, workspaceReadonly.onDidChangeFailure);
  domainsView.trackHandoffs((territory, id) => ({ open: handoffs.openFor(id, territory.folder), blocking: handoffs.openBlockingFor(id, territory.folder) }), handoffs.onDidChange);
  prompts.openRequestsFor = (territory, id) =>
    openRequestsTo(
      handoffs.service.entries(territory.folder).map((e) => e.request),
      id,
    );

  const { disposables: commitDisposables, commits } = registerCommits(maps, activeDomain, workingTree, log);
  domainsView.trackCommits((territory, id) => commits.service.countsOf(territory.folder, id), commits.service.onDidChange);
  context.subscriptions.push(...commitDisposables);
  const { finish, disposables: finishDisposables } = registerFinish(maps, prompts, commits.tests);
  context.subscriptions.push(...finishDisposables);
  const { mission, disposables: missionDisposables } = registerMission(context.extensionUri, maps, guard, terminals, prompts, handoffs, commits, log);
  context.subscriptions.push(...missionDisposables);
  domainsView.trackAgents((territory, id) => mission.agentState(territory, id), mission.control.onDidChange);
  statusBar.trackAgents(() => mission.summary(), mission.control.onDidChange);

  // Trust granted: list files with git again; the git-backed views follow the maps' change event.
  own(trust.onDidGrant(() => void maps.reloadAll()));

  // Reading maps runs after activation returns, so activation itself stays cheap.
  void maps.reloadAll().then(() => log.info(`maps read ${(performance.now() - started).toFixed(1)} ms after activation began`));
  const activation: ActivationTime = {
    loadMs: typeof __territoryLoadStart === 'number' ? loadedAt - __territoryLoadStart : 0,
    activateMs: performance.now() - started,
  };
  log.info(
    `activated in ${(activation.loadMs + activation.activateMs).toFixed(1)} ms of Territory's own time ` +
      `(bundle ${activation.loadMs.toFixed(1)} ms, activate() ${activation.activateMs.toFixed(1)} ms)`,
  );
  return {
    activation,
    log,
    trust,
    maps,
    activeDomain,
    statusBar,
    domainsView,
    terminals,
    decorations,
    sessionReadonly,
    workspaceReadonly,
    offLimitsWarning,
    workingTree,
    prompts,
    handoffs,
    commits,
    guard,
    finish,
    mission,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
