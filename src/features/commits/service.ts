import * as vscode from 'vscode';
import type { RangeChoice } from '../../core/commits/range';
import { RefreshQueue } from '../../core/refreshQueue';
import { TimeSlices } from '../../core/slices';
import { HistoryCache, loadHistory, type HistoryResult } from '../../git/history';
import { onDidChangeSettings, readConfig } from '../base/config';
import { Disposable } from '../base/lifecycle';
import type { Log } from '../base/log';
import type { FolderTerritory, TerritoryMaps } from '../model/maps';
import type { DomainCommitCount } from '../model/domainsView';

/** The commits of one folder, as last read. */
export interface FolderCommits {
  readonly territory: FolderTerritory;
  readonly choice: RangeChoice;
  readonly result: HistoryResult;
  /** Milliseconds the read and grouping took. */
  readonly elapsedMs: number;
}

export const COMMITS_REFRESH_DELAY_MS = 300;

/**
 * Reads each folder's commits of its chosen range (default: the current branch since the base
 * branch), grouped by domain, and reads them again when HEAD or a ref moves, when the map or a
 * setting changes, or on request.
 */
export class CommitsService extends Disposable {
  private readonly folders = new Map<string, FolderCommits>();
  private readonly choices = new Map<string, RangeChoice>();
  /** Per folder: the commits already read and attributed, so that a ref change reads only new ones. */
  private readonly caches = new Map<string, HistoryCache>();
  /** The folders whose git directories are watched for this view. */
  private readonly watched = new Set<string>();
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  /** One key: every refresh reads all folders. */
  private readonly refreshes: RefreshQueue<'all'>;

  constructor(
    private readonly maps: TerritoryMaps,
    private readonly log: Log,
  ) {
    super();
    this.refreshes = new RefreshQueue({
      name: 'commits',
      delayMs: COMMITS_REFRESH_DELAY_MS,
      log,
      run: () => this.refresh(),
    });
    this.register({ dispose: () => this.refreshes.dispose() });
    this.register(maps.onDidChange(() => this.schedule()));
    this.register(
      onDidChangeSettings((change) => {
        if ((['baseBranch', 'maxCommits', 'unassigned'] as const).some((key) => change.affects(key))) this.schedule();
      }),
    );
    // HEAD, refs and the markers of a merge or rebase: what moves when commits or branches change.
    this.register(
      maps.files.onDidChangeGitState((event) => {
        if (this.watched.has(event.folder.uri.toString())) this.schedule();
      }),
    );
    this.register(
      maps.files.onDidChangeFile((event) => {
        if (event.path === '.git/HEAD' && this.watched.has(event.folder.uri.toString())) this.schedule();
      }),
    );
  }

  /** Resolves when no refresh is scheduled or running. */
  settled(): Promise<void> {
    return this.refreshes.idle();
  }

  /** Debounced refresh: a rebase moves HEAD many times in a row. */
  schedule(delay = COMMITS_REFRESH_DELAY_MS): void {
    this.refreshes.schedule('all', delay);
  }

  /** Reads every folder now (serialised with any refresh in progress). */
  refreshNow(): Promise<void> {
    return this.refreshes.run('all');
  }

  all(): FolderCommits[] {
    return [...this.folders.values()];
  }

  get(folder: vscode.WorkspaceFolder): FolderCommits | undefined {
    return this.folders.get(folder.uri.toString());
  }

  /** A domain's commits in the folder's range, once read; `capped` when the range holds more than were loaded. */
  countsOf(folder: vscode.WorkspaceFolder, domainId: string): DomainCommitCount | undefined {
    const result = this.get(folder)?.result;
    if (!result?.ok) return undefined;
    const group = result.history.grouping.groups.find((g) => g.domain.id === domainId);
    if (!group) return undefined;
    return {
      count: group.commits.length,
      violating: group.violatingCommits,
      range: result.history.range.label,
      capped: result.history.capped,
    };
  }

  choiceFor(folder: vscode.WorkspaceFolder): RangeChoice {
    return this.choices.get(folder.uri.toString()) ?? { kind: 'default' };
  }

  /** Changes a folder's range and reads it. */
  async setRange(folder: vscode.WorkspaceFolder, choice: RangeChoice): Promise<FolderCommits | undefined> {
    this.choices.set(folder.uri.toString(), choice);
    await this.refreshNow();
    return this.get(folder);
  }

  private async refresh(): Promise<void> {
    const seen = new Set<string>();
    for (const territory of this.maps.all()) {
      if (!territory.map || !territory.resolver) continue;
      const key = territory.folder.uri.toString();
      seen.add(key);
      const config = readConfig(territory.folder);
      const choice = this.choiceFor(territory.folder);
      const started = performance.now();
      let cache = this.caches.get(key);
      if (!cache) this.caches.set(key, (cache = new HistoryCache()));
      const result = await loadHistory(territory.folder.uri.fsPath, territory.map, territory.resolver, {
        cache,
        slices: new TimeSlices(),
        choice,
        baseBranch: config.baseBranch,
        maxCommits: config.maxCommits,
        unassignedPolicy: config.unassigned,
      });
      const elapsedMs = performance.now() - started;
      this.folders.set(key, { territory, choice, result, elapsedMs });
      this.watch(territory.folder, result);
      this.log.info(
        result.ok
          ? `${territory.folder.name}: commits ${result.history.range.label}: ${result.history.commits.length} read of ${result.history.total} in ${elapsedMs.toFixed(0)} ms`
          : `${territory.folder.name}: commits not read: ${result.reason}`,
      );
    }
    for (const key of [...this.folders.keys()]) {
      if (!seen.has(key)) {
        const folder = this.folders.get(key)?.territory.folder;
        if (folder) this.maps.files.watchGit(folder, 'commits', []);
        this.watched.delete(key);
        this.folders.delete(key);
        this.caches.delete(key);
      }
    }
    this.changed.fire();
  }

  /** Watches the folder's git directories (HEAD, refs) once their place is known, through the one git-state watcher. */
  private watch(folder: vscode.WorkspaceFolder, result: HistoryResult): void {
    const state = result.ok ? result.history.state : result.state;
    // Not a repository yet: the workspace watcher sees `git init` create .git/HEAD in the folder.
    const dirs = state ? [...new Set([state.gitDir, state.commonDir])] : [];
    this.watched.add(folder.uri.toString());
    this.maps.files.watchGit(folder, 'commits', dirs);
  }
}
