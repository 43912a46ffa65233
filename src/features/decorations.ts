import * as vscode from 'vscode';
import type { Ownership } from '../core/ownership/resolver';
import type { Domain } from '../core/types';
import type { ActiveDomain } from './activeDomain';
import { affects, readConfig } from './config';
import { Disposable } from './lifecycle';
import type { FolderTerritory, TerritoryMaps } from './maps';

const GREY = new vscode.ThemeColor('gitDecoration.ignoredResourceForeground');
const WARNING = new vscode.ThemeColor('list.warningForeground');
export const UNASSIGNED_BADGE = '·';
export const CONTESTED_BADGE = '!';

/** What a file or folder looks like in the Explorer for the active domain. */
export function decorationFor(ownership: Ownership, active: Domain | undefined, locked: boolean, holdsActiveTerritory: boolean): vscode.FileDecoration | undefined {
  switch (ownership.kind) {
    case 'outside':
      return undefined;
    case 'contested':
      return new vscode.FileDecoration(CONTESTED_BADGE, `Contested by ${ownership.domains.map((d) => `${d.id} (${d.terminal})`).join(' and ')} — fix the map`, WARNING);
    case 'unassigned': {
      if (holdsActiveTerritory) return undefined;
      if (!active) return new vscode.FileDecoration(UNASSIGNED_BADGE, 'Unassigned — belongs to the lead');
      return locked
        ? new vscode.FileDecoration(UNASSIGNED_BADGE, `Unassigned (lead's) — read-only for ${active.id}`, GREY)
        : new vscode.FileDecoration(UNASSIGNED_BADGE, 'Unassigned — shared by every domain');
    }
    case 'owned': {
      const owner = ownership.domain;
      if (active && owner.id === active.id) return undefined;
      const badge = owner.terminal.slice(0, 2);
      if (!active) return new vscode.FileDecoration(badge, `Owned by ${owner.id} (${owner.terminal})`);
      if (holdsActiveTerritory) return new vscode.FileDecoration(undefined, `Owned by ${owner.id} (${owner.terminal}); holds ${active.id} territory`);
      return new vscode.FileDecoration(badge, `Owned by ${owner.id} (${owner.terminal}) — read-only for ${active.id}`, GREY);
    }
  }
}

/**
 * Greys and badges off-limits files in the Explorer. Answers come from the compiled resolver
 * only; on a change, the event names just the URIs whose decoration changed among those the
 * Explorer has asked about.
 */
export class OffLimitsDecorations extends Disposable implements vscode.FileDecorationProvider {
  private readonly changed = this.register(new vscode.EventEmitter<vscode.Uri[]>());
  readonly onDidChangeFileDecorations = this.changed.event;
  /** Every URI asked about, with the key of the decoration it was given. */
  private readonly shown = new Map<string, { uri: vscode.Uri; key: string }>();
  /** Per folder: the directories that hold some of the active domain's files. */
  private readonly activeDirectories = new Map<string, Set<string>>();

  constructor(
    private readonly maps: TerritoryMaps,
    private readonly active: ActiveDomain,
  ) {
    super();
    this.register(vscode.window.registerFileDecorationProvider(this));
    for (const event of [maps.onDidChange, maps.onDidChangeFiles]) this.register(event(() => this.update()));
    this.register(active.onDidChange(() => this.update()));
    this.register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (affects(event, 'unassigned')) this.update();
      }),
    );
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    const decoration = this.compute(uri);
    this.shown.set(uri.toString(), { uri, key: keyOf(decoration) });
    return decoration;
  }

  private compute(uri: vscode.Uri): vscode.FileDecoration | undefined {
    const owner = this.maps.ownerOf(uri);
    if (!owner) return undefined;
    const active = this.activeIn(owner.territory);
    const holds = active !== undefined && this.holdsActiveTerritory(owner.territory, active, owner.relativePath);
    return decorationFor(owner.ownership, active, readConfig(owner.territory.folder).unassigned === 'locked', holds);
  }

  private activeIn(territory: FolderTerritory): Domain | undefined {
    return territory.map?.domains.find((d) => d.id === this.active.id);
  }

  /** A folder that holds files of the active domain is not off-limits as a whole. */
  private holdsActiveTerritory(territory: FolderTerritory, active: Domain, relativePath: string): boolean {
    if (!territory.directories.has(relativePath)) return false;
    const key = `${territory.folder.uri.toString()}#${active.id}`;
    let directories = this.activeDirectories.get(key);
    if (!directories) {
      directories = new Set();
      for (const file of territory.files) {
        const owner = territory.resolver?.resolve(file);
        if (owner?.kind !== 'owned' || owner.domain.id !== active.id) continue;
        for (let i = file.indexOf('/'); i !== -1; i = file.indexOf('/', i + 1)) directories.add(file.slice(0, i));
      }
      this.activeDirectories.set(key, directories);
    }
    return directories.has(relativePath);
  }

  private update(): void {
    this.activeDirectories.clear();
    const changed: vscode.Uri[] = [];
    for (const [key, entry] of this.shown) {
      const next = keyOf(this.compute(entry.uri));
      if (next === entry.key) continue;
      this.shown.set(key, { uri: entry.uri, key: next });
      changed.push(entry.uri);
    }
    if (changed.length > 0) this.changed.fire(changed);
  }
}

function keyOf(decoration: vscode.FileDecoration | undefined): string {
  if (!decoration) return '';
  const color = decoration.color instanceof vscode.ThemeColor ? decoration.color.id : '';
  return `${decoration.badge ?? ''}|${decoration.tooltip ?? ''}|${color}`;
}
