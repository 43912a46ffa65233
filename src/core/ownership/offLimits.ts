// The seed's rule 1, "ONLY edit files in YOUR domain", written once: the commit checks, the editor
// (read-only editors, decorations, the off-limits warning), the uncommitted-changes warning, the
// CLI and the agents' permission export all ask this.
import type { Domain } from '../types';
import type { Ownership } from './resolver';

/** Who may edit a file no domain owns: the lead only (`locked`) or every domain (`shared`) — `territory.unassigned`. */
export type UnassignedPolicy = 'locked' | 'shared';

/**
 * Whether the domain `domainId` may not change a file of this ownership: another domain's, one
 * contested by domains it is not among, or an unassigned one while unassigned files are the
 * lead's. The lead (no domain) and paths outside the folder are never off-limits here.
 */
export function isOffLimits(ownership: Ownership, domainId: string | undefined, unassigned: UnassignedPolicy): boolean {
  if (domainId === undefined) return false;
  switch (ownership.kind) {
    case 'owned':
      return ownership.domain.id !== domainId;
    case 'contested':
      return !ownership.domains.some((d) => d.id === domainId);
    case 'unassigned':
      return unassigned === 'locked';
    case 'outside':
      return false;
  }
}

/** The owner's id, `unassigned` or `contested` (`outside` for a path outside the folder). */
export function ownerKey(ownership: Ownership): string {
  return ownership.kind === 'owned' ? ownership.domain.id : ownership.kind;
}

/** For people: `API (T2, Backend API)`, `unassigned (the lead's)`, `contested (API, SCHED)`. */
export function describeOwner(ownership: Ownership): string {
  switch (ownership.kind) {
    case 'owned':
      return `${ownership.domain.id} (${ownership.domain.terminal}${ownership.domain.name !== ownership.domain.id ? `, ${ownership.domain.name}` : ''})`;
    case 'unassigned':
      return "unassigned (the lead's)";
    case 'contested':
      return `contested (${ownership.domains.map((d) => d.id).join(', ')})`;
    case 'outside':
      return 'outside the folder';
  }
}

/**
 * Why a file is off-limits for `domainId`, as the editor says it (decoration tooltip, read-only
 * warning): `Owned by API (T2) — read-only for CORE`. Undefined when it is not off-limits.
 */
export function offLimitsReason(
  ownership: Ownership,
  domainId: string | undefined,
  unassigned: UnassignedPolicy,
): string | undefined {
  if (domainId === undefined || !isOffLimits(ownership, domainId, unassigned)) return undefined;
  switch (ownership.kind) {
    case 'owned':
      return `Owned by ${ownership.domain.id} (${ownership.domain.terminal}) — read-only for ${domainId}`;
    case 'contested':
      return `Contested by ${ownership.domains.map((d) => d.id).join(' and ')} — read-only for ${domainId}`;
    default:
      return `Unassigned (the lead's) — read-only for ${domainId}`;
  }
}

export const UNASSIGNED_BADGE = '·';

/** What the badge of an owned path shows: the domain id or its terminal — `territory.badge`. */
export type BadgeStyle = 'domainId' | 'terminal';

/** VS Code refuses a file decoration badge longer than two characters. */
export const MAX_BADGE_LENGTH = 2;

/** `FE`, `CO` (the id, cut to what a badge holds) or `T4` (the terminal). */
export function ownerBadge(domain: Domain, style: BadgeStyle): string {
  return [...(style === 'terminal' ? domain.terminal : domain.id)].slice(0, MAX_BADGE_LENGTH).join('');
}
export const CONTESTED_BADGE = '!';

/** What the Explorer shows for a file or folder; `tone` picks the theme colour. */
export interface ExplorerMark {
  readonly badge: string | undefined;
  readonly tooltip: string;
  readonly tone: 'offLimits' | 'warning' | undefined;
}

/**
 * The Explorer mark of a path for the active domain (undefined: the lead). A folder that holds
 * files of the active domain (`holdsActiveTerritory`) is not off-limits as a whole.
 */
export function explorerMark(
  ownership: Ownership,
  activeId: string | undefined,
  unassigned: UnassignedPolicy,
  holdsActiveTerritory: boolean,
  style: BadgeStyle = 'domainId',
): ExplorerMark | undefined {
  const reason = offLimitsReason(ownership, activeId, unassigned);
  switch (ownership.kind) {
    case 'outside':
      return undefined;
    case 'contested':
      return {
        badge: CONTESTED_BADGE,
        tooltip: `Contested by ${ownership.domains.map((d) => `${d.id} (${d.terminal})`).join(' and ')} — fix the map`,
        tone: 'warning',
      };
    case 'unassigned':
      if (holdsActiveTerritory) return undefined;
      if (activeId === undefined)
        return { badge: UNASSIGNED_BADGE, tooltip: 'Unassigned — belongs to the lead', tone: undefined };
      return reason !== undefined
        ? { badge: UNASSIGNED_BADGE, tooltip: reason, tone: 'offLimits' }
        : { badge: UNASSIGNED_BADGE, tooltip: 'Unassigned — shared by every domain', tone: undefined };
    case 'owned': {
      const owner = ownership.domain;
      const badge = ownerBadge(owner, style);
      if (activeId === undefined)
        return { badge, tooltip: `Owned by ${owner.id} (${owner.terminal})`, tone: undefined };
      if (reason === undefined) return undefined;
      if (holdsActiveTerritory)
        return {
          badge: undefined,
          tooltip: `Owned by ${owner.id} (${owner.terminal}); holds ${activeId} territory`,
          tone: undefined,
        };
      return { badge, tooltip: reason, tone: 'offLimits' };
    }
  }
}
