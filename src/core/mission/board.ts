// The Session Board's model, made from data alone: the map's domains, the plan's tasks, each
// domain's activity, its events, the guard's blocked edits, its commits and the open handoffs.
// The webview renders exactly this; `territory session --json` prints its lanes without the timeline.
import type { BlockedAttempt } from '../guard/blockedLog';
import { isPatchPath } from '../guard/patchStore';
import { isEdit, type AgentEvent } from './events';
import type { HandoffMark } from './handoffMarks';
import { combine, type UsageSummary } from './prices';
import { stateAt, STATE_LABEL, type AgentState, type DomainActivity, type StateOptions } from './state';
import { timelineSpan } from './timeline';

/** What a click on a board item opens. */
export type BoardTarget =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'commit'; readonly hash: string; readonly path?: string; readonly status?: string }
  | { readonly kind: 'handoff'; readonly file: string; readonly line: number }
  | { readonly kind: 'terminal'; readonly domain: string; readonly launch?: boolean };

export type TimelineKind = 'edit' | 'commit' | 'block' | 'handoff' | 'state';

export interface TimelineItem {
  readonly time: number;
  readonly kind: TimelineKind;
  readonly label: string;
  readonly target?: BoardTarget;
}

export interface BoardCommit {
  readonly hash: string;
  readonly shortHash: string;
  readonly subject: string;
  /** ms since the epoch. */
  readonly time: number;
  readonly files: readonly { readonly path: string; readonly status: string }[];
}

export interface BoardHandoff {
  readonly from: string;
  readonly to: string;
  /** The handoff file, folder-relative, and the request's first line (zero-based). */
  readonly file: string;
  readonly line: number;
  /** The requested file or change, for people. */
  readonly summary: string;
  readonly blocking: boolean;
  readonly time?: number;
}

export interface LaneInput {
  readonly id: string;
  readonly terminal: string;
  readonly name: string;
  readonly task?: string;
  readonly activity: DomainActivity;
  /** The domain's recent events, oldest first. */
  readonly events: readonly AgentEvent[];
  /** Files of the domain seen changing on disk (agents without hooks), folder-relative. */
  readonly changedFiles?: readonly { readonly path: string; readonly time: number }[];
  readonly blocked: readonly BlockedAttempt[];
  readonly commits: readonly BoardCommit[];
  readonly handoffs: readonly BoardHandoff[];
  readonly hasTerminal: boolean;
  /** Whether the domain's agent guard proved itself on its canary at launch; absent: not checked. */
  readonly guard?: LaneGuard;
  /** Tokens and cost from its agents' transcripts; absent: no transcript named yet. */
  readonly usage?: UsageSummary;
  /** Its handoffs requested and done, as the handoff files changed. */
  readonly handoffMarks?: readonly HandoffMark[];
}

export interface LaneGuard {
  readonly armed: boolean;
  /** The canary's outcome, or the first reason the guard is not armed. */
  readonly detail: string;
}

export interface Lane {
  readonly id: string;
  readonly terminal: string;
  readonly name: string;
  readonly task: string;
  readonly state: AgentState;
  readonly stateLabel: string;
  /** When the shown state began (ms), and the first activity of the session. */
  readonly since: number;
  readonly started?: number;
  readonly elapsedMs: number;
  readonly waitingFor?: string;
  readonly counts: {
    readonly toolCalls: number;
    readonly edits: number;
    readonly blocked: number;
    readonly commits: number;
    readonly handoffsIn: number;
    readonly handoffsOut: number;
  };
  /** Distinct files it edited inside its territory, and the off-limits ones it tried. */
  readonly ownFiles: readonly string[];
  readonly attemptedFiles: readonly { readonly path: string; readonly owner: string }[];
  readonly commits: readonly BoardCommit[];
  readonly handoffsIn: readonly BoardHandoff[];
  readonly handoffsOut: readonly BoardHandoff[];
  readonly timeline: readonly TimelineItem[];
  readonly hasTerminal: boolean;
  readonly guard?: LaneGuard;
  readonly usage?: UsageSummary;
}

