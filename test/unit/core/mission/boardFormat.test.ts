// The Session Board's wording and time scale: the webview's own format script (required here as the
// webview loads it) and the model's timeline span.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { buildBoard, type LaneInput } from '../../../../src/core/mission/board';
import { replay } from '../../../../src/core/mission/state';
import { MIN_SPAN_MS, SESSION_BREAK_MS, timelineSpan } from '../../../../src/core/mission/timeline';
import { REPO_ROOT } from '../../support/map';

interface BoardFormat {
  STATES: string[];
  ATTENTION: string[];
  plural(n: number, one: string, many?: string): string;
  duration(ms: number): string;
  sameDay(a: number, b: number): boolean;
  timeLabel(t: number, now: number, options?: { seconds?: boolean }): string;
  position(t: number, from: number, to: number): { percent: number; earlier: boolean };
  stateCounts(lanes: readonly { state: string }[]): Record<string, number>;
  quietSummary(counts: Record<string, number>): string;
  countParts(c: { toolCalls: number; edits: number; blocked: number; commits: number }): string[];
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const format = require(join(REPO_ROOT, 'media', 'sessionBoardFormat.js')) as BoardFormat;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** 6 Dec 2026, 14:30 local time: the tests' "now". */
const NOW = new Date(2026, 11, 6, 14, 30, 0).getTime();
const month = (t: number) => new Date(t).toLocaleDateString([], { month: 'short' });

describe('Session Board wording (media/sessionBoardFormat.js)', () => {
  it('counts say "1 edit", "1 commit", "2 edits", and leave out what did not happen', () => {
    assert.equal(format.plural(1, 'edit'), '1 edit');
    assert.equal(format.plural(1, 'commit'), '1 commit');
    assert.equal(format.plural(2, 'edit'), '2 edits');
    assert.equal(format.plural(0, 'commit'), '0 commits');
    assert.equal(format.plural(1, 'tool call'), '1 tool call');
    assert.equal(format.plural(3, 'match', 'matches'), '3 matches');
    assert.deepEqual(format.countParts({ toolCalls: 1, edits: 1, blocked: 1, commits: 1 }), [
      '1 tool call',
      '1 edit',
      '1 blocked',
      '1 commit',
    ]);
    assert.deepEqual(format.countParts({ toolCalls: 12, edits: 0, blocked: 0, commits: 2 }), [
      '12 tool calls',
      '2 commits',
    ]);
    assert.deepEqual(format.countParts({ toolCalls: 0, edits: 0, blocked: 0, commits: 0 }), []);
  });

  it('a time of today is the clock alone; an older one carries its date, another year its year', () => {
    const today = NOW - 2 * HOUR;
    const lastWeek = NOW - 7 * 24 * HOUR;
    const lastYear = new Date(2025, 5, 3, 9, 15).getTime();
    const clock = format.timeLabel(today, NOW);
    assert.ok(!clock.includes(month(today)), `today's time without a date: ${clock}`);
    assert.match(clock, /12.?30/);
    const old = format.timeLabel(lastWeek, NOW);
    assert.ok(old.includes(month(lastWeek)) && /\b29\b/.test(old), `last week's time with its date: ${old}`);
    assert.ok(old.endsWith(format.timeLabel(lastWeek, lastWeek)), 'the date, then the same clock');
    assert.ok(!old.includes('2026'), 'no year within the same year');
    assert.ok(format.timeLabel(lastYear, NOW).includes('2025'), 'another year is named');
    // Just after midnight, a time of late yesterday is yesterday's, with its date.
    const afterMidnight = new Date(2026, 11, 7, 0, 10).getTime();
    assert.equal(format.sameDay(new Date(2026, 11, 6, 23, 50).getTime(), afterMidnight), false);
    assert.ok(format.timeLabel(new Date(2026, 11, 6, 23, 50).getTime(), afterMidnight).includes(month(NOW)));
    assert.match(format.timeLabel(today, NOW, { seconds: true }), /12.?30.?00/);
  });

  it('durations read as minutes and seconds, then hours and minutes', () => {
    assert.equal(format.duration(65_000), '1m 05s');
    assert.equal(format.duration(2 * HOUR + 7 * MINUTE + 30_000), '2h 07m');
    assert.equal(format.duration(-5), '0m 00s');
  });

  it('the summary counts every attention state, and never reads "5 none"', () => {
    const counts = format.stateCounts(['none', 'none', 'none', 'none', 'none'].map((state) => ({ state })));
    assert.deepEqual(
      format.ATTENTION.map((s) => counts[s]),
      [0, 0, 0, 0],
    );
    assert.equal(format.quietSummary(counts), '5 not started');
    const mixed = format.stateCounts(['working', 'waiting', 'blocked', 'idle', 'working'].map((state) => ({ state })));
    assert.deepEqual(
      format.ATTENTION.map((s) => [s, mixed[s]]),
      [
        ['working', 2],
        ['waiting', 1],
        ['blocked', 1],
        ['stalled', 0],
      ],
    );
    assert.equal(format.quietSummary(mixed), '1 idle');
  });

  it('an item before the span sits at the left edge, marked earlier; one inside at its share of the span', () => {
    assert.deepEqual(format.position(NOW - 3 * 24 * HOUR, NOW - HOUR, NOW), { percent: 0, earlier: true });
    assert.deepEqual(format.position(NOW - 30 * MINUTE, NOW - HOUR, NOW), { percent: 50, earlier: false });
    assert.deepEqual(format.position(NOW, NOW - HOUR, NOW), { percent: 100, earlier: false });
  });
});

describe('Session Board timeline span (src/core/mission/timeline.ts)', () => {
  it('the span is the latest run of activity, not the oldest commit', () => {
    const old = [NOW - 4 * 24 * HOUR, NOW - 3 * 24 * HOUR];
    const session = [NOW - 90 * MINUTE, NOW - 40 * MINUTE, NOW - 5 * MINUTE];
    assert.deepEqual(timelineSpan([...old, ...session], NOW), { from: NOW - 90 * MINUTE, to: NOW });
    // A break just under SESSION_BREAK_MS keeps the run together; one over it ends it.
    assert.equal(
      timelineSpan([NOW - HOUR - SESSION_BREAK_MS + MINUTE, NOW - HOUR], NOW).from,
      NOW - HOUR - SESSION_BREAK_MS + MINUTE,
    );
    assert.equal(timelineSpan([NOW - HOUR - SESSION_BREAK_MS - MINUTE, NOW - HOUR], NOW).from, NOW - HOUR);
  });

  it('at least MIN_SPAN_MS wide; nothing at all is the last minutes; future and zero times are ignored', () => {
    assert.deepEqual(timelineSpan([NOW - 1000], NOW), { from: NOW - MIN_SPAN_MS, to: NOW });
    assert.deepEqual(timelineSpan([], NOW), { from: NOW - MIN_SPAN_MS, to: NOW });
    assert.deepEqual(timelineSpan([0, NaN, NOW + HOUR, NOW - 20 * MINUTE], NOW), { from: NOW - 20 * MINUTE, to: NOW });
  });

  it("the board model: a lane with a commit of three days ago spreads today's events over the bar", () => {
    const t0 = NOW - 2 * HOUR;
    const events = [0, 30, 60, 110].map((m, i) => ({
      t: t0 + m * MINUTE,
      domain: 'CORE',
      event: 'PostToolUse' as const,
      tool: 'Write',
      file: `backend/app/models/m${i}.py`,
    }));
    const activity = replay(events.map((event) => ({ kind: 'hook' as const, time: event.t, event })));
    const lane: LaneInput = {
      id: 'CORE',
      terminal: 'T1',
      name: 'Backend Core',
      activity,
      events,
      blocked: [],
      commits: [
        {
          hash: 'a'.repeat(40),
          shortHash: 'aaaaaaa',
          subject: 'core: old work',
          time: NOW - 3 * 24 * HOUR,
          files: [{ path: 'backend/app/models/old.py', status: 'M' }],
        },
      ],
      handoffs: [],
      hasTerminal: true,
    };
    const model = buildBoard('goal', [lane], NOW, () => ({ stallMs: 0, hasTask: false }));
    assert.equal(model.from, t0, "the span starts with the session's first event");
    const at = model.lanes[0].timeline.map((item) => format.position(item.time, model.from, model.to));
    assert.deepEqual(at[0], { percent: 0, earlier: true }, 'the old commit: at the left edge, earlier');
    assert.deepEqual(
      at.slice(1).map((p) => Math.round(p.percent)),
      [0, 25, 50, 92],
      "today's events spread over the bar, not piled at the right edge",
    );
  });
});
