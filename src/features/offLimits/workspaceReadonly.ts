import * as path from 'node:path';
import * as vscode from 'vscode';
import { readonlyGlobs } from '../../core/readonlyGlobs';
import { RefreshQueue } from '../../core/refreshQueue';
import type { ActiveDomain } from '../model/activeDomain';
import { onDidChangeSettings, readConfig } from '../base/config';
import { Disposable } from '../base/lifecycle';
import type { Log } from '../base/log';
import type { FolderTerritory, TerritoryMaps } from '../model/maps';
import { StateKey } from '../base/ids';

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
  /** One key: each run writes the globs of every folder. */
  private readonly queue: RefreshQueue<'all'>;
  private lastFailure: string | undefined;
  private readonly failureChanged = this.register(new vscode.EventEmitter<void>());
  /** Fires when a write fails or works again: the status bar and the Domains view show it. */
  readonly onDidChangeFailure = this.failureChanged.event;

  constructor(
    private readonly maps: TerritoryMaps,
    private readonly active: ActiveDomain,
    private readonly state: vscode.Memento,
    log: Log,
  ) {
    super();
    this.queue = new RefreshQueue({
      name: 'workspace read-only settings',
      delayMs: 0,
      log,
      run: () => this.syncShowingFailure(),
    });
    this.register({ dispose: () => this.queue.dispose() });
    for (const event of [maps.onDidChange, maps.onDidChangeFiles]) this.register(event(() => this.schedule()));
    this.register(active.onDidChange(() => this.schedule()));
    this.register(
      onDidChangeSettings((change) => {
        if (change.affects('readonly') || change.affects('unassigned')) this.schedule();
      }),
    );
    this.schedule();
  }

  settled(): Promise<void> {
    return this.queue.idle();
  }

  /** Why the last write of the read-only globs failed; undefined once one succeeds. */
  get failure(): string | undefined {
    return this.lastFailure;
  }

  schedule(): void {
    void this.queue.run('all');
  }

  /** A failed write stays visible (status bar, Domains view) until one succeeds, and is logged. */
  private async syncShowingFailure(): Promise<void> {
    try {
      await this.syncAll();
      this.setFailure(undefined);
    } catch (error) {
      const reason = `Territory could not update files.readonlyInclude, so the read-only files are not the active domain's: ${error instanceof Error ? error.message : String(error)}`;
      this.setFailure(reason);
      void vscode.window.showErrorMessage(reason);
      throw error;
    }
  }

  private setFailure(reason: string | undefined): void {
    if (reason === this.lastFailure) return;
    this.lastFailure = reason;
    this.failureChanged.fire();
  }

  private async syncAll(): Promise<void> {
    for (const territory of this.maps.all()) await this.sync(territory);
  }

  private desired(territory: FolderTerritory): { include: string[]; exclude: string[] } {
    const config = readConfig(territory.folder);
    const map = territory.map;
    if (config.readonly !== 'workspace' || !map || !map.domains.some((d) => d.id === this.active.id))
      return { include: [], exclude: [] };
    if (!territory.resolver) return { include: [], exclude: [] };
    const inputs = {
      map,
      resolver: territory.resolver,
      files: [...territory.files],
      unassignedPolicy: config.unassigned,
    };
    return readonlyGlobs(inputs, this.active.id ?? '', writableFiles(territory.folder));
  }

  private async sync(territory: FolderTerritory): Promise<void> {
    const key = territory.folder.uri.toString();
    const owned: Owned = { ...(this.state.get<Owned>(StateKey.workspaceReadonlyEntries) ?? {}) };
    const previous = owned[key] ?? { include: [], exclude: [] };
    const wanted = this.desired(territory);
    // The exclude that keeps settings.json writable goes in before an include that would lock it,
    // and comes out only after the include is gone.
    let include: string[];
    let exclude: string[];
    if (wanted.include.length > 0) {
      exclude = await this.apply(territory.folder, 'readonlyExclude', previous.exclude, wanted.exclude);
      include = await this.apply(territory.folder, 'readonlyInclude', previous.include, wanted.include);
    } else {
      include = await this.apply(territory.folder, 'readonlyInclude', previous.include, wanted.include);
      exclude = await this.apply(territory.folder, 'readonlyExclude', previous.exclude, wanted.exclude);
    }
    if (include.length === 0 && exclude.length === 0) delete owned[key];
    else owned[key] = { include, exclude };
    // Every burst of file events syncs: the workspace state is written only when what Territory owns changed.
    if (sameList(include, previous.include) && sameList(exclude, previous.exclude)) return;
    await this.state.update(StateKey.workspaceReadonlyEntries, owned);
  }

  /** Rewrites one glob setting; returns the entries Territory now owns in it. */
  private async apply(
    folder: vscode.WorkspaceFolder,
    setting: string,
    ours: readonly string[],
    wanted: readonly string[],
  ): Promise<string[]> {
    const config = vscode.workspace.getConfiguration('files', folder.uri);
    const target = settingsTarget();
    const inspected = config.inspect<GlobSetting>(setting);
    const current =
      (target === vscode.ConfigurationTarget.WorkspaceFolder
        ? inspected?.workspaceFolderValue
        : inspected?.workspaceValue) ?? {};
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
      // A settings file VS Code may not write (read-only, unsaved edits) can leave the value as it
      // was without an error: look, so the failure shows instead of a silently stale lock.
      const after = vscode.workspace.getConfiguration('files', folder.uri).inspect<GlobSetting>(setting);
      const written =
        (target === vscode.ConfigurationTarget.WorkspaceFolder ? after?.workspaceFolderValue : after?.workspaceValue) ??
        {};
      if (!sameEntries(written, next))
        throw new Error(
          `files.${setting} in the workspace settings still holds the previous entries (is the settings file read-only?)`,
        );
    }
    return nowOurs;
  }
}

/** The files the globs are written into, relative to the folder: they must never become read-only. */
function writableFiles(folder: vscode.WorkspaceFolder): string[] {
  const files = ['.vscode/settings.json'];
  const workspaceFile = vscode.workspace.workspaceFile;
  if (workspaceFile?.scheme === 'file') {
    const relative = path.relative(folder.uri.fsPath, workspaceFile.fsPath);
    if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative))
      files.push(relative.split(path.sep).join('/'));
  }
  return files;
}

/** One folder: its `.vscode/settings.json`; several: each folder's own settings. */
function settingsTarget(): vscode.ConfigurationTarget {
  return (vscode.workspace.workspaceFolders?.length ?? 0) > 1
    ? vscode.ConfigurationTarget.WorkspaceFolder
    : vscode.ConfigurationTarget.Workspace;
}

function sameEntries(a: GlobSetting, b: GlobSetting): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => b[k] === a[k]);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((entry, i) => entry === b[i]);
}
