import { strict as assert } from 'node:assert';
import {
  groupChanges,
  planDomainCommit,
  statusLabel,
  withDomainPrefix,
  type ChangeEntry,
} from '../../../../src/core/commits/changes';
import {
  checkBranchName,
  checkChoice,
  checkRange,
  checkRevision,
  checkSinceDate,
  splitRange,
} from '../../../../src/core/commits/range';
import { OwnershipResolver } from '../../../../src/core/ownership/resolver';
import { parsePorcelain } from '../../../../src/git/status';
import { SEED_MAP } from '../../../support/seedMap';

const resolver = OwnershipResolver.compile(SEED_MAP);
const [CORE, API, , FE] = SEED_MAP.domains;

function entry(index: string, workTree: string, path: string, from?: string, conflicted = false): ChangeEntry {
  return { index, workTree, path, from, conflicted };
}

describe('uncommitted changes by owner', () => {
  // `git status --porcelain=v1 -z` of a busy shared index.
  const porcelain = [
    'M  backend/app/models/assignment.py',
    ' M backend/app/api/routes.py',
    'A  frontend/src/new file.tsx',
    '?? frontend/src/-dash ü.ts',
    'R  backend/app/api/moved.py',
    'backend/app/models/moved.py',
    'R  backend/app/models/renamed.py',
    'backend/app/models/old.py',
    'UU backend/app/db/base.py',
    ' D Makefile',
    '',
  ].join('\0');
  const entries = parsePorcelain(porcelain);

  it('groups by owner; a rename out of a territory shows under both owners', () => {
    const groups = groupChanges(entries, resolver);
    assert.deepEqual([...groups.keys()], ['CORE', 'API', 'FE', 'unassigned']);
    assert.deepEqual(
      groups.get('CORE')?.map((c) => [c.path, statusLabel(c)]),
      [
        ['backend/app/models/assignment.py', 'M'],
        ['backend/app/models/moved.py', 'renamed to backend/app/api/moved.py'],
        ['backend/app/models/renamed.py', 'renamed from backend/app/models/old.py'],
        ['backend/app/db/base.py', 'conflict'],
      ],
    );
    assert.deepEqual(
      groups.get('API')?.map((c) => [c.path, statusLabel(c)]),
      [
        ['backend/app/api/routes.py', 'M'],
        ['backend/app/api/moved.py', 'renamed from backend/app/models/moved.py'],
      ],
    );
    assert.deepEqual(
      groups.get('FE')?.map((c) => [c.path, statusLabel(c)]),
      [
        ['frontend/src/new file.tsx', 'A'],
        ['frontend/src/-dash ü.ts', 'untracked'],
      ],
    );
  });

  it("a domain's commit plan holds only its own paths, untracked ones marked", () => {
    const fe = planDomainCommit(FE, entries, resolver);
    assert.deepEqual(fe.paths, ['frontend/src/new file.tsx', 'frontend/src/-dash ü.ts']);
    assert.deepEqual(fe.untracked, ['frontend/src/-dash ü.ts']);
    assert.deepEqual(Object.fromEntries(fe.others), { CORE: 4, API: 2, unassigned: 1 });

    const core = planDomainCommit(CORE, entries, resolver);
    // Its own rename brings both paths; the file it lost to API brings only the removal.
    assert.deepEqual(core.paths, [
      'backend/app/models/assignment.py',
      'backend/app/models/moved.py',
      'backend/app/models/renamed.py',
      'backend/app/models/old.py',
      'backend/app/db/base.py',
    ]);
    assert.deepEqual(core.conflicted, ['backend/app/db/base.py']);

    const api = planDomainCommit(API, entries, resolver);
    assert.deepEqual(
      api.paths,
      ['backend/app/api/routes.py', 'backend/app/api/moved.py'],
      "CORE's old path stays out of API's commit",
    );
  });

  it('nothing to commit for a domain without changes', () => {
    const plan = planDomainCommit(SEED_MAP.domains[2], entries, resolver);
    assert.deepEqual(plan.paths, []);
  });

  it('copies do not remove their source', () => {
    const groups = groupChanges([entry('C', ' ', 'frontend/src/copy.ts', 'backend/app/api/orig.ts')], resolver);
    assert.deepEqual([...groups.keys()], ['FE']);
    assert.equal(statusLabel(groups.get('FE')![0]), 'copied from backend/app/api/orig.ts');
  });
});

