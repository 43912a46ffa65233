// One folder's commits of a range, grouped by domain: what the Commits by Domain view, the reports
// and `territory commits` all show. Repository state and range are resolved first, so every odd
// repository (empty, detached, shallow, mid-merge, no base branch) gives a clear notice.
import type { OwnerLookup } from '../core/commits/attribution';
import { attributeSubject } from '../core/commits/attribution';
import {
  cachedLookup,
  commitAttributor,
  groupAttributed,
  groupCommits,
  type AttributedCommit,
  type CommitGrouping,
} from '../core/commits/grouping';
import { NO_SLICES, type TimeSlices } from '../core/slices';
import { DEFAULT_MAX_COMMITS, type RangeChoice } from '../core/commits/range';
import type { DomainMap } from '../core/types';
import { readCommits, readLog, readLogHashes, type CommitRecord } from './log';
import { countCommits, resolveRange, type ResolvedRange } from './range';
import { describeOperation, readRepoState, type RepoState } from './repoState';
import type { UnassignedPolicy } from '../core/settings';

export interface HistoryOptions {
  readonly choice: RangeChoice;
  /** `territory.baseBranch`; empty means detect main/master. */
  readonly baseBranch: string;
  /** The most commits to read; the rest of a longer range is counted, not read. */
  readonly maxCommits?: number;
  readonly unassignedPolicy?: UnassignedPolicy;
  /**
   * The commits an earlier read of this folder attributed: the range's hashes are read first and
   * only the commits not in it are read with their files and attributed (the commits view reads
   * again on every ref change, and one commit of 100,000 files took the extension host 300 ms to
   * read and attribute each time). The answer is the same as without it.
   */
  readonly cache?: HistoryCache;
  /**
   * With the cache: where to give the event loop back while the new commits' files are resolved
   * (one commit of 100,000 files is 100,000 owners to find, on the extension host).
   */
  readonly slices?: Pick<TimeSlices, 'due' | 'pause'>;
}

/**
 * Attributed commits by hash, valid for one map, resolver, unassigned policy and folder prefix:
 * anything else empties it. It keeps only the commits of the last read.
 */
export class HistoryCache {
  private commits = new Map<string, AttributedCommit<CommitRecord>>();
  private key:
    { resolver: OwnerLookup; map: DomainMap; policy: UnassignedPolicy | undefined; prefix: string } | undefined;

  /** The commits kept for these inputs (none when they changed). */
  for(
    map: DomainMap,
    resolver: OwnerLookup,
    policy: UnassignedPolicy | undefined,
    prefix: string,
  ): ReadonlyMap<string, AttributedCommit<CommitRecord>> {
    const key = this.key;
    if (key?.map !== map || key.resolver !== resolver || key.policy !== policy || key.prefix !== prefix) {
      this.commits = new Map();
      this.key = { map, resolver, policy, prefix };
    }
    return this.commits;
  }

  /** Keeps exactly these (the last read's commits). */
  keep(attributed: readonly AttributedCommit<CommitRecord>[]): void {
    this.commits = new Map(attributed.map((entry) => [entry.commit.hash, entry]));
  }
}

export interface History {
  readonly state: RepoState;
  readonly range: ResolvedRange;
  /** Folder-relative file paths; files outside the folder are left out. */
  readonly commits: readonly CommitRecord[];
  readonly grouping: CommitGrouping<CommitRecord>;
  /** How many commits the range holds (may exceed commits.length when capped). */
  readonly total: number;
  readonly capped: boolean;
  /** Everything worth telling the user about this repository and range. */
  readonly notices: readonly string[];
}

export type HistoryResult =
  | { readonly ok: true; readonly history: History }
  | {
      readonly ok: false;
      readonly kind: 'untrusted' | 'no-git' | 'not-repo' | 'error' | 'range';
      readonly reason: string;
      readonly state?: RepoState;
    };

/** Notices about the repository itself: detached HEAD, shallow clone, an operation in progress. */
export function repoNotices(state: RepoState): string[] {
  const notices: string[] = [];
  if (state.head.kind === 'detached') notices.push(`HEAD is detached at ${state.head.hash.slice(0, 7)}`);
  if (state.shallow)
    notices.push('This is a shallow clone: older history is missing, so counts and merge-bases may be incomplete');
  if (state.operation) notices.push(capitalize(describeOperation(state.operation)));
  return notices;
}

