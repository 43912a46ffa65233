// Runs a bundle with V8's code cache, for the entry point that runs in every commit of every
// domain terminal (dist/check.js): compiling the bundle and the functions a check calls costs
// several milliseconds of every commit. The first run writes the compiled code into a private
// cache folder; later runs read it instead of compiling (`vm.Script`'s `cachedData`, what Node's
// own compile cache does from Node 22, here for every Node the hooks may run, VS Code's included).
// Any doubt about the cache (a folder another user could write, a file V8 rejects, an unreadable
// one) means compiling as usual.
import { closeSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { Script } from 'node:vm';
import { isPrivateFolder } from '../core/privateFolder';

/** TERRITORY_CODE_CACHE: a folder for the cache, or `off` for none. */
export const CODE_CACHE_ENV = 'TERRITORY_CODE_CACHE';

/** Cache files not written for this long are removed when a new one is written (updates leave old ones). */
const STALE_MS = 30 * 24 * 3600 * 1000;

/** Where the code cache lives, as each platform places a user's caches; undefined: no cache. */
export function codeCacheFolder(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home = homedir(),
): string | undefined {
  const configured = env[CODE_CACHE_ENV]?.trim();
  if (configured === 'off') return undefined;
  if (configured) return path.resolve(configured);
  if (platform === 'win32')
    return env.LOCALAPPDATA ? path.join(env.LOCALAPPDATA, 'territory', 'code-cache') : undefined;
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'territory', 'code-cache');
  const base =
    env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(home, '.cache');
  return path.join(base, 'territory', 'code-cache');
}

/**
 * The cache file's name for `bundle` on this Node: the bundle's build digest, size and time (V8
 * itself compares only the source's length, so a bundle changed in place must never meet an older
 * build's cache), V8's version and the architecture.
 */
export function cacheFileName(bundle: string, digest: string): string {
  const info = statSync(bundle);
  const v8 = process.versions.v8.replace(/[^0-9A-Za-z.-]/g, '_');
  return `${path.basename(bundle, '.js')}-${digest.slice(0, 16)}-${info.size}-${Math.floor(info.mtimeMs)}-${v8}-${process.arch}.cache`;
}

/** Written whole or not at all (a temporary file renamed): a concurrent commit never reads half of it. */
function writeCache(folder: string, name: string, data: Buffer): void {
  const temporary = path.join(folder, `${name}.${process.pid}.tmp`);
  try {
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeSync(fd, data);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path.join(folder, name));
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      /* never created */
    }
    return;
  }
  removeStale(folder, name);
}

function removeStale(folder: string, kept: string): void {
  try {
    for (const name of readdirSync(folder)) {
      if (name === kept || !name.endsWith('.cache')) continue;
      const file = path.join(folder, name);
      if (Date.now() - statSync(file).mtimeMs > STALE_MS) unlinkSync(file);
    }
  } catch {
    /* a cache left behind costs disk space only */
  }
}

/** The cache's folder and file name for `bundle`, when a cache can be used at all. */
function cacheFor(bundle: string, digest: string): { folder: string; name: string } | undefined {
  const folder = codeCacheFolder();
  if (folder === undefined || !isPrivateFolder(folder)) return undefined;
  try {
    return { folder, name: cacheFileName(bundle, digest) };
  } catch {
    return undefined;
  }
}

/**
 * Runs `bundle` (a CommonJS file) as the module `host` with `hostRequire` (the entry point's own,
 * so that `require.main === module` holds in the bundle), with the code cache when one can be used.
 */
export function runWithCodeCache(
  bundle: string,
  digest: string,
  host: NodeJS.Module,
  hostRequire: NodeJS.Require,
): void {
  const source = readFileSync(bundle, 'utf8');
  const cache = cacheFor(bundle, digest);
  let cached: Buffer | undefined;
  try {
    cached = cache && readFileSync(path.join(cache.folder, cache.name));
  } catch {
    cached = undefined;
  }
  // Node's own CommonJS wrapper: the bundle runs exactly as `node bundle.js` would run it.
  const wrapper = `(function (exports, require, module, __filename, __dirname) { ${source.replace(/^#!.*/, '')}\n})`;
  const script = new Script(wrapper, { filename: bundle, cachedData: cached });
  if (cache && (cached === undefined || script.cachedDataRejected === true)) {
    // At exit, so that the functions this run compiled (the check's own) are in the cache too.
    process.once('exit', () => writeCache(cache.folder, cache.name, script.createCachedData()));
  }
  const run = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: NodeJS.Module,
    filename: string,
    dirname: string,
  ) => void;
  run.call(host.exports, host.exports, hostRequire, host, bundle, path.dirname(bundle));
}
