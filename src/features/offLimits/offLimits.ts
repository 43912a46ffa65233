import * as vscode from 'vscode';
import { offLimitsReason } from '../../core/ownership/offLimits';
import type { Domain } from '../../core/types';
import type { ActiveDomain } from '../model/activeDomain';
import { readConfig } from '../base/config';
import type { TerritoryMaps } from '../model/maps';

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
export function offLimitsVerdict(
  maps: TerritoryMaps,
  active: ActiveDomain,
  uri: vscode.Uri,
): OffLimitsVerdict | undefined {
  const found = maps.ownerOf(uri);
  if (!found) return undefined;
  const domain = found.territory.map?.domains.find((d) => d.id === active.id);
  if (!domain) return undefined;
  const { ownership, relativePath } = found;
  const description = offLimitsReason(ownership, domain.id, readConfig(found.territory.folder).unassigned);
  if (description === undefined) return undefined;
  const owner =
    ownership.kind === 'owned' ? ownership.domain : ownership.kind === 'contested' ? ownership.domains[0] : undefined;
  return { active: domain, owner, relativePath, description };
}
