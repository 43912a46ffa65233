import * as path from 'node:path';
import * as vscode from 'vscode';
import { OwnershipResolver, type Ownership } from '../../core/ownership/resolver';
import type { CoverageReport } from '../../core/ownership/coverage';
import type { FolderContents } from '../../core/ownership/folderOwners';
import { LiveCoverage } from '../../core/ownership/liveCoverage';
import { PathListing, sortPathsInSlices } from '../../core/pathListing';
import { TimeSlices } from '../../core/slices';
import { diagnoseCoverage, readFolderMap, usableMap, type MapReading, type MapSource } from '../../core/territory';
import { hasErrors, type Domain, type DomainMap, type MapDiagnostic } from '../../core/types';
import { RefreshQueue } from '../../core/refreshQueue';
import { listRepositoryPaths, type RepositoryLayout } from '../../git/files';
import { affects, readConfig } from '../base/config';
import { Disposable } from '../base/lifecycle';
import { differences, EMPTY_LISTING, interimView, listFolder, listFolderInTwo, listingView, type ListedPaths } from './listing';
import type { Log } from '../base/log';
import { count } from '../../core/plural';

/** What Territory knows of one workspace folder. */
export interface FolderTerritory {
  readonly folder: vscode.WorkspaceFolder;
  readonly source: MapSource | undefined;
  /** The map in force: the last one that read without errors. */
  readonly map: DomainMap | undefined;
  readonly resolver: OwnershipResolver | undefined;
  /** Everything wrong with the map file as it is now on disk. */
  readonly diagnostics: readonly MapDiagnostic[];
  /** Why no map could be read, or why the map in force is an older one. */
  readonly problem: string | undefined;
  /** True when the file on disk is broken and an earlier good map is kept in force. */
  readonly stale: boolean;
  readonly coverage: CoverageReport | undefined;
  /** The folder's files as last listed (git, else a walk), kept up to date path by path, and every directory holding them. */
  readonly files: ListedPaths;
  readonly directories: { has(directory: string): boolean };
  /** True when some file owned by the domain lies under `directory`. */
  holdsFilesOf(domainId: string, directory: string): boolean;
  /** The owners of the files under `directory` (the Explorer's folder marks); undefined until counted. */
  contentsOf(directory: string): FolderContents | undefined;
}

export type { ListedPaths } from './listing';

export interface FileOwner {
  readonly territory: FolderTerritory;
  readonly relativePath: string;
  readonly ownership: Ownership;
}

const RELOAD_DELAY_MS = 150;
/** Agents create files in bursts: the listing is read again once a burst has settled. */
const RELIST_DELAY_MS = 1500;
/** Created and deleted paths are applied to the live listing once a burst settles, and under a steady stream at least this often. */
const UPDATE_DELAY_MS = 300;
const UPDATE_MAX_WAIT_MS = 2000;
/** More paths than this in one burst (a checkout without a HEAD move, a huge copy): one full listing, in slices, is cheaper. */
const MAX_UPDATE_PATHS = 500;
/**
 * A new full listing is applied to the live coverage path by path (a few microseconds each) unless
 * more than this share of the files differ, when building it anew is cheaper: the 1,500 files 25
 * agents delete at once no longer cost a rebuild of 100,000.
 */
const REBUILD_SHARE = 0.25;
/** Per folder: its live listing and coverage, and where git listed it from (undefined: a walk, not git). */
interface Live {
  readonly coverage: LiveCoverage;
  readonly layout: RepositoryLayout | undefined;
}
type Wanted = 'load' | 'relist' | 'update';
const WEIGHT: Record<Wanted, number> = { update: 0, relist: 1, load: 2 };

