// The files this window itself wrote: the lead's saves in an editor, the Handoffs view ticking a
// checkbox (a WorkspaceEdit, then a save), the Explorer creating, deleting or renaming. The file
// watcher sees these exactly as it sees an agent's writes on disk; mission control asks here first
// so the lead's own edit is never credited to the domain that owns the file.
import * as vscode from 'vscode';
import { Disposable } from '../base/lifecycle';

/** A change seen on disk this soon after the window wrote the file is the window's (watchers lag). */
export const LEAD_WRITE_MS = 5_000;
const KEEP = 1_000;

export class LeadWrites extends Disposable {
  private readonly times = new Map<string, number>();

  constructor() {
    super();
    const mark = (uri: vscode.Uri) => this.mark(uri);
    this.register(vscode.workspace.onWillSaveTextDocument((e) => mark(e.document.uri)));
    this.register(vscode.workspace.onDidSaveTextDocument((d) => mark(d.uri)));
    this.register(vscode.workspace.onWillCreateFiles((e) => e.files.forEach(mark)));
    this.register(vscode.workspace.onWillDeleteFiles((e) => e.files.forEach(mark)));
    this.register(vscode.workspace.onWillRenameFiles((e) => e.files.forEach((f) => (mark(f.oldUri), mark(f.newUri)))));
  }

  /** Whether this window wrote the file within LEAD_WRITE_MS of `now`. */
  wrote(uri: vscode.Uri, now = Date.now()): boolean {
    const at = this.times.get(uri.fsPath);
    return at !== undefined && now - at <= LEAD_WRITE_MS;
  }

  private mark(uri: vscode.Uri): void {
    if (uri.scheme !== 'file') return;
    const now = Date.now();
    this.times.delete(uri.fsPath);
    this.times.set(uri.fsPath, now);
    // Oldest first (re-set keys move to the end): drop what is too old to matter, and never keep more than KEEP.
    for (const [path, at] of this.times) {
      if (this.times.size <= KEEP && now - at <= LEAD_WRITE_MS) break;
      this.times.delete(path);
    }
  }
}
