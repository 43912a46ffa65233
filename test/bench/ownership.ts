import { performance } from 'node:perf_hooks';
import { OwnershipResolver } from '../../src/core/ownership/resolver';
import { ownerKey } from '../../src/core/ownership/offLimits';
import { DEFAULT_HANDOFF_FILE, type Domain, type DomainMap } from '../../src/core/types';
import { NaiveResolver } from '../support/naiveResolver';
import { SEED_MAP } from '../support/seedMap';

/** Deterministic pseudo-random numbers, so every run measures the same paths. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const TOP = ['backend', 'frontend', 'docs', 'services', 'packages', 'tools', 'infra', 'scripts'];
const MIDDLE = [
  'app',
  'src',
  'lib',
  'models',
  'api',
  'core',
  'tests',
  '__tests__',
  'public',
  'db',
  'scheduling',
  'schemas',
  'alembic',
  'internal',
  'utils',
  'components',
  'hooks',
  'pages',
];
const FILES = [
  'index.ts',
  'main.py',
  'README.md',
  'util.ts',
  'model.py',
  'view.tsx',
  'test_x.py',
  'x.test.ts',
  'config.json',
  'style.css',
];

export function generatePaths(count: number, seed = 42): string[] {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const depth = 1 + Math.floor(next() * 5);
    const segments = [pick(TOP)];
    for (let d = 1; d < depth; d++) segments.push(next() < 0.2 ? `m${Math.floor(next() * 40)}` : pick(MIDDLE));
    segments.push(next() < 0.02 ? `HANDOFF_FROM_D${Math.floor(next() * 60)}.md` : pick(FILES));
    paths.push(segments.join('/'));
  }
  return paths;
}

/** 50 domains, 4 patterns each: nested directories, any-depth names and a few globs. */
export function generateLargeMap(): DomainMap {
  const next = random(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const domains: Domain[] = [];
  for (let i = 0; i < 50; i++) {
    const top = TOP[i % TOP.length];
    domains.push({
      id: `D${i}`,
      terminal: `T${i}`,
      name: `Domain ${i}`,
      prefixes: [`d${i}:`],
      rules: [],
      paths: [
        `${top}/m${i}/`,
        `${top}/${pick(MIDDLE)}/m${(i * 7) % 40}/`,
        `/${pick(TOP)}/${pick(MIDDLE)}/${pick(MIDDLE)}/m${i % 40}/*.ts`,
        i % 5 === 0 ? `m${30 + (i % 10)}/` : `${pick(TOP)}/m${(i * 3) % 40}/**/*.py`,
      ],
    });
  }
  return { domains, handoffFile: DEFAULT_HANDOFF_FILE };
}

interface Measure {
  readonly pathsPerSecond: number;
  readonly labels: string[];
}

function measure(resolve: (path: string) => string, paths: readonly string[], minMs = 400): Measure {
  const labels = paths.map(resolve); // warm-up, and the answers to compare
  let rounds = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    for (const path of paths) resolve(path);
    rounds++;
    elapsed = performance.now() - start;
  } while (elapsed < minMs);
  return { pathsPerSecond: (paths.length * rounds) / (elapsed / 1000), labels };
}

export function benchOwnership(): boolean {
  const paths = generatePaths(100_000);
  let ok = true;
  for (const [name, map] of [
    ['seed map (5 domains)', SEED_MAP],
    ['50-domain map', generateLargeMap()],
  ] as const) {
    const patterns = map.domains.reduce((n, d) => n + d.paths.length, 0);
    const resolver = OwnershipResolver.compile(map);
    const naive = new NaiveResolver(map);
    const baseline = measure((p) => naive.owner(p), paths, 200);
    const fast = measure((p) => ownerKey(resolver.resolve(p)), paths);
    const disagreements = paths.filter((_, i) => baseline.labels[i] !== fast.labels[i]);
    const ratio = fast.pathsPerSecond / baseline.pathsPerSecond;
    const owned = fast.labels.filter((l) => l !== 'unassigned').length;
    console.log(`ownership, ${name}, ${patterns} patterns, ${paths.length} paths (${owned} owned):`);
    console.log(`  baseline (one minimatch per pattern): ${format(baseline.pathsPerSecond)} paths/s`);
    console.log(
      `  territory resolver:                   ${format(fast.pathsPerSecond)} paths/s  (${ratio.toFixed(1)}x baseline)`,
    );
    console.log(
      `  answers agree: ${disagreements.length === 0 ? 'yes' : `NO, ${disagreements.length} differ, e.g. ${disagreements[0]}`}`,
    );
    if (disagreements.length > 0) ok = false;
    if (name === '50-domain map') {
      const targets = fast.pathsPerSecond >= 1_000_000 && ratio >= 10;
      console.log(`  target (>= 1,000,000 paths/s and >= 10x baseline): ${targets ? 'met' : 'MISSED'}`);
      if (!targets) ok = false;
    }
  }
  return ok;
}

function format(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