export interface BoardModel {
  readonly generatedAt: number;
  readonly goal: string;
  readonly lanes: readonly Lane[];
  /** The session's tokens and cost: every lane's together; absent while no lane has any. */
  readonly usage?: UsageSummary;
  /** The time span the timelines cover (ms): the session (timeline.ts); items before `from` are "earlier". */
  readonly from: number;
  readonly to: number;
}

/** Timeline items kept per lane: the board shows a session, not its archive. */
export const MAX_TIMELINE = 200;
export const MAX_FILES = 50;

function parseTime(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
}

export function buildLane(input: LaneInput, now: number, options: StateOptions): Lane {
  const shown = stateAt(input.activity, now, options);
  const own = new Map<string, number>();
  for (const e of input.events) if (isEdit(e) && e.file !== undefined) own.set(e.file, e.t);
  for (const c of input.changedFiles ?? []) own.set(c.path, Math.max(own.get(c.path) ?? 0, c.time));
  const attempted = new Map<string, string>();
  for (const b of input.blocked) if (b.file !== '') attempted.set(b.file, b.owner);
  const handoffsIn = input.handoffs.filter((h) => h.to === input.id);
  const handoffsOut = input.handoffs.filter((h) => h.from === input.id);
  const timeline: TimelineItem[] = [
    ...input.events.filter(isEdit).map((e): TimelineItem => ({
      time: e.t,
      kind: 'edit',
      label: `${e.tool ?? 'edit'} ${e.file ?? ''}`,
      target: { kind: 'file', path: e.file ?? '' },
    })),
    ...input.events
      .filter(
        (e) =>
          e.event === 'Notification' ||
          e.event === 'PermissionRequest' ||
          e.event === 'Stop' ||
          e.event === 'SessionStart' ||
          e.event === 'SessionEnd',
      )
      .map((e): TimelineItem => ({
        time: e.t,
        kind: 'state',
        label:
          e.event === 'Notification' || e.event === 'PermissionRequest'
            ? `waiting: ${e.detail ?? 'input'}`
            : e.event === 'Stop'
              ? 'turn ended'
              : e.event === 'SessionStart'
                ? `session started${e.detail ? ` (${e.detail})` : ''}`
                : 'session ended',
        target: { kind: 'terminal', domain: input.id },
      })),
    ...input.blocked.map(blockedItem),
    ...input.commits.map((c): TimelineItem => ({
      time: c.time,
      kind: 'commit',
      label: `${c.shortHash} ${c.subject}`,
      target: { kind: 'commit', hash: c.hash, path: c.files[0]?.path, status: c.files[0]?.status },
    })),
    ...[...handoffsIn, ...handoffsOut]
      .filter((h) => h.time !== undefined)
      .map((h): TimelineItem => ({
        time: h.time ?? 0,
        kind: 'handoff',
        label: `handoff ${h.from} → ${h.to}: ${h.summary}`,
        target: { kind: 'handoff', file: h.file, line: h.line },
      })),
    ...(input.handoffMarks ?? []).map(handoffMarkItem),
  ]
    .sort((a, b) => a.time - b.time)
    .slice(-MAX_TIMELINE);
  const started = input.activity.started;
  return {
    id: input.id,
    terminal: input.terminal,
    name: input.name,
    task: input.task ?? '',
    state: shown.state,
    stateLabel: STATE_LABEL[shown.state],
    since: shown.since,
    ...(started !== undefined ? { started } : {}),
    elapsedMs: started !== undefined ? Math.max(0, now - started) : 0,
    ...(shown.state === 'waiting' && input.activity.waitingFor !== undefined
      ? { waitingFor: input.activity.waitingFor }
      : {}),
    counts: {
      toolCalls: input.activity.toolCalls,
      edits: input.activity.edits,
      blocked: input.blocked.length,
      commits: input.commits.length,
      handoffsIn: handoffsIn.length,
      handoffsOut: handoffsOut.length,
    },
    ownFiles: [...own]
      .sort((a, b) => b[1] - a[1])
      .slice(0, MAX_FILES)
      .map(([file]) => file),
    attemptedFiles: [...attempted].slice(-MAX_FILES).map(([file, owner]) => ({ path: file, owner })),
    commits: input.commits.slice(0, MAX_FILES),
    handoffsIn,
    handoffsOut,
    timeline,
    hasTerminal: input.hasTerminal,
    ...(input.guard ? { guard: input.guard } : {}),
    ...(input.usage ? { usage: input.usage } : {}),
  };
}

