// Launch Domain Terminals' second half: what runs in each new domain terminal. With
// `territory.agentCommand` the agent starts with its domain's prompt file, after its guard is in
// place; without it, the prompts are handed to the lead to paste.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { agentCommandLine, shellKindOf, withClaudeSettings } from '../../core/agentCommand';
import type { GuardedAgent } from '../../core/guard/agentGuard';
import { claudeSettingsFile } from '../../core/guard/claudePermissions';
import type { ExportResult } from '../../core/guard/exports';
import { readGuardSettings } from '../../core/guard/guardCheck';
import {
  AGENT_TITLE,
  isProjectHookAgent,
  MAX_HOOK_FILE_BYTES,
  PROJECT_HOOK_FILE,
  type ProjectHookAgent,
} from '../../core/guard/projectHookCheck';
import { agentKindOf } from '../../core/mission/agents';
import type { Domain } from '../../core/types';
import { claudeSandboxUnavailable } from '../../git/agentGuardPlaces';
import { readConfig } from '../base/config';
import { settingId } from '../base/ids';
import { requireTrust } from '../base/trust';
import type { FolderTerritory } from '../model/maps';
import type { CreatedTerminal, TerminalStarter } from '../terminals/terminals';
import type { PromptService } from './prompts';
import type { UiSeam, WarnUi } from '../base/uiSeam';

/**
 * Starts `territory.agentCommand` in each new domain terminal with its domain's prompt file.
 * Without the setting the terminals stay at their shells: the prompts are written and opened
 * beside, and the first one is put on the clipboard, ready to paste into the agent. Whatever agent
 * the setting starts, its guard is put in place first and proves itself on its canary while the
 * agents start: Claude Code's settings per domain, or the project's hook file of Gemini, Codex and
 * Copilot CLI, which every terminal shares.
 */
export function agentStarter(prompts: PromptService, guards: AgentGuards, ui: UiSeam<LaunchUi>): TerminalStarter {
  return async (created) => {
    if (!requireTrust('start agents')) return;
    const manual: { started: CreatedTerminal; file: vscode.Uri }[] = [];
    const prepared = new Set<FolderTerritory>();
    const guarded = new Map<FolderTerritory, { agent: GuardedAgent; program: string; domains: Domain[] }>();
    const unguarded = new Map<FolderTerritory, { program: string; claude: boolean; domains: Domain[] }>();
    for (const started of created) {
      const file = await prompts.writeLaunchPrompt(started.territory, started.domain);
      const setting = readConfig(started.territory.folder).agentCommand;
      if (setting === '') {
        manual.push({ started, file });
        continue;
      }
      const claudeSettings = path.join(started.territory.folder.uri.fsPath, claudeSettingsFile(started.domain.id));
      const kind = agentKindOf(setting);
      const agent: GuardedAgent | undefined = setting.includes('{claudeSettings}')
        ? 'claude'
        : isProjectHookAgent(kind)
          ? kind
          : undefined;
      if (agent !== undefined && !prepared.has(started.territory)) {
        prepared.add(started.territory);
        if (agent === 'claude')
          await ensureClaudeSettings(started.territory, claudeSettings, guards.writeClaudeSettings);
        else await ensureProjectHook(started.territory, agent, guards.writeProjectHook);
      }
      // One check and one warning per folder, naming all its domains (the setting is per folder).
      if (agent !== undefined) {
        const entry = guarded.get(started.territory) ?? { agent, program: programOf(setting), domains: [] };
        entry.domains.push(started.domain);
        guarded.set(started.territory, entry);
      } else {
        const entry = unguarded.get(started.territory) ?? {
          program: programOf(setting),
          claude: kind === 'claude',
          domains: [],
        };
        entry.domains.push(started.domain);
        unguarded.set(started.territory, entry);
      }
      const options = started.terminal.creationOptions as vscode.TerminalOptions;
      const placeholders = { domain: started.domain.id, claudeSettings };
      try {
        started.terminal.sendText(
          agentCommandLine(setting, file.fsPath, shellKindOf(options.shellPath ?? vscode.env.shell), placeholders),
          true,
        );
      } catch (error) {
        // A setting this shell cannot run safely: say why, type nothing, go on with the other terminals.
        void vscode.window.showErrorMessage(
          `Did not start the agent in ${started.terminal.name}: ${(error as Error).message}`,
        );
      }
    }
    // Each guard proves itself on its canary while the agents start (shown in the Domains view).
    for (const [territory, { agent, program, domains }] of guarded)
      void guards.check(territory, domains, agent, program);
    // An agent started without a guard is said, never left silent: in the Domains view and once here.
    for (const [territory, entry] of unguarded) void sayUnguarded(territory, entry, guards, ui.current);
    if (manual.length > 0) await showPromptsToPaste(prompts, manual);
  };
}

