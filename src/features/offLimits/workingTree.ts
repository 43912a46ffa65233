import * as vscode from 'vscode';
import type { GitFailure } from '../../git/door';
import type { StatusEntry } from '../../git/status';
import { readStatus } from '../../git/status';
import { groupChanges, offLimitsChanges } from '../../core/commits/changes';
import { RefreshQueue } from '../../core/refreshQueue';
import type { ActiveDomain } from '../model/activeDomain';
import { readConfig } from '../base/config';
import { Disposable } from '../base/lifecycle';
import type { Log } from '../base/log';
import type { FolderTerritory, TerritoryMaps } from '../model/maps';

/** Key of an owner group: a domain id, `unassigned` or `contested`. */
export type OwnerKey = string;

export interface FolderChanges {
  readonly territory: FolderTerritory;
  readonly byOwner: ReadonlyMap<OwnerKey, readonly StatusEntry[]>;
  readonly failure: GitFailure | undefined;
}

const REFRESH_DELAY_MS = 400;
/** Under a steady stream of file events (agents writing), the changes are still read this often. */
const REFRESH_MAX_WAIT_MS = 2500;
/**
 * ...unless `git status` itself is slow: then the wait is this many times its last run, so that
 * Territory's status runs at most about a tenth of the time. At 100,000 files one status costs about
 * half a second of CPU; every 2.5 s under 25 writers that was a fifth of a core on a two-core
 * machine, beside the same status run by VS Code's git extension, and a busier machine delays
 * the extension host's own thread.
 */
const STATUS_SHARE = 9;

/**
 * Uncommitted changes of each folder (`git status`, untracked files included) grouped by owning
 * domain: the seed's rule 2, "check git status before editing", made visible.
 */
export class WorkingTreeChanges extends Disposable {
  private readonly folders = new Map<string, FolderChanges>();
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  /** One key: every refresh reads all folders. */
  private readonly refreshes: RefreshQueue<'all'>;
  /**
   * Per folder: where it sits in its work tree, as the last status read found it. It changes only
   * when the map is read again at the earliest (a repository created above the folder), and asking
   * git on every refresh costs a process start on the extension host.
   */
  private readonly prefixes = new Map<string, string>();
  /** How long the last read of every folder's changes took (wall clock, git included). */
  private lastReadMs = 0;

  constructor(
    private readonly maps: TerritoryMaps,
    private readonly active: ActiveDomain,
    log: Log,
  ) {
    super();
    this.refreshes = new RefreshQueue({
      name: 'uncommitted changes',
      delayMs: REFRESH_DELAY_MS,
      log,
      run: () => this.readAll(),
    });
    this.register({ dispose: () => this.refreshes.dispose() });
    this.register(maps.files.onDidChangeFile(() => this.schedule()));
    this.register(
      maps.onDidChange(() => {
        this.prefixes.clear();
        this.schedule();
      }),
    );
    this.register(active.onDidChange(() => this.schedule()));
  }

  /** Resolves when no refresh is scheduled or running. */
  settled(): Promise<void> {
    return this.refreshes.idle();
  }

  schedule(): void {
    this.refreshes.schedule('all', REFRESH_DELAY_MS, Math.max(REFRESH_MAX_WAIT_MS, STATUS_SHARE * this.lastReadMs));
  }

  /** Reads every folder's changes now (after the refresh under way, if any). */
  refresh(): Promise<void> {
    return this.refreshes.run('all');
  }

  private async readAll(): Promise<void> {
    const started = performance.now();
    try {
      await this.readEvery();
    } finally {
      this.lastReadMs = performance.now() - started;
    }
  }

  private async readEvery(): Promise<void> {
    for (const territory of this.maps.all()) {
      if (!territory.resolver) continue;
      const key = territory.folder.uri.toString();
      const status = await readStatus(territory.folder.uri.fsPath, this.prefixes.get(key));
      if (status.ok) this.prefixes.set(key, status.prefix);
      else this.prefixes.delete(key);
      // A rename out of a territory is listed under both owners (groupChanges).
      const byOwner: Map<OwnerKey, StatusEntry[]> = status.ok
        ? groupChanges(status.entries, territory.resolver)
        : new Map();
      this.folders.set(key, { territory, byOwner, failure: status.ok ? undefined : status });
    }
    this.changed.fire();
  }

  all(): FolderChanges[] {
    return [...this.folders.values()];
  }

  /** Why the folder's changes could not be read (git missing, Restricted Mode …), if they could not. */
  failureOf(territory: FolderTerritory): GitFailure | undefined {
    return this.folders.get(territory.folder.uri.toString())?.failure;
  }

  forDomain(territory: FolderTerritory, domainId: string): readonly StatusEntry[] {
    return this.folders.get(territory.folder.uri.toString())?.byOwner.get(domainId) ?? [];
  }

  /** Changes outside the active domain's territory, by owner; empty for the lead. */
  outsideActive(): Map<OwnerKey, StatusEntry[]> {
    const result = new Map<OwnerKey, StatusEntry[]>();
    const activeId = this.active.id;
    if (activeId === undefined) return result;
    for (const { territory, byOwner } of this.folders.values()) {
      if (!territory.resolver || !territory.map?.domains.some((d) => d.id === activeId)) continue;
      for (const [owner, entries] of offLimitsChanges(
        byOwner,
        territory.resolver,
        activeId,
        readConfig(territory.folder).unassigned,
      )) {
        result.set(owner, [...(result.get(owner) ?? []), ...entries]);
      }
    }
    return result;
  }
}
