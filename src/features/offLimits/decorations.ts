import * as vscode from 'vscode';
import { folderMark, type FolderContents } from '../../core/ownership/folderOwners';
import type { Ownership } from '../../core/ownership/resolver';
import type { BadgeStyle, UnassignedPolicy } from '../../core/settings';
import type { Domain } from '../../core/types';
import type { ActiveDomain } from '../model/activeDomain';
import { onDidChangeSettings, readConfig } from '../base/config';
import { Disposable } from '../base/lifecycle';
import type { FolderTerritory, TerritoryMaps } from '../model/maps';

const GREY = new vscode.ThemeColor('gitDecoration.ignoredResourceForeground');
const WARNING = new vscode.ThemeColor('list.warningForeground');
export { CONTESTED_BADGE, UNASSIGNED_BADGE } from '../../core/ownership/offLimits';
export { MIXED_BADGE } from '../../core/ownership/folderOwners';

/** The files Edit Anyway made writable for the active domain (SessionReadonly). */
export interface EditAnywayOverrides {
  overridden(): vscode.Uri[];
  readonly onDidChangeOverrides: vscode.Event<void>;
}

/** Per folder, the settings a decoration depends on. */
interface MarkSettings {
  readonly unassigned: UnassignedPolicy;
  readonly badge: BadgeStyle;
}

/** What a file or folder (with the owners of what it holds) looks like in the Explorer for the active domain. */
export function decorationFor(
  ownership: Ownership,
  contents: FolderContents | undefined,
  active: Domain | undefined,
  settings: MarkSettings,
  holdsActive: boolean,
): vscode.FileDecoration | undefined {
  const mark = folderMark(ownership, contents, active?.id, settings.unassigned, settings.badge, holdsActive);
  if (!mark) return undefined;
  return new vscode.FileDecoration(
    mark.badge,
    mark.tooltip,
    mark.tone === 'offLimits' ? GREY : mark.tone === 'warning' ? WARNING : undefined,
  );
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
  /** Per folder: `territory.unassigned` and `territory.badge`. */
  private readonly policies = new Map<string, MarkSettings>();

  constructor(
    private readonly maps: TerritoryMaps,
    private readonly active: ActiveDomain,
    private readonly overrides?: EditAnywayOverrides,
  ) {
    super();
    this.register(vscode.window.registerFileDecorationProvider(this));
    for (const event of [
      maps.onDidChange,
      maps.onDidChangeFiles,
      ...(overrides ? [overrides.onDidChangeOverrides] : []),
    ])
      this.register(event(() => this.update()));
    this.register(active.onDidChange(() => this.update()));
    this.register(
      onDidChangeSettings((change) => {
        if (!change.affects('unassigned') && !change.affects('badge')) return;
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
    const { territory, relativePath } = owner;
    // A folder is judged by the files it holds (counted by the live coverage), a file by its own owner.
    const isDirectory = territory.directories.has(relativePath);
    const contents = isDirectory ? territory.contentsOf(relativePath) : undefined;
    const active = this.activeIn(territory);
    // Until the coverage counts the folder: whether it holds the active domain's files, from its listing.
    const holds =
      isDirectory && contents === undefined && active !== undefined && territory.holdsFilesOf(active.id, relativePath);
    const decoration = decorationFor(owner.ownership, contents, active, this.settings(territory), holds);
    // Edit Anyway: the file stays marked as another's, in the warning colour, until revoked.
    if (
      decoration &&
      !isDirectory &&
      active &&
      this.overrides?.overridden().some((u) => u.toString() === uri.toString())
    ) {
      const owner = (decoration.tooltip ?? '').replace(/ — read-only for .*$/, '');
      return new vscode.FileDecoration(
        decoration.badge,
        `${owner} — Edit Anyway: writable for ${active.id} until revoked`,
        WARNING,
      );
    }
    return decoration;
  }

  /** Asked for every file the Explorer shows: the settings are read once per folder until they change. */
  private settings(territory: FolderTerritory): MarkSettings {
    const key = territory.folder.uri.toString();
    let settings = this.policies.get(key);
    if (settings === undefined) {
      const config = readConfig(territory.folder);
      settings = { unassigned: config.unassigned, badge: config.badge };
      this.policies.set(key, settings);
    }
    return settings;
  }

  private activeIn(territory: FolderTerritory): Domain | undefined {
    return territory.map?.domains.find((d) => d.id === this.active.id);
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
