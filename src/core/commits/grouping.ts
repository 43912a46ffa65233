import type { Ownership } from '../ownership/resolver';
import type { Domain, DomainMap } from '../types';
import { attributeSubject, violationsOf, type Attribution, type FileViolation, type OwnerLookup } from './attribution';
import type { UnassignedPolicy } from '../settings';
import { count } from '../plural';

export interface CommitFile {
  /** `A`, `M`, `D`, `T` … (renames are split into a delete and an add). */
  readonly status: string;
  /** Folder-relative. */
  readonly path: string;
}

/** A commit as git's log gives it (src/git/log.ts reads it) and as grouping takes it. */
export interface CommitRecord {
  readonly hash: string;
  readonly shortHash: string;
  readonly author: string;
  /** Author date, ISO 8601. */
  readonly date: string;
  readonly parents: readonly string[];
  readonly subject: string;
  readonly files: readonly CommitFile[];
}

export interface AttributedCommit<C extends CommitRecord = CommitRecord> {
  readonly commit: C;
  readonly attribution: Attribution;
  /** Files outside the commit's domain; empty for unattributed commits. */
  readonly violations: readonly FileViolation[];
}

export interface DomainCommits<C extends CommitRecord = CommitRecord> {
  readonly domain: Domain;
  /** Newest first, as git log gives them. */
  readonly commits: readonly AttributedCommit<C>[];
  /** Commits of this domain with at least one file outside its territory. */
  readonly violatingCommits: number;
  /** Files outside the territory, counted once per commit. */
  readonly violations: number;
}

export interface CommitGrouping<C extends CommitRecord = CommitRecord> {
  /** One group per domain of the map, in map order, empty ones included. */
  readonly groups: readonly DomainCommits<C>[];
  /** Merges, unprefixed subjects, and prefixes no domain has. */
  readonly unattributed: readonly AttributedCommit<C>[];
  readonly total: number;
  readonly violatingCommits: number;
  readonly violations: number;
}

export interface GroupingOptions {
  /** `territory.unassigned` is `locked` (the default): committing a lead's file is a violation. */
  readonly unassignedPolicy?: UnassignedPolicy;
}

/** Remembers each path's owner: a range touches the same files again and again. */
export function cachedLookup(resolver: OwnerLookup): OwnerLookup {
  const cache = new Map<string, Ownership>();
  return {
    resolve(path: string, isDir?: boolean): Ownership {
      if (isDir) return resolver.resolve(path, isDir);
      let owner = cache.get(path);
      if (owner === undefined) {
        owner = resolver.resolve(path);
        cache.set(path, owner);
      }
      return owner;
    },
  };
}

/**
 * Groups commits by the domain whose prefix starts their subject (attributeSubject), and marks on
 * each attributed commit the files that lie outside its domain (violationsOf). Linear in the
 * number of commits and files; each distinct path is resolved once.
 */
export function groupCommits<C extends CommitRecord>(
  commits: readonly C[],
  map: DomainMap,
  resolver: OwnerLookup,
  options: GroupingOptions = {},
): CommitGrouping<C> {
  const attribute = commitAttributor<C>(map, resolver, options);
  return groupAttributed(commits.map(attribute), map);
}

/**
 * One commit's attribution and violations, as groupCommits makes them (`lookup`: the owners, by
 * default the resolver behind a cache of each path's owner): a commit already attributed
 * under the same map, resolver and policy can be kept (the commits view keeps them by hash, and a
 * ref change attributes only the commits it has not seen).
 */
export function commitAttributor<C extends CommitRecord>(
  map: DomainMap,
  resolver: OwnerLookup,
  options: GroupingOptions = {},
  lookup: OwnerLookup = cachedLookup(resolver),
): (commit: C) => AttributedCommit<C> {
  const unassigned = options.unassignedPolicy ?? 'locked';
  const attributions = new Map<string, Attribution>();
  return (commit) => {
    const key = `${commit.parents.length > 1 ? 'm' : 's'}${commit.subject}`;
    let attribution = attributions.get(key);
    if (attribution === undefined) {
      attribution = attributeSubject(commit.subject, map.domains, commit.parents.length);
      attributions.set(key, attribution);
    }
    const domain = attribution.domain;
    return {
      commit,
      attribution,
      violations: domain === undefined ? [] : violationsOf(domain, filePaths(commit), lookup, unassigned),
    };
  };
}