/** What Launch Domain Terminals needs of the guard feature. */
export interface AgentGuards {
  /** Writes every domain's Claude Code settings file (Export Claude Code Permissions). */
  readonly writeClaudeSettings: (territory: FolderTerritory) => Promise<ExportResult>;
  /** Merges Territory's hooks into the project file the agent reads. */
  readonly writeProjectHook: (territory: FolderTerritory, agent: ProjectHookAgent) => Promise<ExportResult>;
  /** Runs each domain's guard on its canary, as the agent will (features/guard/armed.ts); `program` is the setting's first word. */
  readonly check: (
    territory: FolderTerritory,
    domains: readonly Domain[],
    agent: GuardedAgent,
    program: string,
  ) => Promise<void>;
  /** Shows the domains' guard as not armed, for `reason`, without running anything. */
  readonly unguarded: (territory: FolderTerritory, domains: readonly Domain[], reason: string) => void;
}

/** The launch's warnings that offer a fix; tests answer them through `api.ui.launch`. */
export type LaunchUi = WarnUi;

export const ADD_CLAUDE_SETTINGS = 'Add --settings {claudeSettings}';
const SANDBOX_TERMINALS = 'Turn On Sandbox Terminals';

/**
 * Claude Code started without `--settings {claudeSettings}` reads none of Territory's guard, and an
 * agent Territory has no hook for (aider, a script) is seen by none: the lead hears it once per
 * launch, with the fix one click away (the placeholder added to the setting where it is defined, or
 * the OS sandbox around each terminal).
 */
async function sayUnguarded(
  territory: FolderTerritory,
  entry: { readonly program: string; readonly claude: boolean; readonly domains: readonly Domain[] },
  guards: AgentGuards,
  ui: LaunchUi,
): Promise<void> {
  const ids = entry.domains.map((d) => d.id).join(', ');
  if (entry.claude && (await projectClaudeGuard(territory.folder.uri.fsPath))) return;
  if (entry.claude) {
    guards.unguarded(
      territory,
      entry.domains,
      'territory.agentCommand starts Claude Code without --settings {claudeSettings}: the agent runs without the guard',
    );
    const answer = await ui.warn(
      `The agents of ${ids} run WITHOUT Territory's guard: territory.agentCommand starts Claude Code without --settings {claudeSettings}, so nothing stops an edit of another domain's files. Add it, then launch again.`,
      ADD_CLAUDE_SETTINGS,
    );
    if (answer === ADD_CLAUDE_SETTINGS) await addClaudeSettings(territory.folder);
    return;
  }
  if (readConfig(territory.folder).sandboxTerminals) return;
  const answer = await ui.warn(
    `Territory has no hook for ${entry.program}: the agents of ${ids} are not guarded. Territory guards Claude Code, Gemini, Codex and Copilot CLI; for any other agent, sandboxed terminals confine each domain's writes with the OS sandbox.`,
    SANDBOX_TERMINALS,
  );
  if (answer === SANDBOX_TERMINALS)
    await vscode.commands.executeCommand('workbench.action.openSettings', settingId('sandboxTerminals'));
}

/** The project's own Claude Code settings hold Territory's guard (an export the lead put there with --out). */
async function projectClaudeGuard(root: string): Promise<boolean> {
  for (const file of ['.claude/settings.json', '.claude/settings.local.json']) {
    const text = await readFile(path.join(root, file), 'utf8').catch(() => undefined);
    if (text !== undefined && text.length <= MAX_HOOK_FILE_BYTES && readGuardSettings(text, file).ok) return true;
  }
  return false;
}

