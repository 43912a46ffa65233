// Mission control under 25 agents: 25 writer processes append hook events at 50 events/s each
// (20 s here rather than 60 s, to keep `npm run bench` short) while one reader tails the logs as the
// editor does (EventTail, polled every 250 ms, the cadence of a file-system event plus the read).
// Measured: how stale the state is when read (write time → read time; target p99 within 1 s),
// the reader's CPU time per event, each writer's time per append, and what one hook call costs
// (dist/event.js, the production bundle, against `node -e 0`).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { EventTail } from '../../src/core/mission/eventLog';
import { INITIAL, step, type DomainActivity } from '../../src/core/mission/state';
import { median } from './cache';
import { benchTranscripts } from './transcripts';

const WRITERS = 25;
const RATE = 50;
const SECONDS = 20;
const POLL_MS = 250;
const TARGET_MS = 1000;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export async function benchMission(root: string): Promise<boolean> {
  const temp = mkdtempSync(path.join(os.tmpdir(), 'territory-bench-mission-'));
  try {
    const module = path.join(root, 'out', 'src', 'core', 'mission', 'eventLog.js');
    const program = `const { appendEvent } = require(${JSON.stringify(module)});
const { performance } = require('node:perf_hooks');
const [dir, domain, rate, seconds] = process.argv.slice(1);
let i = 0, spent = 0; const total = Number(rate) * Number(seconds); const start = Date.now();
const tick = () => {
  const due = Math.min(total, Math.floor(((Date.now() - start) / 1000) * Number(rate)));
  for (; i < due; i++) { const t0 = performance.now(); appendEvent(dir, { t: Date.now(), domain, event: i % 2 ? 'PostToolUse' : 'PreToolUse', tool: 'Edit', file: 'src/' + domain + '/f' + (i % 40) + '.ts', session: 's' }); spent += performance.now() - t0; }
  if (i < total) setTimeout(tick, 5); else console.log(JSON.stringify({ count: i, ms: spent }));
};
tick();`;
    const domains = Array.from({ length: WRITERS }, (_, i) => `D${i}`);
    const outputs: string[] = [];
    const done = Promise.all(
      domains.map(
        (d) =>
          new Promise<void>((resolve) => {
            const child = spawn(process.execPath, ['-e', program, temp, d, String(RATE), String(SECONDS)], {
              stdio: ['ignore', 'pipe', 'inherit'],
            });
            child.stdout.on('data', (b: Buffer) => outputs.push(b.toString()));
            child.on('exit', () => resolve());
          }),
      ),
    );
    const tail = new EventTail(temp);
    const states = new Map<string, DomainActivity>();
    const lags: number[] = [];
    let events = 0;
    let finished = false;
    void done.then(() => (finished = true));
    const cpuStart = process.cpuUsage();
    while (!finished) {
      const read = tail.read(domains);
      const now = Date.now();
      for (const e of read) {
        lags.push(now - e.t);
        states.set(e.domain, step(states.get(e.domain) ?? INITIAL, { kind: 'hook', time: e.t, event: e }));
      }
      events += read.length;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    for (const e of tail.read(domains)) {
      lags.push(Date.now() - e.t);
      events++;
    }
    const cpu = process.cpuUsage(cpuStart);
    const written = outputs.map((o) => JSON.parse(o) as { count: number; ms: number });
    const writtenCount = written.reduce((n, w) => n + w.count, 0);
    const appendMs = written.reduce((n, w) => n + w.ms, 0) / writtenCount;
    const p99 = percentile(lags, 99);
    console.log(
      `mission control: ${WRITERS} writers × ${RATE} events/s × ${SECONDS} s (shortened from 60 s), reader polling every ${POLL_MS} ms`,
    );
    console.log(
      `  events written ${writtenCount}, read ${events}${writtenCount === events ? ' (none lost)' : ' (MISMATCH)'}`,
    );
    console.log(
      `  staleness write → state: median ${percentile(lags, 50)} ms, p99 ${p99} ms, max ${Math.max(...lags)} ms`,
    );
    console.log(
      `  reader CPU per event ${(((cpu.user + cpu.system) / 1000 / Math.max(1, events)) * 1000).toFixed(1)} µs; writer time per append ${(appendMs * 1000).toFixed(0)} µs`,
    );
    // One hook call as Claude Code makes it, the production bundle against node -e 0.
    const dist = path.join(temp, 'dist');
    execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--production', '--dist', dist], {
      cwd: root,
      stdio: 'pipe',
    });
    const input = JSON.stringify({
      session_id: 's',
      hook_event_name: 'PostToolUse',
      cwd: temp,
      tool_name: 'Edit',
      tool_input: { file_path: path.join(temp, 'a.ts') },
    });
    const time = (args: string[], stdin: string) => {
      const t0 = performance.now();
      spawnSync(process.execPath, args, { cwd: temp, input: stdin, env: { ...process.env, CLAUDE_PROJECT_DIR: temp } });
      return performance.now() - t0;
    };
    const base: number[] = [];
    const hook: number[] = [];
    for (let i = 0; i < 15; i++) {
      base.push(time(['-e', '0'], ''));
      hook.push(time([path.join(dist, 'event.js'), 'event', '--domain', 'D0'], input));
    }
    console.log(
      `  one hook call (dist/event.js): median ${median(hook).toFixed(0)} ms vs node -e 0 ${median(base).toFixed(0)} ms`,
    );
    const met = p99 <= TARGET_MS && writtenCount === events;
    console.log(`  target (p99 staleness within ${TARGET_MS} ms, nothing lost): ${met ? 'met' : 'MISSED'}`);
    // Tokens and cost: 25 agents' transcripts of 50 MB each, read by the board's refresh.
    return (await benchTranscripts()) && met;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
