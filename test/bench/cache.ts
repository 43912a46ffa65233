// What the benches share: the median of a figure's runs, and repositories built once and kept in
// the cache folder outside the repository (~/.cache/territory, or $TERRITORY_CACHE).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * The repository `name` in the cache, built by `build` into an empty folder when missing or when
 * its stamp (what the generator makes: a version and a size) differs from `stamp`.
 */
export function cachedRepository(name: string, stamp: string, build: (dir: string) => void): string {
  const dir = path.join(process.env.TERRITORY_CACHE || path.join(os.homedir(), '.cache', 'territory'), name);
  const stampFile = path.join(dir, '.git', 'territory-bench');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === `${stamp}\n`) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  build(dir);
  writeFileSync(stampFile, `${stamp}\n`);
  console.log(`  built ${dir} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return dir;
}

/** git for building bench repositories, untouched by the machine's configuration. */
export const BENCH_GIT_ENV = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
