import * as vscode from 'vscode';
import { SESSION_FILE } from '../../core/session';
import type { Domain } from '../../core/types';
import { readConfig } from '../base/config';
import { askSessionBranch } from './sessionBranch';
import { mayStartProcesses } from '../../git/door';
import { readDesignatedBranch } from '../../git/sessionBranch';
import { DomainNode } from '../model/domainsView';
import type { FolderTerritory, TerritoryMaps } from '../model/maps';
import { insideFolder, type PromptService } from './prompts';
import { writeRefused } from '../base/safeWrite';
import { CommandId, registerCommand } from '../base/commandIds';
import { count } from '../../core/plural';
import { StateKey } from '../base/ids';

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
