import * as vscode from 'vscode';
import { classifyHandoffPath, handoffDirectories } from '../../core/handoffs/discover';
import { toggleEdits, editsApply } from '../../core/handoffs/toggle';
import { withDoneClaims } from '../../core/handoffs/doneClaims';
import { countOpen, countOpenBlocking, type HandoffRequest, type ParsedHandoffFile } from '../../core/handoffs/types';
import { analyzeHandoffFile, type HandoffContext } from '../../core/handoffs/validate';
import { readsOutsideFolder } from '../../core/safePath';
import { RefreshQueue } from '../../core/refreshQueue';
import { DEFAULT_HANDOFF_FILE } from '../../core/types';
import { Disposable } from '../base/lifecycle';
import type { Log } from '../base/log';
import { relativeTo, type TerritoryMaps } from '../model/maps';
import { applyToDocument, findSameRequest, openDocument, openForEdit, readDiskText } from './edit';
import { UiId } from '../base/ids';
import { vscodeSeverity } from '../base/severity';

/** One handoff file as last read: from disk, or from its editor when that has unsaved changes. */
export interface HandoffDocument {
  readonly folder: vscode.WorkspaceFolder;
  readonly uri: vscode.Uri;
  readonly parsed: ParsedHandoffFile;
  readonly unsaved: boolean;
}

export interface HandoffEntry {
  readonly document: HandoffDocument;
  readonly request: HandoffRequest;
}

/** Terminals save a file several times in a row; one reload after they pause. */
export const HANDOFF_DEBOUNCE_MS = 200;

/** Finds, reads, watches and validates the handoff files of every workspace folder. */
export class HandoffService extends Disposable {
  private readonly folders = new Map<string, HandoffDocument[]>();
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  readonly diagnostics = this.register(vscode.languages.createDiagnosticCollection(UiId.handoffDiagnostics));
  private readonly watchers = new Map<string, { glob: string; watcher: vscode.Disposable }>();
  /** Per folder key, the folder a scheduled reload reads. */
  private readonly targets = new Map<string, vscode.WorkspaceFolder>();
  private readonly refreshes: RefreshQueue<string>;

