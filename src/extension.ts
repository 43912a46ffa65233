import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { publicApi, type TerritoryPublicApi } from './api';
import { TEST_HANDLE_ENV } from './testHandle';
import { ActiveDomain } from './features/model/activeDomain';
import { OffLimitsDecorations } from './features/offLimits/decorations';
import { EditorOwner } from './features/offLimits/editorOwner';
import { registerDomainsView, type DomainsTreeProvider } from './features/model/domainsView';
import { registerEditorCommands } from './features/terminals/editorCommands';
import { defaultFinishUi, registerFinish, type FinishSession, type FinishUi } from './features/commits/finish';
import { registerGuard, type Guard } from './features/guard';
import { registerHandoffs, type Handoffs } from './features/handoffs';
import { ReportPreviews } from './features/base/reportPreview';
import { createLog, type Log } from './features/base/log';
import { registerMapCommands, type MapCommandsUi } from './features/model/mapCommands';
import { WalkthroughSignal } from './features/model/walkthroughSignal';
import { registerCommits, type Commits } from './features/commits';
import { defaultUi, type CommitsUi } from './features/commits/ui';
import { infoUi, UiSeam, warnUi } from './features/base/uiSeam';
import type { FocusTerminalUi } from './features/mission/focusTerminal';
import { TerritoryMaps } from './features/model/maps';
import { defaultWarningPrompt, OffLimitsWarning, type WarningPrompt } from './features/offLimits/offLimitsWarning';
import { registerPromptCommands } from './features/prompts/promptCommands';
import { agentStarter, type LaunchUi } from './features/prompts/agentStarter';
import { PromptService, type OpenRequestsFor } from './features/prompts/prompts';
import { SessionReadonly } from './features/offLimits/readonlyEditors';
import { DomainStatusBar } from './features/model/statusBar';
import { DomainTerminals } from './features/terminals/terminals';
import { WorkingTreeChanges } from './features/offLimits/workingTree';
import { WorkspaceTrust } from './features/base/trust';
import { WorkspaceReadonly } from './features/offLimits/workspaceReadonly';
import { registerMission, type Mission } from './features/mission';
import { GuardArmedStates, type GuardArmedUi } from './features/guard/armed';
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

/** The live objects, handed only to Territory's own integration tests (see TerritoryExports). */
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
  readonly editorOwner: EditorOwner;
  readonly sessionReadonly: SessionReadonly;
  readonly workspaceReadonly: WorkspaceReadonly;
  readonly offLimitsWarning: OffLimitsWarning;
  readonly workingTree: WorkingTreeChanges;
  readonly commits: Commits;
  readonly prompts: PromptService;
  readonly handoffs: Handoffs;
  readonly guard: Guard;
  readonly guardArmed: GuardArmedStates;
  readonly finish: FinishSession;
  readonly mission: Mission;
  /** The test hook for the dialogs: `api.ui.commits.answerWith(…)` answers like a user until `reset()`. */
  readonly ui: FeatureUis;
}

/** Each feature's dialogs, handed to it when it is built. */
export interface FeatureUis {
  readonly commits: UiSeam<CommitsUi>;
  readonly finish: UiSeam<FinishUi>;
  readonly offLimitsWarning: UiSeam<WarningPrompt>;
  readonly focusTerminal: UiSeam<FocusTerminalUi>;
  readonly mapCommands: UiSeam<MapCommandsUi>;
  readonly launch: UiSeam<LaunchUi>;
  readonly guardArmed: UiSeam<GuardArmedUi>;
}

/** `earlyLog`: the log channel src/loader.ts opened before it loaded this bundle. */
/**
 * What the extension exports: the small versioned API for other extensions, and the live objects
 * under `testing` only where the extension host's environment holds TERRITORY_TEST_HANDLE=1
 * (the test runners set it), so no other extension comes to depend on them.
 */
export interface TerritoryExports extends TerritoryPublicApi {
  readonly testing?: TerritoryApi;
}