/** Attributed commits (newest first) in their groups, with the counts: groupCommits's second half. */
export function groupAttributed<C extends CommitRecord>(
  attributed: readonly AttributedCommit<C>[],
  map: DomainMap,
): CommitGrouping<C> {
  const byDomain = new Map<string, AttributedCommit<C>[]>(map.domains.map((d) => [d.id, []]));
  const unattributed: AttributedCommit<C>[] = [];
  let violatingCommits = 0;
  let violations = 0;
  for (const entry of attributed) {
    const domain = entry.attribution.domain;
    if (domain === undefined) {
      unattributed.push(entry);
      continue;
    }
    if (entry.violations.length > 0) {
      violatingCommits++;
      violations += entry.violations.length;
    }
    byDomain.get(domain.id)?.push(entry);
  }
  const groups = map.domains.map((domain) => {
    const list = byDomain.get(domain.id) ?? [];
    let files = 0;
    let bad = 0;
    for (const c of list) {
      if (c.violations.length > 0) bad++;
      files += c.violations.length;
    }
    return { domain, commits: list, violatingCommits: bad, violations: files };
  });
  return { groups, unattributed, total: attributed.length, violatingCommits, violations };
}

function filePaths(commit: CommitRecord): string[] {
  const paths = new Array<string>(commit.files.length);
  let i = 0;
  for (const file of commit.files) paths[i++] = file.path;
  return paths;
}

export interface SharedFile {
  readonly path: string;
  /** Domain ids whose commits changed the file, in map order. */
  readonly domains: readonly string[];
  /** How many commits of the range changed it. */
  readonly commits: number;
}

/** Files changed in the range by commits of more than one domain: where a merge may hurt. */
export function sharedFiles(grouping: CommitGrouping): SharedFile[] {
  const touched = new Map<string, { domains: Set<string>; commits: number }>();
  for (const group of grouping.groups) {
    for (const { commit } of group.commits) {
      for (const file of commit.files) {
        let entry = touched.get(file.path);
        if (entry === undefined) {
          entry = { domains: new Set(), commits: 0 };
          touched.set(file.path, entry);
        }
        entry.domains.add(group.domain.id);
        entry.commits++;
      }
    }
  }
  const order = new Map(grouping.groups.map((g, i) => [g.domain.id, i]));
  const shared: SharedFile[] = [];
  for (const [path, { domains, commits }] of touched) {
    if (domains.size < 2) continue;
    shared.push({ path, domains: [...domains].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)), commits });
  }
  return shared.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Every violation of the grouping, newest commit first. */
export function allViolations<C extends CommitRecord>(
  grouping: CommitGrouping<C>,
): { commit: C; domain: Domain; violation: FileViolation }[] {
  const found: { commit: C; domain: Domain; violation: FileViolation }[] = [];
  for (const group of grouping.groups) {
    for (const c of group.commits)
      for (const violation of c.violations) found.push({ commit: c.commit, domain: group.domain, violation });
  }
  return found;
}

/** "3 days ago", "just now", "in the future" — for commit rows. */
export function relativeDate(iso: string, now: Date = new Date()): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const seconds = Math.round((now.getTime() - then) / 1000);
  if (seconds < -60) return 'in the future';
  if (seconds < 45) return 'just now';
  const units = [
    [60, 'minute'],
    [3600, 'hour'],
    [86400, 'day'],
    [604800, 'week'],
    [2629800, 'month'],
    [31557600, 'year'],
  ] as const;
  let chosen: readonly [number, string] = units[0];
  for (const unit of units) if (seconds >= unit[0] * 0.95) chosen = unit;
  // Weeks only up to a month, days up to two weeks, as people say them.
  if (chosen[1] === 'week' && seconds < 14 * 86400) chosen = units[2];
  return `${count(Math.max(1, Math.round(seconds / chosen[0])), chosen[1])} ago`;
}
