// The seal on a recorded test run and its key (src/core/testRunSeal.ts): the key is created private,
// kept out of the repository, refused when others could read or replace it; the seal covers every
// field finish trusts.
import { strict as assert } from 'node:assert';
import { chmodSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTestRunKey, sealHolds, sealTestRun, testRunKeyFile } from '../../../src/core/testRunSeal';
import { tempDir } from '../support/guard';

const RUN = {
  task: 'npm: test',
  exitCode: 0,
  startedAt: '2025-01-01T00:00:00Z',
  endedAt: '2025-01-01T00:01:00Z',
  head: 'a'.repeat(40),
};

describe('core: the seal on a recorded test run', () => {
  let dir: string;
  beforeEach(() => (dir = tempDir('territory-seal-')));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const none = { repository: [] as string[] };

  it('lives in the configuration folder of each platform', () => {
    assert.equal(testRunKeyFile({}, 'linux', '/home/u'), '/home/u/.config/territory/test-run.key');
    assert.equal(
      testRunKeyFile({ XDG_CONFIG_HOME: '/x/config' }, 'linux', '/home/u'),
      '/x/config/territory/test-run.key',
    );
    assert.equal(
      testRunKeyFile({ XDG_CONFIG_HOME: 'relative' }, 'linux', '/home/u'),
      '/home/u/.config/territory/test-run.key',
    );
    assert.equal(
      testRunKeyFile({}, 'darwin', '/Users/u'),
      '/Users/u/Library/Application Support/territory/test-run.key',
    );
    assert.equal(testRunKeyFile({}, 'win32', 'C:\\u'), undefined);
  });

  it('covers every field: a changed exit code, head, task or time breaks it', () => {
    const key = Buffer.alloc(32, 7);
    const seal = sealTestRun(RUN, key);
    assert.ok(sealHolds(RUN, seal, key));
    for (const changed of [
      { exitCode: 1 },
      { exitCode: undefined },
      { head: 'b'.repeat(40) },
      { head: undefined },
      { task: 'other' },
      { startedAt: 'x' },
      { endedAt: 'y' },
    ]) {
      assert.equal(sealHolds({ ...RUN, ...changed }, seal, key), false, JSON.stringify(changed));
    }
    assert.equal(sealHolds(RUN, seal, Buffer.alloc(32, 8)), false, 'another key');
    assert.equal(sealHolds(RUN, seal.toUpperCase(), key), false);
    assert.equal(sealHolds(RUN, seal.slice(2), key), false);
  });

  it('creates the key once (0600 in a 0700 folder); reading never creates it', function () {
    if (process.platform === 'win32') this.skip();
    const file = join(dir, 'config', 'territory', 'test-run.key');
    const missing = readTestRunKey(file, { create: false, ...none });
    assert.ok(!missing.ok && missing.missing, JSON.stringify(missing));
    const created = readTestRunKey(file, { create: true, ...none });
    assert.ok(created.ok);
    assert.equal(created.key.length, 32);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, 'config', 'territory')).mode & 0o777, 0o700);
    const again = readTestRunKey(file, { create: true, ...none });
    assert.ok(again.ok && again.key.equals(created.key), 'the same key, not a new one');
  });

  it('refuses a key inside the repository, a link, a shared file or folder, and a file that holds no key', function () {
    if (process.platform === 'win32') this.skip();
    const repo = join(dir, 'repo');
    const inside = readTestRunKey(join(repo, '.git', 'territory', 'test-run.key'), {
      create: true,
      repository: [repo],
    });
    assert.ok(!inside.ok);
    assert.match(inside.reason, /would be inside the repository/);
    const file = join(dir, 'territory', 'test-run.key');
    assert.ok(readTestRunKey(file, { create: true, ...none }).ok);
    chmodSync(file, 0o660);
    assert.match(
      reason(readTestRunKey(file, { create: true, ...none })),
      /may be read or written by other users \(mode 660\)/,
    );
    chmodSync(file, 0o604);
    assert.match(reason(readTestRunKey(file, { create: false, ...none })), /mode 604/);
    chmodSync(file, 0o600);
    chmodSync(join(dir, 'territory'), 0o770);
    assert.match(reason(readTestRunKey(file, { create: false, ...none })), /is not private/);
    chmodSync(join(dir, 'territory'), 0o700);
    const elsewhere = join(dir, 'elsewhere.key');
    writeFileSync(elsewhere, readFileSync(file), { mode: 0o600 });
    rmSync(file);
    symlinkSync(elsewhere, file);
    assert.match(reason(readTestRunKey(file, { create: true, ...none })), /is a symbolic link/);
    rmSync(file);
    writeFileSync(file, 'not a key\n', { mode: 0o600 });
    assert.match(reason(readTestRunKey(file, { create: true, ...none })), /does not hold a key/);
    mkdirSync(join(dir, 'dirkey', 'test-run.key'), { recursive: true, mode: 0o700 });
    chmodSync(join(dir, 'dirkey'), 0o700);
    assert.match(
      reason(readTestRunKey(join(dir, 'dirkey', 'test-run.key'), { create: true, ...none })),
      /not a regular file|cannot be read/,
    );
  });
});

function reason(reading: ReturnType<typeof readTestRunKey>): string {
  assert.ok(!reading.ok, 'refused');
  return reading.reason;
}