/** Reads, watches and validates the domain map of every workspace folder. */
export class TerritoryMaps extends Disposable {
  private readonly folders = new Map<string, FolderTerritory>();
  private readonly diagnostics = this.register(vscode.languages.createDiagnosticCollection('territory'));
  private readonly changed = this.register(new vscode.EventEmitter<FolderTerritory>());
  readonly onDidChange = this.changed.event;
  private readonly filesChanged = this.register(new vscode.EventEmitter<FolderTerritory>());
  /** Files were created or deleted: the folder's listing and coverage are new, its map is the same. */
  readonly onDidChangeFiles = this.filesChanged.event;
  /** The reading behind each folder's map in force, for coverage checks after a new listing. */
  private readonly readings = new Map<string, MapReading>();
  /** Per folder, what the next refresh must do: read the map (which lists too) or only list the files. */
  private readonly wanted = new Map<string, { folder: vscode.WorkspaceFolder; kind: Wanted }>();
  /** Per folder: the folder-relative paths created or deleted since the last update. */
  private readonly touched = new Map<string, Set<string>>();
  private readonly lives = new Map<string, Live>();
  /** Per folder: the watcher of git's HEAD and ORIG_HEAD, and the git directory it watches. */
  private readonly gitWatchers = new Map<string, { gitDir: string; watcher: vscode.Disposable }>();
  private readonly refreshes: RefreshQueue<string>;
  private readonly createdAt = performance.now();
  /**
   * Milliseconds from activation until the first map was in force with the listing of the tracked
   * files, answering who owns them (the bench reads it). Their coverage, then the untracked files
   * (git's slower walk), follow in the same refresh: `ready()` still waits for both.
   */
  mapReadyMs: number | undefined;
  /** Where that time went (the log line's words): the wait before the first read, the map, git's listing. */
  mapReadySteps: string | undefined;

