import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { folderContents, folderMark, MIXED_BADGE } from '../../../../src/core/ownership/folderOwners';
import { LiveCoverage } from '../../../../src/core/ownership/liveCoverage';
import {
  explorerMark,
  isOffLimits,
  ownerBadge,
  UNASSIGNED_BADGE,
  type UnassignedPolicy,
} from '../../../../src/core/ownership/offLimits';
import { OwnershipResolver } from '../../../../src/core/ownership/resolver';
import type { DomainMap } from '../../../../src/core/types';
import { SEED_MAP } from '../../../support/seedMap';

const SEED_FILES = [
  'Makefile',
  'README.md',
  'backend/app/models/assignment.py',
  'backend/app/api/routes.py',
  'backend/tests/test_models.py',
  'frontend/src/App.tsx',
  'frontend/src/api/client.ts',
  'frontend/public/index.html',
  'frontend/__tests__/App.test.tsx',
  'docs/architecture.md',
  'tools/lint.sh',
];
const SEED_RESOLVER = OwnershipResolver.compile(SEED_MAP);

/** The mark of a seed folder for `active`, computed as the Explorer does: counts from the live coverage. */
async function seedMark(
  dir: string,
  active: string | undefined,
  policy: UnassignedPolicy = 'locked',
  style: 'domainId' | 'terminal' = 'domainId',
) {
  const live = await LiveCoverage.build(SEED_MAP, SEED_RESOLVER, [...SEED_FILES]);
  return folderMark(SEED_RESOLVER.resolve(dir, true), live.contentsOf(dir), active, policy, style);
}

