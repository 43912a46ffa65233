// What a domain terminal's commit pays for Territory's hooks: `territory check --staged --hook`
// (pre-commit) and `territory check --message FILE --staged --hook` (commit-msg) with the
// production CLI bundle, against `node -e 0` with the same Node in the same run, interleaved so
// that a busy machine slows all three alike. Medians; target: each check within 1.4x of node -e 0.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { median } from './cache';

const ROUNDS = 21;
const TARGET_RATIO = 1.4;

/**
 * CPU time (user + system, ms) of this process's finished children, from /proc (Linux): less
 * swayed than wall time by other work on a busy machine. Undefined where /proc is missing.
 */
function childrenCpuMs(): number | undefined {
  try {
    // Fields after the command name: state is field 3; cutime and cstime are fields 16 and 17.
    const fields = readFileSync('/proc/self/stat', 'utf8')
      .replace(/^.*\) /s, '')
      .split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10; // clock ticks of 10 ms (USER_HZ = 100)
  } catch {
    return undefined;
  }
}

/** A repository with the seed-like map and one staged file inside CORE, as a domain terminal commits it. */
function stagedRepository(dir: string): void {
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@territory.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, stdio: 'pipe' });
  const map = {
    domains: [
      { id: 'CORE', terminal: 'T1', paths: ['backend/app/models/'], prefixes: ['core:'] },
      { id: 'API', terminal: 'T2', paths: ['backend/app/api/'], prefixes: ['api:'] },
    ],
  };
  writeFileSync(path.join(dir, 'territory.json'), JSON.stringify(map, null, 2));
  for (const file of ['backend/app/models/user.py', 'backend/app/api/routes.py']) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), '# v1\n');
  }
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '--no-verify', '-m', 'core: initial');
  writeFileSync(path.join(dir, 'backend/app/models/user.py'), '# v2\n');
  git('add', 'backend/app/models/user.py');
  writeFileSync(path.join(dir, 'COMMIT_EDITMSG'), 'core: user model v2\n');
}

export function benchHooks(root: string): boolean {
  const temp = mkdtempSync(path.join(os.tmpdir(), 'territory-bench-hooks-'));
  try {
    const dist = path.join(temp, 'dist');
    execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--production', '--dist', dist], { cwd: root, stdio: 'pipe' });
    const repo = path.join(temp, 'repo');
    mkdirSync(repo);
    stagedRepository(repo);
    // What the hooks run: the check's own bundle (dist/check.js) beside the recorded CLI.
    const check = path.join(dist, 'check.js');
    const cli = path.join(dist, 'cli.js');
    const env = { ...process.env, TERRITORY_DOMAIN: 'CORE' };
    const message = path.join(repo, 'COMMIT_EDITMSG');
    const runs: { name: string; args: string[]; times: number[]; cpu: number; target: boolean }[] = [
      { name: 'node -e 0 (baseline)', args: ['-e', '0'], times: [], cpu: 0, target: false },
      { name: 'pre-commit: check --staged', args: [check, 'check', '--staged', '--hook'], times: [], cpu: 0, target: true },
      { name: 'commit-msg: check --message --staged', args: [check, 'check', '--message', message, '--staged', '--hook'], times: [], cpu: 0, target: true },
      { name: '(the whole cli.js, for comparison)', args: [cli, 'check', '--staged', '--hook'], times: [], cpu: 0, target: false },
    ];
    for (const run of runs.slice(1)) {
      const result = spawnSync(process.execPath, run.args, { cwd: repo, env, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`${run.name} failed (exit ${result.status}): ${result.stderr.trim()}`);
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const run of runs) {
        const cpuBefore = childrenCpuMs();
        const started = performance.now();
        spawnSync(process.execPath, run.args, { cwd: repo, env, stdio: 'ignore' });
        run.times.push(performance.now() - started);
        run.cpu += (childrenCpuMs() ?? 0) - (cpuBefore ?? 0);
      }
    }
    const baseline = median(runs[0].times);
    const cpuBaseline = runs[0].cpu / ROUNDS;
    const withCpu = childrenCpuMs() !== undefined;
    console.log(`hooks: the production CLI on Node ${process.version}, ${ROUNDS} interleaved rounds: median wall time${withCpu ? ' (mean CPU time, git included)' : ''}`);
    let met = true;
    for (const run of runs) {
      const ms = median(run.times);
      const ratio = ms / baseline;
      if (run.target) met &&= ratio <= TARGET_RATIO;
      const cpu = withCpu ? `  (CPU ${(run.cpu / ROUNDS).toFixed(0)} ms${run === runs[0] ? '' : `, ${(run.cpu / ROUNDS / cpuBaseline).toFixed(2)}x`})` : '';
      console.log(`  ${run.name.padEnd(38)} ${ms.toFixed(0).padStart(5)} ms${run === runs[0] ? '' : `  ${ratio.toFixed(2)}x node -e 0`}${cpu}`);
    }
    console.log(`  target (each check within ${TARGET_RATIO}x of node -e 0): ${met ? 'met' : 'MISSED'}`);
    return met;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