  constructor(private readonly log: Log) {
    super();
    this.refreshes = new RefreshQueue({ name: 'map', delayMs: RELOAD_DELAY_MS, log, run: (key) => this.refreshFolder(key) });
    this.register({ dispose: () => this.refreshes.dispose() });
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/*.{json,md}', false, false, false));
    for (const event of [watcher.onDidCreate, watcher.onDidChange, watcher.onDidDelete]) {
      this.register(event((uri) => this.onFileEvent(uri)));
    }
    this.register(
      this.watchWhileMapped('**/*', (files) => [
        ...[files.onDidCreate, files.onDidDelete].map((event) => event((uri) => this.onCreateOrDelete(uri))),
        // A changed .gitignore changes which files git lists without any file coming or going.
        files.onDidChange((uri) => uri.path.endsWith('/.gitignore') && this.requestFor(uri, 'relist')),
      ]),
    );
    this.register({ dispose: () => this.gitWatchers.forEach((w) => w.watcher.dispose()) });
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.reloadAll()));
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        for (const folder of vscode.workspace.workspaceFolders ?? []) {
          if (affects(event, 'mapFile', folder) || affects(event, 'unassigned', folder)) this.schedule(folder);
        }
      }),
    );
  }

  /**
   * A file watcher that exists only while some folder has a map: a workspace without one pays for
   * nothing but the watcher above that notices a map appearing. `listen` subscribes to the watcher.
   */
  watchWhileMapped(glob: string, listen: (watcher: vscode.FileSystemWatcher) => vscode.Disposable[]): vscode.Disposable {
    let current: vscode.Disposable | undefined;
    const update = () => {
      const mapped = this.all().some((t) => t.map !== undefined);
      if (mapped && !current) {
        const watcher = vscode.workspace.createFileSystemWatcher(glob);
        current = vscode.Disposable.from(watcher, ...listen(watcher));
      } else if (!mapped && current) {
        current.dispose();
        current = undefined;
      }
    };
    const subscription = this.onDidChange(update);
    update();
    return { dispose: () => (subscription.dispose(), current?.dispose(), (current = undefined)) };
  }

  /** Resolves once every folder's map has been read, including reloads scheduled or started while waiting. */
  ready(): Promise<void> {
    return this.refreshes.idle();
  }

  reloadAll(): Promise<void> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    for (const key of [...this.folders.keys()]) {
      if (!folders.some((f) => f.uri.toString() === key)) this.forget(key);
    }
    return Promise.all(folders.map((folder) => this.load(folder))).then(() => undefined);
  }

  /** In workspace-folder order, whatever order the folders finished loading in. */
  all(): FolderTerritory[] {
    return [...this.folders.values()].sort((a, b) => a.folder.index - b.folder.index);
  }

  get(folder: vscode.WorkspaceFolder): FolderTerritory | undefined {
    return this.folders.get(folder.uri.toString());
  }

  /** Every domain of every folder, with the folder it belongs to. */
  domains(): { territory: FolderTerritory; domain: Domain }[] {
    return this.all().flatMap((territory) => (territory.map?.domains ?? []).map((domain) => ({ territory, domain })));
  }

  /**
   * The owner of a file or folder, answered from the compiled resolver with no I/O: whether the
   * path is a directory is taken from the last file listing.
   */
  ownerOf(uri: vscode.Uri): FileOwner | undefined {
    if (uri.scheme !== 'file') return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const territory = folder && this.get(folder);
    if (!folder || !territory?.resolver) return undefined;
    const relativePath = relativeTo(folder, uri);
    if (relativePath === undefined) return undefined;
    const isDir = territory.directories.has(relativePath);
    return { territory, relativePath, ownership: territory.resolver.resolve(relativePath, isDir) };
  }

  private onFileEvent(uri: vscode.Uri): void {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return;
    const current = this.get(folder);
    const relative = vscode.workspace.asRelativePath(uri, false);
    const isMapCandidate =
      uri.fsPath === current?.source?.file ||
      relative === 'territory.json' ||
      (current?.source?.kind !== 'json' && relative.endsWith('.md') && (!relative.includes('/') || relative.startsWith('docs/'))) ||
      (readConfig(folder).mapFile !== '' && relative === readConfig(folder).mapFile);
    if (isMapCandidate) this.schedule(folder);
  }

  /** A created or deleted path: noted, and applied to the live listing with the rest of its burst. */
  private onCreateOrDelete(uri: vscode.Uri): void {
    if (/[\\/]\.git([\\/]|$)/.test(uri.fsPath)) return;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder || !this.get(folder)?.map) return;
    const relative = relativeTo(folder, uri);
    if (relative === undefined) return;
    const key = folder.uri.toString();
    let paths = this.touched.get(key);
    if (!paths) this.touched.set(key, (paths = new Set()));
    paths.add(relative);
    this.request(folder, 'update');
  }

  private requestFor(uri: vscode.Uri, kind: Wanted): void {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (folder && this.get(folder)?.map) this.request(folder, kind);
  }

  /** Lists the folder's files again now (after any refresh under way); a map read also lists. */
  relist(folder: vscode.WorkspaceFolder): Promise<void> {
    this.want(folder, 'relist');
    return this.refreshes.run(folder.uri.toString());
  }

  /** Reads the folder's map now (after any refresh under way). */
  load(folder: vscode.WorkspaceFolder): Promise<void> {
    this.want(folder, 'load');
    return this.refreshes.run(folder.uri.toString());
  }

  /** Debounced: a terminal saving a file several times in a row causes one reload. */
  schedule(folder: vscode.WorkspaceFolder): void {
    this.request(folder, 'load');
  }

  private request(folder: vscode.WorkspaceFolder, kind: Wanted): void {
    // Agents create files in bursts: a listing waits longer for the burst to settle than a map
    // read; path updates are cheap and come at least every UPDATE_MAX_WAIT_MS under a steady stream.
    const merged = this.want(folder, kind);
    const delay = merged === 'load' ? RELOAD_DELAY_MS : merged === 'relist' ? RELIST_DELAY_MS : UPDATE_DELAY_MS;
    this.refreshes.schedule(folder.uri.toString(), delay, merged === 'update' ? UPDATE_MAX_WAIT_MS : undefined);
  }

  /** A map read includes a listing and a listing includes every path update: the larger request absorbs the smaller. */
  private want(folder: vscode.WorkspaceFolder, kind: Wanted): Wanted {
    const key = folder.uri.toString();
    const pending = this.wanted.get(key)?.kind;
    const merged = pending !== undefined && WEIGHT[pending] > WEIGHT[kind] ? pending : kind;
    this.wanted.set(key, { folder, kind: merged });
    return merged;
  }

  private async refreshFolder(key: string): Promise<void> {
    const wanted = this.wanted.get(key);
    this.wanted.delete(key);
    const touched = this.touched.get(key);
    this.touched.delete(key);
    if (wanted?.kind === 'load') await this.readMap(wanted.folder);
    else if (wanted?.kind === 'relist') await this.listAgain(wanted.folder);
    else if (wanted) await this.applyTouched(wanted.folder, touched ?? new Set());
  }

  /**
   * Applies a burst of created and deleted paths to the live listing: git lists the files at or
   * under those paths (one process; ignored files stay out, a moved-in folder counts whole) and the
   * listing under them is made equal to that answer, one path at a time, in slices.
   */
  private async applyTouched(folder: vscode.WorkspaceFolder, touched: ReadonlySet<string>): Promise<void> {
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
    if (changes > 0) this.publishFiles(folder, live, `${count(touched.size, 'path')} created or deleted, ${before} → ${live.coverage.size} files`);
  }

  /**
   * Lists the folder's files again (a checkout, reset or pull moved HEAD, a .gitignore changed, or a
   * burst too large to apply path by path); the difference is applied path by path when small, and
   * otherwise the live coverage is built anew, in slices either way.
   */
  private async listAgain(folder: vscode.WorkspaceFolder): Promise<void> {
    const key = folder.uri.toString();
    const current = this.folders.get(key);
    const live = this.lives.get(key);
    if (!current?.map || !current.resolver || current.stale || !live) return;
    const listed = await listFolder(folder, this.log);
    if (this.lives.get(key) !== live) return;
    const slices = new TimeSlices();
    const fresh = await sortPathsInSlices(listed.files, slices);
    const old = live.coverage.listing.toArray();
    const { added, removed } = await differences(old, fresh, slices);
    if (added.length + removed.length === 0) return;
    let next: Live = { coverage: live.coverage, layout: listed.layout };
    if (added.length + removed.length > fresh.length * REBUILD_SHARE) {
      next = { coverage: await LiveCoverage.build(current.map, current.resolver, fresh, slices), layout: listed.layout };
      if (this.lives.get(key) !== live) return;
      this.lives.set(key, next);
    } else {
      for (const path of removed) {
        live.coverage.remove(path);
        if (slices.due()) await slices.pause();
      }
      for (const path of added) {
        live.coverage.add(path);
        if (slices.due()) await slices.pause();
      }
    }
    this.publishFiles(folder, next, `listed again, ${old.length} → ${fresh.length} files`);
  }

  /** Puts the live listing's new report in force and tells the views. */
  private publishFiles(folder: vscode.WorkspaceFolder, live: Live, what: string): void {
    const key = folder.uri.toString();
    const current = this.folders.get(key);
    const reading = this.readings.get(key);
    if (!current?.map || !reading) return;
    const report = live.coverage.report();
    const diagnostics = [...(reading.parsed?.diagnostics ?? []), ...diagnoseCoverage(reading, current.map, report)];
    const territory: FolderTerritory = { ...current, coverage: report, diagnostics, problem: describeProblem(reading, diagnostics, false), ...listingView(live.coverage) };
    this.folders.set(key, territory);
    if (reading.source) this.diagnostics.set(vscode.Uri.file(reading.source.file), diagnostics.map(toVscodeDiagnostic));
    this.log.info(`${folder.name}: ${what}`);
    this.filesChanged.fire(territory);
  }

  private async readMap(folder: vscode.WorkspaceFolder): Promise<void> {
    const key = folder.uri.toString();
    const readStarted = performance.now();
    const reading = await readFolderMap(folder.uri.fsPath, readConfig(folder).mapFile);
    const previous = this.folders.get(key);
    const fresh = usableMap(reading);
    const map = fresh ?? previous?.map;
    const resolver = fresh ? OwnershipResolver.compile(fresh) : previous?.resolver;
    const diagnostics = [...(reading.parsed?.diagnostics ?? [])];
    let coverage = previous?.coverage;
    let view = previous ? { files: previous.files, directories: previous.directories, holdsFilesOf: previous.holdsFilesOf, contentsOf: previous.contentsOf } : EMPTY_LISTING;
    let steps = '';
    let listed: { listing: PathListing; layout: RepositoryLayout | undefined; rest: Promise<string[] | undefined>; slices: TimeSlices } | undefined;
    if (fresh && resolver) {
      const started = performance.now();
      const halves = await this.listFiles(folder);
      const first = await halves.first;
      const slices = new TimeSlices();
      const listing = new PathListing(await sortPathsInSlices(first.files, slices));
      // Where the time to the first map goes (the host-load bench's "map ready"): reading the map, git's listing.
      steps = `first read began at ${(readStarted - this.createdAt).toFixed(0)} ms, map read ${(started - readStarted).toFixed(0)} ms, ${first.what} listed in ${(performance.now() - started).toFixed(0)} ms`;
      // The map goes in force with its listing (ownership answers need only the resolver and which
      // paths are directories); the coverage, a pass over every file, follows in the same refresh.
      this.lives.delete(key);
      coverage = undefined;
      view = interimView(listing, resolver);
      listed = { listing, layout: first.layout, rest: halves.rest, slices };
    }
    const stale = fresh === undefined && map !== undefined;
    if (fresh) this.readings.set(key, reading);
    const problem = describeProblem(reading, diagnostics, stale);
    const territory: FolderTerritory = {
      folder,
      source: reading.source ?? previous?.source,
      map,
      resolver,
      diagnostics,
      problem,
      stale,
      coverage,
      ...view,
    };
    if (previous?.source && previous.source.file !== reading.source?.file) {
      this.diagnostics.delete(vscode.Uri.file(previous.source.file));
    }
    if (reading.source) this.diagnostics.set(vscode.Uri.file(reading.source.file), diagnostics.map(toVscodeDiagnostic));
    this.folders.set(key, territory);
    this.log.info(
      `${folder.name}: ${map ? `${map.domains.length} domains` : 'no map'}${reading.source ? ` from ${reading.source.file}` : ''}` +
        `${stale ? ' (last good map kept)' : ''}; ${count(diagnostics.length, 'diagnostic')}${problem ? `; ${problem}` : ''}`,
    );
    if (fresh && this.mapReadyMs === undefined) {
      this.mapReadyMs = performance.now() - this.createdAt;
      this.mapReadySteps = steps;
      this.log.info(`${folder.name}: map in force with the ownership of ${view.files.size} files ${this.mapReadyMs.toFixed(0)} ms after activation (${steps}); their coverage follows`);
    }
    this.changed.fire(territory);
    await vscode.commands.executeCommand(
      'setContext',
      'territory.hasMap',
      this.all().some((t) => t.map !== undefined),
    );
    if (fresh && resolver && listed) await this.cover(folder, fresh, resolver, listed);
  }

  /** A map read's listing (one method, so that a test can slow it down and make two reads overlap). */
  private async listFiles(folder: vscode.WorkspaceFolder): Promise<ReturnType<typeof listFolderInTwo>> {
    return listFolderInTwo(folder, this.log);
  }

  /** The coverage of a map just put in force, then the untracked files of its first listing. */
  private async cover(
    folder: vscode.WorkspaceFolder,
    map: DomainMap,
    resolver: OwnershipResolver,
    listed: { listing: PathListing; layout: RepositoryLayout | undefined; rest: Promise<string[] | undefined>; slices: TimeSlices },
  ): Promise<void> {
    const key = folder.uri.toString();
    const started = performance.now();
    const live: Live = { coverage: await LiveCoverage.over(map, resolver, listed.listing, listed.slices), layout: listed.layout };
    if (this.folders.get(key)?.resolver !== resolver) return;
    this.lives.set(key, live);
    this.watchGit(folder, live.layout?.gitDir);
    this.publishFiles(folder, live, `coverage of ${live.coverage.size} files in ${(performance.now() - started).toFixed(0)} ms`);
    if (live.layout) await this.addUntracked(folder, live, await listed.rest);
  }

  /**
   * The untracked files of the first listing, added to the live coverage path by path (in slices;
   * built anew when they are many). If git could not list them, a full listing is taken instead.
   */
  private async addUntracked(folder: vscode.WorkspaceFolder, live: Live, files: string[] | undefined): Promise<void> {
    const key = folder.uri.toString();
    if (this.lives.get(key) !== live) return;
    if (files === undefined) return this.listAgain(folder);
    if (files.length === 0) return;
    const current = this.folders.get(key);
    if (!current?.map || !current.resolver) return;
    const slices = new TimeSlices();
    let next = live;
    if (files.length > live.coverage.size * REBUILD_SHARE) {
      next = { coverage: await LiveCoverage.build(current.map, current.resolver, [...live.coverage.listing.toArray(), ...files], slices), layout: live.layout };
      if (this.lives.get(key) !== live) return;
      this.lives.set(key, next);
    } else {
      for (const path of files) {
        live.coverage.add(path);
        if (slices.due()) await slices.pause();
      }
    }
    this.publishFiles(folder, next, `${count(files.length, 'untracked file')} listed, ${next.coverage.size} files`);
  }

  /**
   * A full listing is taken again only when git says the index changed wholesale: HEAD (checkout,
   * rebase) or ORIG_HEAD (reset, pull, merge, rebase) was written. A commit writes neither (only its
   * branch ref), and the index file itself is rewritten by every `git status`, so neither is watched.
   */
  private watchGit(folder: vscode.WorkspaceFolder, gitDir: string | undefined): void {
    const key = folder.uri.toString();
    const previous = this.gitWatchers.get(key);
    if (previous?.gitDir === (gitDir ?? '')) return;
    previous?.watcher.dispose();
    this.gitWatchers.delete(key);
    if (!gitDir) return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(gitDir), '{HEAD,ORIG_HEAD}'));
    const parts = [watcher.onDidCreate, watcher.onDidChange].map((event) => event(() => this.request(folder, 'relist')));
    this.gitWatchers.set(key, { gitDir, watcher: vscode.Disposable.from(watcher, ...parts) });
  }

  private forget(key: string): void {
    const territory = this.folders.get(key);
    if (territory?.source) this.diagnostics.delete(vscode.Uri.file(territory.source.file));
    this.folders.delete(key);
    this.readings.delete(key);
    this.lives.delete(key);
    this.touched.delete(key);
    this.gitWatchers.get(key)?.watcher.dispose();
    this.gitWatchers.delete(key);
  }
}

