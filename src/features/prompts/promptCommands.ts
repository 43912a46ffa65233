import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { claudeSettingsFile } from '../../core/guard/claudePermissions';
import { agentCommandLine, shellKindOf } from '../../core/agentCommand';
import type { GuardedAgent } from '../../core/guard/agentGuard';
import type { ExportResult } from '../../core/guard/exports';
import {
  AGENT_TITLE,
  isProjectHookAgent,
  PROJECT_HOOK_FILE,
  type ProjectHookAgent,
} from '../../core/guard/projectHookCheck';
import { agentKindOf } from '../../core/mission/agents';
import { SESSION_FILE } from '../../core/session';
import type { Domain } from '../../core/types';
import { readConfig } from '../base/config';
import { requireTrust } from '../base/trust';
import { askSessionBranch } from './sessionBranch';
import { mayStartProcesses } from '../../git/door';
import { claudeSandboxUnavailable } from '../../git/agentGuardPlaces';
import { readDesignatedBranch } from '../../git/sessionBranch';
import { DomainNode } from '../model/domainsView';
import type { FolderTerritory, TerritoryMaps } from '../model/maps';
import { insideFolder, type PromptService } from './prompts';
import type { CreatedTerminal, TerminalStarter } from '../terminals/terminals';
import { writeRefused } from '../base/safeWrite';
import { CommandId, registerCommand } from '../base/commandIds';
import { count } from '../../core/plural';
import { settingId, StateKey } from '../base/ids';

/**
 * Starts `territory.agentCommand` in each new domain terminal with its domain's prompt file.
 * Without the setting the terminals stay at their shells: the prompts are written and opened
 * beside, and the first one is put on the clipboard, ready to paste into the agent. Whatever agent
 * the setting starts, its guard is put in place first and proves itself on its canary while the
 * agents start: Claude Code's settings per domain, or the project's hook file of Gemini, Codex and
 * Copilot CLI, which every terminal shares.
 */
export function agentStarter(prompts: PromptService, guards: AgentGuards): TerminalStarter {
  return async (created) => {
    if (!requireTrust('start agents')) return;
    const manual: { started: CreatedTerminal; file: vscode.Uri }[] = [];
    const prepared = new Set<FolderTerritory>();
    const guarded = new Map<FolderTerritory, { agent: GuardedAgent; domains: Domain[] }>();
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
      if (agent !== undefined) {
        const entry = guarded.get(started.territory) ?? { agent, domains: [] };
        guarded.set(started.territory, { agent, domains: [...entry.domains, started.domain] });
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
    for (const [territory, { agent, domains }] of guarded) void guards.check(territory, domains, agent);
    if (manual.length > 0) await showPromptsToPaste(prompts, manual);
  };
}

/** What Launch Domain Terminals needs of the guard feature. */
export interface AgentGuards {
  /** Writes every domain's Claude Code settings file (Export Claude Code Permissions). */
  readonly writeClaudeSettings: (territory: FolderTerritory) => Promise<ExportResult>;
  /** Merges Territory's hooks into the project file the agent reads. */
  readonly writeProjectHook: (territory: FolderTerritory, agent: ProjectHookAgent) => Promise<ExportResult>;
  /** Runs each domain's guard on its canary, as the agent will (features/guard/armed.ts). */
  readonly check: (territory: FolderTerritory, domains: readonly Domain[], agent: GuardedAgent) => Promise<void>;
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

async function pickDomain(
  maps: TerritoryMaps,
  title: string,
  node?: unknown,
): Promise<{ territory: FolderTerritory; domain: Domain } | undefined> {
  if (node instanceof DomainNode) return { territory: node.territory, domain: node.domain };
  await maps.ready();
  const picked = await vscode.window.showQuickPick(
    maps.domains().map((entry) => ({
      label: entry.domain.id,
      description: `${entry.domain.terminal} · ${entry.domain.name}`,
      entry,
    })),
    { title },
  );
  return picked?.entry;
}

async function pickTerritory(maps: TerritoryMaps): Promise<FolderTerritory | undefined> {
  await maps.ready();
  const withMap = maps.all().filter((t) => t.map !== undefined);
  if (withMap.length <= 1) return withMap[0];
  const folder = await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Workspace folder' });
  return folder && maps.get(folder);
}

/** Where Generate Prompts wrote last in this workspace folder (workspaceState): asked once, then reused. */
function promptFolderKey(territory: FolderTerritory): string {
  return `${StateKey.promptFolder}:${territory.folder.uri.toString()}`;
}

function rememberedFolder(state: vscode.Memento, territory: FolderTerritory): string | undefined {
  const folder = state.get<string>(promptFolderKey(territory));
  if (folder === undefined) return undefined;
  try {
    insideFolder(territory.folder, folder);
    return folder;
  } catch {
    return undefined; // a remembered folder that now leaves the workspace folder is asked for again
  }
}

async function askPromptFolder(
  territory: FolderTerritory,
  value = readConfig(territory.folder).promptFolder,
): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: 'Territory: Generate Prompts',
    prompt: 'Folder for the prompts, relative to the workspace folder (remembered for this workspace)',
    value,
    validateInput: (input) => {
      try {
        insideFolder(territory.folder, input);
        return undefined;
      } catch (error) {
        return (error as Error).message;
      }
    },
  });
}

