// Which files of a commit (staged, or in history) lie outside the domain that makes it, and who
// owns them: the seed's rule 1, "ONLY edit files in YOUR domain", checked where agents commit.
import { violationsOf, type OwnerLookup } from '../commits/attribution';
import type { Ownership } from '../ownership/resolver';
import type { Domain } from '../types';

export interface ChangedFile {
  readonly path: string;
  /** git's status letter (`A`, `M`, `D` …), when known. */
  readonly status?: string;
}

export interface OffLimitsFile {
  readonly path: string;
  readonly status: string | undefined;
  /** The owner's id, `unassigned` or `contested`. */
  readonly owner: string;
  /** For people: `API (T2, Backend API)`, `unassigned (the lead's)`, `contested (API, SCHED)`. */
  readonly ownerLabel: string;
}

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

/** The files `domain` may not change, each with its owner; unassigned ones only when they are locked. */
export function offLimitsFiles(domain: Domain, files: readonly ChangedFile[], resolver: OwnerLookup, unassignedLocked: boolean): OffLimitsFile[] {
  const status = new Map(files.map((f) => [f.path, f.status]));
  return violationsOf(
    domain,
    files.map((f) => f.path),
    resolver,
    unassignedLocked,
  ).map((v) => ({ path: v.path, status: status.get(v.path), owner: v.owner, ownerLabel: describeOwner(resolver.resolve(v.path)) }));
}

/**
 * A commit that changes only files no domain owns is the lead's (the map file, build scripts …):
 * the lead works as no domain, so it needs no domain's prefix.
 */
export function isLeadOnly(files: readonly ChangedFile[], resolver: OwnerLookup): boolean {
  return files.length > 0 && files.every((f) => resolver.resolve(f.path).kind === 'unassigned');
}
