import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { analyzeCoverage, type CoverageReport } from '../../../../src/core/ownership/coverage';
import { folderContents } from '../../../../src/core/ownership/folderOwners';
import { LiveCoverage } from '../../../../src/core/ownership/liveCoverage';
import { OwnershipResolver } from '../../../../src/core/ownership/resolver';
import { ownerKey } from '../../../../src/core/ownership/offLimits';
import type { DomainMap } from '../../../../src/core/types';
import { SEED_MAP } from '../../../support/seedMap';

/** The seed's map plus a domain that contests `infra/` with equal specificity and a glob domain. */
const MAP: DomainMap = {
  ...SEED_MAP,
  domains: [
    ...SEED_MAP.domains,
    {
      id: 'OPS',
      terminal: 'T6',
      name: 'Ops',
      prefixes: ['ops:'],
      rules: [],
      paths: ['infra/', 'scripts/*.sh', 'never/matches/'],
    },
    { id: 'INFRA', terminal: 'T7', name: 'Infra', prefixes: ['infra:'], rules: [], paths: ['infra/', '**/*.tf'] },
  ],
};
const RESOLVER = OwnershipResolver.compile(MAP);
/** Directory patterns only (no glob a file name could match): the resolver keeps one answer per directory. */
const DIRECTORY_MAP: DomainMap = {
  ...SEED_MAP,
  domains: SEED_MAP.domains.map((d) => ({ ...d, paths: d.paths.filter((p) => p.endsWith('/')) })),
};

// A small alphabet of directories and names so that sequences hit the same directories again and
// again: directories fill up, empty out and change between owned and fully unassigned.
const DIRS = [
  '',
  'backend/app/models',
  'backend/app/api',
  'backend/tests',
  'docs',
  'frontend/src',
  'infra',
  'infra/mod',
  'scripts',
  'vendor',
  'vendor/lib',
  'vendor/lib/deep',
  'tools',
];
/** Every directory of DIRS and the ones above them. */
const FOLDERS = [
  ...new Set(DIRS.flatMap((dir) => dir.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/')))),
].filter((d) => d !== '');
const NAMES = ['a.py', 'b.md', 'c.sh', 'd.tf', 'HANDOFF_FROM_API.md', 'README.md'];
const pathArb = fc
  .tuple(fc.constantFrom(...DIRS), fc.constantFrom(...NAMES))
  .map(([dir, name]) => (dir === '' ? name : `${dir}/${name}`));
const opArb = fc.oneof(
  fc.record({ kind: fc.constant('add' as const), path: pathArb }),
  fc.record({ kind: fc.constant('remove' as const), path: pathArb }),
  fc.record({ kind: fc.constant('rename' as const), path: pathArb, to: pathArb }),
);

/** Everything a report says, as plain data (Maps as entries, the lazy cover read). */
function plain(report: CoverageReport): unknown {
  return {
    fileCount: report.fileCount,
    filesByDomain: [...report.filesByDomain],
    unassignedCount: report.unassignedCount,
    unusedPatterns: report.unusedPatterns,
    contested: report.contested,
    unassignedDirectories: report.unassignedDirectories,
    unassignedCover: report.unassignedCover,
  };
}

describe('live coverage', () => {
  for (const [what, map] of [
    ['', MAP],
    [' (directory patterns only)', DIRECTORY_MAP],
  ] as const) {
    it(`equals a full recomputation after any sequence of adds, removes and renames${what}`, async () => {
      const resolver = OwnershipResolver.compile(map);
      await fc.assert(
        fc.asyncProperty(
          fc.array(pathArb, { maxLength: 30 }),
          fc.array(opArb, { maxLength: 60 }),
          async (initial, ops) => {
            const live = await LiveCoverage.build(map, resolver, [...initial]);
            const files = new Set(initial);
            for (const op of ops) {
              if (op.kind === 'add') {
                assert.equal(live.add(op.path), !files.has(op.path));
                files.add(op.path);
              } else if (op.kind === 'remove') assert.equal(live.remove(op.path), files.delete(op.path));
              else if (files.has(op.path) && !files.has(op.to)) {
                live.remove(op.path);
                live.add(op.to);
                files.delete(op.path);
                files.add(op.to);
              }
              const sorted = [...files].sort();
              assert.deepEqual(
                plain(live.report()),
                plain(analyzeCoverage(map, OwnershipResolver.compile(map), sorted)),
              );
              assert.deepEqual([...live.listing], sorted);
              // Directories are numbered and their numbers reused as they empty: every answer still as recomputed.
              for (const dir of FOLDERS) {
                assert.deepEqual(
                  live.contentsOf(dir),
                  folderContents(map, resolver, sorted, dir),
                  `owners under ${dir}`,
                );
                for (const domain of map.domains) {
                  const expected = sorted.some(
                    (f) => f.startsWith(`${dir}/`) && ownerKey(resolver.resolve(f)) === domain.id,
                  );
                  assert.equal(live.holdsFilesOf(domain.id, dir), expected, `${domain.id} in ${dir}`);
                }
              }
            }
          },
        ),
        { numRuns: 150 },
      );
    });
  }

  it('knows which directories hold files of each domain, as files come and go', async () => {
    const live = await LiveCoverage.build(MAP, RESOLVER, ['backend/app/api/x.py', 'vendor/lib/a.py']);
    assert.equal(live.holdsFilesOf('API', 'backend'), true);
    assert.equal(live.holdsFilesOf('API', 'backend/app/api'), true);
    assert.equal(live.holdsFilesOf('CORE', 'backend'), false);
    live.add('backend/app/models/m.py');
    assert.equal(live.holdsFilesOf('CORE', 'backend/app'), true);
    live.remove('backend/app/api/x.py');
    assert.equal(live.holdsFilesOf('API', 'backend'), false);
    assert.equal(live.holdsFilesOf('CORE', 'backend'), true);
  });

  it('reports a pattern as matching nothing again once its last file is gone', async () => {
    const live = await LiveCoverage.build(MAP, RESOLVER, ['scripts/run.sh']);
    const unused = () =>
      live
        .report()
        .unusedPatterns.filter((u) => u.domainId === 'OPS')
        .map((u) => u.pattern);
    assert.deepEqual(unused(), ['infra/', 'never/matches/']);
    live.remove('scripts/run.sh');
    assert.deepEqual(unused(), ['infra/', 'scripts/*.sh', 'never/matches/']);
  });

  it('builds in slices that yield to the event loop, with the same answer', async () => {
    const paths = Array.from({ length: 20_000 }, (_, i) => `${DIRS[i % DIRS.length] || 'root'}/p${i % 97}/f${i}.py`);
    let pauses = 0;
    const slices = { due: () => true, pause: () => (pauses++, Promise.resolve()) };
    const live = await LiveCoverage.build(MAP, RESOLVER, [...paths].reverse(), slices);
    // One chance per path, and more while the paths are sorted.
    assert.ok(pauses > paths.length, `${pauses} pauses`);
    assert.deepEqual(plain(live.report()), plain(analyzeCoverage(MAP, RESOLVER, [...paths].sort())));
  });
});
