// Commits by domain on a 20,000-commit repository: the whole range read, parsed and grouped by the
// same code the view and `territory commits` run, against plain `git log --name-status` of the same
// range in the same run. The repository is built once with git fast-import and cached outside the
// repository (~/.cache/territory/bench-repo-20k, or $TERRITORY_CACHE).
import { execFile, execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { groupCommits } from '../../src/core/commits/grouping';
import { OwnershipResolver } from '../../src/core/ownership/resolver';
import { loadHistory } from '../../src/git/history';
import { readLog } from '../../src/git/log';
import { SEED_MAP } from '../support/seedMap';
import { BENCH_GIT_ENV, cachedRepository, median } from './cache';

const run = promisify(execFile);
const COMMITS = 20_000;
/** Bumped whenever the generated history changes, so an old cache is rebuilt. */
const VERSION = 1;
const RUNS = 5;
const TARGET_RATIO = 1.5;

/** Deterministic pseudo-random numbers: every machine builds the same history. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A seed-like tree: each domain's directories with a few hundred files, plus the lead's files. */
function treeOf(next: () => number): { byDomain: Map<string, string[]>; unassigned: string[] } {
  const ext: Record<string, string> = { CORE: 'py', API: 'py', SCHED: 'py', FE: 'tsx', TEST: 'py' };
  const byDomain = new Map<string, string[]>();
  for (const domain of SEED_MAP.domains) {
    const files: string[] = [];
    for (const pattern of domain.paths) {
      if (pattern === '/*.md') {
        files.push('README.md', 'CHANGELOG.md', 'USER_GUIDE.md', 'CONTRIBUTING.md');
        continue;
      }
      const dir = pattern.replace(/^\//, '').replace(/\/$/, '');
      const count = 60 + Math.floor(next() * 120);
      for (let i = 0; i < count; i++) {
        const sub = next() < 0.4 ? `${['v1', 'internal', 'utils', 'legacy', 'new'][i % 5]}/` : '';
        const name =
          dir === 'docs'
            ? `page_${i}.md`
            : `${dir.split('/').pop()}_${i}.${dir.includes('test') ? (dir.startsWith('frontend') ? 'test.tsx' : 'py') : ext[domain.id]}`;
        files.push(`${dir}/${sub}${name}`);
      }
    }
    byDomain.set(domain.id, files);
  }
  const unassigned = [
    'Makefile',
    '.gitignore',
    'backend/app/main.py',
    'scripts/deploy.sh',
    'infra/terraform/main.tf',
    'package.json',
    ...Array.from({ length: 40 }, (_, i) => `tools/tool_${i}.sh`),
  ];
  return { byDomain, unassigned };
}

/** The fast-import stream of the whole history: mostly prefixed commits in their own territory. */
function history(): string {
  const next = random(2025);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const { byDomain, unassigned } = treeOf(next);
  const domains = SEED_MAP.domains;
  const chunks: string[] = [];
  const started = 1_700_000_000;
  for (let i = 0; i < COMMITS; i++) {
    const roll = next();
    const domain = pick(domains);
    let subject: string;
    if (roll < 0.05)
      subject = pick(['wip', 'fix typo', 'Update dependencies', 'chore: bump version', 'Initial import']);
    else if (roll < 0.07) subject = `Revert "${domain.prefixes[0]} change ${i - 1}"`;
    else
      subject = `${pick(domain.prefixes)}${next() < 0.2 ? '' : ' '}change ${i}${next() < 0.1 ? ' (with a longer explanation of what changed and why)' : ''}`;
    const files = new Set<string>();
    const count = 1 + Math.floor(next() * next() * 6);
    for (let f = 0; f < count; f++) files.add(pick(byDomain.get(domain.id) ?? []));
    if (next() < 0.03) files.add(pick(byDomain.get(pick(domains).id) ?? []));
    if (next() < 0.02) files.add(pick(unassigned));
    const message = `${subject}\n\nBody line of commit ${i}.\n`;
    let chunk = `commit refs/heads/main\nmark :${i + 1}\nauthor Agent ${domain.terminal} <${domain.id.toLowerCase()}@bench.invalid> ${started + i * 60} +0000\n`;
    chunk += `committer Agent ${domain.terminal} <${domain.id.toLowerCase()}@bench.invalid> ${started + i * 60} +0000\n`;
    chunk += `data ${Buffer.byteLength(message)}\n${message}`;
    for (const file of files) {
      const content = `# ${file}\nrevision ${i}\n`;
      chunk += `M 100644 inline ${file}\ndata ${Buffer.byteLength(content)}\n${content}`;
    }
    chunks.push(chunk + '\n');
  }
  return chunks.join('');
}

/** The cached repository, built on first use (a few seconds with fast-import). */
export function benchRepository(): string {
  return cachedRepository('bench-repo-20k', `${VERSION} ${COMMITS}`, (dir) => {
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir, env: BENCH_GIT_ENV });
    execFileSync('git', ['fast-import', '--quiet'], {
      cwd: dir,
      env: BENCH_GIT_ENV,
      input: history(),
      maxBuffer: 1 << 30,
    });
    // A checked-out tree, as a user's repository has one (git log does not need it, status would).
    execFileSync('git', ['reset', '-q', '--hard', 'main'], { cwd: dir, env: BENCH_GIT_ENV });
  });
}

