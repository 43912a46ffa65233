// `npm run bench` (not CI): Territory in the real VS Code (the offline server, DESIGN.md §6) on the
// cached 100,000-file repository while 25 writers each create or modify a file every 500 ms for
// 60 s, against the same VS Code, workspace and load without Territory (the development extension is
// then an empty one, so Territory is not loaded at all), in the same run. A probe inside the
// extension host (probe.ts) records its worst event-loop stall, CPU and heap; with Territory also the
// time from activation to the map and its coverage being ready.
//
//   node out/test/bench/hostLoad/index.js     (or through `npm run bench`)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import { TEST_HANDLE_ENV } from '../../../src/testHandle';
import { SEED_MAP } from '../../support/seedMap';
import { exposeAutomation, launchChromium, openPage } from '../../runner/browser';
import { repoRoot } from '../../runner/scenarios';
import { startServer } from '../../runner/server';
import { largeRepository } from '../largeWorkspace';
import { BENCH_ENV, RESULT_MARK, type ProbeResult } from './protocol';

const WRITERS = 25;
const PERIOD_MS = 500;
const DURATION_MS = Number(process.env.TERRITORY_BENCH_DURATION_MS || 60_000);
const RUN_TIMEOUT_MS = DURATION_MS + 240_000;
const STALL_TARGET_MS = 50;
const CPU_TARGET_POINTS = 5;
const MAP_READY_TARGET_MS = 1000;

export async function measure(root: string, repo: string, withTerritory: boolean): Promise<ProbeResult> {
  const temp = mkdtempSync(path.join(os.tmpdir(), 'territory-bench-host-'));
  const empty = path.join(temp, 'empty-extension');
  mkdirSync(empty, { recursive: true });
  writeFileSync(
    path.join(empty, 'package.json'),
    JSON.stringify({
      name: 'territory-bench-host',
      publisher: 'territory-bench',
      version: '0.0.0',
      engines: { vscode: '^1.100.0' },
    }),
  );
  const folders = [
    ...SEED_MAP.domains.flatMap((d) => d.paths.filter((p) => p.endsWith('/') && !p.startsWith('/'))),
    'vendor/',
  ];
  const server = await startServer({
    dataDir: path.join(temp, 'server'),
    cwd: temp,
    env: {
      [BENCH_ENV.repo]: repo,
      [BENCH_ENV.with]: withTerritory ? '1' : '0',
      [BENCH_ENV.folders]: JSON.stringify(folders),
      [BENCH_ENV.writers]: String(WRITERS),
      [BENCH_ENV.period]: String(PERIOD_MS),
      [BENCH_ENV.duration]: String(DURATION_MS),
      [BENCH_ENV.profile]: process.env[BENCH_ENV.profile] ?? '',
      [BENCH_ENV.heap]: process.env[BENCH_ENV.heap] ?? '',
      // The probe reads the map's readiness from the live objects, which Territory hands only to tests.
      [TEST_HANDLE_ENV]: '1',
    },
  });
  const browser = await launchChromium();
  try {
    const page = await openPage(browser);
    let result: ProbeResult | undefined;
    // The extension host's last lines, shown when the probe reports nothing.
    const tail: string[] = [];
    let finish: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (finish = resolve));
    await exposeAutomation(page, {
      onLog: (_level, args) => {
        const text = format(...args);
        tail.push(text);
        if (tail.length > 30) tail.shift();
        const at = text.indexOf(RESULT_MARK);
        if (at !== -1) result = JSON.parse(text.slice(at + RESULT_MARK.length).split('\n')[0]!) as ProbeResult;
      },
      onExit: (code) => finish(code),
    });
    const url = server.workbenchUrl(repo, [
      ['extensionDevelopmentPath', server.remoteUri(withTerritory ? root : empty)],
      ['extensionTestsPath', server.remoteUri(path.join(root, 'out', 'test', 'bench', 'hostLoad', 'probe'))],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ]);
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      exited,
      new Promise<number>((resolve) => (timer = setTimeout(() => resolve(-1), RUN_TIMEOUT_MS))),
    ]);
    clearTimeout(timer);
    if (!result)
      throw new Error(`the probe reported nothing (extension host exit ${code}); its last lines:\n${tail.join('\n')}`);
    return result;
  } finally {
    await browser.close();
    await server.stop();
    rmSync(temp, { recursive: true, force: true });
  }
}

function describe(r: ProbeResult): string {
  return `worst stall ${r.worstStallMs.toFixed(0)} ms (p99 ${r.p99StallMs.toFixed(0)} ms), CPU ${r.cpuPercent.toFixed(1)}%, heap ${r.heapStartMiB.toFixed(0)} → max ${r.heapMiB.toFixed(0)} MiB (${r.heapLiveEndMiB.toFixed(0)} MiB live at the end)`;
}

export async function benchHostLoad(root: string): Promise<boolean> {
  console.log(
    `extension host under load: ${WRITERS} writers, a file each every ${PERIOD_MS} ms for ${DURATION_MS / 1000} s, real VS Code (offline server):`,
  );
  const repo = largeRepository();
  const without = await measure(root, repo, false);
  console.log(`  without Territory: ${describe(without)}`);
  const withT = await measure(root, repo, true);
  console.log(
    `  with Territory:    ${describe(withT)}; map ready ${withT.mapReadyMs?.toFixed(0) ?? '?'} ms after activation (${withT.files ?? '?'} files)`,
  );
  if (withT.mapReadySteps) console.log(`    first map: ${withT.mapReadySteps}`);
  const stallOk = withT.worstStallMs <= without.worstStallMs + STALL_TARGET_MS;
  const cpuOk = withT.cpuPercent <= without.cpuPercent + CPU_TARGET_POINTS;
  const readyOk = withT.mapReadyMs !== null && withT.mapReadyMs <= MAP_READY_TARGET_MS;
  console.log(
    `  targets: worst stall within ${STALL_TARGET_MS} ms of without ${stallOk ? 'met' : 'MISSED'}, CPU within ${CPU_TARGET_POINTS} points ${cpuOk ? 'met' : 'MISSED'}, map ready within ${MAP_READY_TARGET_MS} ms ${readyOk ? 'met' : 'MISSED'}`,
  );
  return stallOk && cpuOk && readyOk;
}

if (require.main === module) {
  benchHostLoad(repoRoot()).then(
    (ok) => process.exit(ok ? 0 : 1),
    (error: unknown) => {
      console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
