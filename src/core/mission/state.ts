// The state of each domain's agent, as a pure state machine over what the editor observes: the
// agent's hook events, the guard's blocked edits, files of the domain changing on disk (an agent
// without hooks still shows), and its terminal's shell commands and closing.
//
//   working  tool calls flowing (or files changing, a shell command running)
//   waiting  the agent asked for a person (PermissionRequest at once, Notification ~6 s later)
//   idle     its turn ended (Stop), or it started and has had no prompt yet
//   blocked  the guard just refused one of its edits
//   stalled  working, a task is set, and nothing was heard for `stallMs`
//   exited   its terminal closed or its session ended
//   unknown  an agent that cannot say it waits (agents.ts) went quiet while at work
import { AGENT_SIGNALS, UNKNOWN_AFTER_MS, type AgentKind } from './agents';
import type { AgentEvent, HookEventName } from './events';
import { isEdit } from './events';

export type AgentState = 'none' | 'working' | 'waiting' | 'idle' | 'blocked' | 'stalled' | 'exited' | 'unknown';

export const STATE_LABEL: Readonly<Record<AgentState, string>> = {
  none: 'no activity yet',
  working: 'working',
  waiting: 'waiting for input',
  idle: 'idle',
  blocked: 'blocked',
  stalled: 'stalled',
  exited: 'exited',
  unknown: 'state unknown',
};

/** What happened, as the state machine sees it. */
export type Activity =
  | { readonly kind: 'hook'; readonly time: number; readonly event: AgentEvent }
  | { readonly kind: 'blocked'; readonly time: number; readonly file: string; readonly owner: string }
  | { readonly kind: 'file'; readonly time: number; readonly file: string }
  | { readonly kind: 'shellStart' | 'shellEnd'; readonly time: number; readonly command?: string }
  | { readonly kind: 'terminalOpened' | 'terminalClosed'; readonly time: number };

export interface DomainActivity {
  /** The state the last activity left (without the time-dependent blocked and stalled). */
  readonly base: Exclude<AgentState, 'blocked' | 'stalled' | 'unknown'>;
  /** When `base` began (ms). */
  readonly since: number;
  /** The last activity of any kind (ms); undefined before the first. */
  readonly last?: number;
  /** The first activity (ms): the lane's elapsed time counts from here. */
  readonly started?: number;
  /** The latest blocked edit not yet followed by a turn boundary (ms). */
  readonly blockedAt?: number;
  /** Notification text while waiting. */
  readonly waitingFor?: string;
  readonly toolCalls: number;
  readonly edits: number;
  readonly blocks: number;
  readonly prompts: number;
  /** Whether its event hooks (Claude Code's, or another CLI's: agentEvents.ts) reported for it: then its silence is a stall, not unknown. */
  readonly hooked?: boolean;
}

export const INITIAL: DomainActivity = { base: 'none', since: 0, toolCalls: 0, edits: 0, blocks: 0, prompts: 0 };

/** A block shows for this long after it happened, unless a turn boundary comes first. */
export const BLOCK_HOLD_MS = 20_000;

const HOOK_TARGET: Readonly<Record<HookEventName, DomainActivity['base']>> = {
  SessionStart: 'idle',
  UserPromptSubmit: 'working',
  PreToolUse: 'working',
  PostToolUse: 'working',
  // A subagent finished; the agent that started it carries on.
  SubagentStop: 'working',
  Notification: 'waiting',
  // The permission dialog is about to show: waiting now, not when the Notification comes ~6 s later.
  // The PreToolUse/PostToolUse that follow an answer move it back to working.
  PermissionRequest: 'waiting',
  Stop: 'idle',
  SessionEnd: 'exited',
};

/** Events after which an earlier block no longer describes the agent. */
const CLEARS_BLOCK: ReadonlySet<string> = new Set([
  'UserPromptSubmit',
  'Notification',
  'PermissionRequest',
  'Stop',
  'SessionEnd',
  'SessionStart',
]);
const ASKS: ReadonlySet<string> = new Set(['Notification', 'PermissionRequest']);