/** Adds the placeholder to territory.agentCommand at the level that defines it (folder, workspace or user). */
export async function addClaudeSettings(folder: vscode.WorkspaceFolder): Promise<void> {
  const configuration = vscode.workspace.getConfiguration('territory', folder);
  const defined = configuration.inspect<string>('agentCommand');
  const [target, value] =
    defined?.workspaceFolderValue !== undefined
      ? [vscode.ConfigurationTarget.WorkspaceFolder, defined.workspaceFolderValue]
      : defined?.workspaceValue !== undefined
        ? [vscode.ConfigurationTarget.Workspace, defined.workspaceValue]
        : [vscode.ConfigurationTarget.Global, defined?.globalValue ?? ''];
  await configuration.update('agentCommand', withClaudeSettings(value), target);
}

/**
 * `{claudeSettings}` names a file the agent refuses to start without: write the files when it is
 * missing. The settings turn on Claude Code's sandbox with failIfUnavailable: where it cannot
 * start, the agents refuse to start, and the user is told why here, before the terminals say so.
 */
async function ensureClaudeSettings(
  territory: FolderTerritory,
  file: string,
  write: AgentGuards['writeClaudeSettings'],
): Promise<void> {
  const sandbox = claudeSandboxUnavailable(territory.folder.uri.fsPath);
  if (sandbox !== undefined)
    void vscode.window.showWarningMessage(`${sandbox.charAt(0).toUpperCase()}${sandbox.slice(1)}.`);
  if (existsSync(file)) return;
  const result = await write(territory);
  if (!result.ok)
    void vscode.window.showWarningMessage(
      `Could not write the Claude Code settings the agents are started with: ${result.reason}`,
    );
}

/**
 * Gemini, Codex and Copilot CLI read their hooks from one project file: Territory's guard and event
 * hooks are merged into it (every other key and hook kept) before the agents start, and the lead is
 * told when the file changed, with what the agent asks before it runs a project's hooks.
 */
async function ensureProjectHook(
  territory: FolderTerritory,
  agent: ProjectHookAgent,
  write: AgentGuards['writeProjectHook'],
): Promise<void> {
  const result = await write(territory, agent);
  if (!result.ok) {
    void vscode.window.showWarningMessage(
      `${AGENT_TITLE[agent]} starts without Territory's guard: ${PROJECT_HOOK_FILE[agent]} could not be updated: ${result.reason}`,
    );
    return;
  }
  if (!result.files.some((f) => f.changed)) return;
  // The last note is the agent's own trust step, without which it runs no project hook.
  const trust = result.notes[result.notes.length - 1] ?? '';
  void vscode.window.showInformationMessage(
    `Territory's guard is now in ${PROJECT_HOOK_FILE[agent]}, shared by every domain terminal. ${trust.charAt(0).toUpperCase()}${trust.slice(1)}.`,
  );
}

/**
 * Without an agent command: ONE prompt opens beside (the first domain's, the one on the clipboard),
 * as a preview; the others are written and a Copy Prompt away. Opening every domain's prompt put
 * five tabs in front of the user at once.
 */
async function showPromptsToPaste(
  prompts: PromptService,
  manual: readonly { started: CreatedTerminal; file: vscode.Uri }[],
): Promise<void> {
  const first = manual[0].started;
  await vscode.window.showTextDocument(manual[0].file, {
    viewColumn: vscode.ViewColumn.Beside,
    preview: true,
    preserveFocus: true,
  });
  await vscode.env.clipboard.writeText(await prompts.prompt(first.territory, first.domain));
  const rest = manual.slice(1).map(({ started }) => started.domain.id);
  const others = rest.length > 0 ? ` Copy Prompt puts the one of ${rest.join(', ')} on the clipboard.` : '';
  const answer = await vscode.window.showInformationMessage(
    `The prompt of ${first.domain.id} is on the clipboard: paste it into the agent in ${first.terminal.name}.${others} Set territory.agentCommand to start agents with their prompts.`,
    'Set Agent Command',
  );
  if (answer === 'Set Agent Command')
    await vscode.commands.executeCommand('workbench.action.openSettings', settingId('agentCommand'));
}

/** The program a setting starts: its first word (as agentKindOf reads it). */
function programOf(setting: string): string {
  return setting.trim().split(/\s+/)[0] ?? setting;
}
