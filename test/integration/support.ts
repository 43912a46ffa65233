import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TerritoryApi, TerritoryExports } from '../../src/extension';
import type { DormantTerritory } from '../../src/loader';

export const EXTENSION_ID = 'territory.territory';

/** The command-line tool the running extension ships (dist/cli.js), as users and agents run it. */
export function bundledCli(): string {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this window`);
  return path.join(extension.extensionPath, 'dist', 'cli.js');
}

/** Runs the bundled CLI with the extension host's own Node (ELECTRON_RUN_AS_NODE), within 30 s. */
export function runBundledCli(args: readonly string[], env: NodeJS.ProcessEnv = process.env): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bundledCli(), ...args], {
    env: { ...env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

/** The running extension's API, once its maps have been read (woken first where it is dormant: no map). */
export async function territoryApi(): Promise<TerritoryApi> {
  const extension = vscode.extensions.getExtension<TerritoryExports | DormantTerritory>(EXTENSION_ID);
  if (!extension) throw new Error(`extension ${EXTENSION_ID} is not installed in this host`);
  const exported = await extension.activate();
  const api = testHandle('dormant' in exported ? await exported.wake() : exported);
  await api.maps.ready();
  return api;
}

/** The live objects the extension hands its own tests (the runners set TERRITORY_TEST_HANDLE=1). */
export function testHandle(exported: TerritoryExports): TerritoryApi {
  if (!exported.testing)
    throw new Error('Territory exported no test handle: is TERRITORY_TEST_HANDLE=1 in the extension host environment?');
  return exported.testing;
}

/** Polls until `probe` returns a truthy value; fails with `what` and the last value seen. */
export async function waitFor<T>(
  what: string,
  probe: () => T | Promise<T>,
  timeoutMs = 10_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (last) return last as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last value: ${JSON.stringify(last)})`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration tests need a workspace folder');
  return folder.uri;
}

export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

export async function writeText(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}

export function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

/** Reverts every dirty editor and closes all editors, so no test leaves a change on disk. */
export async function revertAllAndClose(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file')) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    if (document.isDirty) throw new Error(`could not revert ${document.uri.fsPath}`);
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Types like a user in the active editor; returns whether the document changed. */
export async function typeInto(editor: vscode.TextEditor, text: string): Promise<boolean> {
  const before = editor.document.getText();
  editor.selection = new vscode.Selection(0, 0, 0, 0);
  await vscode.commands.executeCommand('type', { text });
  await new Promise((resolve) => setTimeout(resolve, 100));
  return editor.document.getText() !== before;
}

/**
 * Disposes every terminal and waits until the window no longer lists them: a disposed terminal stays
 * in `window.terminals` until the workbench confirms, and a launch in between would reuse it.
 */
export async function closeAllTerminals(): Promise<void> {
  for (const terminal of vscode.window.terminals) terminal.dispose();
  await waitFor('every terminal closed', () => (vscode.window.terminals.length === 0 ? true : undefined), 20_000);
}