describe('folder ownership in the Explorer', () => {
  it("shows frontend/ (only FE's and TEST's files) as theirs, mixed, not as the lead's", async () => {
    assert.equal(SEED_RESOLVER.resolve('frontend', true).kind, 'unassigned', 'no pattern names frontend/ itself');
    assert.deepEqual(await seedMark('frontend', 'CORE'), {
      badge: MIXED_BADGE,
      tooltip: 'Mixed: FE, TEST — read-only for CORE',
      tone: 'offLimits',
    });
    assert.deepEqual(await seedMark('frontend', undefined), {
      badge: MIXED_BADGE,
      tooltip: 'Mixed: FE, TEST',
      tone: undefined,
    });
  });

  it("shows a folder holding one domain's files as that domain's, with the chosen badge", async () => {
    assert.deepEqual(await seedMark('frontend/src', 'CORE'), {
      badge: 'FE',
      tooltip: 'Owned by FE (T4) — read-only for CORE',
      tone: 'offLimits',
    });
    assert.deepEqual(await seedMark('frontend/src', 'CORE', 'locked', 'terminal'), {
      badge: 'T4',
      tooltip: 'Owned by FE (T4) — read-only for CORE',
      tone: 'offLimits',
    });
    assert.deepEqual(await seedMark('docs', undefined), {
      badge: 'TE',
      tooltip: 'Owned by TEST (T5)',
      tone: undefined,
    });
    assert.equal(await seedMark('frontend/src', 'FE'), undefined, "the viewer's own folder is clean");
  });

  it("never greys a folder holding some of the viewer's files", async () => {
    for (const active of ['CORE', 'API', 'TEST'])
      assert.equal((await seedMark('backend', active))?.tone, undefined, `backend/ as ${active}`);
    assert.equal((await seedMark('frontend', 'FE'))?.tone, undefined);
    assert.equal((await seedMark('backend', 'FE'))?.tone, 'offLimits');
  });

  it("keeps the lead's mark for a folder of unassigned files; a shared unassigned file ungreys a mixed folder", async () => {
    assert.deepEqual(await seedMark('tools', 'CORE'), {
      badge: UNASSIGNED_BADGE,
      tooltip: "Unassigned (the lead's) — read-only for CORE",
      tone: 'offLimits',
    });
    const contents = { domains: [SEED_MAP.domains[3]!], unassigned: 1, contested: 0 };
    assert.equal(folderMark({ kind: 'unassigned' }, contents, 'CORE', 'locked', 'domainId')?.tone, 'offLimits');
    assert.deepEqual(folderMark({ kind: 'unassigned' }, contents, 'CORE', 'shared', 'domainId'), {
      badge: MIXED_BADGE,
      tooltip: 'Mixed: FE, unassigned',
      tone: undefined,
    });
  });

  it('answers from the path alone before the folder is counted', () => {
    assert.deepEqual(
      folderMark({ kind: 'unassigned' }, undefined, 'CORE', 'locked', 'domainId'),
      explorerMark({ kind: 'unassigned' }, 'CORE', 'locked', false),
    );
    assert.equal(
      folderMark({ kind: 'unassigned' }, undefined, 'CORE', 'locked', 'domainId', true),
      undefined,
      'a folder known to hold CORE files',
    );
  });

  it('cuts a badge to the two characters VS Code accepts, by code point', () => {
    const domain = { ...SEED_MAP.domains[0]!, id: '🛡️X', terminal: 'TERM' };
    assert.equal(ownerBadge(domain, 'terminal'), 'TE');
    assert.equal([...ownerBadge(domain, 'domainId')].length, 2);
    for (const d of SEED_MAP.domains) assert.ok(ownerBadge(d, 'domainId').length <= 2);
  });

  // Generated maps over a small tree of directories, so patterns nest, overlap and contest.
  const DIRS = ['a', 'a/b', 'a/b/c', 'a/d', 'e', 'e/f'];
  const NAMES = ['x.ts', 'y.md', 'z.py'];
  const PATTERNS = [...DIRS.map((d) => `${d}/`), '*.md', 'a/**/*.py', 'e/f/x.ts', '/*.ts'];
  const mapArb = fc
    .array(fc.uniqueArray(fc.constantFrom(...PATTERNS), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 })
    .map((pathsPerDomain): DomainMap => ({
      ...SEED_MAP,
      domains: pathsPerDomain.map((paths, i) => ({
        id: `D${i}`,
        terminal: `T${i}`,
        name: `Domain ${i}`,
        prefixes: [`d${i}:`],
        rules: [],
        paths,
      })),
    }));
  const filesArb = fc.uniqueArray(
    fc
      .tuple(fc.constantFrom('', ...DIRS), fc.constantFrom(...NAMES))
      .map(([dir, name]) => (dir === '' ? name : `${dir}/${name}`)),
    { maxLength: 25 },
  );
  const CASE_MS = 500;

  it('on generated maps: the live counts equal a pass over the listing, and a folder is greyed exactly when all it holds is off-limits', async () => {
    await fc.assert(
      fc.asyncProperty(
        mapArb,
        filesArb,
        fc.constantFrom<UnassignedPolicy>('locked', 'shared'),
        async (map, files, policy) => {
          const started = performance.now();
          const resolver = OwnershipResolver.compile(map);
          const live = await LiveCoverage.build(map, resolver, [...files]);
          for (const dir of DIRS) {
            const contents = live.contentsOf(dir);
            assert.deepEqual(contents, folderContents(map, resolver, files, dir), dir);
            const under = files.filter((f) => f.startsWith(`${dir}/`)).map((f) => resolver.resolve(f));
            // An empty folder is judged by its path; a contested file's domains are not counted per folder.
            if (under.length === 0 || under.some((o) => o.kind === 'contested')) continue;
            for (const active of [undefined, ...map.domains.map((d) => d.id)]) {
              const mark = folderMark(resolver.resolve(dir, true), contents, active, policy, 'domainId');
              if (resolver.resolve(dir, true).kind === 'contested') {
                assert.equal(mark?.tone, 'warning');
                continue;
              }
              const allOffLimits = under.length > 0 && under.every((o) => isOffLimits(o, active, policy));
              assert.equal(mark?.tone === 'offLimits', allOffLimits, `${dir} as ${active ?? 'lead'} (${policy})`);
              const owners = new Set(under.map((o) => (o.kind === 'owned' ? o.domain.id : o.kind)));
              if (owners.size === 1 && under[0]!.kind === 'owned' && under[0]!.domain.id !== active)
                assert.equal(mark?.badge, under[0]!.domain.id.slice(0, 2), dir);
              if (owners.size > 1 && !owners.has(active ?? '')) assert.equal(mark?.badge, MIXED_BADGE, dir);
            }
          }
          assert.ok(
            performance.now() - started < CASE_MS,
            `one case took ${(performance.now() - started).toFixed(0)} ms`,
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
