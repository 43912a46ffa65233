import * as vscode from 'vscode';
import { explorerMark } from '../../core/ownership/offLimits';
import type { Ownership } from '../../core/ownership/resolver';
import type { UnassignedPolicy } from '../../core/settings';
import type { Domain } from '../../core/types';
import type { ActiveDomain } from '../model/activeDomain';
import { affects, readConfig } from '../base/config';
import { Disposable } from '../base/lifecycle';
import type { FolderTerritory, TerritoryMaps } from '../model/maps';

const GREY = new vscode.ThemeColor('gitDecoration.ignoredResourceForeground');
const WARNING = new vscode.ThemeColor('list.warningForeground');
export { CONTESTED_BADGE, UNASSIGNED_BADGE } from '../../core/ownership/offLimits';

/** What a file or folder looks like in the Explorer for the active domain. */
export function decorationFor(ownership: Ownership, active: Domain | undefined, unassigned: UnassignedPolicy, holdsActiveTerritory: boolean): vscode.FileDecoration | undefined {
  const mark = explorerMark(ownership, active?.id, unassigned, holdsActiveTerritory);
  if (!mark) return undefined;
  return new vscode.FileDecoration(mark.badge, mark.tooltip, mark.tone === 'offLimits' ? GREY : mark.tone === 'warning' ? WARNING : undefined);
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
  /** Per folder: `territory.unassigned`. */
  private readonly policies = new Map<string, UnassignedPolicy>();

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
        if (!affects(event, 'unassigned')) return;
        this.policies.clear();
        this.update();
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
    return decorationFor(owner.ownership, active, this.unassignedPolicy(owner.territory), holds);
  }

  /** Asked for every file the Explorer shows: the setting is read once per folder until it changes. */
  private unassignedPolicy(territory: FolderTerritory): UnassignedPolicy {
    const key = territory.folder.uri.toString();
    let policy = this.policies.get(key);
    if (policy === undefined) {
      policy = readConfig(territory.folder).unassigned;
      this.policies.set(key, policy);
    }
    return policy;
  }

  private activeIn(territory: FolderTerritory): Domain | undefined {
    return territory.map?.domains.find((d) => d.id === this.active.id);
  }

  /**
   * A folder that holds files of the active domain is not off-limits as a whole. The live listing
   * keeps, per domain, the directories holding its files: no pass over the tree per question.
   */
  private holdsActiveTerritory(territory: FolderTerritory, active: Domain, relativePath: string): boolean {
    return territory.directories.has(relativePath) && territory.holdsFilesOf(active.id, relativePath);
  }

  private update(): void {
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
