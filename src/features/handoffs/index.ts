import * as vscode from 'vscode';
import type { ReportPreviews } from '../base/reportPreview';
import type { ActiveDomain } from '../model/activeDomain';
import type { Log } from '../base/log';
import type { TerritoryMaps } from '../model/maps';
import { registerHandoffCommands } from './commands';
import { HandoffService } from './service';
import { HandoffRequestNode, HandoffsTreeProvider, type HandoffNode } from './tree';
import { count as countOf } from '../../core/plural';
import { setContext, ViewId } from '../base/ids';
import { feature, type Feature } from '../base/lifecycle';

export type { CreatedHandoff } from './create';
export type { HandoffNode } from './tree';

/** Everything of the handoffs feature that other features and the tests use. */
export interface Handoffs {
  readonly service: HandoffService;
  readonly tree: HandoffsTreeProvider;
  readonly view: vscode.TreeView<HandoffNode>;
  /** What the view's checkboxes do; public so tests can drive it like a click. */
  onCheckboxChange(event: vscode.TreeCheckboxChangeEvent<HandoffNode>): Promise<void>;
}

/** The Handoffs view, its commands, diagnostics on handoff files and the live watcher. */
export function registerHandoffs(
  maps: TerritoryMaps,
  active: ActiveDomain,
  log: Log,
  reports: ReportPreviews,
): Feature<Handoffs> {
  const service = new HandoffService(maps, log);
  const tree = new HandoffsTreeProvider(service, maps, active);
  // Checking a request checks its own boxes only: no parent/child propagation.
  const view = vscode.window.createTreeView<HandoffNode>(ViewId.handoffs, {
    treeDataProvider: tree,
    showCollapseAll: true,
    manageCheckboxStateManually: true,
  });

  const onCheckboxChange = async (event: vscode.TreeCheckboxChangeEvent<HandoffNode>): Promise<void> => {
    let failed = false;
    for (const [node, state] of event.items) {
      if (!(node instanceof HandoffRequestNode)) continue;
      if (!(await service.setChecked(node.entry, state === vscode.TreeItemCheckboxState.Checked))) failed = true;
    }
    await service.settled();
    // A failed write leaves the file as it was: show its state, not the click.
    if (failed) tree.refresh();
  };

  const updateBadge = () => {
    const id = active.id;
    const count = id === undefined ? 0 : service.openBlockingFor(id);
    view.badge =
      count > 0 ? { value: count, tooltip: `${countOf(count, 'open blocking handoff request')} for ${id}` } : undefined;
  };
  updateBadge();
  void setContext('handoffsGroupBy', tree.groupBy);

  const disposables: vscode.Disposable[] = [
    service,
    tree,
    view,
    view.onDidChangeCheckboxState((event) => onCheckboxChange(event)),
    service.onDidChange(updateBadge),
    active.onDidChange(updateBadge),
    ...registerHandoffCommands(maps, active, service, tree, reports),
  ];
  const handoffs: Handoffs = {
    service,
    tree,
    view,
    onCheckboxChange,
  };
  return feature(handoffs, disposables);
}
