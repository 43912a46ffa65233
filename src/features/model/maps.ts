import * as vscode from 'vscode';
import { OwnershipResolver, type Ownership } from '../../core/ownership/resolver';
import type { CoverageReport } from '../../core/ownership/coverage';
import type { FolderContents } from '../../core/ownership/folderOwners';
import { diagnoseCoverage, readFolderMap, usableMap, type MapReading, type MapSource } from '../../core/territory';
import { hasErrors, type Domain, type DomainMap, type MapDiagnostic } from '../../core/types';
import { RefreshQueue } from '../../core/refreshQueue';
import { Stopwatch } from '../../core/stopwatch';
import { onDidChangeSettings, readConfig } from '../base/config';
import { Disposable } from '../base/lifecycle';
import { EMPTY_LISTING, interimView, listingView, type ListedPaths } from './listing';
import { FileEvents, relativeTo } from './fileEvents';
import { LiveListings, type FirstListing, type Live } from './liveListing';
import type { Log } from '../base/log';
import { count } from '../../core/plural';
import { setContext } from '../base/ids';
import { vscodeSeverity } from '../base/severity';

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
type Wanted = 'load' | 'relist' | 'update';
const WEIGHT: Record<Wanted, number> = { update: 0, relist: 1, load: 2 };

/** What varies between production and a test, handed to the maps when they are built. */
export interface MapsOptions {
  /**
   * Runs a map read's listing of the files (`list`): production lists straight away; a test slows
   * one listing down to make two reads overlap.
   */
  readonly listFiles?: (folder: vscode.WorkspaceFolder, list: () => Promise<FirstListing>) => Promise<FirstListing>;
}

