// Per folder, the live listing of its files and their coverage by the map in force: built when a
// map goes in force, then kept equal to the disk path by path as files come and go (the file
// events of the one watcher hub), listed again when git's HEAD or ORIG_HEAD moves or a
// .gitignore changes. The map reader (maps.ts) schedules the work through its refresh queue, so a
// listing never overlaps a map read of the same folder.
import * as vscode from 'vscode';
import type { OwnershipResolver } from '../../core/ownership/resolver';
import { LiveCoverage } from '../../core/ownership/liveCoverage';
import { PathListing, sortPathsInSlices } from '../../core/pathListing';
import { count } from '../../core/plural';
import { TimeSlices } from '../../core/slices';
import type { DomainMap } from '../../core/types';
import { listRepositoryPaths, type RepositoryLayout } from '../../git/files';
import { Disposable } from '../base/lifecycle';
import type { Log } from '../base/log';
import { FileEvents, type FileEvent } from './fileEvents';
import { differences, listFolder, listFolderInTwo } from './listing';

/** More paths than this in one burst (a checkout without a HEAD move, a huge copy): one full listing, in slices, is cheaper. */
const MAX_UPDATE_PATHS = 500;
/**
 * A change is applied to the live coverage path by path (a few microseconds each) unless more than
 * this share of the files differ, when building it anew is cheaper: the 1,500 files 25 agents
 * delete at once no longer cost a rebuild of 100,000.
 */
const REBUILD_SHARE = 0.25;

/** Per folder: its live listing and coverage, and where git listed it from (undefined: a walk, not git). */
export interface Live {
  readonly coverage: LiveCoverage;
  readonly layout: RepositoryLayout | undefined;
}

/** A map read's first listing: the tracked files, sorted, and the untracked ones still coming. */
export interface FirstListing {
  readonly listing: PathListing;
  readonly layout: RepositoryLayout | undefined;
  readonly rest: Promise<string[] | undefined>;
  readonly slices: TimeSlices;
  /** What was listed ("git's tracked files"), for the log. */
  readonly what: string;
}

/** What the live listing needs of the map reader. */
export interface ListingHost {
  /** The folder's map in force, unless a broken file keeps an older one (stale). */
  inForce(
    key: string,
  ): { map: DomainMap | undefined; resolver: OwnershipResolver | undefined; stale: boolean } | undefined;
  /** Puts a new listing and coverage in force and tells the views; `what` goes to the log. */
  publish(folder: vscode.WorkspaceFolder, live: Live, what: string): void;
  /** Asks for a refresh of the folder: apply the noted paths, or list it all again. */
  request(folder: vscode.WorkspaceFolder, kind: 'relist' | 'update'): void;
}

export class LiveListings extends Disposable {
  private readonly lives = new Map<string, Live>();
  /** Per folder: the folder-relative paths created or deleted since the last update. */
  private readonly touched = new Map<string, Set<string>>();
  /** The one file-system watcher hub of the workspace: the features subscribe to its events. */
  readonly events = this.register(new FileEvents());

  constructor(
    private readonly host: ListingHost,
    private readonly log: Log,
  ) {
    super();
    this.register(this.events.onDidChangeFile((event) => this.onFile(event)));
    this.register(
      this.events.onDidChangeGitState((event) => {
        // A full listing is taken again only when git says the index changed wholesale: HEAD (checkout,
        // rebase) or ORIG_HEAD (reset, pull, merge, rebase) was written. A commit writes neither (only
        // its branch ref), and the index file itself is rewritten by every `git status`.
        const live = this.lives.get(event.folder.uri.toString());
        if (live?.layout?.gitDir === event.gitDir && (event.name === 'HEAD' || event.name === 'ORIG_HEAD'))
          this.host.request(event.folder, 'relist');
      }),
    );
  }

  /** A map read's listing, tracked files first (one method, so that a test can slow it down and make two reads overlap). */
  async listFirst(folder: vscode.WorkspaceFolder): Promise<FirstListing> {
    const halves = await listFolderInTwo(folder, this.log);
    const first = await halves.first;
    const slices = new TimeSlices();
    const listing = new PathListing(await sortPathsInSlices(first.files, slices));
    // A new map: the old coverage no longer answers for it.
    this.lives.delete(folder.uri.toString());
    return { listing, layout: first.layout, rest: halves.rest, slices, what: first.what };
  }

  /** The coverage of a map just put in force over its first listing, then the untracked files of that listing. */
  async cover(
    folder: vscode.WorkspaceFolder,
    map: DomainMap,
    resolver: OwnershipResolver,
    first: FirstListing,
  ): Promise<void> {
    const key = folder.uri.toString();
    const started = performance.now();
    const live: Live = {
      coverage: await LiveCoverage.over(map, resolver, first.listing, first.slices),
      layout: first.layout,
    };
    if (this.host.inForce(key)?.resolver !== resolver) return;
    this.lives.set(key, live);
    this.events.watchGit(folder, 'listing', live.layout ? [live.layout.gitDir] : []);
    this.host.publish(
      folder,
      live,
      `coverage of ${live.coverage.size} files in ${(performance.now() - started).toFixed(0)} ms`,
    );
    if (!live.layout) return;
    const untracked = await first.rest;
    if (this.lives.get(key) !== live) return;
    if (untracked === undefined) return this.listAgain(folder);
    if (untracked.length === 0) return;
    const next = await this.patchOrRebuild(
      key,
      live,
      { added: untracked, removed: [] },
      live.coverage.size,
      () => [...live.coverage.listing.toArray(), ...untracked],
      live.layout,
    );
    if (next)
      this.host.publish(
        folder,
        next,
        `${count(untracked.length, 'untracked file')} listed, ${next.coverage.size} files`,
      );
  }

