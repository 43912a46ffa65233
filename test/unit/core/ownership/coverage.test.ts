import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { analyzeCoverage, CoverageCounter, coverageDiagnostics } from '../../../../src/core/ownership/coverage';
import { OwnershipResolver } from '../../../../src/core/ownership/resolver';
import type { DomainMap } from '../../../../src/core/types';
import { SEED_MAP } from '../../../support/seedMap';

const FILES = [
  'backend/app/models/user.py',
  'backend/app/api/routes.py',
  'backend/app/api/models/request.py',
  'backend/tests/test_api.py',
  'frontend/src/App.tsx',
  'docs/guide.md',
  'README.md',
  'HANDOFF_FROM_CORE.md',
  'Makefile',
  'scripts/deploy.sh',
  'scripts/ci/check.sh',
  'infra/main.tf',
];

describe('coverage of a map over real files', () => {
  const report = analyzeCoverage(SEED_MAP, OwnershipResolver.compile(SEED_MAP), FILES);

  it('counts files per domain, handoff files included', () => {
    assert.equal(report.fileCount, FILES.length);
    assert.deepEqual(Object.fromEntries(report.filesByDomain), { CORE: 2, API: 2, SCHED: 0, FE: 1, TEST: 3 });
    assert.equal(report.unassignedCount, 4);
  });

  it('lists the patterns that match no file', () => {
    assert.deepEqual(report.unusedPatterns, [
      { domainId: 'CORE', pattern: 'backend/app/schemas/' },
      { domainId: 'CORE', pattern: 'backend/app/db/' },
      { domainId: 'CORE', pattern: 'backend/alembic/' },
      { domainId: 'API', pattern: 'backend/app/services/' },
      { domainId: 'API', pattern: 'backend/app/core/' },
      { domainId: 'SCHED', pattern: 'backend/app/scheduling/' },
      { domainId: 'FE', pattern: 'frontend/public/' },
      { domainId: 'TEST', pattern: 'frontend/__tests__/' },
    ]);
  });

  it('reports the outermost fully unassigned directories, largest first', () => {
    assert.deepEqual(report.unassignedDirectories, [
      { path: 'scripts', files: 2 },
      { path: 'infra', files: 1 },
    ]);
  });

  it('a pattern shadowed by a more specific one still counts as matching', () => {
    const map: DomainMap = {
      handoffFile: SEED_MAP.handoffFile,
      domains: [
        { id: 'A', terminal: 'T1', name: 'A', paths: ['src/'], prefixes: ['a:'], rules: [] },
        { id: 'B', terminal: 'T2', name: 'B', paths: ['src/lib/'], prefixes: ['b:'], rules: [] },
      ],
    };
    const shadowed = analyzeCoverage(map, OwnershipResolver.compile(map), ['src/lib/x.ts']);
    assert.deepEqual(shadowed.unusedPatterns, []);
  });

  it('turns contested files into one error per pair of patterns, placed by the locator', () => {
    const map: DomainMap = {
      handoffFile: SEED_MAP.handoffFile,
      domains: [
        { id: 'A', terminal: 'T1', name: 'A', paths: ['/lib/'], prefixes: ['a:'], rules: [] },
        { id: 'B', terminal: 'T2', name: 'B', paths: ['lib/**'], prefixes: ['b:'], rules: [] },
      ],
    };
    const contested = analyzeCoverage(map, OwnershipResolver.compile(map), ['lib/a.ts', 'lib/b.ts']);
    const located: string[] = [];
    const diagnostics = coverageDiagnostics(contested, (domainId, pattern) => {
      located.push(`${domainId} ${pattern}`);
      return { line: 7, column: 2, endLine: 7, endColumn: 9 };
    });
    const errors = diagnostics.filter((d) => d.code === 'contested-files');
    assert.equal(errors.length, 1);
    assert.equal(errors[0].severity, 'error');
    assert.match(errors[0].message, /^2 files claimed with equal specificity by A \("\/lib\/"\) and B \("lib\/\*\*"\)/);
    assert.deepEqual(errors[0].range, { line: 7, column: 2, endLine: 7, endColumn: 9 });
    assert.ok(located.includes('B lib/**'));
  });

  it('counted in parts (validate: the index while git walks), in any order, answers as the joined listing', () => {
    const map: DomainMap = {
      handoffFile: SEED_MAP.handoffFile,
      domains: [
        { id: 'A', terminal: 'T1', name: 'A', paths: ['/lib/', 'src/a/', '*.md'], prefixes: ['a:'], rules: [] },
        { id: 'B', terminal: 'T2', name: 'B', paths: ['lib/**', 'src/b/', 'tools/x/'], prefixes: ['b:'], rules: [] },
      ],
    };
    const dirs = [
      '',
      'lib',
      'lib/deep',
      'src',
      'src/a',
      'src/a/x',
      'src/b',
      'src/c',
      'src/c/d/e',
      'tools',
      'tools/x',
      'tools/y',
      'vendor/v/w',
    ];
    const names = ['a.ts', 'b.md', 'README.md', 'c.py', 'HANDOFF_FROM_A.md'];
    const path = fc
      .tuple(fc.constantFrom(...dirs), fc.constantFrom(...names))
      .map(([dir, name]) => (dir === '' ? name : `${dir}/${name}`));
    const listing = fc.uniqueArray(path, { maxLength: 40 }).map((paths) => paths.sort());
    fc.assert(
      fc.property(listing, listing, fc.boolean(), fc.boolean(), (untracked, tracked, trackedFirst, settleBetween) => {
        const joined = [...untracked, ...tracked];
        const expected = analyzeCoverage(map, OwnershipResolver.compile(map), joined);
        const counter = new CoverageCounter(map, OwnershipResolver.compile(map));
        const parts: [number, string[]][] = trackedFirst
          ? [
              [1, tracked],
              [0, untracked],
            ]
          : [
              [0, untracked],
              [1, tracked],
            ];
        for (const [slot, part] of parts) {
          counter.add(part, slot);
          // validate settles the folder totals of the first part while git still lists the second.
          if (settleBetween) counter.settle();
        }
        assert.deepEqual(counter.report(), expected);
        assert.deepEqual(
          expected.unassignedDirectories,
          naiveUnassignedDirectories(joined, OwnershipResolver.compile(map)).slice(0, 5),
        );
      }),
      { numRuns: 300 },
    );
  });
});

/** The outermost folders holding only unassigned files, by counting every ancestor of every file: the rule, spelled out. */
function naiveUnassignedDirectories(
  files: readonly string[],
  resolver: OwnershipResolver,
): { path: string; files: number }[] {
  const total = new Map<string, number>();
  const free = new Map<string, number>();
  for (const file of files) {
    const unassigned = resolver.resolve(file).kind === 'unassigned';
    const parts = file.split('/');
    for (let depth = 1; depth < parts.length; depth++) {
      const dir = parts.slice(0, depth).join('/');
      total.set(dir, (total.get(dir) ?? 0) + 1);
      if (unassigned) free.set(dir, (free.get(dir) ?? 0) + 1);
    }
  }
  const full = (dir: string) => free.get(dir) !== undefined && free.get(dir) === total.get(dir);
  return [...total.keys()]
    .filter((dir) => full(dir) && !(dir.includes('/') && full(dir.slice(0, dir.lastIndexOf('/')))))
    .map((dir) => ({ path: dir, files: free.get(dir) ?? 0 }))
    .sort((a, b) => b.files - a.files || a.path.localeCompare(b.path));
}
