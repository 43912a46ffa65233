import * as path from 'node:path';
import * as vscode from 'vscode';
import { claudeSettingsFile } from '../../core/guard/claudePermissions';
import { findCliBundle } from '../../core/guard/cliBundle';
import {
  exportCodeowners,
  exportCommitlint,
  writeCiWorkflow,
  type ExportContext,
  type ExportResult,
} from '../../core/guard/exports';
import { readFolderSettings } from '../../core/settings';
import { installHooks, uninstallHooks, type HookChange, type HooksStatus } from '../../git/hooks';
import { findRepositoryRoot } from '../../git/repository';
import type { DomainMap } from '../../core/types';
import type { ActiveDomain } from '../model/activeDomain';
import { readSettings } from '../base/config';
import type { Log } from '../base/log';
import type { FolderTerritory, TerritoryMaps } from '../model/maps';
import { requireTrust } from '../base/trust';
import { extensionCli, type GuardService } from './service';
import { registerCommand } from '../base/commandIds';

export type HooksOutcome =
  | { readonly ok: true; readonly status: HooksStatus; readonly changes: readonly HookChange[] }
  | { readonly ok: false; readonly reason: string };

/** The folder a command argument names: a folder, or a view node that carries one (GitHooksNode, FolderNode, DomainNode). */
function folderIn(arg: unknown): vscode.WorkspaceFolder | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  if ('uri' in arg && 'index' in arg) return arg as vscode.WorkspaceFolder;
  if ('folder' in arg) return folderIn(arg.folder);
  if ('territory' in arg && arg.territory && typeof arg.territory === 'object' && 'folder' in arg.territory)
    return folderIn(arg.territory.folder);
  return undefined;
}

