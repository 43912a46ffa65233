// What a domain terminal pays to start under the OS sandbox (`territory sandbox`, srt): the same
// short command run plainly, under srt alone with Territory's config, and through `territory
// sandbox` (which also reads the map and lists the folder), against `node -e 0`, interleaved,
// medians. A start-up cost paid once per terminal, not per tool call: reported, not held to a target.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from './cache';
import { createSeedWorkspace } from '../fixtures/seedWorkspace';

const ROUNDS = 11;

export async function benchSandbox(root: string): Promise<boolean> {
  const srt = path.join(root, 'node_modules', '@anthropic-ai', 'sandbox-runtime', 'dist', 'cli.js');
  const temp = mkdtempSync(path.join(os.tmpdir(), 'territory-bench-sandbox-'));
  try {
    const repo = path.join(temp, 'repo');
    await createSeedWorkspace(repo, { withMapJson: true, withMarkdownMap: false });
    const cli = path.join(root, 'dist', 'cli.js');
    const config = path.join(temp, 'srt.json');
    writeFileSync(
      config,
      execFileSync(process.execPath, [cli, 'sandbox', '--domain', 'CORE', '--print'], { cwd: repo, encoding: 'utf8' }),
    );
    const env = { ...process.env, TERRITORY_SRT: srt };
    const runs: { name: string; file: string; args: string[]; times: number[] }[] = [
      { name: 'node -e 0 (baseline)', file: process.execPath, args: ['-e', '0'], times: [] },
      { name: 'sh -c true (unsandboxed)', file: 'sh', args: ['-c', 'true'], times: [] },
      {
        name: 'srt --settings … -- sh -c true',
        file: process.execPath,
        args: [srt, '--settings', config, '--', 'sh', '-c', 'true'],
        times: [],
      },
      {
        name: 'territory sandbox -- sh -c true',
        file: process.execPath,
        args: [cli, 'sandbox', '--domain', 'CORE', '--', 'sh', '-c', 'true'],
        times: [],
      },
    ];
    for (let round = 0; round <= ROUNDS; round++) {
      for (const run of runs) {
        const started = performance.now();
        const result = spawnSync(run.file, run.args, { cwd: repo, env, encoding: 'utf8' });
        if (round === 0) {
          if (result.status !== 0) throw new Error(`${run.name}: exit ${result.status}: ${result.stderr}`);
          continue;
        }
        run.times.push(performance.now() - started);
      }
    }
    const baseline = median(runs[0]!.times);
    const plain = median(runs[1]!.times);
    console.log(
      `sandbox: start-up of a sandboxed command (srt, bubblewrap), ${ROUNDS} interleaved rounds, median wall time`,
    );
    for (const run of runs) {
      const ms = median(run.times);
      const over =
        run.name.includes('sandbox') || run.name.startsWith('srt')
          ? `, +${(ms - plain).toFixed(0)} ms over unsandboxed`
          : '';
      console.log(
        `  ${run.name.padEnd(36)} ${ms.toFixed(0).padStart(5)} ms  ${(ms / baseline).toFixed(2)}x node -e 0${over}`,
      );
    }
    return true;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
