import * as vscode from 'vscode';
import { sortForLead } from '../../core/handoffs/collect';
import { claimedText, isMalformed, isOpen } from '../../core/handoffs/types';
import type { Domain } from '../../core/types';
import type { ActiveDomain } from '../model/activeDomain';
import { Disposable } from '../base/lifecycle';
import type { TerritoryMaps } from '../model/maps';
import type { HandoffDocument, HandoffEntry, HandoffService } from './service';
import { CommandId } from '../base/commandIds';
import { count } from '../../core/plural';
import { setContext } from '../base/ids';

export type GroupBy = 'target' | 'source';

export abstract class HandoffNode extends vscode.TreeItem {
  children(): HandoffNode[] {
    return [];
  }
}

export class HandoffFolderNode extends HandoffNode {
  constructor(
    readonly folder: vscode.WorkspaceFolder,
    private readonly build: () => HandoffNode[],
  ) {
    super(folder.name, vscode.TreeItemCollapsibleState.Expanded);
    this.id = `${folder.uri.toString()}#handoffs`;
    this.contextValue = 'handoffFolder';
    this.iconPath = vscode.ThemeIcon.Folder;
  }

  override children(): HandoffNode[] {
    return this.build();
  }
}

/** A target (or source) domain with its requests; `key` is a domain id, `?raw` or empty. */
export class HandoffGroupNode extends HandoffNode {
  constructor(
    readonly key: string,
    readonly domain: Domain | undefined,
    readonly entries: readonly HandoffEntry[],
    readonly groupBy: GroupBy,
    active: boolean,
    id: string,
  ) {
    super(groupLabel(key, domain, groupBy), vscode.TreeItemCollapsibleState.Expanded);
    this.id = id;
    this.contextValue = `handoffGroup.${groupBy}`;
    const open = entries.filter((e) => isOpen(e.request));
    const blocking = open.filter((e) => e.request.blocking).length;
    const parts = [
      domain?.terminal,
      `${open.length} open`,
      blocking > 0 ? `${blocking} blocking` : undefined,
      active ? 'active' : undefined,
    ];
    this.description = parts.filter((p) => p !== undefined).join(' · ');
    this.iconPath =
      blocking > 0
        ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
        : new vscode.ThemeIcon(groupBy === 'target' ? 'inbox' : 'send');
    this.tooltip = domain ? `${domain.name} (${domain.id}, ${domain.terminal})` : String(this.label);
  }

  override children(): HandoffNode[] {
    // Open blocking first, then open, then done; in file order within each.
    const ordered = sortForLead(this.entries.map((e) => ({ ...e, file: { path: e.document.parsed.path } })));
    const open = ordered.filter((e) => isOpen(e.request));
    const done = ordered.filter((e) => !isOpen(e.request));
    return [...open, ...done].map((e) => new HandoffRequestNode(e, this.groupBy));
  }
}

function groupLabel(key: string, domain: Domain | undefined, groupBy: GroupBy): string {
  if (domain) return domain.id;
  if (key === '') return groupBy === 'target' ? 'No target' : 'Unknown source';
  return key.startsWith('?') ? `${key.slice(1)} (not in the map)` : key;
}

export class HandoffRequestNode extends HandoffNode {
  constructor(
    readonly entry: HandoffEntry,
    groupBy: GroupBy,
  ) {
    const { request, document } = entry;
    super(request.file ?? request.change ?? '(request without file)', vscode.TreeItemCollapsibleState.None);
    this.id = `${document.uri.toString()}#L${request.startLine}`;
    const open = isOpen(request);
    this.contextValue = !open ? 'handoffRequest.done' : request.blocking ? 'handoffRequest.blocking' : 'handoffRequest';
    const peer =
      groupBy === 'target'
        ? `from ${request.source ?? '?'}`
        : `to ${request.target?.domain ?? request.target?.raw ?? '?'}`;
    const state = claimedText(request) ?? (request.state === 'partial' ? 'partly done' : !open ? 'done' : undefined);
    // "blocking" holds only while the request is open: a done one blocks nothing any more.
    this.description = [
      open && request.blocking ? 'blocking' : undefined,
      peer,
      state,
      request.file ? request.change : undefined,
    ]
      .filter(Boolean)
      .join(' · ');
    this.iconPath = !open
      ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('charts.green'))
      : request.blocking
        ? new vscode.ThemeIcon('flame', new vscode.ThemeColor('list.warningForeground'))
        : new vscode.ThemeIcon('circle-outline');
    const hasBoxes = request.items.some((i) => i.checkbox !== undefined);
    if (hasBoxes)
      this.checkboxState = request.checked
        ? vscode.TreeItemCheckboxState.Checked
        : vscode.TreeItemCheckboxState.Unchecked;
    this.tooltip = requestTooltip(entry);
    this.command = { command: CommandId.openHandoffFile, title: 'Open Handoff File', arguments: [this] };
  }
}

