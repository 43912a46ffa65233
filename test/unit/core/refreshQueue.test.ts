import * as assert from 'node:assert/strict';
import { RefreshQueue } from '../../../src/core/refreshQueue';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (e: Error) => void } {
  let resolve: () => void = () => undefined;
  let reject: (e: Error) => void = () => undefined;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RefreshQueue', () => {
  function make(run: (key: string) => Promise<void>, delayMs = 10) {
    const errors: string[] = [];
    const queue = new RefreshQueue<string>({ name: 'test', delayMs, log: { error: (m) => errors.push(m) }, run });
    return { queue, errors };
  }

  it('runs a burst of schedules for one key once, after the burst settles', async () => {
    const runs: string[] = [];
    const { queue } = make(async (key) => void runs.push(key), 20);
    for (let i = 0; i < 5; i++) {
      queue.schedule('a');
      await tick(5);
    }
    assert.deepEqual(runs, []);
    await queue.idle();
    assert.deepEqual(runs, ['a']);
  });

  it('with a maximum wait, a steady stream of schedules still runs, and without one it does not', async () => {
    const capped: number[] = [];
    const uncapped: number[] = [];
    const started = Date.now();
    const a = make(async () => void capped.push(Date.now() - started), 40);
    const b = make(async () => void uncapped.push(Date.now() - started), 40);
    // A request every 10 ms for 300 ms: the 40 ms debounce alone never settles.
    for (let i = 0; i < 30; i++) {
      a.queue.schedule('k', 40, 100);
      b.queue.schedule('k', 40);
      await tick(10);
    }
    assert.ok(capped.length >= 2, `runs at ${capped.join(', ')} ms`);
    assert.ok(capped[0]! < 250, `first run at ${capped[0]} ms`);
    assert.deepEqual(uncapped, []);
    await Promise.all([a.queue.idle(), b.queue.idle()]);
    assert.equal(uncapped.length, 1);
  });

  it('debounces per key: two keys both run', async () => {
    const runs: string[] = [];
    const { queue } = make(async (key) => void runs.push(key));
    queue.schedule('a');
    queue.schedule('b');
    queue.schedule('a');
    await queue.idle();
    assert.deepEqual(runs.sort(), ['a', 'b']);
  });

  it('never overlaps two runs of one key, and requests during a run coalesce into one follow-up run', async () => {
    let active = 0;
    let most = 0;
    const gates = [deferred(), deferred()];
    let calls = 0;
    const { queue } = make(async () => {
      active++;
      most = Math.max(most, active);
      await gates[Math.min(calls++, gates.length - 1)].promise;
      active--;
    });
    const first = queue.run('a');
    const second = queue.run('a');
    const third = queue.run('a');
    assert.equal(second, third, 'the requests made during the run share one follow-up run');
    await tick();
    assert.equal(calls, 1);
    gates[0].resolve();
    await first;
    gates[1].resolve();
    await third;
    assert.equal(calls, 2);
    assert.equal(most, 1);
  });

  it('lets the latest request win: a slow older read cannot land after a newer one', async () => {
    // Two loads of one folder: the first reads the old content slowly, the file changes, a second
    // load is requested. Without serialisation the first would land last and put the old map in force.
    let disk = 'old';
    let inForce = '';
    const slow = deferred();
    let call = 0;
    const { queue } = make(async () => {
      const reading = disk;
      if (call++ === 0) await slow.promise;
      inForce = reading;
    });
    const older = queue.run('folder');
    disk = 'new';
    const newer = queue.run('folder');
    slow.resolve();
    await Promise.all([older, newer]);
    assert.equal(inForce, 'new');
  });

  it('logs a failed run and keeps running later ones', async () => {
    let n = 0;
    const { queue, errors } = make(async () => {
      if (n++ === 0) throw new Error('git exploded');
    });
    await queue.run('a');
    await queue.run('a');
    assert.equal(n, 2);
    assert.equal(errors.length, 1);
    assert.match(errors[0], /^test \(a\): .*git exploded/);
  });

  it('run() folds a pending schedule in and resolves the schedule with it', async () => {
    let n = 0;
    const { queue } = make(async () => void n++, 1000);
    queue.schedule('a');
    const started = Date.now();
    await queue.run('a');
    await queue.idle();
    assert.equal(n, 1);
    assert.ok(Date.now() - started < 500, 'idle() does not wait for the 1 s timer of the schedule run() folded in');
  });

  it('idle() waits for work requested while it waits', async () => {
    const runs: number[] = [];
    const { queue } = make(async (key) => {
      runs.push(Number(key));
      if (key === '1') queue.schedule('2');
    });
    queue.schedule('1');
    await queue.idle();
    assert.deepEqual(runs, [1, 2]);
  });

  it('after dispose nothing runs and idle() resolves', async () => {
    let n = 0;
    const { queue } = make(async () => void n++);
    queue.schedule('a');
    queue.dispose();
    queue.schedule('b');
    await queue.run('c');
    await queue.idle();
    await tick(30);
    assert.equal(n, 0);
  });
});
