// Mission control: every domain agent's state (Domains view, status bar tooltip, notifications)
// and the Session Board.
import type * as vscode from 'vscode';
import { STATE_LABEL, type AgentState } from '../../core/mission/state';
import { registerCommand } from '../base/commandIds';
import type { Commits } from '../commits';
import type { DomainAgentState } from '../model/domainsView';
import type { Guard } from '../guard';
import type { Handoffs } from '../handoffs';
import type { Log } from '../base/log';
import type { FolderTerritory, TerritoryMaps } from '../model/maps';
import type { PromptService } from '../prompts/prompts';
import type { DomainTerminals } from '../terminals/terminals';
import { SessionBoard } from './board';
import { MissionControl } from './service';
import type { GuardArmedStates } from '../guard/armed';

export { MissionControl } from './service';
export { SessionBoard, type RenderedBoard } from './board';

export interface Mission {
  readonly control: MissionControl;
  readonly board: SessionBoard;
  /** A domain's state as the Domains view shows it. */
  agentState(territory: FolderTerritory, domainId: string): DomainAgentState | undefined;
  /** One line per domain with activity, for the status bar tooltip. */
  summary(): string[];
}

const ICON: Readonly<Record<AgentState, string>> = {
  none: 'circle-outline',
  working: 'sync',
  waiting: 'bell',
  idle: 'debug-pause',
  blocked: 'circle-slash',
  stalled: 'watch',
  exited: 'debug-stop',
  unknown: 'question',
};

export function registerMission(
  extensionUri: vscode.Uri,
  maps: TerritoryMaps,
  guard: Guard,
  terminals: DomainTerminals,
  prompts: PromptService,
  handoffs: Handoffs,
  commits: Commits,
  guardArmed: GuardArmedStates,
  log: Log,
): { mission: Mission; disposables: vscode.Disposable[] } {
  const control = new MissionControl(maps, guard.blocked, terminals, log);
  control.trackTasks((territory, id) => Boolean(prompts.plan(territory).tasks[id]));
  guard.blocked.focusTerminal = (domainId) => {
    const entry = maps.domains().find((d) => d.domain.id === domainId);
    if (entry) void control.terminalFocus.focus(entry.territory, entry.domain);
  };
  const board = new SessionBoard(extensionUri, maps, control, prompts, handoffs, commits, guardArmed, log);
  const agentState = (territory: FolderTerritory, domainId: string): DomainAgentState | undefined => {
    const shown = control.stateOf(territory, domainId);
    return shown.state === 'none' ? undefined : { state: shown.state, label: STATE_LABEL[shown.state], since: shown.since, icon: ICON[shown.state], detail: shown.activity.waitingFor };
  };
  const summary = () =>
    maps.domains().flatMap(({ territory, domain }) => {
      const shown = agentState(territory, domain.id);
      return shown ? [`${domain.id}: ${shown.label}${shown.detail ? ` (${shown.detail})` : ''}`] : [];
    });
  return { mission: { control, board, agentState, summary }, disposables: [control, board, registerCommand('showSessionBoard', () => board.show())] };
}
