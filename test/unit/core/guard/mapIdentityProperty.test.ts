// Issue 25's property: for random sequences of map-file additions, deletions and renames in a
// range, interleaved with ordinary commits, `check --range` gives the verdicts of judging every
// commit with the base's map. The oracle knows what each generated commit did: a commit that
// changes which file is (or could become) the map is the lead's alone; every other commit gets
// the verdict the core's checkCommits gives with the base's map, computed here without git.
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { SEED_BASE_REF, SEED_TERRITORY_JSON } from '../../../fixtures/seedWorkspace';
import { leadFilesOf } from '../../../../src/core/guard/controlFiles';
import { withLeadFiles } from '../../../../src/core/guard/fileRules';
import { checkCommits } from '../../../../src/core/guard/rangeCheck';
import { EXEMPTIONS } from '../../../../src/core/guard/messageRules';
import { OwnershipResolver } from '../../../../src/core/ownership/resolver';
import { parseJsonMap } from '../../../../src/core/map/jsonMap';
import { cli, git, seedRepo, tempDir, write } from '../../support/guard';

type Prefix = 'core' | 'api' | 'fe' | 'test' | 'none';

type Step =
  | { readonly kind: 'edit'; readonly prefix: Prefix; readonly file: string }
  | { readonly kind: 'plant'; readonly prefix: Prefix; readonly file: string; readonly giving: string }
  | { readonly kind: 'delete-json'; readonly prefix: Prefix }
  | { readonly kind: 'rename-json'; readonly prefix: Prefix; readonly to: string };

/** Files of each owner in the seed's map, none of which a step plants a table in. */
const EDITABLE = [
  'backend/app/models/a.py',
  'backend/app/api/b.py',
  'frontend/src/c.ts',
  'backend/tests/test_d.py',
  'NOTES.md',
  'docs/guide.md',
  'Makefile',
];
const PLANTABLE = ['0.md', 'AAA.md', 'ZZZ.md', 'docs/plan.md', 'docs/deep/er/plan.md'];

const prefix = fc.constantFrom<Prefix>('core', 'api', 'fe', 'test', 'none');
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('edit' as const), prefix, file: fc.constantFrom(...EDITABLE) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('plant' as const),
      prefix,
      file: fc.constantFrom(...PLANTABLE),
      giving: fc.constantFrom('backend/app/api/', 'frontend/', 'backend/'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete-json' as const), prefix }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('rename-json' as const),
      prefix,
      to: fc.constantFrom('0.md', 'PLAN.md', 'docs/map.md'),
    }),
  },
);

function table(giving: string): string {
  return [
    '| Terminal | Domain Name | Exclusive Paths | Commit Prefix |',
    '|---|---|---|---|',
    `| T1 | CORE | \`backend/app/models/\`, \`${giving}\` | \`core:\` |`,
    '| T5 | TEST | `docs/`, root `*.md` | `test:` |',
    '',
  ].join('\n');
}

const BASE_MAP = parseJsonMap(JSON.stringify(SEED_TERRITORY_JSON)).map!;
const BASE_RESOLVER = OwnershipResolver.compile(BASE_MAP);

/** The verdict of an ordinary commit judged alone with the base's map, without git. */
function expectedWithBaseMap(subject: string, files: readonly string[]): boolean {
  const leadFiles = leadFilesOf(['territory.json']);
  const [verdict] = checkCommits(
    [
      {
        hash: 'f'.repeat(40),
        shortHash: 'fffffff',
        subject,
        parents: ['e'.repeat(40)],
        files: files.map((p) => ({ path: p, status: 'M' })),
      },
    ],
    BASE_MAP,
    withLeadFiles(BASE_RESOLVER, leadFiles),
    {
      exemptions: EXEMPTIONS,
      unassignedPolicy: 'locked',
      leadFiles,
    },
  );
  return verdict!.ok;
}

describe('map identity (issue 25), property: a range is judged as every commit with the base map', function () {
  this.timeout(300_000);
  let template: string;
  let base: string;
  before(async () => {
    template = await seedRepo('territory-identity-prop-');
    base = git(template, 'rev-parse', SEED_BASE_REF).trim();
  });
  after(() => rmSync(path.join(template, '..'), { recursive: true, force: true }));

  it('for random map additions, deletions and renames, each case within 10 s', async () => {
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), async (steps) => {
        const started = Date.now();
        const root = path.join(tempDir('territory-identity-case-'), 'r');
        try {
          git(tmpdir(), 'clone', '-q', template, root);
          git(root, 'config', 'user.name', 'Test');
          git(root, 'config', 'user.email', 'test@territory.invalid');
          git(root, 'checkout', '-q', '--detach', base);
          const expected: [string, boolean][] = [];
          let json = true;
          for (const [i, s] of steps.entries()) {
            const subject = s.prefix === 'none' ? `step ${i}` : `${s.prefix}: step ${i}`;
            let mapChange = true;
            if (s.kind === 'edit') {
              write(root, { [s.file]: `// ${i}\n` });
              mapChange = false;
            } else if (s.kind === 'plant') {
              write(root, { [s.file]: `# Plan ${i}\n\n${table(s.giving)}` });
            } else if (!json) {
              write(root, { 'NOTES.md': `// ${i}\n` });
              mapChange = false;
            } else {
              git(root, 'rm', '-q', 'territory.json');
              if (s.kind === 'rename-json') write(root, { [s.to]: `# Map\n\n${table('frontend/')}` });
              json = false;
            }
            git(root, 'add', '-A');
            git(root, 'commit', '-q', '--no-verify', '--allow-empty', '-m', subject);
            const files = git(root, 'show', '--name-only', '--format=', 'HEAD')
              .split('\n')
              .filter((f) => f !== '');
            // A map change is the lead's alone: an unprefixed commit of lead files only passes, a domain's fails.
            expected.unshift([subject, mapChange ? s.prefix === 'none' : expectedWithBaseMap(subject, files)]);
          }
          const result = await cli('check', '--cwd', root, '--range', `${base}..HEAD`, '--json');
          const data = JSON.parse(result.out) as {
            map: { from: string; file: string };
            range: { commits: { subject: string; ok: boolean }[] };
          };
          assert.equal(data.map.from, 'base', result.err);
          assert.equal(data.map.file, 'territory.json');
          assert.deepEqual(
            data.range.commits.map((c) => [c.subject, c.ok]),
            expected,
            JSON.stringify(steps),
          );
          assert.equal(result.code, expected.every(([, ok]) => ok) ? 0 : 1);
          assert.ok(Date.now() - started < 10_000, `case took ${Date.now() - started} ms`);
          cases++;
        } finally {
          rmSync(path.dirname(root), { recursive: true, force: true });
        }
      }),
      { numRuns: 30 },
    );
    assert.equal(cases, 30);
  });
});
