// The Finish Session view: a tree in the Territory sidebar rather than a webview, because a
// checklist is rows with a state, clickable locations and per-row actions — what a TreeView gives
// natively (theme codicons and colours, keyboard and screen-reader navigation, inline buttons),
// as VS Code's own Testing and Problems views do. Each run replaces the rows of the same view.
import * as vscode from 'vscode';
import type { FinishLocation } from '../../core/finish';
import {
  finishChecklist,
  type ChecklistAction,
  type ChecklistInput,
  type ChecklistRow,
  type ChecklistState,
} from '../../core/finishChecklist';
import { insidePath } from '../../core/commits/markdown';
import { CommandId } from '../base/commandIds';
import { Disposable } from '../base/lifecycle';

const ICONS: Record<ChecklistState, [string, string | undefined]> = {
  passed: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  'not run': ['circle-outline', 'testing.iconSkipped'],
  running: ['loading~spin', undefined],
  ready: ['check-all', 'testing.iconPassed'],
  stopped: ['error', 'testing.iconFailed'],
  info: ['info', 'notificationsInfoIcon.foreground'],
};

const ACTION_ICONS: Record<ChecklistAction['kind'], string> = {
  merge: 'git-merge',
  pr: 'git-pull-request',
  open: 'go-to-file',
  rerun: 'refresh',
};

export class FinishNode extends vscode.TreeItem {
  constructor(
    readonly row: ChecklistRow | undefined,
    label: string,
    collapsible: vscode.TreeItemCollapsibleState,
    readonly children: readonly FinishNode[] = [],
  ) {
    super(label, collapsible);
  }
}

/** Opens a location of the folder at its line; `vscode.open` with a selection. */
export function openLocationCommand(folder: vscode.Uri, location: FinishLocation): vscode.Command | undefined {
  const inside = insidePath(location.path);
  if (inside === undefined) return undefined;
  const line = Math.max(0, (location.line ?? 1) - 1);
  return {
    command: CommandId.openFinishLocation,
    title: 'Open',
    arguments: [vscode.Uri.joinPath(folder, ...inside.split('/')), line],
  };
}

function rowNode(row: ChecklistRow, folder: vscode.Uri | undefined): FinishNode {
  const children = row.items.map((item, i) => {
    const child = new FinishNode(
      undefined,
      item.location
        ? `${item.location.path}${item.location.line !== undefined ? `:${item.location.line}` : ''}`
        : item.text,
      vscode.TreeItemCollapsibleState.None,
    );
    child.id = `${row.key}#${i}`;
    child.tooltip = item.text;
    if (item.location) {
      child.description = item.text;
      child.iconPath = new vscode.ThemeIcon('go-to-file');
      if (folder) child.command = openLocationCommand(folder, item.location);
      child.contextValue = 'finishLocation';
    }
    return child;
  });
  const expand =
    row.state === 'failed' && children.length > 0
      ? vscode.TreeItemCollapsibleState.Expanded
      : children.length > 0
        ? vscode.TreeItemCollapsibleState.Collapsed
        : vscode.TreeItemCollapsibleState.None;
  const node = new FinishNode(row, row.label, expand, children);
  node.id = row.key;
  node.description = row.description;
  node.tooltip = new vscode.MarkdownString().appendText(
    `${row.label}: ${row.state === 'info' || row.action ? '' : `${row.state}. `}${row.description}`,
  );
  if (row.action) {
    node.iconPath = new vscode.ThemeIcon(
      ACTION_ICONS[row.action.kind],
      row.action.kind === 'rerun' ? undefined : new vscode.ThemeColor('charts.blue'),
    );
    node.contextValue = `finishAction.${row.action.kind}`;
    node.command = actionCommand(row.action, folder);
  } else {
    const [icon, colour] = ICONS[row.state];
    node.iconPath = new vscode.ThemeIcon(icon, colour ? new vscode.ThemeColor(colour) : undefined);
    node.contextValue = row.key.startsWith('step:') ? `finishStep.${row.state.replace(' ', '-')}` : 'finishStatus';
  }
  return node;
}

function actionCommand(action: ChecklistAction, folder: vscode.Uri | undefined): vscode.Command | undefined {
  switch (action.kind) {
    case 'merge':
      return { command: CommandId.finishSessionMerge, title: 'Merge' };
    case 'pr':
      return { command: CommandId.finishSessionPullRequest, title: 'Open Pull Request' };
    case 'rerun':
      return { command: CommandId.finishSession, title: 'Run Again' };
    case 'open':
      return folder ? openLocationCommand(folder, action.location) : undefined;
  }
}

export class FinishChecklistProvider extends Disposable implements vscode.TreeDataProvider<FinishNode> {
  private readonly changed = this.register(new vscode.EventEmitter<FinishNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private nodes: FinishNode[] = [];
  private current: ChecklistRow[] = [];

  /** Replaces the rows with the run's state; the folder makes its locations clickable. */
  update(input: ChecklistInput, folder: vscode.Uri | undefined): void {
    this.current = finishChecklist(input);
    this.nodes = this.current.map((row) => rowNode(row, folder));
    this.changed.fire(undefined);
  }

  /** The rows as shown: for tests and the demo. */
  rows(): readonly ChecklistRow[] {
    return this.current;
  }

  getTreeItem(node: FinishNode): vscode.TreeItem {
    return node;
  }

  getChildren(node?: FinishNode): FinishNode[] {
    return node ? [...node.children] : this.nodes;
  }
}