describe('the prefix of a domain commit', () => {
  const TEST = SEED_MAP.domains[4];
  it('is prepended to what the user typed, unless the message carries one of the domain prefixes', () => {
    assert.equal(withDomainPrefix(CORE, SEED_MAP.domains, 'add version column'), 'core: add version column');
    assert.equal(withDomainPrefix(CORE, SEED_MAP.domains, '  core: already there '), 'core: already there');
    assert.equal(withDomainPrefix(CORE, SEED_MAP.domains, 'core(models): scoped'), 'core(models): scoped');
    // Another case is no prefix (the message check would refuse it): this domain's is added.
    assert.equal(withDomainPrefix(CORE, SEED_MAP.domains, 'Core: x'), 'core: Core: x');
    assert.equal(withDomainPrefix(TEST, SEED_MAP.domains, 'docs: guide'), 'docs: guide');
    assert.equal(withDomainPrefix(TEST, SEED_MAP.domains, 'e2e for 409'), 'test: e2e for 409');
    // Another domain's prefix is text like any other: the commit still gets this domain's prefix.
    assert.equal(withDomainPrefix(CORE, SEED_MAP.domains, 'api: not mine'), 'core: api: not mine');
    assert.equal(withDomainPrefix(CORE, SEED_MAP.domains, 'Revert "core: x"'), 'core: Revert "core: x"');
    assert.equal(withDomainPrefix(FE, SEED_MAP.domains, 'subject\n\nbody'), 'fe: subject\n\nbody');
  });
  it('leaves the message as typed for a domain without prefixes (the map warns; the unattributed commit is refused)', () => {
    const bare = { ...CORE, id: 'BARE', prefixes: [] };
    assert.equal(withDomainPrefix(bare, [...SEED_MAP.domains, bare], '  add version column '), 'add version column');
  });
});

describe('range validation', () => {
  it('accepts what people type', () => {
    for (const range of [
      'main..HEAD',
      'main...feature',
      'HEAD~20..',
      '..HEAD',
      'origin/main..HEAD',
      'v1.2.0..v1.3.0',
      'HEAD@{1}..HEAD',
      'abc1234',
      'main^..main',
      'feature/x-y_z',
    ]) {
      assert.equal(checkRange(range), undefined, range);
    }
    assert.deepEqual(splitRange('HEAD~20..'), { from: 'HEAD~20', to: 'HEAD', symmetric: false });
    assert.deepEqual(splitRange('a...b'), { from: 'a', to: 'b', symmetric: true });
  });

  it('refuses options, spaces, paths and nonsense with a reason', () => {
    for (const range of [
      '--all',
      '-n5',
      'main..--output=/tmp/x',
      'a b',
      'HEAD:file',
      '',
      ' main',
      'a....b',
      'x\ny',
      'a..b..c',
      '$(rm)',
      'main;ls',
    ]) {
      assert.ok(checkRange(range), `"${range}" should be refused`);
    }
    assert.match(checkRevision('-x') ?? '', /not starting with -/);
  });

  it('branch names and dates', () => {
    assert.equal(checkBranchName('feature/login'), undefined);
    for (const bad of ['-x', 'a..b', 'a/', 'x.lock', 'a b', 'a//b', '@{x}', '']) assert.ok(checkBranchName(bad), bad);
    assert.equal(checkSinceDate('2025-01-31'), undefined);
    assert.equal(checkSinceDate('2 weeks ago'), undefined);
    assert.ok(checkSinceDate('--until=x'));
    assert.ok(checkSinceDate('`x`'));
    assert.equal(checkChoice({ kind: 'all' }), undefined);
    assert.ok(checkChoice({ kind: 'branch', branch: '--orphan' }));
  });
});
