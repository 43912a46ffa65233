// Ownership answers that must agree with the gitignore rules the README promises (and with git
// itself: https://git-scm.com/docs/gitignore "PATTERN FORMAT"), and patterns at scale.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { OwnershipResolver, splitPath } from '../../../../src/core/ownership/resolver';
import { ownerKey } from '../../../../src/core/ownership/offLimits';
import { DEFAULT_HANDOFF_FILE, type DomainMap } from '../../../../src/core/types';
import { runCli } from '../../../support/runCli';

function mapWith(paths: string[]): DomainMap {
  return {
    domains: [{ id: 'CORE', terminal: 'T1', name: 'Core', paths, prefixes: ['core:'], rules: [] }],
    handoffFile: DEFAULT_HANDOFF_FILE,
  };
}

const owner = (paths: string[], file: string, isDir = false) =>
  ownerKey(OwnershipResolver.compile(mapWith(paths)).resolve(file, isDir));

describe('ownership follows gitignore', () => {
  it('"models/**" has a slash before its end: anchored at the root, like git', () => {
    assert.equal(owner(['models/**'], 'models/x.py'), 'CORE');
    assert.equal(owner(['models/**'], 'frontend/models/x.py'), 'unassigned');
    assert.equal(owner(['**/models/**'], 'frontend/models/x.py'), 'CORE');
    // Without the inner slash a directory pattern matches at any depth.
    assert.equal(owner(['models/'], 'frontend/models/x.py'), 'CORE');
  });

  it('"/**" owns everything, as "**" does ("/**/" every directory)', () => {
    for (const pattern of ['/**', '**', '/**/']) assert.equal(owner([pattern], 'a/b/c.py'), 'CORE', pattern);
    for (const pattern of ['/**', '**']) assert.equal(owner([pattern], 'README.md'), 'CORE', pattern);
    assert.equal(owner(['/**/'], 'README.md'), 'unassigned');
  });

  it('a backslash is part of a file name on this platform, not a separator', () => {
    if (path.sep === '\\') return;
    assert.deepEqual(splitPath('docs/a\\b.md'), ['docs', 'a\\b.md']);
    assert.equal(owner(['/a/'], 'a\\b.py'), 'unassigned');
    assert.equal(owner(['/*.py'], 'a\\b.py'), 'CORE');
  });

  it('territory owner names the owner of a directory, with or without the trailing slash', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'territory-owner-dir-'));
    mkdirSync(path.join(root, 'backend', 'app', 'models'), { recursive: true });
    writeFileSync(
      path.join(root, 'territory.json'),
      JSON.stringify({
        domains: [{ id: 'CORE', terminal: 'T1', name: 'Core', paths: ['backend/app/models/'], prefixes: ['core:'] }],
      }),
    );
    const result = await runCli(
      'owner',
      '--json',
      '--cwd',
      root,
      'backend/app/models',
      'backend/app/models/',
      'backend/app/models/new.py',
    );
    assert.equal(result.code, 0, result.err);
    assert.deepEqual(
      (JSON.parse(result.out) as { owner: string }[]).map((r) => r.owner),
      ['CORE', 'CORE', 'CORE'],
    );
  });
});

describe('compiling the resolver at scale', () => {
  it('10,000 glob patterns under one folder compile in linear time (ratio against 1,000)', function () {
    this.timeout(60_000);
    const compile = (count: number) => {
      const paths = Array.from({ length: count }, (_, i) => `src/*.part${i}.ts`);
      const started = performance.now();
      OwnershipResolver.compile(mapWith(paths));
      return performance.now() - started;
    };
    compile(200);
    const small = compile(1_000);
    const large = compile(10_000);
    // Linear: about 10x; the quadratic compile this replaces was about 100x.
    assert.ok(
      large < small * 30 + 200,
      `1,000 patterns ${small.toFixed(0)} ms, 10,000 patterns ${large.toFixed(0)} ms`,
    );
  });
});

describe('the map folder stops at the work tree', () => {
  it('a territory.json above the repository, or above a submodule, is not used', async () => {
    const { execFileSync } = await import('node:child_process');
    const outer = mkdtempSync(path.join(tmpdir(), 'territory-boundary-'));
    const map = (id: string) =>
      JSON.stringify({
        domains: [{ id, terminal: 'T1', name: id, paths: ['src/'], prefixes: [`${id.toLowerCase()}:`] }],
      });
    writeFileSync(path.join(outer, 'territory.json'), map('OUTER'));
    const repo = path.join(outer, 'repo');
    mkdirSync(path.join(repo, 'src'), { recursive: true });
    execFileSync('git', ['init', '-q', repo]);
    writeFileSync(path.join(repo, 'src', 'a.py'), 'x\n');
    const inRepo = await runCli('owner', '--cwd', path.join(repo, 'src'), 'a.py');
    assert.equal(inRepo.code, 2, 'no map in the repository: the one above it must not answer');
    assert.match(inRepo.err, /No domain map found/);
    // A submodule is its own folder: its .git file ends the search too.
    writeFileSync(path.join(repo, 'territory.json'), map('SUPER'));
    const sub = path.join(repo, 'vendor', 'lib');
    mkdirSync(path.join(sub, 'src'), { recursive: true });
    writeFileSync(path.join(sub, '.git'), 'gitdir: ../../.git/modules/lib\n');
    const inSub = await runCli('owner', '--cwd', sub, 'src/x.py');
    assert.equal(inSub.code, 2, inSub.out);
    const inSuper = await runCli('owner', '--cwd', repo, 'src/a.py');
    assert.match(inSuper.out, /SUPER/);
  });
});
