import * as path from 'node:path';
import * as vscode from 'vscode';
import { walkFiles } from '../core/files';
import { OwnershipResolver, type Ownership } from '../core/ownership/resolver';
import type { CoverageReport } from '../core/ownership/coverage';
import { checkCoverage, readFolderMap, usableMap, type MapReading, type MapSource } from '../core/territory';
import { hasErrors, type Domain, type DomainMap, type MapDiagnostic } from '../core/types';
import { RefreshQueue } from '../core/refreshQueue';
import { listRepositoryFiles } from '../git/files';
import { affects, readConfig } from './config';
import { Disposable } from './lifecycle';
import type { Log } from './log';

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
  /** The folder's files as last listed (git, else a walk), and every directory holding them. */
  readonly files: ReadonlySet<string>;
  readonly directories: ReadonlySet<string>;
}

export interface FileOwner {
  readonly territory: FolderTerritory;
  readonly relativePath: string;
  readonly ownership: Ownership;
}

const RELOAD_DELAY_MS = 150;
/** Agents create files in bursts: the listing is read again once a burst has settled. */
const RELIST_DELAY_MS = 1500;

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
  private readonly wanted = new Map<string, { folder: vscode.WorkspaceFolder; kind: 'load' | 'relist' }>();
  private readonly refreshes: RefreshQueue<string>;

  constructor(private readonly log: Log) {
    super();
    this.refreshes = new RefreshQueue({ name: 'map', delayMs: RELOAD_DELAY_MS, log, run: (key) => this.refreshFolder(key) });
    this.register({ dispose: () => this.refreshes.dispose() });
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/*.{json,md}', false, false, false));
    for (const event of [watcher.onDidCreate, watcher.onDidChange, watcher.onDidDelete]) {
      this.register(event((uri) => this.onFileEvent(uri)));
    }
    this.register(this.watchWhileMapped('**/*', (files) => [files.onDidCreate, files.onDidDelete].map((event) => event((uri) => this.onCreateOrDelete(uri)))));
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

  private onCreateOrDelete(uri: vscode.Uri): void {
    if (/[\\/]\.git([\\/]|$)/.test(uri.fsPath)) return;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder || !this.get(folder)?.map) return;
    this.request(folder, 'relist');
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

  private request(folder: vscode.WorkspaceFolder, kind: 'load' | 'relist'): void {
    // Agents create files in bursts: a listing waits longer for the burst to settle than a map read.
    const merged = this.want(folder, kind);
    this.refreshes.schedule(folder.uri.toString(), merged === 'load' ? RELOAD_DELAY_MS : RELIST_DELAY_MS);
  }

  /** A map read includes a listing, so a pending read absorbs a listing request. */
  private want(folder: vscode.WorkspaceFolder, kind: 'load' | 'relist'): 'load' | 'relist' {
    const key = folder.uri.toString();
    const merged = kind === 'load' || this.wanted.get(key)?.kind === 'load' ? 'load' : 'relist';
    this.wanted.set(key, { folder, kind: merged });
    return merged;
  }

  private async refreshFolder(key: string): Promise<void> {
    const wanted = this.wanted.get(key);
    this.wanted.delete(key);
    if (wanted?.kind === 'load') await this.readMap(wanted.folder);
    else if (wanted) await this.listAgain(wanted.folder);
  }

  /** Lists the folder's files again; when they changed, recomputes coverage against the same map. */
  private async listAgain(folder: vscode.WorkspaceFolder): Promise<void> {
    const key = folder.uri.toString();
    const current = this.folders.get(key);
    const reading = this.readings.get(key);
    if (!current?.map || !current.resolver || current.stale || !reading) return;
    const listed = await this.listFiles(folder);
    if (listed.length === current.files.size && listed.every((file) => current.files.has(file))) return;
    const checked = checkCoverage(reading, current.map, current.resolver, listed);
    const diagnostics = [...(reading.parsed?.diagnostics ?? []), ...checked.diagnostics];
    const territory: FolderTerritory = {
      ...current,
      coverage: checked.report,
      diagnostics,
      problem: describeProblem(reading, diagnostics, false),
      files: new Set(listed),
      directories: directoriesOf(listed),
    };
    this.folders.set(key, territory);
    if (reading.source) this.diagnostics.set(vscode.Uri.file(reading.source.file), diagnostics.map(toVscodeDiagnostic));
    this.log.info(`${folder.name}: files created or deleted, ${current.files.size} → ${listed.length} files`);
    this.filesChanged.fire(territory);
  }

  private async readMap(folder: vscode.WorkspaceFolder): Promise<void> {
    const key = folder.uri.toString();
    const reading = await readFolderMap(folder.uri.fsPath, readConfig(folder).mapFile);
    const previous = this.folders.get(key);
    const fresh = usableMap(reading);
    const map = fresh ?? previous?.map;
    const resolver = fresh ? OwnershipResolver.compile(fresh) : previous?.resolver;
    const diagnostics = [...(reading.parsed?.diagnostics ?? [])];
    let coverage = previous?.coverage;
    let files = previous?.files ?? new Set<string>();
    let directories = previous?.directories ?? new Set<string>();
    if (fresh && resolver) {
      const listed = await this.listFiles(folder);
      const checked = checkCoverage(reading, fresh, resolver, listed);
      coverage = checked.report;
      diagnostics.push(...checked.diagnostics);
      files = new Set(listed);
      directories = directoriesOf(listed);
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
      files,
      directories,
    };
    if (previous?.source && previous.source.file !== reading.source?.file) {
      this.diagnostics.delete(vscode.Uri.file(previous.source.file));
    }
    if (reading.source) this.diagnostics.set(vscode.Uri.file(reading.source.file), diagnostics.map(toVscodeDiagnostic));
    this.folders.set(key, territory);
    this.log.info(
      `${folder.name}: ${map ? `${map.domains.length} domains` : 'no map'}${reading.source ? ` from ${reading.source.file}` : ''}` +
        `${stale ? ' (last good map kept)' : ''}; ${diagnostics.length} diagnostic(s)${problem ? `; ${problem}` : ''}`,
    );
    this.changed.fire(territory);
    await vscode.commands.executeCommand(
      'setContext',
      'territory.hasMap',
      this.all().some((t) => t.map !== undefined),
    );
  }

  private async listFiles(folder: vscode.WorkspaceFolder): Promise<string[]> {
    const listing = await listRepositoryFiles(folder.uri.fsPath);
    if (listing.ok) return listing.files;
    this.log.info(`${folder.name}: listing files without git (${listing.reason})`);
    return walkFiles(folder.uri.fsPath);
  }

  private forget(key: string): void {
    const territory = this.folders.get(key);
    if (territory?.source) this.diagnostics.delete(vscode.Uri.file(territory.source.file));
    this.folders.delete(key);
    this.readings.delete(key);
  }
}