export async function loadHistory(
  folder: string,
  map: DomainMap,
  resolver: OwnerLookup,
  options: HistoryOptions,
): Promise<HistoryResult> {
  const repo = await readRepoState(folder);
  if (!repo.ok) return { ok: false, kind: repo.kind, reason: repo.reason };
  const { state } = repo;
  const resolved = await resolveRange(folder, options.choice, state.head, options.baseBranch);
  if (!resolved.ok) return { ok: false, kind: 'range', reason: resolved.reason, state };
  const range = resolved.range;
  const notices = [...repoNotices(state), ...range.notices];
  const max = Math.max(1, options.maxCommits ?? DEFAULT_MAX_COMMITS);
  if (range.spec === undefined) {
    const empty = groupCommits<CommitRecord>([], map, resolver, options);
    return { ok: true, history: { state, range, commits: [], grouping: empty, total: 0, capped: false, notices } };
  }
  const limit = Math.min(max, range.limit ?? Number.POSITIVE_INFINITY);
  const read = await readAttributed(
    folder,
    range.spec,
    { maxCount: limit, since: range.since },
    state.prefix,
    map,
    resolver,
    options,
  );
  if (!read.ok) return { ok: false, kind: 'error', reason: read.reason, state };
  const commits = read.attributed.map((entry) => entry.commit);
  let total = commits.length;
  // Only a full read says nothing about what lies beyond it: count the rest (fast, no diffs).
  if (commits.length === limit && range.limit === undefined)
    total = (await countCommits(folder, range.spec, range.since)) ?? commits.length;
  const capped = total > commits.length;
  if (capped)
    notices.push(
      `Showing the newest ${commits.length.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} commits (setting territory.maxCommits)`,
    );
  const grouping = groupAttributed(read.attributed, map);
  return { ok: true, history: { state, range, commits, grouping, total, capped, notices } };
}

/** The range's commits, attributed, newest first: all read from git, or through the cache only the new ones. */
async function readAttributed(
  folder: string,
  spec: string,
  limits: { maxCount: number; since?: string },
  prefix: string,
  map: DomainMap,
  resolver: OwnerLookup,
  options: HistoryOptions,
): Promise<{ ok: true; attributed: AttributedCommit<CommitRecord>[] } | { ok: false; reason: string }> {
  const inFolder = (commit: CommitRecord) => (prefix === '' ? commit : withinFolder(commit, prefix));
  if (options.cache === undefined) {
    const attribute = commitAttributor<CommitRecord>(map, resolver, options);
    const log = await readLog(folder, spec, limits);
    return log.ok ? { ok: true, attributed: log.commits.map((commit) => attribute(inFolder(commit))) } : log;
  }
  const known = options.cache.for(map, resolver, options.unassignedPolicy, prefix);
  const listed = await readLogHashes(folder, spec, limits);
  if (!listed.ok) return listed;
  const fresh = await readCommits(
    folder,
    listed.hashes.filter((hash) => !known.has(hash)),
  );
  if (!fresh.ok) return fresh;
  const slices = options.slices ?? NO_SLICES;
  const lookup = cachedLookup(resolver);
  const attribute = commitAttributor<CommitRecord>(map, resolver, options, lookup);
  const read = new Map<string, AttributedCommit<CommitRecord>>();
  for (const commit of fresh.commits) {
    const local = inFolder(commit);
    // The owners of an attributed commit's files are found first, in slices; attributing it then
    // reads them from the lookup's cache in one short pass.
    if (attributeSubject(local.subject, map.domains, local.parents.length).domain !== undefined) {
      for (const file of local.files) {
        lookup.resolve(file.path);
        if (slices.due()) await slices.pause();
      }
    }
    read.set(commit.hash, attribute(local));
    if (slices.due()) await slices.pause();
  }
  const attributed: AttributedCommit<CommitRecord>[] = [];
  for (const hash of listed.hashes) {
    const entry = known.get(hash) ?? read.get(hash);
    if (entry === undefined) return { ok: false, reason: `git log did not show commit ${hash}` };
    attributed.push(entry);
  }
  options.cache.keep(attributed);
  return { ok: true, attributed };
}

/** A commit with its paths made relative to a folder below the work-tree top. */
function withinFolder(commit: CommitRecord, prefix: string): CommitRecord {
  const files = commit.files
    .filter((f) => f.path.startsWith(prefix))
    .map((f) => ({ status: f.status, path: f.path.slice(prefix.length) }));
  return { ...commit, files };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
