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
import { feature, type Feature } from '../base/lifecycle';
import type { UiSeam } from '../base/uiSeam';
import type { FocusTerminalUi } from './focusTerminal';

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

/** What mission control is handed: the features whose state it shows, and its dialogs (tests answer them). */
export interface MissionSources {
  readonly extensionUri: vscode.Uri;
  readonly maps: TerritoryMaps;
  readonly guard: Guard;
  readonly terminals: DomainTerminals;
  readonly prompts: PromptService;
  readonly handoffs: Handoffs;
  readonly commits: Commits;
  readonly guardArmed: GuardArmedStates;
  readonly log: Log;
  readonly focusUi?: UiSeam<FocusTerminalUi>;
}

export function registerMission(sources: MissionSources): Feature<Mission> {
  const { extensionUri, maps, guard, terminals, prompts, handoffs, commits, guardArmed, log } = sources;
  const control = new MissionControl(maps, guard.blocked, terminals, log, {
    hasTask: (territory, id) => Boolean(prompts.plan(territory).tasks[id]),
    focusUi: sources.focusUi,
  });
  // Focus Terminal on the guard's blocked-edit notification.
  const focusAsked = guard.blocked.onDidAskFocusTerminal((domainId) => {
    const entry = maps.domains().find((d) => d.domain.id === domainId);
    if (entry) void control.terminalFocus.focus(entry.territory, entry.domain);
  });
  const board = new SessionBoard(extensionUri, maps, control, prompts, handoffs, commits, guardArmed, log);
  const agentState = (territory: FolderTerritory, domainId: string): DomainAgentState | undefined => {
    const shown = control.stateOf(territory, domainId);
    return shown.state === 'none'
      ? undefined
      : {
          state: shown.state,
          label: STATE_LABEL[shown.state],
          since: shown.since,
          icon: ICON[shown.state],
          detail: shown.activity.waitingFor,
        };
  };
  const summary = () =>
    maps.domains().flatMap(({ territory, domain }) => {
      const shown = agentState(territory, domain.id);
      return shown ? [`${domain.id}: ${shown.label}${shown.detail ? ` (${shown.detail})` : ''}`] : [];
    });
  return feature({ control, board, agentState, summary }, [
    control,
    focusAsked,
    board,
    registerCommand('showSessionBoard', () => board.show()),
  ]);
}
