// The exported commitlint configuration must give every message the verdict `territory check
// --message` gives it, so a team that lints with commitlint enforces the map Territory enforces.
// Checked against commitlint itself (npm @commitlint/load + @commitlint/lint, the engine its CLI
// runs, and the CLI for a few messages), never against our reading of its documentation.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import lint from '@commitlint/lint';
import load from '@commitlint/load';
import { commitlintExport } from '../../../src/core/guard/commitlint';
import { checkSubject, EXEMPTIONS, GIT_MERGE_SUBJECT, type Exemption } from '../../../src/core/guard/messageRules';
import type { DomainMap } from '../../../src/core/types';
import { SEED_MAP } from '../../support/seedMap';
import { cli, git, seedRepo, terminalEnv, write } from './helpers';

/** Messages people and agents write: the map's prefixes in every spelling, wrappers, git's own subjects. */
const CORPUS = [
  'core: add models',
  'api: x',
  'docs: readme',
  'test: e2e for 409',
  'CORE: x',
  'Core: x',
  'cOre: x',
  'core:x',
  'core:  two spaces',
  'core :x',
  'core : x',
  ' core: leading space',
  'core: trailing space   ',
  'core:',
  'core: ',
  'api(x)!: y',
  'api(auth): login',
  'api!: drop v1',
  'api(): empty scope',
  'api(a)(b): two scopes',
  'API(x)!: y',
  'coredump: analysis',
  'fe(ui): conflict dialog',
  'sched(solver)!:x',
  "Merge branch 'feature'",
  'Merge pull request #12 from acme/api',
  "Merge remote-tracking branch 'origin/main'",
  'Merge the branches by hand',
  'Merged PR 1: x',
  'Merge feature into main',
  'Revert "core: add models"',
  'Revert "Initial scaffold"',
  'revert "core: x"',
  'Revert core',
  'Reapply "core: x"',
  'Revert "fixup! core: x"',
  'fixup! core: add models',
  'squash! api: x',
  'amend! Initial',
  'FIXUP! core: x',
  'fixup!core: x',
  '1.2.3',
  'v1.2.3',
  'chore: 1.2.3',
  'Automatic merge from x',
  'Initial scaffold',
  'core: subject\n\nA body that says nothing about prefixes.\n',
  'Fix things\n\ncore: in the body only\n',
  '# comment line\ncore: after a comment\n',
  '',
  '   \n',
];

const EXEMPTION_SETS: readonly (readonly Exemption[])[] = [['merge', 'revert', 'fixup'], [], ['merge'], ['revert', 'fixup']];

/** commitlint's verdict with the config it found, as its CLI computes it for `--edit` (comments stripped). */
async function commitlintAccepts(loaded: Awaited<ReturnType<typeof load>>, message: string): Promise<boolean> {
  // The CLI refuses empty input ("[input] is required") before linting.
  if (message.trim() === '') return false;
  const parserOpts = { ...((loaded.parserPreset?.parserOpts as object | undefined) ?? {}), commentChar: '#' };
  const result = await lint(message, loaded.rules, {
    parserOpts,
    plugins: loaded.plugins,
    ignores: loaded.ignores ?? [],
    defaultIgnores: loaded.defaultIgnores !== false,
  });
  return result.valid;
}

