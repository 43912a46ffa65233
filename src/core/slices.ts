import { performance } from 'node:perf_hooks';

/**
 * Cuts a long loop into slices of about `budgetMs` that give the event loop back in between: in the
 * extension host, one long synchronous pass over 100,000 paths stalls every extension's events.
 * Call `due()` in the loop (it reads the clock on every 256th call only) and `await pause()` when
 * it says so.
 */
export class TimeSlices {
  private started = performance.now();
  private calls = 0;

  constructor(private readonly budgetMs = 8) {}

  due(): boolean {
    if ((++this.calls & 255) !== 0) return false;
    return performance.now() - this.started >= this.budgetMs;
  }

  async pause(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.started = performance.now();
  }
}

/** Slices that never pause: the same code runs in one pass where nobody waits on the thread (tests, the CLI). */
export const NO_SLICES: Pick<TimeSlices, 'due' | 'pause'> = { due: () => false, pause: () => Promise.resolve() };
