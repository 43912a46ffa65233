// Runs inside the VS Code extension host (the workbench loads it as extensionTestsPath): with
// Territory, activates it and waits for its map; then records the extension host's CPU time, heap
// and worst event-loop stall while the writers process runs; prints one result line and returns.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { writeHeapSnapshot } from 'node:v8';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BENCH_ENV, RESULT_MARK, type ProbeResult } from './protocol';

const SETTLE_MS = 5000;

export async function run(): Promise<void> {
  const env = (name: string) => process.env[name] ?? '';
  const withTerritory = env(BENCH_ENV.with) === '1';
  const profile = await startProfile(env(BENCH_ENV.profile));
  let mapReadyMs: number | null = null;
  let mapReadySteps: string | null = null;
  let files: number | null = null;
  let api:
    | {
        maps: {
          ready(): Promise<void>;
          mapReadyMs?: number;
          mapReadySteps?: string;
          all(): { files: { size: number } }[];
        };
      }
    | undefined;
  if (withTerritory) {
    const extension = vscode.extensions.getExtension('territory.territory');
    if (!extension) throw new Error('Territory is not loaded in this extension host');
    const exported = (await extension.activate()) as { dormant?: boolean; wake?: () => Promise<unknown> };
    // The live objects come under `testing`, which the bench asks for with TERRITORY_TEST_HANDLE=1.
    const awake = (exported.dormant ? await exported.wake?.() : exported) as { testing?: typeof api } | undefined;
    api = awake?.testing;
    if (!api) throw new Error('Territory exported no test handle (TERRITORY_TEST_HANDLE=1 unset?)');
    await api?.maps.ready();
    mapReadyMs = api?.maps.mapReadyMs ?? null;
    mapReadySteps = api?.maps.mapReadySteps ?? null;
    files = api?.maps.all()[0]?.files.size ?? null;
  }
  // The start-up work (VS Code's own git extension, Territory's first status and history) settles first.
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  const heapStart = process.memoryUsage().heapUsed;
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  histogram.enable();
  const writers = spawn(
    process.execPath,
    [
      path.join(__dirname, 'writers.js'),
      env(BENCH_ENV.repo),
      env(BENCH_ENV.folders),
      env(BENCH_ENV.writers),
      env(BENCH_ENV.period),
      env(BENCH_ENV.duration),
    ],
    {
      stdio: 'ignore',
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    },
  );
  let heapMax = heapStart;
  const sampler = setInterval(() => (heapMax = Math.max(heapMax, process.memoryUsage().heapUsed)), 1000);
  await new Promise<void>((resolve, reject) => {
    writers.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the writers exited with ${code}`))));
    writers.on('error', reject);
  });
  // The last burst's refreshes run too.
  await new Promise((resolve) => setTimeout(resolve, 3000));
  histogram.disable();
  clearInterval(sampler);
  await profile?.stop(withTerritory ? 'with' : 'without');
  const cpu = process.cpuUsage(cpuStart);
  const wallMs = performance.now() - started;
  // After the measured window: what stays reachable, without the garbage heapUsed also counts.
  await collectGarbage();
  const heapLiveEnd = process.memoryUsage().heapUsed;
  const heapDir = env(BENCH_ENV.heap);
  if (heapDir !== '') writeHeapSnapshot(path.join(heapDir, `${withTerritory ? 'with' : 'without'}.heapsnapshot`));
  const result: ProbeResult = {
    withTerritory,
    mapReadyMs,
    mapReadySteps,
    files,
    // The histogram's delay includes its own 10 ms sampling period.
    worstStallMs: Math.max(0, histogram.max / 1e6 - 10),
    p99StallMs: Math.max(0, histogram.percentile(99) / 1e6 - 10),
    cpuPercent: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
    heapMiB: heapMax / 2 ** 20,
    heapStartMiB: heapStart / 2 ** 20,
    heapLiveEndMiB: heapLiveEnd / 2 ** 20,
    wallMs,
  };
  console.log(`${RESULT_MARK}${JSON.stringify(result)}`);
}

/** A full garbage collection, through the inspector (the extension host has no --expose-gc). */
async function collectGarbage(): Promise<void> {
  const session = new Session();
  session.connect();
  try {
    await new Promise<void>((resolve, reject) =>
      session.post('HeapProfiler.collectGarbage', (error) => (error ? reject(error) : resolve())),
    );
  } finally {
    session.disconnect();
  }
}

/**
 * With TERRITORY_BENCH_PROFILE set to a directory: a CPU profile of the extension host from before
 * activation to the end, and every stall over 40 ms with its time from the profile's start, so the
 * long tasks can be found in the profile rather than guessed.
 */
async function startProfile(dir: string): Promise<{ stop(name: string): Promise<void> } | undefined> {
  if (dir === '') return undefined;
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  const origin = performance.now();
  const stalls: { atMs: number; ms: number }[] = [];
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    if (now - last > 50) stalls.push({ atMs: Math.round(last - origin), ms: Math.round(now - last - 10) });
    last = now;
  }, 10);
  return {
    async stop(name) {
      clearInterval(ticker);
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
      writeFileSync(path.join(dir, `${name}-stalls.json`), JSON.stringify(stalls));
      session.disconnect();
    },
  };
}
