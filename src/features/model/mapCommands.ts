import * as path from 'node:path';
import * as vscode from 'vscode';
import { findMapFile } from '../../core/map/discover';
import { mapToJsonText } from '../../core/map/toJson';
import { parseMapText } from '../../core/territory';
import { MAP_FILE_NAME, hasErrors } from '../../core/types';
import type { ActiveDomain } from './activeDomain';
import { DomainNode } from './domainsView';
import type { TerritoryMaps } from './maps';
import { assertWriteInFolder, fileExists } from '../base/safeWrite';
import { registerCommand } from '../base/commandIds';

const LEAD_ITEM = 'Lead';

export function registerMapCommands(maps: TerritoryMaps, active: ActiveDomain, showLog: () => void): vscode.Disposable[] {
  return [
    registerCommand('selectDomain', () => selectDomain(maps, active)),
    registerCommand('makeDomainActive', (node?: DomainNode) => (node instanceof DomainNode ? active.set(node.domain.id) : selectDomain(maps, active))),
    registerCommand('switchToLead', () => active.set(undefined)),
    registerCommand('validateMap', () => validateMap(maps)),
    registerCommand('convertMarkdownMap', () => convertMarkdownMap(maps)),
    registerCommand('openMap', () => openMap(maps)),
    registerCommand('createMap', () => createMap(maps)),
    registerCommand('refresh', () => maps.reloadAll()),
    registerCommand('showLog', showLog),
  ];
}

async function selectDomain(maps: TerritoryMaps, active: ActiveDomain): Promise<void> {
  await maps.ready();
  type Item = vscode.QuickPickItem & { id: string | undefined };
  const seen = new Set<string>();
  const items: Item[] = [{ label: `$(person) ${LEAD_ITEM}`, description: 'no active domain: the human integrator', id: undefined }];
  for (const { territory, domain } of maps.domains()) {
    if (seen.has(domain.id)) continue;
    seen.add(domain.id);
    items.push({
      label: `$(shield) ${domain.id}`,
      description: `${domain.terminal} · ${domain.name} · ${domain.prefixes.join(' ')}`,
      detail: domain.paths.join(', ') + (maps.all().length > 1 ? ` (${territory.folder.name})` : ''),
      id: domain.id,
    });
  }
  if (items.length === 1) {
    const action = await vscode.window.showWarningMessage('Territory: no domain map in this workspace.', 'Create Map');
    if (action) await createMap(maps);
    return;
  }
  for (const item of items) item.picked = item.id === active.id;
  const picked = await vscode.window.showQuickPick(items, { title: 'Territory: Select Active Domain', placeHolder: `Active: ${active.id ?? LEAD_ITEM}` });
  if (picked) await active.set(picked.id);
}

async function validateMap(maps: TerritoryMaps): Promise<void> {
  await maps.reloadAll();
  const territories = maps.all();
  if (territories.every((t) => t.source === undefined)) {
    void vscode.window.showWarningMessage('Territory: no domain map found. Create territory.json or a markdown Domain Territory Map table.');
    return;
  }
  const lines = territories.map((t) => {
    const errors = t.diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = t.diagnostics.filter((d) => d.severity === 'warning').length;
    const files = t.coverage ? `, ${t.coverage.fileCount} files, ${t.coverage.unassignedCount} unassigned` : '';
    return `${t.folder.name}: ${t.map?.domains.length ?? 0} domains${files}, ${errors} error(s), ${warnings} warning(s)`;
  });
  const failed = territories.some((t) => hasErrors(t.diagnostics) || (t.problem !== undefined && t.source !== undefined));
  if (failed) {
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    void vscode.window.showErrorMessage(`Territory map has errors. ${lines.join('; ')}`);
  } else {
    void vscode.window.showInformationMessage(`Territory map OK. ${lines.join('; ')}`);
  }
}

async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Workspace folder' });
}

async function openMap(maps: TerritoryMaps): Promise<void> {
  const folder = await pickFolder();
  const source = folder && maps.get(folder)?.source;
  if (!source) {
    const action = await vscode.window.showWarningMessage('Territory: this folder has no domain map.', 'Create Map');
    if (action) await createMap(maps);
    return;
  }
  await vscode.window.showTextDocument(vscode.Uri.file(source.file));
}

/** Writes territory.json from the markdown table; refuses to replace an existing territory.json. */
async function convertMarkdownMap(maps: TerritoryMaps): Promise<void> {
  const folder = await pickFolder();
  if (!folder) return;
  const target = vscode.Uri.file(path.join(folder.uri.fsPath, MAP_FILE_NAME));
  if (await fileExists(target)) {
    // Not awaited: the command finishes while the notification waits for the user.
    void vscode.window
      .showWarningMessage(`${MAP_FILE_NAME} already exists in ${folder.name}; it was left untouched.`, 'Open It')
      .then((action) => (action ? vscode.window.showTextDocument(target) : undefined));
    return;
  }
  const markdown = await findMapFile(folder.uri.fsPath).catch(() => undefined);
  if (!markdown || markdown.kind !== 'markdown') {
    void vscode.window.showWarningMessage('Territory: no markdown file with a Domain Territory Map table (Terminal, Domain Name, Exclusive Paths, Commit Prefix) was found.');
    return;
  }
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(markdown.file)));
  const parsed = parseMapText(text, 'markdown');
  if (!parsed.map || hasErrors(parsed.diagnostics)) {
    void vscode.window.showErrorMessage(`Territory: the table in ${path.basename(markdown.file)} has errors; fix them first (see Problems).`);
    return;
  }
  await writeNewFile(target, mapToJsonText(parsed.map));
  await maps.load(folder);
  await vscode.window.showTextDocument(target);
  void vscode.window.showInformationMessage(`Territory: ${MAP_FILE_NAME} written from ${path.basename(markdown.file)} (${parsed.map.domains.length} domains).`);
}

/** Creates territory.json: from a markdown table when there is one, else a starter map. */
async function createMap(maps: TerritoryMaps): Promise<void> {
  const folder = await pickFolder();
  if (!folder) return;
  const target = vscode.Uri.file(path.join(folder.uri.fsPath, MAP_FILE_NAME));
  if (await fileExists(target)) {
    await vscode.window.showTextDocument(target);
    return;
  }
  const markdown = await findMapFile(folder.uri.fsPath).catch(() => undefined);
  if (markdown?.kind === 'markdown') return convertMarkdownMap(maps);
  await writeNewFile(target, STARTER_MAP);
  await maps.load(folder);
  await vscode.window.showTextDocument(target);
}

const STARTER_MAP = `{
  // Territory domain map: each domain is one terminal's exclusive part of the tree.
  "project": "my-project",
  "domains": [
    { "id": "CORE", "terminal": "T1", "name": "Core", "paths": ["src/core/"], "prefixes": ["core:"] },
    { "id": "DOCS", "terminal": "T2", "name": "Docs", "paths": ["docs/", "/*.md"], "prefixes": ["docs:"] }
  ],
  "handoffs": { "file": "HANDOFF_FROM_{domain}.md" }
}
`;

async function writeNewFile(uri: vscode.Uri, text: string): Promise<void> {
  await assertWriteInFolder(uri);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}
