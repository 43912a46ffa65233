// The Session Board's inputs from what other parts of Territory read: open handoff requests and
// commits grouped by domain. Shared by the extension and `territory session`, so both count alike.
import type { CommitGrouping, CommitRecord } from '../commits/grouping';
import type { BlockedAttempt } from '../guard/blockedLog';
import { isOpen, type ParsedHandoffFile } from '../handoffs/types';
import type { BoardCommit, BoardHandoff } from './board';
import type { AgentEvent } from './events';
import { step, INITIAL, type Activity, type DomainActivity } from './state';

/** Open (not done) requests with a known source and target domain. */
export function openHandoffs(files: readonly ParsedHandoffFile[]): BoardHandoff[] {
  const found: BoardHandoff[] = [];
  for (const file of files) {
    for (const request of file.requests) {
      const to = request.target?.domain;
      if (!isOpen(request) || request.source === undefined || to === undefined) continue;
      found.push({
        from: request.source,
        to,
        file: file.path,
        line: request.startLine,
        summary: request.file ?? request.change ?? '(request)',
        blocking: request.blocking,
      });
    }
  }
  return found;
}

/** A domain's commits, newest first, as the board lists them. */
export function domainCommits<C extends CommitRecord>(
  grouping: CommitGrouping<C> | undefined,
  domainId: string,
): BoardCommit[] {
  const group = grouping?.groups.find((g) => g.domain.id === domainId);
  return (group?.commits ?? []).map(({ commit }) => ({
    hash: commit.hash,
    shortHash: commit.shortHash,
    subject: commit.subject,
    time: Number.isNaN(Date.parse(commit.date)) ? 0 : Date.parse(commit.date),
    files: commit.files.map((f) => ({ path: f.path, status: f.status })),
  }));
}

/** The activities the logs hold for one domain: its hook events and its blocked edits. */
export function logActivities(events: readonly AgentEvent[], blocked: readonly BlockedAttempt[]): Activity[] {
  return [
    ...events.map((event): Activity => ({ kind: 'hook', time: event.t, event })),
    ...blocked.map((b): Activity => ({
      kind: 'blocked',
      time: Number.isNaN(Date.parse(b.time)) ? 0 : Date.parse(b.time),
      file: b.file,
      owner: b.owner,
    })),
  ].sort((a, b) => a.time - b.time);
}

/** Folds the logs of one domain into its state (the CLI's one-shot view). */
export function activityOf(
  events: readonly AgentEvent[],
  blocked: readonly BlockedAttempt[],
  from: DomainActivity = INITIAL,
): DomainActivity {
  return logActivities(events, blocked).reduce(step, from);
}
