// Uncommitted changes (git status) by owning domain: the seed's rule 2, "check git status before
// editing", and what "Commit Domain Changes" may commit.
import type { Domain } from '../types';
import { attributeSubject, type OwnerLookup } from './attribution';
import { isOffLimits, ownerKey } from '../ownership/offLimits';
import type { UnassignedPolicy } from '../settings';

/** One `git status` entry (src/git/status.ts's StatusEntry has this shape). */
export interface ChangeEntry {
  /** Folder-relative path. */
  readonly path: string;
  /** The old path of a rename or copy. */
  readonly from?: string;
  readonly index: string;
  readonly workTree: string;
  readonly conflicted: boolean;
}

/**
 * An entry as one owner sees it. A rename whose old path another domain owns appears under both
 * owners: under the new path's owner as the rename, under the old path's owner as the removal of
 * its file (`path` = the old path, `renamedTo` = the new one).
 */
export interface OwnedChange extends ChangeEntry {
  readonly renamedTo?: string;
}

/** A domain id, `unassigned` or `contested`. */
export type OwnerKey = string;

function keyOf(lookup: OwnerLookup, path: string): OwnerKey {
  return ownerKey(lookup.resolve(path));
}

/**
 * The grouped changes `domainId` may not make (isOffLimits), by owner: what a domain terminal is
 * warned about before it edits (rule 2, "check git status"). Empty for the lead.
 */
export function offLimitsChanges(
  byOwner: ReadonlyMap<OwnerKey, readonly OwnedChange[]>,
  lookup: OwnerLookup,
  domainId: string | undefined,
  unassigned: UnassignedPolicy,
): Map<OwnerKey, OwnedChange[]> {
  const result = new Map<OwnerKey, OwnedChange[]>();
  if (domainId === undefined) return result;
  for (const [owner, changes] of byOwner) {
    const off = changes.filter((change) => isOffLimits(lookup.resolve(change.path), domainId, unassigned));
    if (off.length > 0) result.set(owner, off);
  }
  return result;
}

/** Entries grouped by owner, in status order; renames across owners are listed under both. */
export function groupChanges(entries: readonly ChangeEntry[], lookup: OwnerLookup): Map<OwnerKey, OwnedChange[]> {
  const byOwner = new Map<OwnerKey, OwnedChange[]>();
  const add = (key: OwnerKey, change: OwnedChange) => {
    const list = byOwner.get(key);
    if (list) list.push(change);
    else byOwner.set(key, [change]);
  };
  for (const entry of entries) {
    const key = keyOf(lookup, entry.path);
    add(key, entry);
    // A copy leaves its source untouched; only a rename removes it.
    if (entry.from !== undefined && entry.index === 'R') {
      const fromKey = keyOf(lookup, entry.from);
      if (fromKey !== key && fromKey !== 'outside')
        add(fromKey, { path: entry.from, index: 'D', workTree: ' ', conflicted: false, renamedTo: entry.path });
    }
  }
  return byOwner;
}

/** What one domain would commit: the paths for `git commit --only`, and which of them are untracked. */
export interface DomainCommitPlan {
  readonly paths: string[];
  readonly untracked: string[];
  readonly conflicted: string[];
  /** Changes of other owners, by owner: left exactly as they are. */
  readonly others: Map<OwnerKey, number>;
}

/**
 * The paths of `domain`'s changes. Only files the domain owns are included: the old path of a
 * rename into the territory (owned elsewhere) stays out, so the other domain's file stays as it is.
 */
export function planDomainCommit(
  domain: Domain,
  entries: readonly ChangeEntry[],
  lookup: OwnerLookup,
): DomainCommitPlan {
  const groups = groupChanges(entries, lookup);
  const mine = groups.get(domain.id) ?? [];
  const paths = new Set<string>();
  const untracked: string[] = [];
  const conflicted: string[] = [];
  for (const change of mine) {
    paths.add(change.path);
    if (change.index === '?') untracked.push(change.path);
    if (change.conflicted) conflicted.push(change.path);
    if (change.from !== undefined && change.index === 'R' && keyOf(lookup, change.from) === domain.id)
      paths.add(change.from);
  }
  const others = new Map<OwnerKey, number>();
  for (const [key, list] of groups) if (key !== domain.id) others.set(key, list.length);
  return { paths: [...paths], untracked, conflicted, others };
}

/** Two-letter status as `git status --short` shows it, or `conflict`. */
export function statusLabel(change: OwnedChange): string {
  if (change.renamedTo !== undefined) return `renamed to ${change.renamedTo}`;
  if (change.conflicted) return 'conflict';
  const code = `${change.index}${change.workTree}`;
  if (change.from !== undefined)
    return `${change.index === 'C' ? 'copied' : 'renamed'} from ${change.from}${change.workTree.trim() ? `, ${change.workTree} in the work tree` : ''}`;
  return code === '??' ? 'untracked' : code.trim();
}

/**
 * The message as committed: `core: add version` from `add version`. A message that already starts
 * with one of the domain's own prefixes (`docs: …` for TEST) is kept as typed.
 */
export function withDomainPrefix(domain: Domain, allDomains: readonly Domain[], message: string): string {
  const text = message.trim();
  const own = attributeSubject(text.split('\n')[0] ?? '', allDomains);
  if (own.domain?.id === domain.id && own.kind === 'prefixed') return text;
  const prefix = domain.prefixes[0];
  // A domain without prefixes (the map warns) has none to add: the caller refuses the unattributed subject.
  if (prefix === undefined) return text;
  return `${prefix}${prefix.endsWith(' ') ? '' : ' '}${text}`;
}
