import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { OwnershipResolver } from '../../../../src/core/ownership/resolver';
import { ownerKey } from '../../../../src/core/ownership/offLimits';
import { DEFAULT_HANDOFF_FILE, type Domain, type DomainMap } from '../../../../src/core/types';
import { NaiveResolver } from '../../../support/naiveResolver';
import { SEED_MAP } from '../../../support/seedMap';

function mapOf(domains: Partial<Domain>[]): DomainMap {
  return {
    domains: domains.map((d, i) => ({
      id: d.id ?? `D${i}`,
      terminal: d.terminal ?? `T${i + 1}`,
      name: d.name ?? d.id ?? `D${i}`,
      paths: d.paths ?? [],
      prefixes: d.prefixes ?? [`d${i}:`],
      rules: [],
    })),
    handoffFile: DEFAULT_HANDOFF_FILE,
  };
}

describe('ownership on the seed map', () => {
  const resolver = OwnershipResolver.compile(SEED_MAP);
  const owner = (path: string, isDir = false) => ownerKey(resolver.resolve(path, isDir));

  const cases: [string, string][] = [
    ['backend/app/models/user.py', 'CORE'],
    ['backend/app/schemas/user.py', 'CORE'],
    ['backend/app/db/session.py', 'CORE'],
    ['backend/alembic/versions/001_init.py', 'CORE'],
    ['backend/app/api/routes.py', 'API'],
    // A directory whose name looks like another domain's stays with its parent's owner.
    ['backend/app/api/models/request.py', 'API'],
    ['backend/app/services/models.py', 'API'],
    ['backend/app/core/config.py', 'API'],
    ['backend/app/scheduling/solver.py', 'SCHED'],
    ['backend/app/scheduling/tests/test_solver.py', 'SCHED'],
    ['frontend/src/App.tsx', 'FE'],
    ['frontend/public/index.html', 'FE'],
    ['frontend/src/__tests__/App.test.tsx', 'FE'],
    ['frontend/__tests__/App.test.tsx', 'TEST'],
    ['backend/tests/test_api.py', 'TEST'],
    ['backend/tests/unit/models/test_user.py', 'TEST'],
    ['docs/guide.md', 'TEST'],
    ['docs/api/index.md', 'TEST'],
    ['README.md', 'TEST'],
    ['CHANGELOG.md', 'TEST'],
    // Root-only `*.md`: markdown files deeper down belong to whoever owns their folder.
    ['backend/README.md', 'unassigned'],
    ['backend/app/models/README.md', 'CORE'],
    ['frontend/src/notes.md', 'FE'],
    // Handoff files belong to the domain they come from, whatever `/*.md` says.
    ['HANDOFF_FROM_CORE.md', 'CORE'],
    ['HANDOFF_FROM_API.md', 'API'],
    ['HANDOFF_FROM_TEST.md', 'TEST'],
    ['HANDOFF_FROM_NOBODY.md', 'TEST'],
    ['docs/HANDOFF_FROM_CORE.md', 'TEST'],
    // Unassigned: the lead's.
    ['Makefile', 'unassigned'],
    ['backend/app/main.py', 'unassigned'],
    ['backend/requirements.txt', 'unassigned'],
    ['frontend/package.json', 'unassigned'],
    ['scripts/deploy.sh', 'unassigned'],
    // Paths are normalised and may not leave the folder.
    ['./backend/app/models/user.py', 'CORE'],
    // A backslash separates segments only where the platform says so (gitignoreRules.test.ts).
    ...(process.platform === 'win32' ? [['backend\\app\\api\\routes.py', 'API'] as [string, string]] : []),
    ['backend/app/api/../models/user.py', 'CORE'],
    ['../outside.txt', 'outside'],
    ['backend/../../x', 'outside'],
  ];
  for (const [path, expected] of cases) {
    it(`${path} → ${expected}`, () => assert.equal(owner(path), expected));
  }

  it('owns the directories themselves', () => {
    assert.equal(owner('backend/app/models', true), 'CORE');
    assert.equal(owner('docs', true), 'TEST');
    assert.equal(owner('backend', true), 'unassigned');
    assert.equal(owner('backend/app', true), 'unassigned');
  });

  it('a directory-only pattern does not own a file of the same name', () => {
    assert.equal(owner('docs', false), 'unassigned');
  });

  it('returns the pattern that decided and whether the handoff rule did', () => {
    const result = resolver.resolve('backend/app/models/user.py');
    assert.equal(result.kind, 'owned');
    assert.ok(result.kind === 'owned');
    assert.equal(result.pattern, 'backend/app/models/');
    assert.equal(result.viaHandoff, false);
    const handoff = resolver.resolve('HANDOFF_FROM_FE.md');
    assert.ok(handoff.kind === 'owned' && handoff.viaHandoff && handoff.domain.id === 'FE');
  });
});

