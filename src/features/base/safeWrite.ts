// The editor's side of src/core/safePath.ts: the commands that write into the workspace folder
// (handoffs, prompts, the session plan, the map, .gitignore, the exported protocol) ask here
// first, so a symbolic link a branch committed never carries their write out of the folder.
import * as vscode from 'vscode';
import { outsideFolder } from '../../core/safePath';

/** Why writing `uri` would leave its workspace folder, or undefined (also for files outside any folder, or not on disk). */
export async function writeLeavesFolder(uri: vscode.Uri, folder?: vscode.WorkspaceFolder): Promise<string | undefined> {
  const root = folder ?? vscode.workspace.getWorkspaceFolder(uri);
  if (!root || uri.scheme !== 'file' || root.uri.scheme !== 'file') return undefined;
  return outsideFolder(root.uri.fsPath, uri.fsPath);
}

/** Throws with writeLeavesFolder's reason, for writers whose callers show errors. */
export async function assertWriteInFolder(uri: vscode.Uri, folder?: vscode.WorkspaceFolder): Promise<void> {
  const reason = await writeLeavesFolder(uri, folder);
  if (reason !== undefined) throw new Error(reason);
}

/** True, after showing the reason, when writing `uri` would leave its folder: the caller stops there. */
export async function writeRefused(uri: vscode.Uri, folder?: vscode.WorkspaceFolder): Promise<boolean> {
  const reason = await writeLeavesFolder(uri, folder);
  if (reason !== undefined) void vscode.window.showErrorMessage(reason);
  return reason !== undefined;
}

/** Whether something (a file, a folder) exists at `uri`: the writers ask before creating a file. */
export async function fileExists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