  constructor(
    private readonly maps: TerritoryMaps,
    log: Log,
  ) {
    super();
    // A failed read keeps the last state; the next file event tries again.
    this.refreshes = new RefreshQueue({
      name: 'handoffs',
      delayMs: HANDOFF_DEBOUNCE_MS,
      log,
      run: (key) => this.loadKey(key),
    });
    this.register({ dispose: () => this.refreshes.dispose() });
    this.register(maps.onDidChange((territory) => this.schedule(territory.folder, 0)));
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.reloadAll()));
    for (const event of [
      vscode.workspace.onDidChangeTextDocument,
      vscode.workspace.onDidSaveTextDocument,
      vscode.workspace.onDidCloseTextDocument,
    ]) {
      this.register(
        event((e: vscode.TextDocumentChangeEvent | vscode.TextDocument) =>
          this.onDocument('document' in e ? e.document : e),
        ),
      );
    }
    this.register({ dispose: () => this.watchers.forEach((w) => w.watcher.dispose()) });
    void this.reloadAll();
  }

  /** Resolves once the maps are read and the handoff files read against them. */
  async ready(): Promise<void> {
    await this.maps.ready();
    await this.settled();
  }

  /** Resolves when no reload is scheduled or running: after a file event, wait for this. */
  settled(): Promise<void> {
    return this.refreshes.idle();
  }

  documents(folder?: vscode.WorkspaceFolder): HandoffDocument[] {
    if (folder) return this.folders.get(folder.uri.toString()) ?? [];
    return [...this.folders.values()].flat();
  }

  entries(folder?: vscode.WorkspaceFolder): HandoffEntry[] {
    return this.documents(folder).flatMap((document) =>
      document.parsed.requests.map((request) => ({ document, request })),
    );
  }

  /** Open (not fully checked) blocking requests addressed to `domainId`: the badge, the status bar. */
  openBlockingFor(domainId: string, folder?: vscode.WorkspaceFolder): number {
    return countOpenBlocking(
      this.documents(folder).map((d) => d.parsed),
      domainId,
    );
  }

  /** Open requests addressed to `domainId`: the Domains view. */
  openFor(domainId: string, folder?: vscode.WorkspaceFolder): number {
    return countOpen(
      this.documents(folder).map((d) => d.parsed),
      domainId,
    );
  }

  context(folder: vscode.WorkspaceFolder): HandoffContext {
    const territory = this.maps.get(folder);
    return { map: territory?.map, resolver: territory?.resolver };
  }

  reloadAll(): Promise<void> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    for (const key of [...this.folders.keys()]) {
      if (!folders.some((f) => f.uri.toString() === key)) this.forget(key);
    }
    for (const folder of folders) this.schedule(folder, 0);
    return this.settled();
  }

  /** Debounced reload of one folder's handoff files; `settled()` waits for it. */
  schedule(folder: vscode.WorkspaceFolder, delay = HANDOFF_DEBOUNCE_MS): void {
    const key = folder.uri.toString();
    this.targets.set(key, folder);
    this.refreshes.schedule(key, delay);
  }

  /**
   * Checks (or unchecks) every box of a request, through an undoable WorkspaceEdit of the box
   * characters only. The file is read again first, and the request found again in it, so an
   * edit made meanwhile by a terminal or the user is never overwritten.
   */
  async setChecked(entry: HandoffEntry, checked: boolean): Promise<boolean> {
    const { folder, uri, parsed } = entry.document;
    try {
      const { document, wasDirty } = await openForEdit(uri);
      const fresh = analyzeHandoffFile(parsed.path, document.getText(), this.context(folder));
      const request = findSameRequest(fresh, entry.request);
      if (!request) {
        void vscode.window.showWarningMessage(
          `The request at line ${entry.request.startLine + 1} of ${parsed.path} changed meanwhile; nothing was toggled.`,
        );
        return false;
      }
      const edits = toggleEdits(request, checked);
      if (!editsApply(document.getText(), edits)) return false;
      return await applyToDocument(document, edits, wasDirty);
    } catch (error) {
      void vscode.window.showErrorMessage(
        `Cannot toggle the request: ${error instanceof Error ? error.message : String(error)}`,
      );
      return false;
    } finally {
      this.schedule(folder, 0);
    }
  }

  private onDocument(document: vscode.TextDocument): void {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (!folder || document.uri.scheme !== 'file') return;
    const relative = relativeTo(folder, document.uri);
    const template = this.maps.get(folder)?.map?.handoffFile ?? DEFAULT_HANDOFF_FILE;
    if (relative !== undefined && classifyHandoffPath(relative, template) !== undefined) this.schedule(folder);
  }

  private async loadKey(key: string): Promise<void> {
    const folder = this.targets.get(key);
    if (folder) await this.load(folder);
  }

  private async load(folder: vscode.WorkspaceFolder): Promise<void> {
    const key = folder.uri.toString();
    const context = this.context(folder);
    const template = context.map?.handoffFile ?? DEFAULT_HANDOFF_FILE;
    this.watch(folder, template);
    const read: HandoffDocument[] = [];
    const texts = new Map<string, string>();
    for (const relative of await listHandoffFiles(folder, template)) {
      const uri = vscode.Uri.joinPath(folder.uri, relative);
      const editor = openDocument(uri);
      const unsaved = editor?.isDirty === true;
      const text = unsaved ? editor.getText() : await readDiskText(uri);
      if (text === undefined) continue; // deleted between listing and reading
      texts.set(relative, text);
      read.push({ folder, uri, parsed: analyzeHandoffFile(relative, text, context), unsaved });
    }
    // A request its target marked done in its own file shows as done, and leaves the counts, until the requester's hook checks it.
    const claimed = withDoneClaims(
      read.map((d) => d.parsed),
      texts,
    );
    const documents = read.map((d, i) => ({ ...d, parsed: claimed[i] ?? d.parsed }));
    const before = this.folders.get(key) ?? [];
    for (const old of before)
      if (!documents.some((d) => d.uri.toString() === old.uri.toString())) this.diagnostics.delete(old.uri);
    for (const document of documents) this.diagnostics.set(document.uri, document.parsed.diagnostics.map(toDiagnostic));
    this.folders.set(key, documents);
    this.changed.fire();
  }

  /** One watcher per folder for its handoff file names, so terminals' writes show up live. */
  private watch(folder: vscode.WorkspaceFolder, template: string): void {
    const key = folder.uri.toString();
    const glob = `{HANDOFF_*.md,${template.replace('{domain}', '*')}}`;
    const existing = this.watchers.get(key);
    if (existing?.glob === glob) return;
    existing?.watcher.dispose();
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, glob));
    const listeners = [watcher.onDidCreate, watcher.onDidChange, watcher.onDidDelete].map((event) =>
      event(() => this.schedule(folder)),
    );
    this.watchers.set(key, { glob, watcher: vscode.Disposable.from(watcher, ...listeners) });
  }

  private forget(key: string): void {
    for (const document of this.folders.get(key) ?? []) this.diagnostics.delete(document.uri);
    this.folders.delete(key);
    this.targets.delete(key);
    this.watchers.get(key)?.watcher.dispose();
    this.watchers.delete(key);
    this.changed.fire();
  }
}

async function listHandoffFiles(folder: vscode.WorkspaceFolder, template: string): Promise<string[]> {
  const found: string[] = [];
  // A handoff directory or file that a symbolic link leads out of the folder is not read (a branch
  // could point it anywhere on the machine); readsOutsideFolder says so for files on disk.
  const root = folder.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
  for (const dir of handoffDirectories(template)) {
    if (root !== undefined && dir !== '' && (await readsOutsideFolder(root, dir)) !== undefined) continue;
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(dir === '' ? folder.uri : vscode.Uri.joinPath(folder.uri, dir));
    } catch {
      continue;
    }
    for (const [name, type] of entries) {
      const relative = dir === '' ? name : `${dir}/${name}`;
      if ((type & vscode.FileType.File) === 0 || classifyHandoffPath(relative, template) === undefined) continue;
      if (
        root !== undefined &&
        (type & vscode.FileType.SymbolicLink) !== 0 &&
        (await readsOutsideFolder(root, relative)) !== undefined
      )
        continue;
      found.push(relative);
    }
  }
  return [...new Set(found)].sort();
}

function toDiagnostic(d: ParsedHandoffFile['diagnostics'][number]): vscode.Diagnostic {
  const severity = vscodeSeverity(d.severity);
  const result = new vscode.Diagnostic(
    new vscode.Range(d.range.line, d.range.column, d.range.endLine, d.range.endColumn),
    d.message,
    severity,
  );
  result.source = 'territory';
  result.code = d.code;
  return result;
}
