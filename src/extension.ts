import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { ActiveDomain } from './features/activeDomain';
import { registerDomainsView, type DomainsTreeProvider } from './features/domainsView';
import { createLog, type Log } from './features/log';
import { registerMapCommands } from './features/mapCommands';
import { TerritoryMaps } from './features/maps';
import { DomainStatusBar } from './features/statusBar';

/** What the extension exports: the live objects, for integration tests and other extensions. */
export interface TerritoryApi {
  readonly log: Log;
  readonly maps: TerritoryMaps;
  readonly activeDomain: ActiveDomain;
  readonly statusBar: DomainStatusBar;
  readonly domainsView: DomainsTreeProvider;
}

export function activate(context: vscode.ExtensionContext): TerritoryApi {
  const started = performance.now();
  const log = createLog();
  const maps = new TerritoryMaps(log);
  const activeDomain = new ActiveDomain(context.workspaceState, maps);
  const statusBar = new DomainStatusBar(maps, activeDomain);
  const { provider: domainsView, view } = registerDomainsView(maps, activeDomain);
  context.subscriptions.push(log, maps, activeDomain, statusBar, domainsView, view);
  context.subscriptions.push(...registerMapCommands(maps, activeDomain, () => log.show()));

  // Reading maps runs after activation returns, so activation itself stays cheap.
  void maps.reloadAll().then(() => log.info(`maps read ${(performance.now() - started).toFixed(1)} ms after activation began`));
  log.info(`activated in ${(performance.now() - started).toFixed(1)} ms`);
  return { log, maps, activeDomain, statusBar, domainsView };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