describe('ownership specificity', () => {
  it('a deeper directory beats its parent', () => {
    const r = OwnershipResolver.compile(
      mapOf([
        { id: 'A', paths: ['src/'] },
        { id: 'B', paths: ['src/lib/'] },
      ]),
    );
    assert.equal(ownerKey(r.resolve('src/lib/x.ts')), 'B');
    assert.equal(ownerKey(r.resolve('src/main.ts')), 'A');
  });

  it('a literal file beats a glob', () => {
    const r = OwnershipResolver.compile(
      mapOf([
        { id: 'A', paths: ['/*.md'] },
        { id: 'B', paths: ['/README.md'] },
      ]),
    );
    assert.equal(ownerKey(r.resolve('README.md')), 'B');
    assert.equal(ownerKey(r.resolve('NOTES.md')), 'A');
  });

  it('a named directory beats an any-depth glob', () => {
    const r = OwnershipResolver.compile(
      mapOf([
        { id: 'A', paths: ['*.md'] },
        { id: 'B', paths: ['docs/'] },
      ]),
    );
    assert.equal(ownerKey(r.resolve('docs/x.md')), 'B');
    assert.equal(ownerKey(r.resolve('src/deep/x.md')), 'A');
  });

  it('equal specificity in two domains is contested, naming both', () => {
    // Both anchored at the root (`lib/**` has a slash in its middle, as gitignore reads it).
    const r = OwnershipResolver.compile(
      mapOf([
        { id: 'A', paths: ['/lib/'] },
        { id: 'B', paths: ['lib/**'] },
      ]),
    );
    const result = r.resolve('lib/x.ts');
    assert.equal(result.kind, 'contested');
    assert.ok(result.kind === 'contested');
    assert.deepEqual(
      result.domains.map((d) => d.id),
      ['A', 'B'],
    );
    assert.deepEqual(result.patterns, ['/lib/', 'lib/**']);
  });

  it('a pattern without a slash matches at any depth; with one it is anchored', () => {
    const r = OwnershipResolver.compile(
      mapOf([
        { id: 'A', paths: ['fixtures/'] },
        { id: 'B', paths: ['tools/bin'] },
      ]),
    );
    assert.equal(ownerKey(r.resolve('a/b/fixtures/x.json')), 'A');
    assert.equal(ownerKey(r.resolve('tools/bin/run')), 'B');
    assert.equal(ownerKey(r.resolve('x/tools/bin/run')), 'unassigned');
  });

  it('supports **, character classes and braces', () => {
    const r = OwnershipResolver.compile(
      mapOf([
        { id: 'A', paths: ['src/**/*.test.ts'] },
        { id: 'B', paths: ['src/'] },
        { id: 'C', paths: ['/{a,b}/[xy]*'] },
      ]),
    );
    assert.equal(ownerKey(r.resolve('src/deep/er/x.test.ts')), 'A');
    assert.equal(ownerKey(r.resolve('src/x.test.ts')), 'A');
    assert.equal(ownerKey(r.resolve('src/x.ts')), 'B');
    assert.equal(ownerKey(r.resolve('b/yes.txt')), 'C');
    assert.equal(ownerKey(r.resolve('b/no.txt')), 'unassigned');
  });

  it('gives the same answers as one minimatch per pattern on random paths', () => {
    const map = mapOf([
      { id: 'A', paths: ['src/', '*.md', 'lib/**/gen/'] },
      { id: 'B', paths: ['src/api/', '/README.md', 'docs/**/*.txt'] },
      { id: 'C', paths: ['/docs', 'test*/', '**/fixtures/*.json'] },
      { id: 'D', paths: ['src/api/v[12]/', '{a,b}/c/'] },
    ]);
    const fast = OwnershipResolver.compile(map);
    const naive = new NaiveResolver(map);
    const segment = fc.constantFrom(
      'src',
      'api',
      'v1',
      'v3',
      'docs',
      'lib',
      'gen',
      'tests',
      'test',
      'fixtures',
      'a',
      'b',
      'c',
      'x.md',
      'README.md',
      'y.json',
      'z.txt',
      '.hidden',
      'HANDOFF_FROM_A.md',
    );
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), (segments) => {
        const path = segments.join('/');
        assert.equal(ownerKey(fast.resolve(path)), naive.owner(path), path);
      }),
      { numRuns: 3000 },
    );
  });
  it('resolveMatching (which resumes the walk of the directory it saw last) answers as resolve and records as recordMatches', () => {
    checkResolveMatching(
      mapOf([
        { id: 'A', paths: ['src/', '*.md', 'lib/**/gen/'] },
        { id: 'B', paths: ['src/api/', '/README.md', 'docs/**/*.txt'] },
        { id: 'C', paths: ['/docs', 'test*/', '**/fixtures/*.json', 'src/api/'] },
        { id: 'D', paths: ['src/api/v[12]/', '{a,b}/c/', 'gen'] },
      ]),
    );
  });
  it('resolveMatching keeps one answer per directory where no name can change it (directory patterns only), and it is still right', () => {
    checkResolveMatching(
      mapOf([
        { id: 'A', paths: ['src/', 'lib/**/gen/'] },
        { id: 'B', paths: ['src/api/', 'docs/'] },
        { id: 'C', paths: ['/docs', 'test*/', 'src/api/'] },
        { id: 'D', paths: ['src/api/v[12]/', '{a,b}/c/'] },
      ]),
    );
  });
});

