// The exported commitlint configuration must give every message the verdict `territory check
// --message` gives it, so a team that lints with commitlint enforces the map Territory enforces.
// Checked against commitlint itself (npm @commitlint/load + @commitlint/lint, the engine its CLI
// runs, and the CLI for a few messages), never against our reading of its documentation.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import lint from '@commitlint/lint';
import load from '@commitlint/load';
import { GIT_MERGE_SUBJECT, type Exemption } from '../../../src/core/guard/messageRules';
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

  it('commitlint\'s own CLI (--edit, as a commit-msg hook runs it) gives the same verdicts', async () => {
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
