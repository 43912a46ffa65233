import * as path from 'node:path';
import * as vscode from 'vscode';
import { findMapFile } from '../../core/map/discover';
import {
  mapOfProposal,
  proposeMap,
  type MapProposal,
  type ProposedDomain,
  type TopLevelEntry,
} from '../../core/map/proposal';
import { mapToJsonText } from '../../core/map/toJson';
import { count } from '../../core/plural';
import { parseMapText } from '../../core/territory';
import { MAP_FILE_NAME, hasErrors } from '../../core/types';
import type { ActiveDomain } from './activeDomain';
import { DomainNode } from './domainsView';
import type { TerritoryMaps } from './maps';
import { assertWriteInFolder, fileExists } from '../base/safeWrite';
import { CommandId, registerCommand } from '../base/commandIds';
import { UiId } from '../base/ids';
import type { InfoUi, UiSeam } from '../base/uiSeam';

const LEAD_ITEM = 'Lead';
/** package.json's walkthrough, as `workbench.action.openWalkthrough` names it (publisher.name#id). */

/** The notifications of the map commands that ask for a choice; tests answer them through `api.ui.mapCommands`. */
export type MapCommandsUi = InfoUi;

export function registerMapCommands(
  maps: TerritoryMaps,
  active: ActiveDomain,
  showLog: () => void,
  ui: UiSeam<MapCommandsUi>,
): vscode.Disposable {
  return vscode.Disposable.from(
    registerCommand('selectDomain', () => selectDomain(maps, active)),
    registerCommand('makeDomainActive', (node?: DomainNode) =>
      node instanceof DomainNode ? active.set(node.domain.id) : selectDomain(maps, active),
    ),
    registerCommand('switchToLead', () => active.set(undefined)),
    registerCommand('validateMap', () => validateMap(maps)),
    registerCommand('convertMarkdownMap', () => convertMarkdownMap(maps)),
    registerCommand('openMap', () => openMap(maps)),
    registerCommand('createMap', () => createMap(maps, ui)),
    registerCommand('refresh', () => maps.reloadAll()),
    registerCommand('showLog', showLog),
  );
}

async function selectDomain(maps: TerritoryMaps, active: ActiveDomain): Promise<void> {
  await maps.ready();
  type Item = vscode.QuickPickItem & { id: string | undefined };
  const seen = new Set<string>();
  const items: Item[] = [
    { label: `$(person) ${LEAD_ITEM}`, description: 'no active domain: the human integrator', id: undefined },
  ];
  for (const { territory, domain } of maps.domains()) {
    if (seen.has(domain.id)) continue;
    seen.add(domain.id);
    items.push({
      label: `$(${domain.id === active.id ? 'shield' : 'circle-outline'}) ${domain.id}`,
      description: `${domain.terminal} · ${domain.name} · ${domain.prefixes.join(' ')}`,
      detail: domain.paths.join(', ') + (maps.all().length > 1 ? ` (${territory.folder.name})` : ''),
      id: domain.id,
    });
  }
  if (items.length === 1) {
    const action = await vscode.window.showWarningMessage('No domain map in this workspace.', 'Create Map');
    if (action) await vscode.commands.executeCommand(CommandId.createMap);
    return;
  }
  for (const item of items) item.picked = item.id === active.id;
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Territory: Select Active Domain',
    placeHolder: `Active: ${active.id ?? LEAD_ITEM}`,
  });
  if (picked) await active.set(picked.id);
}

async function validateMap(maps: TerritoryMaps): Promise<void> {
  await maps.reloadAll();
  const territories = maps.all();
  if (territories.every((t) => t.source === undefined)) {
    void vscode.window.showWarningMessage(
      'No domain map found. Create territory.json (Create Map) or a markdown Domain Territory Map table.',
    );
    return;
  }
  const lines = territories.map((t) => {
    const errors = t.diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = t.diagnostics.filter((d) => d.severity === 'warning').length;
    const files = t.coverage
      ? `, ${count(t.coverage.fileCount, 'file')}, ${t.coverage.unassignedCount} unassigned`
      : '';
    return `${t.folder.name}: ${count(t.map?.domains.length ?? 0, 'domain')}${files}, ${count(errors, 'error')}, ${count(warnings, 'warning')}`;
  });
  const failed = territories.some(
    (t) => hasErrors(t.diagnostics) || (t.problem !== undefined && t.source !== undefined),
  );
  if (failed) {
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    void vscode.window.showErrorMessage(`The map has errors. ${lines.join('; ')}`);
  } else {
    void vscode.window.showInformationMessage(`Map OK. ${lines.join('; ')}`);
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
    const action = await vscode.window.showWarningMessage('This folder has no domain map.', 'Create Map');
    if (action) await vscode.commands.executeCommand(CommandId.createMap);
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
    void vscode.window.showWarningMessage(
      'No markdown file with a Domain Territory Map table (Terminal, Domain Name, Exclusive Paths, Commit Prefix) was found.',
    );
    return;
  }
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(markdown.file)));
  const parsed = parseMapText(text, 'markdown');
  if (!parsed.map || hasErrors(parsed.diagnostics)) {
    void vscode.window.showErrorMessage(
      `The table in ${path.basename(markdown.file)} has errors; fix them first (see Problems).`,
    );
    return;
  }
  await writeNewFile(target, mapToJsonText(parsed.map));
  await maps.load(folder);
  await vscode.window.showTextDocument(target);
  void vscode.window.showInformationMessage(
    `${MAP_FILE_NAME} written from ${path.basename(markdown.file)} (${count(parsed.map.domains.length, 'domain')}).`,
  );
}

