import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { CLAUDE_SETTINGS_DIR } from '../../core/guard/claudePermissions';
import { findCliBundle } from '../../core/guard/cliBundle';
import { RefreshQueue } from '../../core/refreshQueue';
import { exportPermissions, type ExportResult } from '../../core/guard/exports';
import { exportProjectHook } from '../../core/guard/projectHookExport';
import { projectHooked, type ProjectHookAgent } from '../../core/guard/projectHookCheck';
import { agentGuardPlaces, claudeSandboxUnavailable } from '../../git/agentGuardPlaces';
import { mayStartProcesses, type GitFailure } from '../../git/door';
import { readHooksStatus, recordCli, type CliLocation, type HooksStatus } from '../../git/hooks';
import { readConfig } from '../base/config';
import { Disposable } from '../base/lifecycle';
import type { Log } from '../base/log';
import type { FolderTerritory, TerritoryMaps } from '../model/maps';

export type FolderHooks = { readonly ok: true; readonly status: HooksStatus } | GitFailure;

/** The CLI this extension ships, for hooks that find no closer one (recorded in git config territory.cli). */
export function extensionCli(): CliLocation | undefined {
  const cli = findCliBundle(__dirname);
  return cli ? { cli, node: process.execPath } : undefined;
}

/** The refresh key that reads every folder's hooks (folder keys are URIs, never empty). */
const ALL_FOLDERS = '';
const HOOKS_BURST_MS = 200;

/**
 * The guard's state per folder: whether Territory's hooks are installed. It also keeps two things
 * current when the extension starts or the map changes: the CLI path recorded for the hooks (an
 * update or a move of the extension changes it) and the Claude Code settings exported earlier.
 */
export class GuardService extends Disposable {
  private readonly hooks = new Map<string, FolderHooks>();
  /** Per folder: a watcher on its hooks directory, so hooks installed from a terminal show at once. */
  private readonly hookWatchers = new Map<string, { dir: string; watcher: vscode.Disposable }>();
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  /** Key ALL_FOLDERS reads every folder's hooks; a folder's URI handles that folder's new map. */
  private readonly refreshes: RefreshQueue<string>;

  constructor(
    private readonly maps: TerritoryMaps,
    private readonly log: Log,
  ) {
    super();
    this.refreshes = new RefreshQueue({
      name: 'git hooks status',
      delayMs: HOOKS_BURST_MS,
      log,
      run: (key) => this.runRefresh(key),
    });
    this.register({ dispose: () => this.refreshes.dispose() });
    this.register(maps.onDidChange((territory) => void this.refreshes.run(territory.folder.uri.toString())));
    // Hooks may be installed or removed from a terminal: look again when the window gets focus.
    this.register(vscode.window.onDidChangeWindowState((state) => state.focused && this.refresh()));
    this.register({ dispose: () => this.hookWatchers.forEach(({ watcher }) => watcher.dispose()) });
  }

  hooksOf(folder: vscode.WorkspaceFolder): FolderHooks | undefined {
    return this.hooks.get(folder.uri.toString());
  }

  /** Resolves when no refresh is scheduled or running. */
  settled(): Promise<void> {
    return this.refreshes.idle();
  }

  refresh(): Promise<void> {
    return this.refreshes.run(ALL_FOLDERS);
  }

  private async runRefresh(key: string): Promise<void> {
    if (key !== ALL_FOLDERS) {
      const territory = this.maps.all().find((t) => t.folder.uri.toString() === key);
      if (territory) await this.onMapChange(territory);
      return;
    }
    for (const territory of this.maps.all()) if (territory.map) await this.readFolder(territory.folder);
    this.changed.fire();
  }

  private async readFolder(folder: vscode.WorkspaceFolder): Promise<FolderHooks> {
    const status = await readHooksStatus(folder.uri.fsPath);
    const hooks: FolderHooks = status.ok ? { ok: true, status: status.value } : status;
    this.hooks.set(folder.uri.toString(), hooks);
    if (hooks.ok) this.watchHooks(folder, hooks.status);
    return hooks;
  }

  private forget(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    this.hooks.delete(key);
    this.hookWatchers.get(key)?.watcher.dispose();
    this.hookWatchers.delete(key);
  }

