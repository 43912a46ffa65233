// The one place Territory watches a mapped workspace's files: one recursive watcher for all of it
// (created while some folder has a map) and one git-state watcher per git directory, each with an
// event the features subscribe to. Before, the maps, the uncommitted-changes view, session plans,
// mission control (twice per folder) and the blocked-edit log each opened their own, and HEAD was
// watched by both the maps and the commits view.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Disposable } from '../base/lifecycle';

export type FileEventKind = 'created' | 'changed' | 'deleted';

/** A file or folder created, changed or deleted inside a workspace folder. */
export interface FileEvent {
  readonly kind: FileEventKind;
  readonly uri: vscode.Uri;
  readonly folder: vscode.WorkspaceFolder;
  /** The `/`-separated path inside `folder`. */
  readonly path: string;
}

/** A file of a git directory written: `name` is its path inside `gitDir` (`HEAD`, `refs/heads/main`). */
export interface GitStateEvent {
  readonly folder: vscode.WorkspaceFolder;
  readonly gitDir: string;
  readonly name: string;
}

/** HEAD, refs and the markers of a merge or rebase: what moves when commits, branches or the index change wholesale. */
const GIT_STATE_GLOB =
  '{HEAD,ORIG_HEAD,MERGE_HEAD,CHERRY_PICK_HEAD,REVERT_HEAD,packed-refs,refs/**,rebase-merge/**,rebase-apply/**}';

function watcher(
  pattern: vscode.GlobPattern,
  listen: (kind: FileEventKind, uri: vscode.Uri) => void,
): vscode.Disposable {
  const w = vscode.workspace.createFileSystemWatcher(pattern);
  return vscode.Disposable.from(
    w,
    w.onDidCreate((uri) => listen('created', uri)),
    w.onDidChange((uri) => listen('changed', uri)),
    w.onDidDelete((uri) => listen('deleted', uri)),
  );
}

export class FileEvents extends Disposable {
  private readonly files = this.register(new vscode.EventEmitter<FileEvent>());
  /** Every create, change and delete in a workspace folder while some folder has a map. */
  readonly onDidChangeFile = this.files.event;
  private readonly git = this.register(new vscode.EventEmitter<GitStateEvent>());
  readonly onDidChangeGitState = this.git.event;
  private recursive: vscode.Disposable | undefined;
  /** Per folder, per client (`maps`, `commits`): the git directories it asked to watch. */
  private readonly gitWanted = new Map<
    string,
    { folder: vscode.WorkspaceFolder; clients: Map<string, readonly string[]> }
  >();
  /** Per git directory: its watcher, and the folders it serves. */
  private readonly gitWatchers = new Map<string, { watcher: vscode.Disposable; folders: vscode.WorkspaceFolder[] }>();

  constructor() {
    super();
    this.register({
      dispose: () => {
        this.recursive?.dispose();
        this.gitWatchers.forEach((w) => w.watcher.dispose());
        this.gitWatchers.clear();
      },
    });
  }

  /** The file-system watchers open now: the recursive one, and one per watched git directory (tests count them). */
  watcherCount(): number {
    return (this.recursive ? 1 : 0) + this.gitWatchers.size;
  }

  /** Opens the recursive watcher when some folder has a map, and closes it when none has. */
  setMapped(mapped: boolean): void {
    if (mapped && !this.recursive) this.recursive = watcher('**/*', (kind, uri) => this.fireFile(kind, uri));
    else if (!mapped && this.recursive) {
      this.recursive.dispose();
      this.recursive = undefined;
    }
  }

  /** `client` of `folder` needs the writes in `gitDirs` (none: it needs none any more). */
  watchGit(folder: vscode.WorkspaceFolder, client: string, gitDirs: readonly string[]): void {
    const key = folder.uri.toString();
    let wanted = this.gitWanted.get(key);
    if (!wanted) this.gitWanted.set(key, (wanted = { folder, clients: new Map() }));
    if (gitDirs.length === 0) wanted.clients.delete(client);
    else wanted.clients.set(client, gitDirs);
    this.syncGit();
  }

  /** Forgets what a folder removed from the workspace asked for. */
  forget(folder: vscode.WorkspaceFolder): void {
    this.gitWanted.delete(folder.uri.toString());
    this.syncGit();
  }

  private syncGit(): void {
    const wanted = new Map<string, vscode.WorkspaceFolder[]>();
    for (const { folder, clients } of this.gitWanted.values()) {
      for (const dir of new Set([...clients.values()].flat())) wanted.set(dir, [...(wanted.get(dir) ?? []), folder]);
    }
    for (const [dir, current] of this.gitWatchers) {
      if (!wanted.has(dir)) {
        current.watcher.dispose();
        this.gitWatchers.delete(dir);
      }
    }
    for (const [dir, folders] of wanted) {
      const current = this.gitWatchers.get(dir);
      if (current) current.folders = folders;
      else {
        const entry = { folders, watcher: { dispose: () => undefined } as vscode.Disposable };
        entry.watcher = watcher(new vscode.RelativePattern(vscode.Uri.file(dir), GIT_STATE_GLOB), (_kind, uri) => {
          const name = path.relative(dir, uri.fsPath).split(path.sep).join('/');
          for (const folder of entry.folders) this.git.fire({ folder, gitDir: dir, name });
        });
        this.gitWatchers.set(dir, entry);
      }
    }
  }

  private fireFile(kind: FileEventKind, uri: vscode.Uri): void {
    if (uri.scheme !== 'file') return;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const relative = folder && relativeTo(folder, uri);
    if (!folder || relative === undefined) return;
    this.files.fire({ kind, uri, folder, path: relative });
  }
}

/** The `/`-separated path of `uri` inside `folder`; undefined for the folder itself or outside it. */
export function relativeTo(folder: vscode.WorkspaceFolder, uri: vscode.Uri): string | undefined {
  const relative = path.relative(folder.uri.fsPath, uri.fsPath);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}