function moveTo(s: DomainActivity, base: DomainActivity['base'], time: number): Pick<DomainActivity, 'base' | 'since'> {
  return s.base === base ? { base, since: s.since } : { base, since: time };
}

/** The next state after one activity. */
export function step(s: DomainActivity, a: Activity): DomainActivity {
  const touched = { last: Math.max(s.last ?? a.time, a.time), started: s.started ?? a.time };
  switch (a.kind) {
    case 'hook': {
      const e = a.event;
      const next: DomainActivity = {
        ...s,
        ...touched,
        ...moveTo(s, HOOK_TARGET[e.event], a.time),
        // The Notification after a PermissionRequest words the same question for people: it wins.
        waitingFor: ASKS.has(e.event) ? (e.detail ?? s.waitingFor) : undefined,
        blockedAt: CLEARS_BLOCK.has(e.event) ? undefined : s.blockedAt,
        toolCalls: s.toolCalls + (e.event === 'PreToolUse' ? 1 : 0),
        edits: s.edits + (isEdit(e) ? 1 : 0),
        prompts: s.prompts + (e.event === 'UserPromptSubmit' ? 1 : 0),
        hooked: true,
      };
      return next;
    }
    case 'blocked':
      // The refused call is a tool call in flight: the agent is at work, and hit the wall.
      return {
        ...s,
        ...touched,
        ...moveTo(s, s.base === 'exited' ? 'exited' : 'working', a.time),
        blockedAt: a.time,
        blocks: s.blocks + 1,
        waitingFor: undefined,
      };
    case 'file':
    case 'shellStart':
      // A file changing or a command running is work, but never answers a question put to a person.
      if (s.base === 'waiting') return { ...s, ...touched };
      return { ...s, ...touched, ...moveTo(s, 'working', a.time), waitingFor: undefined };
    case 'shellEnd':
      return { ...s, ...touched, ...(s.base === 'working' ? moveTo(s, 'idle', a.time) : {}) };
    case 'terminalOpened':
      return { ...s, ...touched, ...(s.base === 'exited' || s.base === 'none' ? moveTo(s, 'idle', a.time) : {}) };
    case 'terminalClosed':
      return { ...s, ...touched, ...moveTo(s, 'exited', a.time), waitingFor: undefined, blockedAt: undefined };
  }
}

export interface StateOptions {
  /** No activity for this long while working and a task is set: stalled. 0 disables. */
  readonly stallMs: number;
  readonly hasTask: boolean;
  /** The agent the domain's terminal runs; absent: Claude Code, whose hooks say when it waits. */
  readonly agent?: AgentKind;
}

export interface ShownState {
  readonly state: AgentState;
  /** When the shown state began (ms). */
  readonly since: number;
}

/** The state shown at `now`: the base state, with a recent block and a silence taken into account. */
export function stateAt(s: DomainActivity, now: number, options: StateOptions): ShownState {
  if (
    s.base === 'working' &&
    s.blockedAt !== undefined &&
    now - s.blockedAt < BLOCK_HOLD_MS &&
    (s.last ?? 0) - s.blockedAt < BLOCK_HOLD_MS
  ) {
    return { state: 'blocked', since: s.blockedAt };
  }
  if (
    s.base === 'working' &&
    !AGENT_SIGNALS[options.agent ?? 'claude'].asks &&
    s.hooked !== true &&
    s.last !== undefined &&
    now - s.last >= UNKNOWN_AFTER_MS
  ) {
    // It may be waiting for a person or thinking: its hooks do not say which, so neither is shown.
    return { state: 'unknown', since: s.last + UNKNOWN_AFTER_MS };
  }
  if (
    s.base === 'working' &&
    options.hasTask &&
    options.stallMs > 0 &&
    s.last !== undefined &&
    now - s.last >= options.stallMs
  ) {
    return { state: 'stalled', since: s.last + options.stallMs };
  }
  return { state: s.base, since: s.since };
}

/** Folds activities into a state, oldest first (activities from several sources are sorted by time). */
export function replay(activities: readonly Activity[], from: DomainActivity = INITIAL): DomainActivity {
  return [...activities].sort((a, b) => a.time - b.time).reduce(step, from);
}
