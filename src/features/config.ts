import * as vscode from 'vscode';
import { normalizeMaxCommits } from '../core/commits/settings';

export const SECTION = 'territory';

/** Setting keys, relative to the `territory` section. */
export const Setting = {
  mapFile: 'mapFile',
  unassigned: 'unassigned',
  readonly: 'readonly',
  warnOffLimits: 'warnOffLimits',
  agentCommand: 'agentCommand',
  promptFolder: 'promptFolder',
  baseBranch: 'baseBranch',
  testTask: 'testTask',
  maxCommits: 'maxCommits',
  allowGitFsmonitor: 'allowGitFsmonitor',
} as const;

export type UnassignedPolicy = 'locked' | 'shared';
export type ReadonlyMode = 'session' | 'workspace' | 'off';

export interface TerritoryConfig {
  /** Map file relative to the folder root; empty means discover (territory.json, then markdown). */
  readonly mapFile: string;
  readonly unassigned: UnassignedPolicy;
  readonly readonly: ReadonlyMode;
  /** Show a warning when an off-limits file is opened. */
  readonly warnOffLimits: boolean;
  /** The agent started in each domain terminal; `{promptFile}` / `{prompt}` placeholders. Empty: none. */
  readonly agentCommand: string;
  /** Folder (relative to the workspace folder) where generated prompts are written. */
  readonly promptFolder: string;
  /** Branch the Commits by Domain view and the merge report compare with; empty: detect main/master. */
  readonly baseBranch: string;
  /** Name of the VS Code task that runs the full test suite; empty: none configured. */
  readonly testTask: string;
  /** The most commits the Commits by Domain view loads for one range. */
  readonly maxCommits: number;
  /** Let the repository's core.fsmonitor program run for Territory's own git reads (off: -c core.fsmonitor=false). */
  readonly allowGitFsmonitor: boolean;
}

export function readConfig(scope?: vscode.ConfigurationScope): TerritoryConfig {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  return {
    mapFile: config.get<string>(Setting.mapFile, '').trim(),
    unassigned: oneOf(config.get<string>(Setting.unassigned), ['locked', 'shared'], 'locked'),
    readonly: oneOf(config.get<string>(Setting.readonly), ['session', 'workspace', 'off'], 'session'),
    warnOffLimits: config.get<boolean>(Setting.warnOffLimits, true),
    agentCommand: config.get<string>(Setting.agentCommand, '').trim(),
    promptFolder: config.get<string>(Setting.promptFolder, '.territory/prompts').trim() || '.territory/prompts',
    baseBranch: config.get<string>(Setting.baseBranch, '').trim(),
    testTask: config.get<string>(Setting.testTask, '').trim(),
    maxCommits: normalizeMaxCommits(config.get<number>(Setting.maxCommits)),
    allowGitFsmonitor: config.get<boolean>(Setting.allowGitFsmonitor, false) === true,
  };
}

export function affects(event: vscode.ConfigurationChangeEvent, key: keyof typeof Setting, scope?: vscode.ConfigurationScope): boolean {
  return event.affectsConfiguration(`${SECTION}.${Setting[key]}`, scope);
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}
