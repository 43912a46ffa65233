// The Session Board's wording and arithmetic, free of the DOM: counts with their plurals, times
// with a date when they are not today's, durations, where an item sits on the timeline and how
// many lanes are in each state. The webview loads it as a script (window.territoryBoardFormat);
// the unit tests require() it (test/unit/core/mission/boardFormat.test.ts), so both run this code.
// @ts-check
(function (root, factory) {
  // eslint-disable-next-line no-undef
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.territoryBoardFormat = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  /** Every state a lane can show, in the order the summary lists them. */
  const STATES = ['working', 'waiting', 'blocked', 'stalled', 'idle', 'unknown', 'exited', 'none'];
  /** The states the summary strip always counts (the ones that need the lead); the others only when present. */
  const ATTENTION = ['working', 'waiting', 'blocked', 'stalled'];
  /** How the summary names the quieter states. */
  const QUIET_LABEL = { idle: 'idle', unknown: 'state unknown', exited: 'exited', none: 'not started' };

  /** "1 edit", "2 edits", "0 commits"; `many` for the irregular ones. @param {number} n @param {string} one @param {string} [many] */
  function plural(n, one, many) {
    return `${n} ${n === 1 ? one : (many ?? `${one}s`)}`;
  }

  /** "4m 05s", "2h 07m". @param {number} ms */
  function duration(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    return h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : `${m}m ${String(s % 60).padStart(2, '0')}s`;
  }

  /** Whether two times fall on the same local calendar day. @param {number} a @param {number} b */
  function sameDay(a, b) {
    const x = new Date(a);
    const y = new Date(b);
    return x.getFullYear() === y.getFullYear() && x.getMonth() === y.getMonth() && x.getDate() === y.getDate();
  }

  /**
   * A time as the board prints it: the clock alone for today, with the date before it for an older
   * day (and the year for another year), so a commit of last week never reads as one of this morning.
   * @param {number} t @param {number} now @param {{ seconds?: boolean }} [options]
   */
  function timeLabel(t, now, options) {
    const date = new Date(t);
    const clock = date.toLocaleTimeString([], options && options.seconds ? { hour: '2-digit', minute: '2-digit', second: '2-digit' } : { hour: '2-digit', minute: '2-digit' });
    if (sameDay(t, now)) return clock;
    const day = date.toLocaleDateString([], new Date(now).getFullYear() === date.getFullYear() ? { month: 'short', day: 'numeric' } : { year: 'numeric', month: 'short', day: 'numeric' });
    return `${day} ${clock}`;
  }

  /**
   * Where a time sits on a timeline from `from` to `to`, in percent; an item before the span (an
   * earlier session's commit) sits at the left edge and is marked earlier.
   * @param {number} t @param {number} from @param {number} to
   */
  function position(t, from, to) {
    const span = Math.max(1, to - from);
    if (t < from) return { percent: 0, earlier: true };
    return { percent: Math.min(100, ((t - from) / span) * 100), earlier: false };
  }

  /** How many lanes are in each state (every state present, zero or not). @param {readonly { state: string }[]} lanes */
  function stateCounts(lanes) {
    /** @type {Record<string, number>} */
    const counts = {};
    for (const s of STATES) counts[s] = 0;
    for (const l of lanes) counts[l.state] = (counts[l.state] ?? 0) + 1;
    return counts;
  }

  /** The quieter states' part of the summary: "1 idle · 2 not started", empty when none. @param {Record<string, number>} counts */
  function quietSummary(counts) {
    return Object.entries(QUIET_LABEL)
      .filter(([s]) => counts[s] > 0)
      .map(([s, label]) => `${counts[s]} ${label}`)
      .join(' · ');
  }

  /**
   * A lane's counts as the compact row prints them: only what happened, with plurals, e.g.
   * ["12 tool calls", "1 edit", "1 blocked", "2 commits"]; empty when nothing happened.
   * @param {{ toolCalls: number, edits: number, blocked: number, commits: number }} c
   */
  function countParts(c) {
    return [plural(c.toolCalls, 'tool call'), plural(c.edits, 'edit'), `${c.blocked} blocked`, plural(c.commits, 'commit')].filter((_, i) => [c.toolCalls, c.edits, c.blocked, c.commits][i] > 0);
  }

  return { STATES, ATTENTION, plural, duration, sameDay, timeLabel, position, stateCounts, quietSummary, countParts };
});
