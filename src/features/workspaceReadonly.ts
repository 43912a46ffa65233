import * as vscode from 'vscode';
import { readonlyGlobs } from '../core/readonlyGlobs';
import type { ActiveDomain } from './activeDomain';
import { affects, readConfig } from './config';
import { Disposable } from './lifecycle';
import type { FolderTerritory, TerritoryMaps } from './maps';

const OWNED_KEY = 'territory.workspaceReadonlyEntries';
type Owned = Record<string, { include: string[]; exclude: string[] }>;
type GlobSetting = Record<string, boolean>;

/**
 * `territory.readonly: workspace`: keeps `files.readonlyInclude` / `files.readonlyExclude` in the
 * workspace settings equal to the user's own entries plus exactly the active domain's off-limits
 * globs. Territory remembers which entries it wrote, so it removes only those, never an entry the
 * user wrote (even an identical one), and writes through VS Code's settings editing, which leaves
 * the rest of the file — comments and formatting included — as it was.
 */
export class WorkspaceReadonly extends Disposable {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly maps: TerritoryMaps,
    private readonly active: ActiveDomain,
    private readonly state: vscode.Memento,
  ) {
    super();
    for (const event of [maps.onDidChange, maps.onDidChangeFiles]) this.register(event(() => this.schedule()));
    this.register(active.onDidChange(() => this.schedule()));
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affects(event, 'readonly') || affects(event, 'unassigned')) this.schedule();
      }),
    );
    this.schedule();
  }

  settled(): Promise<void> {
    return this.queue;
  }

  schedule(): void {
    this.queue = this.queue.then(() => this.syncAll()).catch((error: unknown) => {
      void vscode.window.showErrorMessage(`Territory could not update files.readonlyInclude: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  private async syncAll(): Promise<void> {
    for (const territory of this.maps.all()) await this.sync(territory);
  }

  private desired(territory: FolderTerritory): { include: string[]; exclude: string[] } {
    const config = readConfig(territory.folder);
    const map = territory.map;
    if (config.readonly !== 'workspace' || !map || !map.domains.some((d) => d.id === this.active.id)) return { include: [], exclude: [] };
    const cover = territory.coverage?.unassignedCover ?? { directories: [], files: [] };
    return readonlyGlobs(map, this.active.id ?? '', { locked: config.unassigned === 'locked', ...cover });
  }

  private async sync(territory: FolderTerritory): Promise<void> {
    const key = territory.folder.uri.toString();
    const owned: Owned = { ...(this.state.get<Owned>(OWNED_KEY) ?? {}) };
    const previous = owned[key] ?? { include: [], exclude: [] };
    const wanted = this.desired(territory);
    const include = await this.apply(territory.folder, 'readonlyInclude', previous.include, wanted.include);
    const exclude = await this.apply(territory.folder, 'readonlyExclude', previous.exclude, wanted.exclude);
    if (include.length === 0 && exclude.length === 0) delete owned[key];
    else owned[key] = { include, exclude };
    await this.state.update(OWNED_KEY, owned);
  }

  /** Rewrites one glob setting; returns the entries Territory now owns in it. */
  private async apply(folder: vscode.WorkspaceFolder, setting: string, ours: readonly string[], wanted: readonly string[]): Promise<string[]> {
    const config = vscode.workspace.getConfiguration('files', folder.uri);
    const target = settingsTarget();
    const inspected = config.inspect<GlobSetting>(setting);
    const current = (target === vscode.ConfigurationTarget.WorkspaceFolder ? inspected?.workspaceFolderValue : inspected?.workspaceValue) ?? {};
    const next: GlobSetting = { ...current };
    for (const glob of ours) if (next[glob] === true) delete next[glob];
    const nowOurs: string[] = [];
    for (const glob of wanted) {
      if (glob in next) continue; // the user's own entry: leave it, and never claim it
      next[glob] = true;
      nowOurs.push(glob);
    }
    if (!sameEntries(current, next)) {
      await config.update(setting, Object.keys(next).length === 0 ? undefined : next, target);
    }
    return nowOurs;
  }
}

/** One folder: its `.vscode/settings.json`; several: each folder's own settings. */
function settingsTarget(): vscode.ConfigurationTarget {
  return (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Workspace;
}

function sameEntries(a: GlobSetting, b: GlobSetting): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => b[k] === a[k]);
}
