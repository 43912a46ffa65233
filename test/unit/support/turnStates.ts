// What a real agent CLI's turn left in the domain's event log, read by the Session Board's state
// machine: the events, and the state after each (the state the board would show at that moment).
import { strict as assert } from 'node:assert';
import { readEvents } from '../../../src/core/mission/eventLog';
import { INITIAL, stateAt, step, type AgentState } from '../../../src/core/mission/state';
import type { AgentKind } from '../../../src/core/mission/agents';
import type { AgentEvent } from '../../../src/core/mission/events';

export function turnStates(
  root: string,
  domain: string,
  agent: AgentKind,
): { events: AgentEvent[]; states: AgentState[] } {
  const notes: string[] = [];
  const events = readEvents(root, [domain], notes);
  assert.deepEqual(notes, [], 'the event log reads without notes');
  const states: AgentState[] = [];
  let s = INITIAL;
  for (const event of events) {
    s = step(s, { kind: 'hook', time: event.t, event });
    states.push(stateAt(s, event.t, { stallMs: 10 * 60_000, hasTask: true, agent }).state);
  }
  return { events, states };
}

/**
 * One turn: working while its prompt and tool calls come, idle once it ends (states may repeat);
 * a one-shot run (`exec`, `-p`) then ends its session: exited may follow, nothing else.
 */
export function assertWorkingThenIdle(root: string, domain: string, agent: AgentKind): AgentEvent[] {
  const { events, states } = turnStates(root, domain, agent);
  const seen = `events ${events.map((e) => e.event).join(', ')}; states ${states.join(', ')}`;
  assert.ok(events.length > 0, `the turn wrote events to .territory/events/${domain}.jsonl`);
  assert.ok(
    events.every((e) => e.agent === agent && e.domain === domain),
    seen,
  );
  const firstWorking = states.indexOf('working');
  assert.ok(firstWorking >= 0, `working at some point: ${seen}`);
  const lastIdle = states.lastIndexOf('idle');
  assert.ok(lastIdle > firstWorking, `idle once the turn ended: ${seen}`);
  assert.ok(
    states.slice(lastIdle + 1).every((state) => state === 'exited'),
    `only its session's end after: ${seen}`,
  );
  assert.equal(events[lastIdle]?.event, 'Stop', `the turn's end made it idle: ${seen}`);
  // Codex 0.169.0 runs no PostToolUse for an apply_patch it intercepts from its shell tool: the PreToolUse is what every CLI reports.
  assert.ok(
    events.some((e) => e.event === 'PreToolUse'),
    `the tool call is on the timeline: ${seen}`,
  );
  return events;
}