export async function benchCommits(): Promise<boolean> {
  console.log(`commits by domain, ${COMMITS.toLocaleString('en-US')} commits over a seed-like tree:`);
  const repo = benchRepository();
  const resolver = OwnershipResolver.compile(SEED_MAP);
  const options = { choice: { kind: 'all' } as const, baseBranch: '', maxCommits: COMMITS };

  const gitPlain = async () => {
    const started = performance.now();
    const { stdout } = await run('git', ['log', '--name-status', 'HEAD', '--'], {
      cwd: repo,
      encoding: 'buffer',
      maxBuffer: 1 << 30,
    });
    return { ms: performance.now() - started, bytes: stdout.length };
  };
  const territory = async () => {
    const started = performance.now();
    const result = await loadHistory(repo, SEED_MAP, resolver, options);
    const ms = performance.now() - started;
    if (!result.ok) throw new Error(`loadHistory failed: ${result.reason}`);
    return { ms, history: result.history };
  };

  // Warm the caches (object files, page cache) for both before measuring.
  await gitPlain();
  const warm = await territory();
  const plainTimes: number[] = [];
  const ourTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    plainTimes.push((await gitPlain()).ms);
    ourTimes.push((await territory()).ms);
  }
  // How much of it is JavaScript: parse and group, on their own.
  const log = await readLog(repo, 'HEAD', { maxCount: COMMITS });
  if (!log.ok) throw new Error(log.reason);
  const groupStarted = performance.now();
  const grouping = groupCommits(log.commits, SEED_MAP, resolver);
  const groupMs = performance.now() - groupStarted;

  const plain = median(plainTimes);
  const ours = median(ourTimes);
  const ratio = ours / plain;
  const h = warm.history;
  const complete = h.commits.length === COMMITS && h.total === COMMITS && !h.capped && grouping.total === COMMITS;
  const counts = h.grouping.groups.map((g) => `${g.domain.id} ${g.commits.length.toLocaleString('en-US')}`).join(' · ');
  console.log(`  repository: ${repo}`);
  console.log(`  git log --name-status (baseline):           ${plain.toFixed(0)} ms  (median of ${RUNS})`);
  console.log(
    `  territory: read + parse + group whole range: ${ours.toFixed(0)} ms  (${ratio.toFixed(2)}x git; grouping alone ${groupMs.toFixed(0)} ms)`,
  );
  console.log(
    `  groups: ${counts} · unattributed ${h.grouping.unattributed.length.toLocaleString('en-US')}; ${h.grouping.violatingCommits.toLocaleString('en-US')} commits with violations`,
  );
  console.log(`  all ${COMMITS.toLocaleString('en-US')} commits read and grouped: ${complete ? 'yes' : 'NO'}`);
  const met = ratio <= TARGET_RATIO;
  console.log(`  target (within ${TARGET_RATIO}x of git log --name-status): ${met ? 'met' : 'MISSED'}`);
  return met && complete;
}
