import * as vscode from 'vscode';
import type { Domain } from '../core/types';
import type { ActiveDomain } from './activeDomain';
import { readConfig } from './config';
import type { TerritoryMaps } from './maps';

export interface OffLimitsVerdict {
  readonly active: Domain;
  /** The owner, or undefined for an unassigned file. */
  readonly owner: Domain | undefined;
  readonly relativePath: string;
  readonly description: string;
}

/**
 * Whether a file is off-limits for the active domain: owned by another domain, contested, or
 * unassigned while `territory.unassigned` is `locked`. The lead has no off-limits files.
 */
export function offLimitsVerdict(maps: TerritoryMaps, active: ActiveDomain, uri: vscode.Uri): OffLimitsVerdict | undefined {
  const found = maps.ownerOf(uri);
  if (!found) return undefined;
  const domain = found.territory.map?.domains.find((d) => d.id === active.id);
  if (!domain) return undefined;
  const { ownership, relativePath } = found;
  switch (ownership.kind) {
    case 'owned':
      if (ownership.domain.id === domain.id) return undefined;
      return { active: domain, owner: ownership.domain, relativePath, description: `Owned by ${ownership.domain.id} (${ownership.domain.terminal}) — read-only for ${domain.id}` };
    case 'contested':
      if (ownership.domains.some((d) => d.id === domain.id)) return undefined;
      return { active: domain, owner: ownership.domains[0], relativePath, description: `Contested by ${ownership.domains.map((d) => d.id).join(' and ')} — read-only for ${domain.id}` };
    case 'unassigned':
      if (readConfig(found.territory.folder).unassigned !== 'locked') return undefined;
      return { active: domain, owner: undefined, relativePath, description: `Unassigned (the lead's) — read-only for ${domain.id}` };
    default:
      return undefined;
  }
}
