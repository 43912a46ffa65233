import * as vscode from 'vscode';
import type { CheckboxEdit } from '../../core/handoffs/toggle';
import type { HandoffRequest, ParsedHandoffFile } from '../../core/handoffs/types';
import { writeRefused } from '../base/safeWrite';

const SYNC_TIMEOUT_MS = 2000;

export async function readDiskText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    // TextDecoder drops a byte-order mark, as VS Code's documents do, so offsets agree.
    return new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** The open document for `uri`, if any (open means loaded, not necessarily shown). */
export function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
}

function sameText(a: string, b: string): boolean {
  // VS Code keeps one line ending per document: compare what the lines say.
  return a === b || a.replace(/\r\n?/g, '\n') === b.replace(/\r\n?/g, '\n');
}

/**
 * The document to edit, up to date: a clean document that lags behind a file a terminal just
 * wrote is waited for (VS Code reloads clean documents from disk on its own), so an edit never
 * lands on stale text. A dirty document is the user's unsaved work and is edited as it is.
 */
export async function openForEdit(uri: vscode.Uri): Promise<{ document: vscode.TextDocument; wasDirty: boolean }> {
  const document = await vscode.workspace.openTextDocument(uri);
  if (document.isDirty) return { document, wasDirty: true };
  const deadline = Date.now() + SYNC_TIMEOUT_MS;
  for (;;) {
    const disk = await readDiskText(uri);
    if (disk === undefined || sameText(disk, document.getText()) || document.isDirty) break;
    if (Date.now() > deadline)
      throw new Error(
        `${vscode.workspace.asRelativePath(uri)} changed on disk and the editor has not caught up yet; try again.`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { document, wasDirty: document.isDirty };
}

/**
 * Applies checkbox edits computed on `document.getText()` as one undoable WorkspaceEdit of
 * single characters. A document that was clean is saved, so terminals see the change; one with
 * unsaved user changes is left for the user to save.
 */
export async function applyToDocument(
  document: vscode.TextDocument,
  edits: readonly CheckboxEdit[],
  wasDirty: boolean,
): Promise<boolean> {
  if (edits.length === 0) return true;
  if (await writeRefused(document.uri)) return false;
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) {
    const start = document.positionAt(e.offset);
    edit.replace(document.uri, new vscode.Range(start, start.translate(0, 1)), e.text);
  }
  if (!(await vscode.workspace.applyEdit(edit))) return false;
  if (!wasDirty) return document.save();
  return true;
}

/**
 * The request in a fresh parse that is the same as `old` from an earlier one: same target, file,
 * change and reason, nearest to where it was. Lines move when someone edits above it.
 */
export function findSameRequest(fresh: ParsedHandoffFile, old: HandoffRequest): HandoffRequest | undefined {
  const key = (r: HandoffRequest) =>
    JSON.stringify([r.target?.raw.toUpperCase(), r.file, r.change, r.reason, r.blocking]);
  const wanted = key(old);
  const same = fresh.requests.filter((r) => key(r) === wanted);
  return same.sort((a, b) => Math.abs(a.startLine - old.startLine) - Math.abs(b.startLine - old.startLine))[0];
}
