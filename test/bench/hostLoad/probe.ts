// Runs inside the VS Code extension host (the workbench loads it as extensionTestsPath): with
// Territory, activates it and waits for its map; then records the extension host's CPU time, heap
// and worst event-loop stall while the writers process runs; prints one result line and returns.
import { spawn } from 'node:child_process';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BENCH_ENV, RESULT_MARK, type ProbeResult } from './protocol';

const SETTLE_MS = 5000;

export async function run(): Promise<void> {
  const env = (name: string) => process.env[name] ?? '';
  const withTerritory = env(BENCH_ENV.with) === '1';
  let mapReadyMs: number | null = null;
  let files: number | null = null;
  let api: { maps: { ready(): Promise<void>; mapReadyMs?: number; all(): { files: { size: number } }[] } } | undefined;
  if (withTerritory) {
    const extension = vscode.extensions.getExtension('territory.territory');
    if (!extension) throw new Error('Territory is not loaded in this extension host');
    const exported = (await extension.activate()) as { dormant?: boolean; wake?: () => Promise<unknown> };
    api = (exported.dormant ? await exported.wake?.() : exported) as typeof api;
    await api?.maps.ready();
    mapReadyMs = api?.maps.mapReadyMs ?? null;
    files = api?.maps.all()[0]?.files.size ?? null;
  }
  // The start-up work (VS Code's own git extension, Territory's first status and history) settles first.
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  const heapStart = process.memoryUsage().heapUsed;
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  histogram.enable();
  const writers = spawn(process.execPath, [path.join(__dirname, 'writers.js'), env(BENCH_ENV.repo), env(BENCH_ENV.folders), env(BENCH_ENV.writers), env(BENCH_ENV.period), env(BENCH_ENV.duration)], {
    stdio: 'ignore',
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
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
  const cpu = process.cpuUsage(cpuStart);
  const wallMs = performance.now() - started;
  const result: ProbeResult = {
    withTerritory,
    mapReadyMs,
    files,
    // The histogram's delay includes its own 10 ms sampling period.
    worstStallMs: Math.max(0, histogram.max / 1e6 - 10),
    p99StallMs: Math.max(0, histogram.percentile(99) / 1e6 - 10),
    cpuPercent: ((cpu.user + cpu.system) / 1000 / wallMs) * 100,
    heapMiB: heapMax / 2 ** 20,
    heapStartMiB: heapStart / 2 ** 20,
    wallMs,
  };
  console.log(`${RESULT_MARK}${JSON.stringify(result)}`);
}
