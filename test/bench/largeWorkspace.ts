// A 100,000-file repository (the seed's layout, scaled): `territory validate` against `git ls-files`
// plus `node -e 0` (what any Node CLI listing the files pays), and `territory status` against plain
// `git status` as a user types it, as whole processes of the built CLI, interleaved and in the same
// run; also `git status --porcelain --untracked-files=all` (the answer status needs: every
// untracked file, one by one), for comparison. The repository is
// built once with git fast-import and cached (~/.cache/territory/bench-repo-100k).
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SEED_MAP } from '../support/seedMap';
import { BENCH_GIT_ENV, cachedRepository, median } from './cache';

const FILES = 100_000;
/** Bumped whenever the generated tree changes, so an old cache is rebuilt. */
const VERSION = 1;
const ROUNDS = 7;
const STATUS_TARGET = 1.3;
const VALIDATE_TARGET = 2;

/** The seed's domain folders, each holding a deep tree, plus unassigned folders. */
function filePaths(): string[] {
  const roots = [
    ...SEED_MAP.domains.flatMap((d) => d.paths.filter((p) => p.endsWith('/') && !p.startsWith('/'))),
    'vendor/',
    'tools/',
  ];
  const paths: string[] = [];
  for (let i = 0; paths.length < FILES; i++) {
    const root = roots[i % roots.length];
    paths.push(`${root}pkg${(i >> 3) % 50}/mod${(i >> 6) % 40}/file${i}.py`);
  }
  return paths;
}

function buildRepository(dir: string): void {
  const env = BENCH_GIT_ENV;
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir, env });
  const chunks = [
    'commit refs/heads/main\nmark :1\ncommitter Bench <bench@territory.invalid> 1700000000 +0000\ndata 14\ncore: initial\n',
  ];
  chunks.push(
    `M 100644 inline territory.json\ndata ${Buffer.byteLength(JSON.stringify(mapJson()))}\n${JSON.stringify(mapJson())}\n`,
  );
  for (const file of filePaths()) chunks.push(`M 100644 inline ${file}\ndata 2\nx\n\n`);
  execFileSync('git', ['fast-import', '--quiet'], { cwd: dir, env, input: chunks.join(''), maxBuffer: 1 << 30 });
  execFileSync('git', ['reset', '-q', '--hard', 'main'], { cwd: dir, env });
  // Work in progress, as in a session: some edits and new files in several domains.
  for (const file of filePaths().filter((_, i) => i % 5000 === 0)) appendFileSync(path.join(dir, file), 'y\n');
  for (let i = 0; i < 20; i++) {
    const file = path.join(dir, 'backend', 'app', 'api', 'new', `n${i}.py`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, 'n\n');
  }
}

function mapJson(): unknown {
  return {
    domains: SEED_MAP.domains.map((d) => ({
      id: d.id,
      terminal: d.terminal,
      name: d.name,
      paths: d.paths,
      prefixes: d.prefixes,
    })),
  };
}

export function largeRepository(): string {
  return cachedRepository('bench-repo-100k', `${VERSION} ${FILES}`, buildRepository);
}

function timeProcess(command: string, args: readonly string[], cwd: string): number {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 });
  const ms = performance.now() - started;
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${String(result.stderr)}`);
  return ms;
}

export function benchLargeWorkspace(root: string): boolean {
  console.log(`large workspace, ${FILES.toLocaleString('en-US')} files (whole processes, medians of ${ROUNDS}):`);
  const repo = largeRepository();
  // The CLI users run: the production bundle, built for this bench.
  const dist = mkdtempSync(path.join(os.tmpdir(), 'territory-bench-large-'));
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--production', '--dist', dist], {
    cwd: root,
    stdio: 'pipe',
  });
  const cli = path.join(dist, 'cli.js');
  const runs = {
    node: [] as number[],
    lsFiles: [] as number[],
    validate: [] as number[],
    gitStatus: [] as number[],
    plainStatus: [] as number[],
    status: [] as number[],
  };
  for (let round = 0; round <= ROUNDS; round++) {
    const sample = {
      node: timeProcess(process.execPath, ['-e', '0'], repo),
      lsFiles: timeProcess('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], repo),
      validate: timeProcess(process.execPath, [cli, 'validate'], repo),
      gitStatus: timeProcess('git', ['status', '--porcelain=v1', '-z', '--untracked-files=all'], repo),
      plainStatus: timeProcess('git', ['status'], repo),
      status: timeProcess(process.execPath, [cli, 'status'], repo),
    };
    // The first round warms the page cache and the index.
    if (round > 0) for (const key of Object.keys(runs) as (keyof typeof runs)[]) runs[key].push(sample[key]);
  }
  const m = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, median(v)])) as Record<
    keyof typeof runs,
    number
  >;
  const validateBase = m.node + m.lsFiles;
  const validateRatio = m.validate / validateBase;
  const statusRatio = m.status / m.plainStatus;
  console.log(
    `  node -e 0 ${m.node.toFixed(0)} ms, git ls-files ${m.lsFiles.toFixed(0)} ms, git status -uall ${m.gitStatus.toFixed(0)} ms, plain git status ${m.plainStatus.toFixed(0)} ms`,
  );
  console.log(
    `  territory validate: ${m.validate.toFixed(0)} ms (${validateRatio.toFixed(2)}x node -e 0 + git ls-files)`,
  );
  console.log(
    `  territory status:   ${m.status.toFixed(0)} ms (${statusRatio.toFixed(2)}x plain git status; ${(m.status / m.gitStatus).toFixed(2)}x git status -uall)`,
  );
  rmSync(dist, { recursive: true, force: true });
  const met = validateRatio <= VALIDATE_TARGET && statusRatio <= STATUS_TARGET;
  console.log(
    `  target (validate within ${VALIDATE_TARGET}x of node -e 0 + git ls-files, status within ${STATUS_TARGET}x of plain git status): ${met ? 'met' : 'MISSED'}`,
  );
  return met;
}