function requestTooltip({ request, document }: HandoffEntry): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(
    `**${request.blocking && isOpen(request) ? 'Blocking ' : ''}handoff** from ${request.source ?? '?'} to ${request.target?.domain ?? request.target?.raw ?? '?'}\n\n`,
  );
  for (const [label, value] of [
    ['File', request.file],
    ['Change needed', request.change],
    ['Reason', request.reason],
  ] as const) {
    if (value) md.appendMarkdown(`- ${label}: ${escapeMarkdown(value)}\n`);
  }
  md.appendMarkdown(
    `\n${document.parsed.path}, line ${request.startLine + 1}${document.unsaved ? ' (unsaved)' : ''} · ${claimedText(request) ?? request.state}`,
  );
  return md;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\*_[\]<>#|]/g, '\\$&');
}

/** A handoff file with errors or warnings; opens at the first. */
export class HandoffProblemNode extends HandoffNode {
  constructor(readonly document: HandoffDocument) {
    super(document.parsed.path, vscode.TreeItemCollapsibleState.None);
    this.id = `${document.uri.toString()}#problems`;
    this.contextValue = 'handoffProblem';
    const problems = document.parsed.diagnostics.filter((d) => d.severity !== 'info');
    const first = problems[0];
    this.description = `${count(problems.length, 'problem')}${first ? ` · line ${first.range.line + 1}: ${first.message}` : ''}`;
    this.tooltip = problems.map((d) => `line ${d.range.line + 1}: ${d.message}`).join('\n');
    this.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
    this.resourceUri = document.uri;
    this.command = { command: CommandId.openHandoffFile, title: 'Open Handoff File', arguments: [this] };
  }
}

export class HandoffProblemsNode extends HandoffNode {
  constructor(
    readonly documents: readonly HandoffDocument[],
    id: string,
  ) {
    super('Malformed handoff files', vscode.TreeItemCollapsibleState.Collapsed);
    this.id = id;
    this.contextValue = 'handoffProblems';
    this.description = String(documents.length);
    this.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  }

  override children(): HandoffNode[] {
    return this.documents.map((d) => new HandoffProblemNode(d));
  }
}

/** The Handoffs view: requests grouped by target (or source) domain, malformed files last. */
export class HandoffsTreeProvider extends Disposable implements vscode.TreeDataProvider<HandoffNode> {
  private readonly changed = this.register(new vscode.EventEmitter<HandoffNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private mode: GroupBy = 'target';

  constructor(
    private readonly service: HandoffService,
    private readonly maps: TerritoryMaps,
    private readonly active: ActiveDomain,
  ) {
    super();
    this.register(service.onDidChange(() => this.refresh()));
    this.register(active.onDidChange(() => this.refresh()));
  }

  get groupBy(): GroupBy {
    return this.mode;
  }

  setGroupBy(mode: GroupBy): void {
    this.mode = mode;
    void setContext('handoffsGroupBy', mode);
    this.refresh();
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getTreeItem(node: HandoffNode): vscode.TreeItem {
    return node;
  }

  getChildren(node?: HandoffNode): HandoffNode[] {
    if (node) return node.children();
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => this.service.documents(f).length > 0);
    if (folders.length === 1 && (vscode.workspace.workspaceFolders?.length ?? 0) <= 1)
      return this.folderChildren(folders[0]);
    return folders.map((folder) => new HandoffFolderNode(folder, () => this.folderChildren(folder)));
  }

  private folderChildren(folder: vscode.WorkspaceFolder): HandoffNode[] {
    const domains = this.maps.get(folder)?.map?.domains ?? [];
    const groups = new Map<string, HandoffEntry[]>();
    for (const entry of this.service.entries(folder)) {
      const { request } = entry;
      const key =
        this.mode === 'target'
          ? (request.target?.domain ?? (request.target ? `?${request.target.raw}` : ''))
          : (request.source ?? '');
      groups.set(key, [...(groups.get(key) ?? []), entry]);
    }
    // Domains in map order, then names the map does not know.
    const keys = [
      ...domains.map((d) => d.id).filter((id) => groups.has(id)),
      ...[...groups.keys()].filter((k) => !domains.some((d) => d.id === k)).sort(),
    ];
    const nodes: HandoffNode[] = keys.map((key) => {
      const domain = domains.find((d) => d.id === key);
      return new HandoffGroupNode(
        key,
        domain,
        groups.get(key) ?? [],
        this.mode,
        key === this.active.id,
        `${folder.uri.toString()}#${this.mode}:${key}`,
      );
    });
    const malformed = this.service.documents(folder).filter((d) => isMalformed(d.parsed));
    if (malformed.length > 0)
      nodes.push(new HandoffProblemsNode(malformed, `${folder.uri.toString()}#handoffProblems`));
    return nodes;
  }
}