/** The toast after Generate Prompts: Open shows the first prompt; Change Folder asks again and writes there. */
async function sayPromptsWritten(
  state: vscode.Memento,
  territory: FolderTerritory,
  files: readonly vscode.Uri[],
  folder: string,
): Promise<void> {
  const answer = await vscode.window.showInformationMessage(
    `${count(files.length, 'prompt')} written to ${folder}.`,
    'Open',
    'Change Folder',
  );
  if (answer === 'Open' && files[0]) await vscode.window.showTextDocument(files[0], { preview: true });
  if (answer === 'Change Folder') {
    const next = await askPromptFolder(territory, folder);
    if (next === undefined) return;
    await state.update(promptFolderKey(territory), next);
    await vscode.commands.executeCommand(CommandId.generatePrompts, next);
  }
}

export function registerPromptCommands(
  maps: TerritoryMaps,
  prompts: PromptService,
  state: vscode.Memento,
): vscode.Disposable {
  return vscode.Disposable.from(
    registerCommand('copyPrompt', async (node?: unknown) => {
      const target = await pickDomain(maps, 'Territory: Copy Prompt', node);
      if (!target) return undefined;
      const text = await prompts.prompt(target.territory, target.domain);
      await vscode.env.clipboard.writeText(text);
      void vscode.window.showInformationMessage(`The prompt of ${target.domain.id} is on the clipboard.`);
      return text;
    }),
    registerCommand('generatePrompts', async (folderArg?: string) => {
      const territory = await pickTerritory(maps);
      if (!territory?.map) return undefined;
      const remembered = rememberedFolder(state, territory);
      const folder = folderArg ?? remembered ?? (await askPromptFolder(territory));
      if (folder === undefined) return undefined;
      if (folderArg === undefined && remembered === undefined) await state.update(promptFolderKey(territory), folder);
      const files: vscode.Uri[] = [];
      for (const domain of territory.map.domains) files.push(await prompts.writePrompt(territory, domain, folder));
      void offerGitignore(territory, folder);
      void sayPromptsWritten(state, territory, files, folder);
      return files;
    }),
    registerCommand('planSession', async () => {
      const territory = await pickTerritory(maps);
      if (!territory?.map) return;
      const current = prompts.plan(territory);
      const goal = await vscode.window.showInputBox({
        title: 'Territory: Plan Session — goal',
        value: current.goal,
        prompt: 'The goal of this session (Esc to cancel)',
      });
      if (goal === undefined) return;
      const tasks: Record<string, string> = {};
      for (const domain of territory.map.domains) {
        const task = await vscode.window.showInputBox({
          title: `Territory: Plan Session — task of ${domain.id} (${domain.terminal} · ${domain.name})`,
          value: current.tasks[domain.id] ?? '',
          prompt: 'Leave empty for no task; Esc stops here and keeps what was entered',
        });
        if (task === undefined) break;
        tasks[domain.id] = task;
      }
      const branch = await askSessionBranch(territory, goal, current.branch);
      try {
        await prompts.savePlan(territory, goal, tasks, branch);
        if (branch) void sayWhenUncommitted(territory, branch);
      } catch (error) {
        const open = await vscode.window.showErrorMessage(
          `The plan was not saved: ${(error as Error).message}`,
          'Open session.json',
        );
        if (open) await vscode.window.showTextDocument(vscode.Uri.joinPath(territory.folder.uri, SESSION_FILE));
      }
    }),
    registerCommand('exportProtocol', async (target?: vscode.Uri) => {
      const territory = await pickTerritory(maps);
      if (!territory?.map) return undefined;
      const uri =
        target ??
        (await vscode.window.showSaveDialog({
          defaultUri: vscode.Uri.joinPath(territory.folder.uri, 'TERRITORY_PROTOCOL.md'),
          filters: { Markdown: ['md'] },
          title: 'Territory: Export Protocol',
        }));
      if (!uri) return undefined;
      if (await writeRefused(uri, territory.folder)) return undefined;
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(prompts.exportProtocol(territory)));
      await vscode.window.showTextDocument(uri);
      return uri;
    }),
  );
}

/**
 * Rule 4's hooks follow the session file as it is committed (a domain's shell can rewrite the
 * working copy): says so when the branch just planned is not the one in force yet.
 */
async function sayWhenUncommitted(territory: FolderTerritory, branch: string): Promise<void> {
  if (!territory.map || !mayStartProcesses()) return;
  const { designated } = await readDesignatedBranch(territory.folder.uri.fsPath, territory.map);
  if (designated.branch === branch) return;
  void vscode.window.showInformationMessage(
    `Commit ${SESSION_FILE} on ${branch}: the pre-push hook holds the domain terminals to the session branch of the committed file${designated.branch ? ` (now ${designated.branch})` : ''}, never to an uncommitted copy a terminal could rewrite.`,
  );
}

/** Offers to add the prompt folder to .gitignore: appends one line, never rewrites the file. */
async function offerGitignore(territory: FolderTerritory, folder: string): Promise<void> {
  const gitignore = vscode.Uri.joinPath(territory.folder.uri, '.gitignore');
  let text = '';
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(gitignore));
  } catch {
    // no .gitignore yet
  }
  const entry = `/${folder.replace(/^\.?\//, '').replace(/\/?$/, '/')}`;
  if (text.split(/\r?\n/).some((line) => line.trim() === entry || line.trim() === entry.slice(1))) return;
  const answer = await vscode.window.showInformationMessage(`Add ${entry} to .gitignore?`, 'Add', 'Not Now');
  if (answer !== 'Add') return;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const separator = text === '' || text.endsWith('\n') ? '' : eol;
  if (await writeRefused(gitignore, territory.folder)) return;
  await vscode.workspace.fs.writeFile(gitignore, new TextEncoder().encode(text + separator + entry + eol));
}
