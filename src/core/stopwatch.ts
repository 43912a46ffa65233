/**
 * Where the time of a piece of work went, lap by lap, in the words of the log and the benches
 * ("map read 12 ms, git's tracked files listed 80 ms"): the one place Territory times its work.
 */
export class Stopwatch {
  private last: number;
  private readonly laps: string[] = [];

  constructor(readonly startedAt = performance.now()) {
    this.last = startedAt;
  }

  /** Ends a lap named `what` and returns its milliseconds. */
  lap(what: string): number {
    const now = performance.now();
    const ms = now - this.last;
    this.last = now;
    this.laps.push(`${what} ${ms.toFixed(0)} ms`);
    return ms;
  }

  /** Milliseconds since the start. */
  elapsed(): number {
    return performance.now() - this.startedAt;
  }

  toString(): string {
    return this.laps.join(', ');
  }
}
