// What Territory offers other extensions: a small, versioned API of plain data (no live objects),
// and, only for its own integration tests, a handle on the live objects.
import * as vscode from 'vscode';
import { isOffLimits, ownerKey } from './core/ownership/offLimits';
import type { Domain } from './core/types';
import type { ActiveDomain } from './features/model/activeDomain';
import { readConfig } from './features/base/config';
import type { TerritoryMaps } from './features/model/maps';

export { TEST_HANDLE_ENV } from './testHandle';

export interface DomainInfo {
  readonly id: string;
  readonly terminal: string;
  readonly name: string;
  readonly prefixes: readonly string[];
  readonly paths: readonly string[];
}

export interface FolderInfo {
  readonly folder: vscode.Uri;
  /** The map file in force, if any. */
  readonly mapFile: vscode.Uri | undefined;
  readonly kind: 'json' | 'markdown' | undefined;
  readonly domains: readonly DomainInfo[];
}

export interface OwnerInfo {
  /** A domain id, `unassigned` or `contested`. */
  readonly owner: string;
  readonly domain: DomainInfo | undefined;
  /** Off-limits for the active domain (never for the lead). */
  readonly offLimits: boolean;
}

/** Version 1 of the API: fields are only ever added; a change of meaning gets a new version. */
export interface TerritoryPublicApi {
  readonly version: 1;
  /** Resolves once every folder's map has been read. */
  ready(): Promise<void>;
  folders(): readonly FolderInfo[];
  /** The domain this window works as; undefined for the lead. */
  activeDomain(): DomainInfo | undefined;
  /** Who owns a file or folder of a mapped workspace folder; undefined elsewhere. */
  ownerOf(uri: vscode.Uri): OwnerInfo | undefined;
  /** Fires when a map or the active domain changes. */
  readonly onDidChange: vscode.Event<void>;
}

const info = (d: Domain): DomainInfo => ({
  id: d.id,
  terminal: d.terminal,
  name: d.name,
  prefixes: [...d.prefixes],
  paths: [...d.paths],
});

export function publicApi(
  maps: TerritoryMaps,
  active: ActiveDomain,
  subscriptions: vscode.Disposable[],
): TerritoryPublicApi {
  const changed = new vscode.EventEmitter<void>();
  subscriptions.push(
    changed,
    maps.onDidChange(() => changed.fire()),
    active.onDidChange(() => changed.fire()),
  );
  return {
    version: 1,
    ready: () => maps.ready(),
    folders: () =>
      maps.all().map((t) => ({
        folder: t.folder.uri,
        mapFile: t.source ? vscode.Uri.file(t.source.file) : undefined,
        kind: t.source?.kind,
        domains: (t.map?.domains ?? []).map(info),
      })),
    activeDomain: () => {
      const found = maps.domains().find((d) => d.domain.id === active.id);
      return found && info(found.domain);
    },
    ownerOf: (uri) => {
      const found = maps.ownerOf(uri);
      if (!found || found.ownership.kind === 'outside') return undefined;
      const { ownership } = found;
      const activeId = found.territory.map?.domains.some((d) => d.id === active.id) ? active.id : undefined;
      return {
        owner: ownerKey(ownership),
        domain: ownership.kind === 'owned' ? info(ownership.domain) : undefined,
        offLimits: isOffLimits(ownership, activeId, readConfig(found.territory.folder).unassigned),
      };
    },
    onDidChange: changed.event,
  };
}
