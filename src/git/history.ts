// One folder's commits of a range, grouped by domain: what the Commits by Domain view, the reports
// and `territory commits` all show. Repository state and range are resolved first, so every odd
// repository (empty, detached, shallow, mid-merge, no base branch) gives a clear notice.
import type { OwnerLookup } from '../core/commits/attribution';
import { groupCommits, type CommitGrouping } from '../core/commits/grouping';
import { DEFAULT_MAX_COMMITS, type RangeChoice } from '../core/commits/range';
import type { DomainMap } from '../core/types';
import { readLog, type CommitRecord } from './log';
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
  | { readonly ok: false; readonly kind: 'untrusted' | 'no-git' | 'not-repo' | 'error' | 'range'; readonly reason: string; readonly state?: RepoState };

/** Notices about the repository itself: detached HEAD, shallow clone, an operation in progress. */
export function repoNotices(state: RepoState): string[] {
  const notices: string[] = [];
  if (state.head.kind === 'detached') notices.push(`HEAD is detached at ${state.head.hash.slice(0, 7)}`);
  if (state.shallow) notices.push('This is a shallow clone: older history is missing, so counts and merge-bases may be incomplete');
  if (state.operation) notices.push(capitalize(describeOperation(state.operation)));
  return notices;
}

export async function loadHistory(folder: string, map: DomainMap, resolver: OwnerLookup, options: HistoryOptions): Promise<HistoryResult> {
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
  const log = await readLog(folder, range.spec, { maxCount: limit, since: range.since });
  if (!log.ok) return { ok: false, kind: 'error', reason: log.reason, state };
  const commits = state.prefix === '' ? log.commits : log.commits.map((c) => withinFolder(c, state.prefix));
  let total = commits.length;
  // Only a full read says nothing about what lies beyond it: count the rest (fast, no diffs).
  if (commits.length === limit && range.limit === undefined) total = (await countCommits(folder, range.spec, range.since)) ?? commits.length;
  const capped = total > commits.length;
  if (capped) notices.push(`Showing the newest ${commits.length.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} commits (setting territory.maxCommits)`);
  const grouping = groupCommits(commits, map, resolver, options);
  return { ok: true, history: { state, range, commits, grouping, total, capped, notices } };
}

/** A commit with its paths made relative to a folder below the work-tree top. */
function withinFolder(commit: CommitRecord, prefix: string): CommitRecord {
  const files = commit.files.filter((f) => f.path.startsWith(prefix)).map((f) => ({ status: f.status, path: f.path.slice(prefix.length) }));
  return { ...commit, files };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