/** The `/`-separated path of `uri` inside `folder`; undefined for the folder itself or outside it. */
export function relativeTo(folder: vscode.WorkspaceFolder, uri: vscode.Uri): string | undefined {
  const relative = path.relative(folder.uri.fsPath, uri.fsPath);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

function describeProblem(reading: MapReading, diagnostics: readonly MapDiagnostic[], stale: boolean): string | undefined {
  if (reading.failure) return reading.failure;
  if (!hasErrors(diagnostics)) return undefined;
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0];
  const where = first.range ? `line ${first.range.line + 1}: ` : '';
  const kept = stale ? ' The last good map stays in force.' : '';
  return `${count(errors.length, 'error')} in the map, ${where}${first.message}${kept}`;
}

function toVscodeDiagnostic(diagnostic: MapDiagnostic): vscode.Diagnostic {
  const r = diagnostic.range ?? { line: 0, column: 0, endLine: 0, endColumn: 0 };
  const severity = diagnostic.severity === 'error' ? vscode.DiagnosticSeverity.Error : diagnostic.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
  const result = new vscode.Diagnostic(new vscode.Range(r.line, r.column, r.endLine, r.endColumn), diagnostic.message, severity);
  result.source = 'territory';
  result.code = diagnostic.code;
  return result;
}