/**
 * Creates territory.json: from a markdown table when there is one, else from the folder's real
 * top-level folders (one domain each, the user unticks the ones that are not a part of their own).
 */
async function createMap(maps: TerritoryMaps, ui: UiSeam<MapCommandsUi>): Promise<void> {
  const folder = await pickFolder();
  if (!folder) return;
  const target = vscode.Uri.file(path.join(folder.uri.fsPath, MAP_FILE_NAME));
  if (await fileExists(target)) {
    await vscode.window.showTextDocument(target);
    return;
  }
  const markdown = await findMapFile(folder.uri.fsPath).catch(() => undefined);
  if (markdown?.kind === 'markdown') return convertMarkdownMap(maps);
  const proposal = proposeMap(folder.name, await topLevelEntries(folder.uri));
  const left = proposal.skipped.map((s) => `${s.folder}/ (${s.why})`).join('; ');
  if (proposal.domains.length === 0) {
    void vscode.window.showWarningMessage(
      `${folder.name} has no top-level folder to make a domain of${left ? ` (left out: ${left})` : ''}. Create the folders first, or write ${MAP_FILE_NAME} by hand.`,
    );
    return;
  }
  const kept = await pickDomains(proposal);
  if (!kept) return;
  if (kept.length === 0) {
    void vscode.window.showInformationMessage(`No folder was ticked: ${MAP_FILE_NAME} was not written.`);
    return;
  }
  const map = mapOfProposal(proposal.project, kept);
  await writeNewFile(target, mapToJsonText(map));
  await maps.load(folder);
  await vscode.window.showTextDocument(target);
  void nextStep(
    ui.current,
    map.domains.map((d) => d.id),
    left,
  );
}

/** The folder's top-level entries; a symbolic link counts as no directory (it may lead out of the folder). */
async function topLevelEntries(root: vscode.Uri): Promise<TopLevelEntry[]> {
  const entries = await vscode.workspace.fs.readDirectory(root);
  return entries.map(([name, type]) => ({ name, directory: type === vscode.FileType.Directory }));
}

/** The proposal as a multi-select quick pick, generated folders unticked; undefined when dismissed. */
async function pickDomains(proposal: MapProposal): Promise<ProposedDomain[] | undefined> {
  type Item = vscode.QuickPickItem & { proposed: ProposedDomain };
  const items: Item[] = proposal.domains.map((p) => ({
    label: `$(folder) ${p.folder}/`,
    description: `${p.domain.id} · ${p.domain.prefixes.join(' ')}`,
    picked: p.picked,
    proposed: p,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    title: `Create Map for ${proposal.project}: one domain per folder`,
    placeHolder: 'Untick the folders that are not a part of their own; Enter writes territory.json',
    ignoreFocusOut: true,
  });
  return picked?.map((i) => i.proposed);
}

/** What to do after the map is written: plan the session, launch the terminals, or read the walkthrough. */
async function nextStep(ui: MapCommandsUi, ids: readonly string[], left: string): Promise<void> {
  const plan = 'Plan Session';
  const launch = 'Launch Terminals';
  const guide = 'Open Walkthrough';
  const action = await ui.info(
    `Map written with ${count(ids.length, 'domain')} (${ids.join(', ')}), in force now.${left ? ` Left out: ${left}.` : ''} Next: plan the session (a goal and one task per domain), then launch one terminal per domain.`,
    plan,
    launch,
    guide,
  );
  if (action === plan) await vscode.commands.executeCommand(CommandId.planSession);
  else if (action === launch) await vscode.commands.executeCommand(CommandId.launchDomainTerminals);
  else if (action === guide) await vscode.commands.executeCommand('workbench.action.openWalkthrough', UiId.walkthrough);
}

async function writeNewFile(uri: vscode.Uri, text: string): Promise<void> {
  await assertWriteInFolder(uri);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
}