/** The folder of the argument, else the only folder with a map, else the one the user picks. */
async function folderOf(maps: TerritoryMaps, arg: unknown): Promise<vscode.WorkspaceFolder | undefined> {
  const given = folderIn(arg);
  if (given) return given;
  const folders = maps
    .all()
    .filter((t) => t.map !== undefined)
    .map((t) => t.folder);
  if (folders.length <= 1) return folders[0] ?? vscode.workspace.workspaceFolders?.[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Workspace folder' });
}

function untrusted(): boolean {
  return !requireTrust('install git hooks or write exports');
}

function describeChanges(changes: readonly HookChange[]): string {
  return changes.map((c) => `${c.name} ${c.action}${c.detail ? ` (${c.detail})` : ''}`).join('; ');
}

export async function installGitHooks(
  maps: TerritoryMaps,
  guard: GuardService,
  log: Log,
  arg?: unknown,
): Promise<HooksOutcome> {
  const folder = await folderOf(maps, arg);
  if (!folder) return { ok: false, reason: 'no workspace folder' };
  if (untrusted()) return { ok: false, reason: 'untrusted workspace' };
  const result = await installHooks(folder.uri.fsPath, extensionCli());
  await guard.refresh();
  if (!result.ok) {
    void vscode.window.showErrorMessage(`Could not install git hooks: ${result.reason}`);
    return result;
  }
  const { status, changes } = result.value;
  log.info(`${folder.name}: git hooks in ${status.dir}: ${describeChanges(changes)}`);
  const refused = changes.filter((c) => c.action === 'refused');
  if (refused.length > 0) void vscode.window.showWarningMessage(describeChanges(refused));
  else {
    const chained = changes.filter((c) => c.action === 'chained').map((c) => c.name);
    const shared = status.shared
      ? ' The hooks directory (core.hooksPath) is shared with other repositories; the hooks pass where there is no map.'
      : '';
    const manager = status.manager;
    // With a hook manager, Territory is a step in the manager's file; a committed one keeps it across checkouts.
    const joined = manager
      ? ` Territory is a step of ${manager.name} (${manager.name === 'husky' ? `${manager.config}/<hook>` : manager.config})${manager.name === 'lefthook' ? '' : ': commit it'}.`
      : '';
    const off = status.off ? ` Hooks off: ${status.off}.` : '';
    void vscode.window.showInformationMessage(
      `Territory git hooks installed in ${folder.name}: commits and pushes are checked against the map.${joined}${chained.length > 0 ? ` Your ${chained.join(', ')} hook${chained.length > 1 ? 's run' : ' runs'} first.` : ''}${shared}${off} Emergency bypass: TERRITORY_SKIP_HOOKS=1.`,
    );
  }
  return { ok: true, status, changes };
}

export async function uninstallGitHooks(
  maps: TerritoryMaps,
  guard: GuardService,
  log: Log,
  arg?: unknown,
): Promise<HooksOutcome> {
  const folder = await folderOf(maps, arg);
  if (!folder) return { ok: false, reason: 'no workspace folder' };
  const result = await uninstallHooks(folder.uri.fsPath);
  await guard.refresh();
  if (!result.ok) {
    void vscode.window.showErrorMessage(`Could not uninstall git hooks: ${result.reason}`);
    return result;
  }
  log.info(`${folder.name}: git hooks: ${describeChanges(result.value.changes)}`);
  const refused = result.value.changes.filter((c) => c.action === 'refused');
  if (refused.length > 0) void vscode.window.showWarningMessage(describeChanges(refused));
  else
    void vscode.window.showInformationMessage(
      `Territory git hooks removed from ${folder.name}${result.value.changes.some((c) => c.action === 'restored') ? '; the hooks they replaced are back' : ''}.`,
    );
  return { ok: true, status: result.value.status, changes: result.value.changes };
}

async function reportExport(
  territory: FolderTerritory,
  what: string,
  result: ExportResult,
  log: Log,
  open?: string,
): Promise<ExportResult> {
  if (!result.ok) {
    void vscode.window.showErrorMessage(`${what} not exported: ${result.reason}`);
    return result;
  }
  for (const note of result.notes) log.info(`${territory.folder.name}: ${what}: ${note}`);
  for (const warning of result.warnings ?? []) {
    log.warn(`${territory.folder.name}: ${what}: ${warning}`);
    void vscode.window.showWarningMessage(`${what}: ${warning}`);
  }
  const written = result.files.map((f) => `${f.file}${f.changed ? '' : ' (unchanged)'}`).join(', ');
  void vscode.window.showInformationMessage(
    `Exported ${what}: ${written}.${result.notes.length > 0 ? ' Notes in the Territory log.' : ''}`,
  );
  const file = open ?? result.files[0]?.file;
  if (file)
    await vscode.window.showTextDocument(vscode.Uri.file(path.resolve(territory.folder.uri.fsPath, file)), {
      preview: true,
    });
  return result;
}

/** The folder and the repository top: a map below the top still gets its CODEOWNERS, commitlint file and workflow at the top. */
async function exportContext(territory: FolderTerritory): Promise<ExportContext> {
  const root = territory.folder.uri.fsPath;
  return {
    root,
    map: territory.map as DomainMap,
    repoRoot: await findRepositoryRoot(root),
    mapFile: territory.source?.file,
  };
}

async function territoryOf(maps: TerritoryMaps, arg: unknown): Promise<FolderTerritory | undefined> {
  await maps.ready();
  const folder = await folderOf(maps, arg);
  const territory = folder && maps.get(folder);
  if (!territory?.map) {
    void vscode.window.showWarningMessage('This folder has no usable domain map.');
    return undefined;
  }
  return untrusted() ? undefined : territory;
}

export function registerGuardCommands(
  maps: TerritoryMaps,
  active: ActiveDomain,
  guard: GuardService,
  log: Log,
): vscode.Disposable[] {
  return [
    registerCommand('installGitHooks', (arg?: unknown) => installGitHooks(maps, guard, log, arg)),
    registerCommand('uninstallGitHooks', (arg?: unknown) => uninstallGitHooks(maps, guard, log, arg)),
    registerCommand('exportCodeowners', async (arg?: unknown) => {
      const territory = await territoryOf(maps, arg);
      if (!territory?.map) return undefined;
      const { settings, problems } = readSettings(territory.folder);
      for (const problem of problems) log.warn(problem);
      return reportExport(
        territory,
        'CODEOWNERS',
        await exportCodeowners(
          await exportContext(territory),
          settings.codeOwners,
          undefined,
          [...territory.files],
          settings.unassigned,
        ),
        log,
      );
    }),
    registerCommand('exportCommitlint', async (arg?: unknown) => {
      const territory = await territoryOf(maps, arg);
      if (!territory?.map) return undefined;
      // The exemptions the hooks' check reads (the folder's .vscode/settings.json), so commitlint agrees with them.
      const root = territory.folder.uri.fsPath;
      const { settings } = await readFolderSettings(root);
      return reportExport(
        territory,
        'commitlint',
        await exportCommitlint(await exportContext(territory), undefined, settings.commitExemptions),
        log,
      );
    }),
    registerCommand('exportClaudePermissions', async (arg?: unknown) => {
      const territory = await territoryOf(maps, arg);
      if (!territory) return undefined;
      // The active domain's file is the one its terminal's agent reads: open that one.
      const open =
        active.domain && territory.map?.domains.some((d) => d.id === active.id)
          ? claudeSettingsFile(active.domain.id)
          : undefined;
      return reportExport(territory, 'Claude Code permissions', await guard.exportPermissions(territory), log, open);
    }),
    registerCommand('writeCiWorkflow', async (arg?: unknown) => {
      const territory = await territoryOf(maps, arg);
      if (!territory?.map) return undefined;
      const result = await writeCiWorkflow(await exportContext(territory), { cliBundle: findCliBundle(__dirname) });
      return reportExport(territory, 'CI workflow', result, log);
    }),
  ];
}
