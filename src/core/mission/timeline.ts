// The span the Session Board's timelines cover. A lane's timeline holds the branch's commits as
// well as the session's events, and commits can be days old: scaled from the oldest item, a
// day-old commit pushed all of today's work into the last pixels at the right edge. The span is
// the session instead: the latest run of activity with no break longer than SESSION_BREAK_MS,
// up to now. Older items are drawn at the left edge as "earlier" (the webview marks them).

/** A break this long ends a session: what came before is "earlier". */
export const SESSION_BREAK_MS = 3 * 60 * 60_000;
/** The shortest span drawn: two events a second apart are not drawn at the two edges. */
export const MIN_SPAN_MS = 10 * 60_000;

export interface TimelineSpan {
  readonly from: number;
  readonly to: number;
}

/** The span from the start of the latest run of `times` (ms; 0 and future times ignored) to now. */
export function timelineSpan(times: readonly number[], now: number): TimelineSpan {
  const past = times.filter((t) => Number.isFinite(t) && t > 0 && t <= now).sort((a, b) => b - a);
  let from = past[0] ?? now;
  for (const t of past.slice(1)) {
    if (from - t > SESSION_BREAK_MS) break;
    from = t;
  }
  return { from: Math.min(from, now - MIN_SPAN_MS), to: now };
}