/**
 * A blocked edit on the timeline: what was refused, whose file it is, and one click away the
 * change the agent meant (the patch the guard kept, blockedLog.ts), else the file.
 */
export function blockedItem(b: BlockedAttempt): TimelineItem {
  const target: BoardTarget | undefined =
    b.patch !== undefined && isPatchPath(b.patch)
      ? { kind: 'file', path: b.patch }
      : b.file !== ''
        ? { kind: 'file', path: b.file }
        : undefined;
  const reason =
    b.owner === 'lead' || b.owner === 'unassigned' || b.owner === 'contested' || b.owner === 'unknown'
      ? b.owner
      : `owned by ${b.owner}`;
  return {
    time: parseTime(b.time),
    kind: 'block',
    label: `blocked: ${b.tool} ${b.file || '(no file)'} (${b.owner}) — ${reason}`,
    ...(target ? { target } : {}),
  };
}

/** A handoff requested or ticked done, opening the request in its file. */
export function handoffMarkItem(m: HandoffMark): TimelineItem {
  return {
    time: m.time,
    kind: 'handoff',
    label: `handoff ${m.state}: ${m.from} → ${m.to}: ${m.summary}`,
    target: { kind: 'handoff', file: m.file, line: m.line },
  };
}

export function buildBoard(
  goal: string,
  inputs: readonly LaneInput[],
  now: number,
  options: (id: string) => StateOptions,
): BoardModel {
  const lanes = inputs.map((input) => buildLane(input, now, options(input.id)));
  const times = lanes
    .flatMap((l) => [l.started, ...l.timeline.map((t) => t.time)])
    .filter((t): t is number => t !== undefined);
  // The session's span, not the oldest commit's: older items sit at the left edge as "earlier".
  const { from, to } = timelineSpan(times, now);
  const used = lanes.flatMap((l) => (l.usage ? [l.usage] : []));
  return { generatedAt: now, goal, lanes, from, to, ...(used.length > 0 ? { usage: combine(used) } : {}) };
}

/** The lane's fields `territory session` prints as they are, in the order it prints them (an interface: README). */
const PRINTED_FIELDS = [
  'id',
  'terminal',
  'name',
  'task',
  'state',
  'stateLabel',
  'since',
  'started',
  'elapsedMs',
  'waitingFor',
  'counts',
  'ownFiles',
  'attemptedFiles',
  'hasTerminal',
] as const satisfies readonly (keyof Lane)[];

/** A lane as `territory session` prints it: state and counts, no timeline. */
export function laneSummary(lane: Lane): Record<string, unknown> {
  const rest = { ...Object.fromEntries(PRINTED_FIELDS.map((key) => [key, lane[key]])), usage: lane.usage ?? null };
  const handoff = (h: BoardHandoff) => ({
    from: h.from,
    to: h.to,
    file: h.file,
    line: h.line + 1,
    summary: h.summary,
    blocking: h.blocking,
  });
  return {
    ...rest,
    commits: lane.commits.map((c) => ({ hash: c.hash, subject: c.subject })),
    handoffsIn: lane.handoffsIn.map(handoff),
    handoffsOut: lane.handoffsOut.map(handoff),
  };
}