  /** The hooks directory, and under a hook manager the files that carry Territory's step (a checkout or an edit there turns the hooks off). */
  private watchHooks(folder: vscode.WorkspaceFolder, status: HooksStatus): void {
    const key = folder.uri.toString();
    const stepFiles = status.manager ? [...new Set(status.hooks.map((h) => h.file))] : [];
    const id = [status.dir, ...stepFiles].join('\n');
    if (this.hookWatchers.get(key)?.dir === id) return;
    this.hookWatchers.get(key)?.watcher.dispose();
    const patterns = [new vscode.RelativePattern(vscode.Uri.file(status.dir), '{pre-commit,commit-msg,pre-push,h}*')];
    // The step files share one folder (.husky/) or are one file (lefthook-local.yml, .pre-commit-config.yaml).
    if (stepFiles[0])
      patterns.push(
        new vscode.RelativePattern(
          vscode.Uri.file(path.dirname(stepFiles[0])),
          `{${stepFiles.map((f) => path.basename(f)).join(',')}}`,
        ),
      );
    // Installing writes several hooks at once: one refresh for the burst.
    const changed = () => this.refreshes.schedule(ALL_FOLDERS);
    const watchers = patterns.map((pattern) => vscode.workspace.createFileSystemWatcher(pattern));
    const listeners = watchers.flatMap((w) => [w.onDidCreate(changed), w.onDidChange(changed), w.onDidDelete(changed)]);
    this.hookWatchers.set(key, { dir: id, watcher: vscode.Disposable.from(...watchers, ...listeners) });
  }

  private async onMapChange(territory: FolderTerritory): Promise<void> {
    if (!territory.map) {
      // No map, no guard: nothing to read from git, no hooks directory to watch.
      this.forget(territory.folder);
      this.changed.fire();
      return;
    }
    const hooks = await this.readFolder(territory.folder);
    const cli = extensionCli();
    // The git hooks and the agents' pre-tool hooks (Claude Code's settings under .territory/claude, the
    // other agents' project files) find the CLI through git config.
    const agentsGuarded = existsSync(path.join(territory.folder.uri.fsPath, CLAUDE_SETTINGS_DIR));
    if (
      mayStartProcesses() &&
      cli &&
      hooks.ok &&
      (agentsGuarded ||
        hooks.status.hooks.some((h) => h.state === 'territory' || h.state === 'outdated') ||
        (await projectHooked(territory.folder.uri.fsPath)))
    ) {
      const recorded = await recordCli(territory.folder.uri.fsPath, cli);
      if (recorded.ok && recorded.value)
        this.log.info(`${territory.folder.name}: git config territory.cli → ${cli.cli}`);
    }
    if (mayStartProcesses() && agentsGuarded) {
      const result = await this.exportPermissions(territory);
      if (!result.ok) this.log.warn(`${territory.folder.name}: Claude Code settings not refreshed: ${result.reason}`);
      else if (result.files.some((f) => f.changed)) {
        this.log.info(
          `${territory.folder.name}: Claude Code settings refreshed (${result.files
            .filter((f) => f.changed)
            .map((f) => f.file)
            .join(', ')})`,
        );
        // Said again each time the settings change, not at every map event.
        for (const warning of result.warnings ?? []) this.log.warn(`${territory.folder.name}: Claude Code: ${warning}`);
      }
    }
    this.changed.fire();
  }

  /** Writes every domain's Claude Code settings file (or one domain's into `out`). */
  async exportPermissions(
    territory: FolderTerritory,
    options: { domain?: string; out?: string } = {},
  ): Promise<ExportResult> {
    if (!territory.map) return { ok: false, reason: 'no usable map' };
    const root = territory.folder.uri.fsPath;
    const places = await agentGuardPlaces(root);
    const written = await exportPermissions(
      { root, map: territory.map },
      { files: [...territory.files], unassignedPolicy: readConfig(territory.folder).unassigned, places, ...options },
    );
    const sandbox = claudeSandboxUnavailable(root);
    const result = written.ok && sandbox !== undefined ? { ...written, warnings: [sandbox] } : written;
    if (result.ok) await this.recordExtensionCli(territory);
    return result;
  }

  /**
   * Puts Territory's guard and the Session Board's event hooks into the one project file `agent`
   * reads (every domain terminal shares it: the hook judges the domain TERRITORY_DOMAIN names).
   */
  async exportProjectHook(territory: FolderTerritory, agent: ProjectHookAgent): Promise<ExportResult> {
    if (!territory.map) return { ok: false, reason: 'no usable map' };
    const result = await exportProjectHook({ root: territory.folder.uri.fsPath, map: territory.map }, {}, agent);
    if (result.ok) await this.recordExtensionCli(territory);
    return result;
  }

  /** The agents' hooks run the CLI recorded in git config: record this extension's. */
  private async recordExtensionCli(territory: FolderTerritory): Promise<void> {
    const cli = extensionCli();
    if (!cli || !mayStartProcesses()) return;
    const recorded = await recordCli(territory.folder.uri.fsPath, cli);
    if (!recorded.ok)
      this.log.warn(
        `${territory.folder.name}: git config territory.cli not recorded, the agents' hook will not find the CLI: ${recorded.reason}`,
      );
  }
}
