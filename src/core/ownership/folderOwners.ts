// Who a folder belongs to, as the Explorer shows it: a folder is judged by the files it holds, not
// by whether some pattern names the folder itself. `frontend/` holding only FE's and TEST's files
// is theirs ("mixed: FE, TEST"), not the lead's, although no pattern names `frontend/`.
import type { Domain, DomainMap } from '../types';
import {
  CONTESTED_BADGE,
  explorerMark,
  isOffLimits,
  type BadgeStyle,
  type ExplorerMark,
  type UnassignedPolicy,
} from './offLimits';
import type { Ownership, OwnershipResolver } from './resolver';

/** The badge of a path several domains' files share. */
export const MIXED_BADGE = '+';

/** The owners of the files under a folder. */
export interface FolderContents {
  /** The domains owning at least one file under the folder, in map order. */
  readonly domains: readonly Domain[];
  /** Files under it that no domain owns. */
  readonly unassigned: number;
  /** Files under it that several domains claim. */
  readonly contested: number;
}

/**
 * The owners of the files under `dir` (not the root), read from the listing: the reference the
 * live coverage's counts are held to. Undefined when no listed file lies under it.
 */
export function folderContents(
  map: DomainMap,
  resolver: OwnershipResolver,
  files: Iterable<string>,
  dir: string,
): FolderContents | undefined {
  if (dir === '') return undefined;
  const prefix = `${dir}/`;
  const owners = new Set<string>();
  let unassigned = 0;
  let contested = 0;
  let any = false;
  for (const file of files) {
    if (!file.startsWith(prefix)) continue;
    any = true;
    const ownership = resolver.resolve(file);
    if (ownership.kind === 'owned') owners.add(ownership.domain.id);
    else if (ownership.kind === 'unassigned') unassigned++;
    else if (ownership.kind === 'contested') contested++;
  }
  return any ? { domains: map.domains.filter((d) => owners.has(d.id)), unassigned, contested } : undefined;
}

/**
 * The Explorer mark of a folder for the active domain (undefined: the lead), from the files it
 * holds. A folder holding files of the active domain is never greyed; one holding files of a
 * single owner shows as that owner's; one holding files of several shows as mixed, greyed only
 * when every file in it is off-limits. Without `contents` (a file, or a folder not yet counted)
 * the path's own ownership and `holdsActiveTerritory` decide, as `explorerMark` says.
 */
export function folderMark(
  ownership: Ownership,
  contents: FolderContents | undefined,
  activeId: string | undefined,
  unassigned: UnassignedPolicy,
  style: BadgeStyle,
  holdsActiveTerritory = false,
): ExplorerMark | undefined {
  if (ownership.kind === 'outside') return undefined;
  const holdsActive = contents
    ? activeId !== undefined && contents.domains.some((d) => d.id === activeId)
    : holdsActiveTerritory;
  // A folder a pattern names as contested is a map error, whatever it holds.
  if (!contents || ownership.kind === 'contested' || holdsActive)
    return explorerMark(ownership, activeId, unassigned, holdsActive, style);
  const { domains } = contents;
  const kinds = domains.length + (contents.unassigned > 0 ? 1 : 0) + (contents.contested > 0 ? 1 : 0);
  if (kinds === 1 && domains.length === 1) return explorerMark(owned(domains[0]!), activeId, unassigned, false, style);
  if (kinds === 1 && contents.unassigned > 0)
    return explorerMark({ kind: 'unassigned' }, activeId, unassigned, false, style);
  if (kinds === 1)
    return { badge: CONTESTED_BADGE, tooltip: 'Holds only contested files — fix the map', tone: 'warning' };
  const names = [
    ...domains.map((d) => d.id),
    ...(contents.unassigned > 0 ? ['unassigned'] : []),
    ...(contents.contested > 0 ? ['contested'] : []),
  ].join(', ');
  if (activeId === undefined) return { badge: MIXED_BADGE, tooltip: `Mixed: ${names}`, tone: undefined };
  // Every domain here is another's (the active one's would have returned above); unassigned files may be shared.
  const allOffLimits = contents.unassigned === 0 || isOffLimits({ kind: 'unassigned' }, activeId, unassigned);
  return allOffLimits
    ? { badge: MIXED_BADGE, tooltip: `Mixed: ${names} — read-only for ${activeId}`, tone: 'offLimits' }
    : { badge: MIXED_BADGE, tooltip: `Mixed: ${names}`, tone: undefined };
}

function owned(domain: Domain): Ownership {
  return { kind: 'owned', domain, pattern: '', viaHandoff: false };
}
