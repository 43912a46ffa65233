// Which files of a commit (staged, or in history) lie outside the domain that makes it, and who
// owns them: the seed's rule 1, "ONLY edit files in YOUR domain", checked where agents commit.
import { violationsOf, type OwnerLookup } from '../commits/attribution';
import { describeOwner, ownerKey } from '../ownership/offLimits';
import type { Ownership } from '../ownership/resolver';
import type { UnassignedPolicy } from '../settings';
import type { Domain } from '../types';
import { leadFileLabel, type LeadFiles } from './controlFiles';

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
  /** For people: `API (T2, Backend API)`, `unassigned (the lead's)`, `contested (API, SCHED)` (describeOwner). */
  readonly ownerLabel: string;
}

/** An owner lookup in which the lead files belong to nobody (so to the lead). */
export function withLeadFiles(resolver: OwnerLookup, leadFiles: LeadFiles | undefined): OwnerLookup {
  if (leadFiles === undefined) return resolver;
  return { resolve: (p: string): Ownership => (leadFiles.has(p) ? { kind: 'unassigned' } : resolver.resolve(p)) };
}

/**
 * The files `domain` may not change, each with its owner; unassigned ones only when they are
 * locked, lead files (see LeadFiles) always.
 */
export function offLimitsFiles(
  domain: Domain,
  files: readonly ChangedFile[],
  resolver: OwnerLookup,
  unassigned: UnassignedPolicy,
  leadFiles?: LeadFiles,
): OffLimitsFile[] {
  const status = new Map(files.map((f) => [f.path, f.status]));
  const lookup = withLeadFiles(resolver, leadFiles);
  const offLimits = violationsOf(
    domain,
    files.map((f) => f.path),
    lookup,
    unassigned,
  ).map((v) => ({
    path: v.path,
    status: status.get(v.path),
    owner: v.owner,
    ownerLabel: describeOwner(lookup.resolve(v.path)),
  }));
  for (const file of files) {
    const kind = leadFiles?.get(file.path);
    if (kind === undefined) continue;
    const existing = offLimits.findIndex((f) => f.path === file.path);
    const entry = { path: file.path, status: file.status, owner: 'unassigned', ownerLabel: leadFileLabel(kind) };
    if (existing === -1) offLimits.push(entry);
    else offLimits[existing] = entry;
  }
  return offLimits;
}

/**
 * A commit that changes only files no domain owns is the lead's (the map file, build scripts …):
 * the lead works as no domain, so it needs no domain's prefix.
 */
export function isLeadOnly(files: readonly ChangedFile[], resolver: OwnerLookup): boolean {
  return files.length > 0 && files.every((f) => resolver.resolve(f.path).kind === 'unassigned');
}

/**
 * The files a commit made as the lead may not change: every file some domain owns (or several
 * contest). An unprefixed fixup or revert is the lead's, so this is what it is checked against.
 */
export function leadOffLimits(files: readonly ChangedFile[], resolver: OwnerLookup): OffLimitsFile[] {
  const offLimits: OffLimitsFile[] = [];
  for (const file of files) {
    const ownership = resolver.resolve(file.path);
    if (ownership.kind === 'unassigned' || ownership.kind === 'outside') continue;
    offLimits.push({
      path: file.path,
      status: file.status,
      owner: ownerKey(ownership),
      ownerLabel: describeOwner(ownership),
    });
  }
  return offLimits;
}