/** The `/`-separated path of `uri` inside `folder`; undefined for the folder itself or outside it. */
export function relativeTo(folder: vscode.WorkspaceFolder, uri: vscode.Uri): string | undefined {
  const relative = path.relative(folder.uri.fsPath, uri.fsPath);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

function directoriesOf(files: readonly string[]): Set<string> {
  const directories = new Set<string>();
  for (const file of files) {
    for (let i = file.indexOf('/'); i !== -1; i = file.indexOf('/', i + 1)) directories.add(file.slice(0, i));
  }
  return directories;
}

function describeProblem(reading: MapReading, diagnostics: readonly MapDiagnostic[], stale: boolean): string | undefined {
  if (reading.failure) return reading.failure;
  if (!hasErrors(diagnostics)) return undefined;
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const first = errors[0];
  const where = first.range ? `line ${first.range.line + 1}: ` : '';
  const kept = stale ? ' The last good map stays in force.' : '';
  return `${errors.length} error(s) in the map, ${where}${first.message}${kept}`;
}

function toVscodeDiagnostic(diagnostic: MapDiagnostic): vscode.Diagnostic {
  const r = diagnostic.range ?? { line: 0, column: 0, endLine: 0, endColumn: 0 };
  const severity = diagnostic.severity === 'error' ? vscode.DiagnosticSeverity.Error : diagnostic.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
  const result = new vscode.Diagnostic(new vscode.Range(r.line, r.column, r.endLine, r.endColumn), diagnostic.message, severity);
  result.source = 'territory';
  result.code = diagnostic.code;
  return result;
}
