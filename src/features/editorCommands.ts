import * as vscode from 'vscode';
import type { ActiveDomain } from './activeDomain';
import type { TerritoryMaps } from './maps';
import type { SessionReadonly } from './readonlyEditors';
import type { DomainTerminals } from './terminals';
import { DomainNode } from './domainsView';

export const EditorCommand = {
  launchTerminals: 'territory.launchDomainTerminals',
  openTerminal: 'territory.openDomainTerminal',
  pin: 'territory.pinDomain',
  unpin: 'territory.unpinDomain',
  editAnyway: 'territory.editAnyway',
  revokeEditAnyway: 'territory.revokeEditAnyway',
} as const;

export function registerEditorCommands(maps: TerritoryMaps, active: ActiveDomain, terminals: DomainTerminals, readonly: SessionReadonly): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(EditorCommand.launchTerminals, async () => {
      const launched = await terminals.launchAll();
      if (launched.length === 0) void vscode.window.showWarningMessage('Territory: the map has no domain to open a terminal for.');
      return launched;
    }),
    vscode.commands.registerCommand(EditorCommand.openTerminal, async (node?: DomainNode) => {
      await maps.ready();
      let target = node instanceof DomainNode ? { territory: node.territory, domain: node.domain } : undefined;
      if (!target) {
        const picked = await vscode.window.showQuickPick(
          maps.domains().map((entry) => ({ label: entry.domain.id, description: `${entry.domain.terminal} · ${entry.domain.name}`, entry })),
          { title: 'Territory: Open Domain Terminal' },
        );
        target = picked?.entry;
      }
      return target ? terminals.open(target.territory, target.domain) : undefined;
    }),
    vscode.commands.registerCommand(EditorCommand.pin, () => active.setPinned(true)),
    vscode.commands.registerCommand(EditorCommand.unpin, () => active.setPinned(false)),
    vscode.commands.registerCommand(EditorCommand.editAnyway, async (uri?: vscode.Uri) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri;
      if (target) await readonly.editAnyway(target);
    }),
    vscode.commands.registerCommand(EditorCommand.revokeEditAnyway, () => readonly.revokeOverrides()),
  ];
}
