// Measures what ARCHITECTURE.md says about running git through src/git/door.ts instead of
// simple-git: bundle size, process start, time per git call, and how each treats the settings and
// the environment Territory depends on. simple-git is not a dependency: install it outside the
// project first, then point this script at it.
//
//   npm install --no-save --prefix /tmp/simple-git simple-git
//   node scripts/door-vs-simple-git.mjs /tmp/simple-git/node_modules
import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const modules = process.argv[2];
if (!modules) throw new Error('usage: node scripts/door-vs-simple-git.mjs <folder holding simple-git>/node_modules');
const work = mkdtempSync(path.join(tmpdir(), 'territory-door-'));
const repo = path.join(work, 'repo');
mkdirSync(repo);
const git = (...args) => spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
git('init', '-q');
writeFileSync(path.join(repo, 'a.txt'), 'a\n');
git('add', '.');
git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'one');

// 1. The production bundle of one git call each way (minified, as scripts/build.mjs builds).
const entries = {
  door: `import { runGit } from ${JSON.stringify(path.resolve('src/git/run.ts'))}; runGit(process.argv[2], ['rev-parse', 'HEAD']).then((r) => process.stdout.write(r.stdout));`,
  'simple-git': `import { simpleGit } from 'simple-git'; simpleGit(process.argv[2]).raw(['rev-parse', 'HEAD']).then((out) => process.stdout.write(out));`,
};
const bundles = {};
for (const [name, contents] of Object.entries(entries)) {
  const outfile = path.join(work, `${name}.js`);
  await build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    nodePaths: [modules],
    outfile,
    logLevel: 'error',
  });
  bundles[name] = outfile;
  const bytes = statSync(outfile).size;
  console.log(
    `bundle ${name.padEnd(10)} ${(bytes / 1024).toFixed(1)} KB, ${(gzipSync(readFileSync(outfile)).length / 1024).toFixed(1)} KB gzipped`,
  );
}

// 2. A whole process (Node starts, loads the bundle, runs one git), interleaved, median of 21.
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const runs = { 'node -e 0': [], door: [], 'simple-git': [] };
for (let i = 0; i < 21; i++) {
  for (const name of Object.keys(runs)) {
    const args = name === 'node -e 0' ? ['-e', '0'] : [bundles[name], repo];
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, args);
    runs[name].push(Number(process.hrtime.bigint() - start) / 1e6);
  }
}
for (const [name, times] of Object.entries(runs))
  console.log(`process ${name.padEnd(10)} median ${median(times).toFixed(1)} ms`);

// 3. Time per call inside one process: 100 sequential `git rev-parse HEAD`, interleaved, median.
const require = createRequire(path.join(modules, 'x.js'));
const { simpleGit } = require('simple-git');
const doorLib = path.join(work, 'door-lib.cjs');
await build({
  entryPoints: [path.resolve('src/git/door.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  outfile: doorLib,
  logLevel: 'error',
});
const { startGit } = createRequire(import.meta.url)(doorLib);
const sg = simpleGit(repo);
const bare = () => new Promise((resolve) => execFile('git', ['rev-parse', 'HEAD'], { cwd: repo }, () => resolve()));
const perCall = { 'execFile (bare)': [], door: [], 'simple-git': [] };
const calls = {
  'execFile (bare)': bare,
  door: () => startGit(repo, ['rev-parse', 'HEAD']),
  'simple-git': () => sg.raw(['rev-parse', 'HEAD']),
};
for (let i = 0; i < 100; i++) {
  for (const [name, call] of Object.entries(calls)) {
    const start = process.hrtime.bigint();
    await call();
    perCall[name].push(Number(process.hrtime.bigint() - start) / 1e6);
  }
}
for (const [name, times] of Object.entries(perCall))
  console.log(`call ${name.padEnd(16)} median ${median(times).toFixed(2)} ms`);

// 4. What Territory's calls need: `-c core.fsmonitor=false` on every read, and the environment of a
// git hook (GIT_INDEX_FILE: the index being committed) passed to git.
const refused = await simpleGit({ baseDir: repo, config: ['core.fsmonitor=false'] })
  .raw(['rev-parse', 'HEAD'])
  .then(
    () => 'accepted',
    (error) => `refused: ${String(error.message).split('\n')[0]}`,
  );
console.log(`simple-git with -c core.fsmonitor=false: ${refused}`);
process.env.GIT_INDEX_FILE = path.join(work, 'hook-index');
const doorIndex = (await startGit(repo, ['rev-parse', '--git-path', 'index'])).stdout.trim();
const sgIndex = await simpleGit(repo)
  .raw(['rev-parse', '--git-path', 'index'])
  .then(
    (out) => out.trim(),
    (error) => `refused: ${String(error.message).split('\n')[0]}`,
  );
console.log(
  `with GIT_INDEX_FILE set, git's index is: door ${doorIndex === process.env.GIT_INDEX_FILE ? 'the hook index' : doorIndex}; simple-git ${sgIndex === process.env.GIT_INDEX_FILE ? 'the hook index' : sgIndex}`,
);
rmSync(work, { recursive: true, force: true });
