import * as vscode from 'vscode';
import type { ActiveDomain } from '../model/activeDomain';
import type { TerritoryMaps } from '../model/maps';
import type { SessionReadonly } from '../offLimits/readonlyEditors';
import type { DomainTerminals } from './terminals';
import { DomainNode } from '../model/domainsView';
import { registerCommand } from '../base/commandIds';

export function registerEditorCommands(
  maps: TerritoryMaps,
  active: ActiveDomain,
  terminals: DomainTerminals,
  readonly: SessionReadonly,
): vscode.Disposable {
  return vscode.Disposable.from(
    registerCommand('launchDomainTerminals', async () => {
      const launched = await terminals.launchAll();
      if (launched.length === 0) void vscode.window.showWarningMessage('The map has no domain to open a terminal for.');
      return launched;
    }),
    registerCommand('openDomainTerminal', async (node?: DomainNode) => {
      await maps.ready();
      let target = node instanceof DomainNode ? { territory: node.territory, domain: node.domain } : undefined;
      if (!target) {
        const picked = await vscode.window.showQuickPick(
          maps.domains().map((entry) => ({
            label: entry.domain.id,
            description: `${entry.domain.terminal} · ${entry.domain.name}`,
            entry,
          })),
          { title: 'Territory: Open Domain Terminal' },
        );
        target = picked?.entry;
      }
      return target ? terminals.open(target.territory, target.domain) : undefined;
    }),
    registerCommand('pinDomain', () => active.setPinned(true)),
    registerCommand('unpinDomain', () => active.setPinned(false)),
    registerCommand('editAnyway', async (uri?: vscode.Uri) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri;
      if (target) await readonly.editAnyway(target);
    }),
    registerCommand('revokeEditAnyway', () => readonly.revokeOverrides()),
  );
}