function checkResolveMatching(map: DomainMap): void {
  const segment = fc.constantFrom(
    'src',
    'api',
    'v1',
    'v3',
    'docs',
    'lib',
    'gen',
    'tests',
    'test',
    'fixtures',
    'a',
    'b',
    'c',
    'x.md',
    'README.md',
    'y.json',
    'z.txt',
    '.hidden',
    'HANDOFF_FROM_A.md',
  );
  const pathArb = fc.array(segment, { minLength: 1, maxLength: 5 }).map((segments) => segments.join('/'));
  fc.assert(
    fc.property(fc.array(pathArb, { minLength: 1, maxLength: 20 }), (paths) => {
      const live = OwnershipResolver.compile(map);
      const reference = OwnershipResolver.compile(map);
      // Sorted, as a listing is, so that neighbours share their directory; and a second time unsorted.
      for (const path of [...[...paths].sort(), ...paths]) {
        const matches: string[] = [];
        const owner = live.resolveMatching(path, matches);
        let expected = reference.resolve(path);
        const recorded = reference.recordMatches(() => (expected = reference.resolve(path)));
        assert.deepEqual(owner, expected, path);
        assert.deepEqual(new Set(matches), recorded, path);
        assert.equal(matches.length, recorded.size, path);
      }
    }),
    { numRuns: 1000 },
  );
}