describe('guard: the commitlint export agrees with territory check --message', function () {
  this.timeout(120_000);
  let root: string;
  const domainBefore = process.env.TERRITORY_DOMAIN;

  before(async () => {
    // The lead's view: any prefix of the map (a domain in force is Territory's own, finer check).
    delete process.env.TERRITORY_DOMAIN;
    root = await seedRepo('territory-commitlint-');
  });
  after(() => {
    if (domainBefore !== undefined) process.env.TERRITORY_DOMAIN = domainBefore;
    rmSync(join(root, '..'), { recursive: true, force: true });
  });

  for (const exemptions of EXEMPTION_SETS) {
    it(`same verdict for every message, territory.commitExemptions = [${exemptions.join(', ')}]`, async () => {
      write(root, { '.vscode/settings.json': JSON.stringify({ 'territory.commitExemptions': exemptions }) });
      rmSync(join(root, '.commitlintrc.json'), { force: true });
      const exported = await cli('export', 'commitlint', '--cwd', root);
      assert.equal(exported.code, 0, exported.err);
      const loaded = await load({}, { cwd: root });
      const disagreements: string[] = [];
      const head = git(root, 'rev-parse', 'HEAD').trim();
      for (const message of CORPUS) {
        const file = join(root, '.git', 'MSG');
        writeFileSync(file, message);
        // commitlint reads text only, so it lets git's merge subjects through whenever the merge
        // exemption is on; Territory does so only while git concludes a merge (MERGE_HEAD), which
        // is when git writes them: that is the state these messages are compared in.
        const merging = GIT_MERGE_SUBJECT.test(message) && exemptions.includes('merge');
        if (merging) writeFileSync(join(root, '.git', 'MERGE_HEAD'), `${head}\n`);
        const territory = await cli('check', '--message', file, '--cwd', root);
        rmSync(join(root, '.git', 'MERGE_HEAD'), { force: true });
        assert.ok(territory.code === 0 || territory.code === 1, `${JSON.stringify(message)}: ${territory.err}`);
        const ours = territory.code === 0;
        const theirs = await commitlintAccepts(loaded, message);
        if (ours !== theirs) disagreements.push(`${JSON.stringify(message)}: territory ${ours ? 'accepts' : 'refuses'}, commitlint ${theirs ? 'accepts' : 'refuses'}`);
      }
      assert.deepEqual(disagreements, []);
    });
  }

  it("commitlint's own CLI (--edit, as a commit-msg hook runs it) gives the same verdicts", async () => {
    write(root, { '.vscode/settings.json': '{}' });
    const exported = await cli('export', 'commitlint', '--cwd', root);
    assert.equal(exported.code, 0, exported.err);
    const bin = join(__dirname, '..', '..', '..', '..', 'node_modules', '@commitlint', 'cli', 'cli.js');
    // One process per message (about a second each): a few, the batch above covers the corpus.
    const cases: [string, boolean][] = [
      ['core: add models\n', true],
      ['api(x)!: y\n', true],
      ['CORE: x\n', false],
      ['1.2.3\n', false],
      ['# a comment\nfixup! core: x\n', true],
    ];
    for (const [message, expected] of cases) {
      const file = join(root, '.git', 'COMMIT_EDITMSG');
      writeFileSync(file, message);
      const run = spawnSync(process.execPath, [bin, '--edit', file], { cwd: root, env: terminalEnv(), encoding: 'utf8' });
      assert.equal(run.status === 0, expected, `${JSON.stringify(message)}: ${run.stdout}${run.stderr}`);
    }
  });

  it('the one difference commitlint cannot be told: a one-parent commit titled like a merge (the export says so)', async () => {
    write(root, { '.vscode/settings.json': '{}' });
    rmSync(join(root, '.commitlintrc.json'), { force: true });
    const exported = await cli('export', 'commitlint', '--cwd', root);
    assert.match(exported.out, /note: .*Merge branch/);
    const file = join(root, '.git', 'MSG');
    writeFileSync(file, "Merge branch 'feature'\n");
    assert.equal((await cli('check', '--message', file, '--cwd', root)).code, 1, 'no merge in progress: refused by Territory');
    assert.equal(await commitlintAccepts(await load({}, { cwd: root }), "Merge branch 'feature'\n"), true);
  });

  it('generated subjects, and prefixes of any shape: the same verdict, each within a time bound', async () => {
    // Odd prefixes too: no colon, brackets, a dash, regex characters (escaped on both sides).
    const map: DomainMap = {
      ...SEED_MAP,
      domains: [...SEED_MAP.domains, { id: 'UI', terminal: 'T6', name: 'UI', paths: ['ui/'], prefixes: ['[ui]', 'ui-fe:', 'a.b+c:'], rules: [] }],
    };
    const names = ['core', 'api', 'docs', 'fe', 'feat', '[ui]', 'ui-fe', 'a.b+c', 'a.bbc', 'CORE', 'Core', ''];
    const subject = fc
      .tuple(
        fc.constantFrom('', '', 'Revert "', 'fixup! ', 'squash!', 'revert "', ' '),
        fc.constantFrom(...names),
        fc.constantFrom('', '', '(x)', '()', '(a b)', '(('),
        fc.constantFrom('', '!'),
        fc.constantFrom(': ', ': ', ':', ':  ', ' :', ' ', ''),
        fc.constantFrom('add models', 'x', '', ' y', 'Merge branch'),
        fc.constantFrom('', '"'),
      )
      .map((parts) => parts.join(''));
    const seen = { accepted: 0, refused: 0 };
    for (const exemptions of [EXEMPTIONS.filter((e) => e !== 'merge'), []] as Exemption[][]) {
      const generated = commitlintExport(map, exemptions);
      assert.ok(!('reason' in generated));
      // As the exported .commitlintrc.json carries it: the pattern is a string (commitlint's types say RegExp).
      const parserOpts = { headerPattern: generated.headerPattern, headerCorrespondence: ['type', 'scope', 'subject'], commentChar: '#' } as unknown as NonNullable<
        Parameters<typeof lint>[2]
      >['parserOpts'];
      const rules = Object.fromEntries(generated.values.filter((v) => v.path[0] === 'rules').map((v) => [v.path[1], v.value])) as Parameters<typeof lint>[1];
      await fc.assert(
        fc.asyncProperty(subject, async (text) => {
          const started = Date.now();
          const ours = checkSubject(text, map, undefined, exemptions).problems.length === 0;
          const theirs = text.trim() === '' ? false : (await lint(text, rules, { parserOpts, defaultIgnores: false })).valid;
          assert.equal(ours, theirs, `${JSON.stringify(text)} with [${exemptions.join(', ')}]`);
          seen[ours ? 'accepted' : 'refused']++;
          assert.ok(Date.now() - started < 1000, `${JSON.stringify(text)} took ${Date.now() - started} ms`);
        }),
        { numRuns: 400 },
      );
    }
    assert.ok(seen.accepted > 50 && seen.refused > 50, `both verdicts generated: ${JSON.stringify(seen)}`);
  });

  it('a "commitlint" key in package.json would shadow the written file: the export refuses', async () => {
    write(root, { 'package.json': JSON.stringify({ name: 'x', commitlint: { rules: {} } }) });
    try {
      const refused = await cli('export', 'commitlint', '--cwd', root);
      assert.equal(refused.code, 2);
      assert.match(refused.err, /package\.json.*"commitlint"/);
    } finally {
      rmSync(join(root, 'package.json'));
    }
  });
});