  /** A created or deleted path: noted, and applied to the live listing with the rest of its burst. */
  private onFile(event: FileEvent): void {
    if (event.kind === 'changed') {
      // A changed .gitignore changes which files git lists without any file coming or going.
      if (
        (event.path === '.gitignore' || event.path.endsWith('/.gitignore')) &&
        this.host.inForce(event.folder.uri.toString())?.map
      )
        this.host.request(event.folder, 'relist');
      return;
    }
    if (/(^|\/)\.git(\/|$)/.test(event.path)) return;
    const key = event.folder.uri.toString();
    if (!this.host.inForce(key)?.map) return;
    let paths = this.touched.get(key);
    if (!paths) this.touched.set(key, (paths = new Set()));
    paths.add(event.path);
    this.host.request(event.folder, 'update');
  }

  /** Takes the paths noted since the last update (the refresh about to run applies them). */
  takeTouched(folder: vscode.WorkspaceFolder): ReadonlySet<string> {
    const key = folder.uri.toString();
    const touched = this.touched.get(key) ?? new Set<string>();
    this.touched.delete(key);
    return touched;
  }

  /**
   * Applies a burst of created and deleted paths to the live listing: git lists the files at or
   * under those paths (one process; ignored files stay out, a moved-in folder counts whole) and the
   * listing under them is made equal to that answer, one path at a time, in slices.
   */
  async applyTouched(folder: vscode.WorkspaceFolder, touched: ReadonlySet<string>): Promise<void> {
    const key = folder.uri.toString();
    const live = this.lives.get(key);
    if (!live || touched.size === 0) return;
    if (live.layout === undefined || touched.size > MAX_UPDATE_PATHS) return this.listAgain(folder);
    const listing = await listRepositoryPaths(folder.uri.fsPath, [...touched], live.layout);
    if (!listing.ok || this.lives.get(key) !== live) return this.listAgain(folder);
    const now = new Set(listing.files);
    const slices = new TimeSlices();
    const before = live.coverage.size;
    let changes = 0;
    for (const path of touched) {
      for (const listed of live.coverage.listing.within(path)) {
        if (!now.has(listed) && live.coverage.remove(listed)) changes++;
        if (slices.due()) await slices.pause();
      }
    }
    for (const path of now) {
      if (live.coverage.add(path)) changes++;
      if (slices.due()) await slices.pause();
    }
    if (changes > 0)
      this.host.publish(
        folder,
        live,
        `${count(touched.size, 'path')} created or deleted, ${before} → ${live.coverage.size} files`,
      );
  }

  /**
   * Lists the folder's files again (a checkout, reset or pull moved HEAD, a .gitignore changed, or a
   * burst too large to apply path by path) and applies the difference.
   */
  async listAgain(folder: vscode.WorkspaceFolder): Promise<void> {
    const key = folder.uri.toString();
    const current = this.host.inForce(key);
    const live = this.lives.get(key);
    if (!current?.map || !current.resolver || current.stale || !live) return;
    const listed = await listFolder(folder, this.log);
    if (this.lives.get(key) !== live) return;
    const slices = new TimeSlices();
    const fresh = await sortPathsInSlices(listed.files, slices);
    const old = live.coverage.listing.toArray();
    const change = await differences(old, fresh, slices);
    if (change.added.length + change.removed.length === 0) return;
    const next = await this.patchOrRebuild(key, live, change, fresh.length, () => fresh, listed.layout, slices);
    if (next) this.host.publish(folder, next, `listed again, ${old.length} → ${fresh.length} files`);
  }

  /**
   * The one rebuild-or-patch step: the change is applied to the live coverage path by path, in
   * slices, unless it touches more than REBUILD_SHARE of `total` files, when the coverage of `all()` is
   * built anew. Undefined when a newer listing took over meanwhile.
   */
  private async patchOrRebuild(
    key: string,
    live: Live,
    change: { added: readonly string[]; removed: readonly string[] },
    total: number,
    all: () => string[],
    layout: RepositoryLayout | undefined,
    slices = new TimeSlices(),
  ): Promise<Live | undefined> {
    const current = this.host.inForce(key);
    if (!current?.map || !current.resolver) return undefined;
    if (change.added.length + change.removed.length > total * REBUILD_SHARE) {
      const next: Live = { coverage: await LiveCoverage.build(current.map, current.resolver, all(), slices), layout };
      if (this.lives.get(key) !== live) return undefined;
      this.lives.set(key, next);
      return next;
    }
    for (const path of change.removed) {
      live.coverage.remove(path);
      if (slices.due()) await slices.pause();
    }
    for (const path of change.added) {
      live.coverage.add(path);
      if (slices.due()) await slices.pause();
    }
    if (layout?.gitDir === live.layout?.gitDir && layout?.prefix === live.layout?.prefix) return live;
    const next: Live = { coverage: live.coverage, layout };
    this.lives.set(key, next);
    return next;
  }

  forget(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    this.lives.delete(key);
    this.touched.delete(key);
    this.events.forget(folder);
  }
}