export function activate(context: vscode.ExtensionContext, earlyLog?: Log): TerritoryExports {
  const started = performance.now();
  // One shape: every service, view and feature is a Disposable that activate() owns.
  const own = <T extends vscode.Disposable>(disposable: T): T => {
    context.subscriptions.push(disposable);
    return disposable;
  };
  const log = earlyLog ?? own(createLog());
  // First: nothing below may start a process before the trust policy is in force.
  const trust = own(new WorkspaceTrust(log));
  // The prompts each feature shows, with their production answers; tests answer them through `ui`.
  const ui: FeatureUis = {
    commits: new UiSeam(defaultUi()),
    finish: new UiSeam(defaultFinishUi()),
    offLimitsWarning: new UiSeam(defaultWarningPrompt),
    focusTerminal: new UiSeam(infoUi()),
    mapCommands: new UiSeam(infoUi()),
    launch: new UiSeam(warnUi()),
    guardArmed: new UiSeam(warnUi()),
  };
  const maps = own(new TerritoryMaps(log));
  const activeDomain = own(new ActiveDomain(context.workspaceState, maps));
  own(new WalkthroughSignal(maps, activeDomain));
  const workingTree = own(new WorkingTreeChanges(maps, activeDomain, log));
  const sessionReadonly = own(new SessionReadonly(maps, activeDomain, log));
  const workspaceReadonly = own(new WorkspaceReadonly(maps, activeDomain, context.workspaceState, log));
  const offLimitsWarning = own(new OffLimitsWarning(maps, activeDomain, sessionReadonly, ui.offLimitsWarning));
  const decorations = own(new OffLimitsDecorations(maps, activeDomain, sessionReadonly));
  const editorOwner = own(new EditorOwner(maps, activeDomain, sessionReadonly));

  // The services other features read, each built before anything that shows it.
  const guard = own(registerGuard(maps, activeDomain, log));
  // One read-only preview per report, reused by every run (Merge Report, Collect Handoffs, a domain's report).
  const reports = own(new ReportPreviews());
  const handoffs = own(registerHandoffs(maps, activeDomain, log, reports));
  const commits = own(registerCommits(maps, activeDomain, workingTree, log, reports, ui.commits));
  const openRequests: OpenRequestsFor = (territory, id) =>
    openRequestsTo(
      handoffs.service.entries(territory.folder).map((e) => e.request),
      id,
    );
  const prompts = own(new PromptService(maps, context.storageUri ?? context.globalStorageUri, openRequests));
  const guardArmed = own(new GuardArmedStates(log, ui.guardArmed));
  const terminals = own(
    new DomainTerminals(
      maps,
      activeDomain,
      agentStarter(
        prompts,
        {
          writeClaudeSettings: (territory) => guard.service.exportPermissions(territory),
          writeProjectHook: (territory, agent) => guard.service.exportProjectHook(territory, agent),
          check: (territory, domains, agent, program) => guardArmed.check(territory, domains, agent, program),
          unguarded: (territory, domains, reason) => guardArmed.unguarded(territory, domains, reason),
        },
        ui.launch,
      ),
    ),
  );
  const mission = own(
    registerMission({
      extensionUri: context.extensionUri,
      maps,
      guard,
      terminals,
      prompts,
      handoffs,
      commits,
      guardArmed,
      log,
      focusUi: ui.focusTerminal,
    }),
  );

  // The views, each handed what it shows and the events after which it reads it again.
  const readonlyFailure = () => workspaceReadonly.failure;
  const statusBar = own(
    new DomainStatusBar(maps, activeDomain, workingTree, sessionReadonly, {
      blocking: (id) => handoffs.service.openBlockingFor(id),
      warning: readonlyFailure,
      agents: () => mission.summary(),
      changed: [handoffs.service.onDidChange, workspaceReadonly.onDidChangeFailure, mission.control.onDidChange],
    }),
  );
  const domainsView = own(
    registerDomainsView({
      maps,
      active: activeDomain,
      changes: workingTree,
      planOf: (territory) => prompts.plan(territory),
      handoffsFor: (territory, id) => ({
        open: handoffs.service.openFor(id, territory.folder),
        blocking: handoffs.service.openBlockingFor(id, territory.folder),
      }),
      commitsOf: (territory, id) => commits.service.countsOf(territory.folder, id),
      guardNode: (territory) => guard.hooksNode(territory),
      blockedOf: (territory, id) => guard.blocked.nodeOf(territory, id),
      agentOf: (territory, id) => mission.agentState(territory, id),
      guardArmedOf: (territory, id) => guardArmed.of(territory, id),
      warning: readonlyFailure,
      changed: [
        prompts.onDidChangePlan,
        handoffs.service.onDidChange,
        commits.service.onDidChange,
        guard.service.onDidChange,
        guard.blocked.onDidChange,
        workspaceReadonly.onDidChangeFailure,
        mission.control.onDidChange,
        guardArmed.onDidChange,
      ],
    }),
  );

  // The commands.
  own(registerMapCommands(maps, activeDomain, () => log.show(), ui.mapCommands));
  own(registerEditorCommands(maps, activeDomain, terminals, sessionReadonly));
  own(registerPromptCommands(maps, prompts, context.workspaceState));
  const finish = own(registerFinish(maps, prompts, commits.tests, ui.finish));

  // Trust granted: list files with git again; the git-backed views follow the maps' change event.
  own(trust.onDidGrant(() => void maps.reloadAll()));

  // Reading maps runs after activation returns, so activation itself stays cheap.
  void maps
    .reloadAll()
    .then(() => log.info(`maps read ${(performance.now() - started).toFixed(1)} ms after activation began`));
  const activation: ActivationTime = {
    loadMs: typeof __territoryLoadStart === 'number' ? loadedAt - __territoryLoadStart : 0,
    activateMs: performance.now() - started,
  };
  log.info(
    `activated in ${(activation.loadMs + activation.activateMs).toFixed(1)} ms of Territory's own time ` +
      `(bundle ${activation.loadMs.toFixed(1)} ms, activate() ${activation.activateMs.toFixed(1)} ms)`,
  );
  const testing: TerritoryApi = {
    activation,
    log,
    trust,
    maps,
    activeDomain,
    statusBar,
    domainsView,
    terminals,
    decorations,
    editorOwner,
    sessionReadonly,
    workspaceReadonly,
    offLimitsWarning,
    workingTree,
    prompts,
    handoffs,
    commits,
    guard,
    guardArmed,
    finish,
    mission,
    ui,
  };
  return {
    ...publicApi(maps, activeDomain, context.subscriptions),
    ...(process.env[TEST_HANDLE_ENV] === '1' ? { testing } : {}),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
