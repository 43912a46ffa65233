/** Where a failed refresh is reported: the Territory log in the extension. */
export interface RefreshLog {
  error(message: string): void;
}

export interface RefreshQueueOptions<K> {
  /** Names the work in the log line of a failure ("commits", "handoffs" …). */
  readonly name: string;
  /** The default debounce of `schedule`. */
  readonly delayMs: number;
  readonly log: RefreshLog;
  /** The work for one key; a rejection is logged and never stops later runs. */
  readonly run: (key: K) => Promise<void>;
  /** How a key reads in the log; `String(key)` when absent. */
  readonly describe?: (key: K) => string;
}

interface KeyState {
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Resolves when the run the pending timer will start has finished; `since`: when it was first requested. */
  scheduled: { promise: Promise<void>; resolve: () => void; since: number } | undefined;
  running: Promise<void> | undefined;
  /** The one follow-up run that stands for every request made while `running` was under way. */
  next: Promise<void> | undefined;
}

/**
 * The one way Territory refreshes what it derives from the disk: debounced per key (a burst of
 * events causes one run), serialised per key (two runs for one key never overlap, so an older
 * result can never land after a newer one), latest wins (requests made during a run coalesce into
 * one run after it), and every failure goes to the log without stopping the runs that follow.
 */
export class RefreshQueue<K> {
  private readonly states = new Map<K, KeyState>();
  private disposed = false;

  constructor(private readonly options: RefreshQueueOptions<K>) {}

  /**
   * Runs the work for `key` once no further request has come for `delayMs`. With `maxWaitMs`, a
   * steady stream of requests (25 agents writing files) still gets a run at least that long after
   * the first of them, instead of none until the stream stops.
   */
  schedule(key: K, delayMs = this.options.delayMs, maxWaitMs?: number): void {
    if (this.disposed) return;
    const state = this.stateOf(key);
    clearTimeout(state.timer);
    if (!state.scheduled) {
      let resolve: () => void = () => undefined;
      const promise = new Promise<void>((r) => (resolve = r));
      state.scheduled = { promise, resolve, since: Date.now() };
    }
    const delay =
      maxWaitMs === undefined
        ? delayMs
        : Math.max(0, Math.min(delayMs, state.scheduled.since + maxWaitMs - Date.now()));
    state.timer = setTimeout(() => {
      const scheduled = state.scheduled;
      state.timer = undefined;
      state.scheduled = undefined;
      void this.start(key).then(() => scheduled?.resolve());
    }, delay);
  }

  /** Runs the work for `key` now (after the run under way, if any); a pending `schedule` is folded in. */
  run(key: K): Promise<void> {
    if (this.disposed) return Promise.resolve();
    const state = this.stateOf(key);
    const scheduled = state.scheduled;
    clearTimeout(state.timer);
    state.timer = undefined;
    state.scheduled = undefined;
    const done = this.start(key);
    if (scheduled) void done.then(() => scheduled.resolve());
    return done;
  }

  /** Resolves once nothing is scheduled or running, including work requested while waiting. */
  async idle(): Promise<void> {
    for (;;) {
      const pending = [...this.states.values()]
        .flatMap((s) => [s.scheduled?.promise, s.running, s.next])
        .filter((p) => p !== undefined);
      if (pending.length === 0) return;
      await Promise.all(pending);
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const state of this.states.values()) {
      clearTimeout(state.timer);
      state.scheduled?.resolve();
      state.scheduled = undefined;
    }
  }

  private start(key: K): Promise<void> {
    const state = this.stateOf(key);
    if (state.running) {
      state.next ??= state.running.then(() => {
        state.next = undefined;
        return this.start(key);
      });
      return state.next;
    }
    if (this.disposed) return Promise.resolve();
    const running = this.invoke(key).finally(() => {
      state.running = undefined;
      if (!state.timer && !state.next) this.states.delete(key);
    });
    state.running = running;
    return running;
  }

  private async invoke(key: K): Promise<void> {
    try {
      await this.options.run(key);
    } catch (error) {
      const what = this.options.describe?.(key) ?? String(key);
      this.options.log.error(
        `${this.options.name} (${what}): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  }

  private stateOf(key: K): KeyState {
    let state = this.states.get(key);
    if (!state) {
      state = { timer: undefined, scheduled: undefined, running: undefined, next: undefined };
      this.states.set(key, state);
    }
    return state;
  }
}