/** Reads and validates the domain map of every workspace folder; its live listing keeps the files. */
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
  private readonly refreshes: RefreshQueue<string>;
  private readonly listings: LiveListings;
  /** The workspace's one file watcher and its git-state watchers, whose events the features subscribe to. */
  readonly files: FileEvents;
  private readonly activation = new Stopwatch();
  /**
   * Milliseconds from activation until the first map was in force with the listing of the tracked
   * files, answering who owns them (the bench reads it). Their coverage, then the untracked files
   * (git's slower walk), follow in the same refresh: `ready()` still waits for both.
   */
  mapReadyMs: number | undefined;
  /** Where that time went (the log line's words): the wait before the first read, the map, git's listing. */
  mapReadySteps: string | undefined;

  private readonly runListing: NonNullable<MapsOptions['listFiles']>;

  constructor(
    private readonly log: Log,
    options: MapsOptions = {},
  ) {
    super();
    this.runListing = options.listFiles ?? ((_folder, list) => list());
    this.refreshes = new RefreshQueue({
      name: 'map',
      delayMs: RELOAD_DELAY_MS,
      log,
      run: (key) => this.refreshFolder(key),
    });
    this.register({ dispose: () => this.refreshes.dispose() });
    this.listings = this.register(
      new LiveListings(
        {
          inForce: (key) => this.folders.get(key),
          publish: (folder, live, what) => this.publishFiles(folder, live, what),
          request: (folder, kind) => this.request(folder, kind),
        },
        log,
      ),
    );
    this.files = this.listings.events;
    // The recursive watcher exists only while some folder has a map: a workspace without one pays
    // for nothing but the watcher below that notices a map appearing.
    this.register(this.onDidChange(() => this.files.setMapped(this.all().some((t) => t.map !== undefined))));
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/*.{json,md}', false, false, false));
    for (const event of [watcher.onDidCreate, watcher.onDidChange, watcher.onDidDelete]) {
      this.register(event((uri) => this.onFileEvent(uri)));
    }
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.reloadAll()));
    this.register(
      onDidChangeSettings((change) => {
        for (const folder of vscode.workspace.workspaceFolders ?? []) {
          if (change.affects('mapFile', folder) || change.affects('unassigned', folder)) this.schedule(folder);
        }
      }),
    );
  }

  /** Resolves once every folder's map has been read, including reloads scheduled or started while waiting. */
  ready(): Promise<void> {
    return this.refreshes.idle();
  }

  reloadAll(): Promise<void> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    for (const [key, territory] of [...this.folders]) {
      if (!folders.some((f) => f.uri.toString() === key)) this.forget(territory.folder);
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
      (current?.source?.kind !== 'json' &&
        relative.endsWith('.md') &&
        (!relative.includes('/') || relative.startsWith('docs/'))) ||
      (readConfig(folder).mapFile !== '' && relative === readConfig(folder).mapFile);
    if (isMapCandidate) this.schedule(folder);
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
    if (!wanted) return;
    const touched = this.listings.takeTouched(wanted.folder);
    if (wanted.kind === 'load') await this.readMap(wanted.folder);
    else if (wanted.kind === 'relist') await this.listings.listAgain(wanted.folder);
    else await this.listings.applyTouched(wanted.folder, touched);
  }

  /** Puts the live listing's new report in force and tells the views. */
  private publishFiles(folder: vscode.WorkspaceFolder, live: Live, what: string): void {
    const key = folder.uri.toString();
    const current = this.folders.get(key);
    const reading = this.readings.get(key);
    if (!current?.map || !reading) return;
    const report = live.coverage.report();
    const diagnostics = [...(reading.parsed?.diagnostics ?? []), ...diagnoseCoverage(reading, current.map, report)];
    const territory: FolderTerritory = {
      ...current,
      coverage: report,
      diagnostics,
      problem: describeProblem(reading, diagnostics, false),
      ...listingView(live.coverage),
    };
    this.folders.set(key, territory);
    if (reading.source) this.diagnostics.set(vscode.Uri.file(reading.source.file), diagnostics.map(toVscodeDiagnostic));
    this.log.info(`${folder.name}: ${what}`);
    this.filesChanged.fire(territory);
  }

  private async readMap(folder: vscode.WorkspaceFolder): Promise<void> {
    const key = folder.uri.toString();
    const timing = new Stopwatch(this.activation.startedAt);
    timing.lap('first read began at');
    const reading = await readFolderMap(folder.uri.fsPath, readConfig(folder).mapFile);
    timing.lap('map read');
    const previous = this.folders.get(key);
    const fresh = usableMap(reading);
    const map = fresh ?? previous?.map;
    const resolver = fresh ? OwnershipResolver.compile(fresh) : previous?.resolver;
    const diagnostics = [...(reading.parsed?.diagnostics ?? [])];
    let coverage = previous?.coverage;
    let view = previous
      ? {
          files: previous.files,
          directories: previous.directories,
          holdsFilesOf: previous.holdsFilesOf,
          contentsOf: previous.contentsOf,
        }
      : EMPTY_LISTING;
    let first: FirstListing | undefined;
    if (fresh && resolver) {
      first = await this.listFiles(folder);
      // Where the time to the first map goes (the host-load bench's "map ready"): reading the map, git's listing.
      timing.lap(`${first.what} listed in`);
      // The map goes in force with its listing (ownership answers need only the resolver and which
      // paths are directories); the coverage, a pass over every file, follows in the same refresh.
      coverage = undefined;
      view = interimView(first.listing, resolver);
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
      this.mapReadyMs = this.activation.elapsed();
      this.mapReadySteps = timing.toString();
      this.log.info(
        `${folder.name}: map in force with the ownership of ${view.files.size} files ${this.mapReadyMs.toFixed(0)} ms after activation (${this.mapReadySteps}); their coverage follows`,
      );
    }
    this.changed.fire(territory);
    await setContext(
      'hasMap',
      this.all().some((t) => t.map !== undefined),
    );
    if (fresh && resolver && first) await this.listings.cover(folder, fresh, resolver, first);
  }

  /** A map read's listing, through `MapsOptions.listFiles`. */
  private listFiles(folder: vscode.WorkspaceFolder): Promise<FirstListing> {
    return this.runListing(folder, () => this.listings.listFirst(folder));
  }

  private forget(folder: vscode.WorkspaceFolder): void {
    const key = folder.uri.toString();
    const territory = this.folders.get(key);
    if (territory?.source) this.diagnostics.delete(vscode.Uri.file(territory.source.file));
    this.folders.delete(key);
    this.readings.delete(key);
    this.listings.forget(folder);
  }
}

export { relativeTo } from './fileEvents';

function describeProblem(
  reading: MapReading,
  diagnostics: readonly MapDiagnostic[],
  stale: boolean,
): string | undefined {
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
  const severity = vscodeSeverity(diagnostic.severity);
  const result = new vscode.Diagnostic(
    new vscode.Range(r.line, r.column, r.endLine, r.endColumn),
    diagnostic.message,
    severity,
  );
  result.source = 'territory';
  result.code = diagnostic.code;
  return result;
}
