// dist/check.js runs the check's bundle with V8's code cache (src/cli/codeCache.ts): the cache is
// written once, read after, never taken for another build's bundle, and never read from a folder
// another user could write into. Each run is a real Node process, as a hook starts it.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_CACHE_ENV, codeCacheFolder } from '../../../src/cli/codeCache';
import { REPO_ROOT } from '../../support/repoRoot';
import { tempDir } from '../support/guard';

const CODE_CACHE_MODULE = join(REPO_ROOT, 'out', 'src', 'cli', 'codeCache.js');

describe('cli: the check bundle runs with a code cache', function () {
  this.timeout(60_000);
  let dir: string;
  let cache: string;
  beforeEach(() => {
    dir = tempDir('territory-code-cache-');
    cache = join(dir, 'cache');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A bundle that prints what it was given, and an entry that runs it as dist/check.js runs the check's. */
  function writeBundle(body: string, digest = 'd'.repeat(64)): string {
    writeFileSync(
      join(dir, 'bundle.js'),
      `${body}\nconsole.log(JSON.stringify({ main: require.main === module, file: __filename, args: process.argv.slice(2) }));\n`,
    );
    const entry = join(dir, 'entry.js');
    writeFileSync(
      entry,
      `require(${JSON.stringify(CODE_CACHE_MODULE)}).runWithCodeCache(require('path').join(__dirname, 'bundle.js'), ${JSON.stringify(digest)}, module, require);\n`,
    );
    return entry;
  }

  function run(
    entry: string,
    env: Record<string, string> = { [CODE_CACHE_ENV]: cache },
  ): { main: boolean; file: string; args: string[]; marker?: string } {
    const result = spawnSync(process.execPath, [entry, 'check', '--staged'], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stdout.trim().split('\n');
    return {
      ...(JSON.parse(lines[lines.length - 1]) as { main: boolean; file: string; args: string[] }),
      marker: lines.length > 1 ? lines[0] : undefined,
    };
  }

  it('runs the bundle as the main module with its arguments; the first run writes the cache (private), later runs read it and leave it alone', () => {
    const entry = writeBundle('');
    assert.deepEqual(run(entry), {
      main: true,
      file: join(dir, 'bundle.js'),
      args: ['check', '--staged'],
      marker: undefined,
    });
    const files = readdirSync(cache);
    assert.equal(files.length, 1, files.join(', '));
    assert.match(files[0], /^bundle-dddddddddddddddd-\d+-\d+-.+\.cache$/);
    assert.equal(statSync(cache).mode & 0o777, 0o700);
    assert.equal(statSync(join(cache, files[0])).mode & 0o777, 0o600);
    const written = statSync(join(cache, files[0])).mtimeMs;
    run(entry);
    assert.equal(statSync(join(cache, files[0])).mtimeMs, written, 'an accepted cache is not written again');
  });

  it("a bundle changed in place, even to the same length, never meets the old build's cache", () => {
    const entry = writeBundle('console.log("one");');
    assert.equal(run(entry).marker, 'one');
    writeBundle('console.log("two");');
    utimesSync(join(dir, 'bundle.js'), new Date(), new Date(Date.now() + 5000));
    assert.equal(run(entry).marker, 'two');
    assert.equal(readdirSync(cache).length, 2, 'a cache of its own');
  });

  it('no cache in a folder others may write to, none with TERRITORY_CODE_CACHE=off; the bundle runs all the same', function () {
    if (process.platform === 'win32') this.skip();
    const entry = writeBundle('');
    mkdirSync(cache, { recursive: true });
    chmodSync(cache, 0o777);
    assert.equal(run(entry).main, true);
    assert.deepEqual(readdirSync(cache), [], 'nothing written where others could write');
    const off = join(dir, 'off');
    assert.equal(run(entry, { [CODE_CACHE_ENV]: 'off', XDG_CACHE_HOME: off }).main, true);
    assert.equal(existsSync(off), false);
  });

  it('lives where each platform keeps a user’s caches', () => {
    assert.equal(codeCacheFolder({}, 'linux', '/home/u'), '/home/u/.cache/territory/code-cache');
    assert.equal(codeCacheFolder({ XDG_CACHE_HOME: '/x/cache' }, 'linux', '/home/u'), '/x/cache/territory/code-cache');
    assert.equal(
      codeCacheFolder({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/u'),
      '/home/u/.cache/territory/code-cache',
    );
    assert.equal(codeCacheFolder({}, 'darwin', '/Users/u'), '/Users/u/Library/Caches/territory/code-cache');
    assert.equal(codeCacheFolder({}, 'win32', 'C:\\u'), undefined);
    assert.equal(codeCacheFolder({ [CODE_CACHE_ENV]: 'off' }, 'linux', '/home/u'), undefined);
  });
});
