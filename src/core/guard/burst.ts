// "Once per burst": an agent that keeps hitting the wall makes one notification, not one per try.
// Blocks less than `quietMs` apart belong to one burst; the first block of a burst is announced
// (with whatever else arrives while the announcement gathers), the rest of the burst stays quiet.

export class BurstGate {
  private last = Number.NEGATIVE_INFINITY;
  private announced = false;

  constructor(private readonly quietMs: number) {}

  /** A block seen at `now` (ms): true when it should be announced. */
  note(now: number): boolean {
    if (now - this.last > this.quietMs) this.announced = false;
    this.last = now;
    if (this.announced) return false;
    this.announced = true;
    return true;
  }
}
