// The exported commitlint configuration must give every message the verdict `territory check
// --message` gives it, so a team that lints with commitlint enforces the map Territory enforces.
// Checked against commitlint itself (npm @commitlint/load + @commitlint/lint, the engine its CLI
// runs, and the CLI for a few messages), never against our reading of its documentation, in the
// hook's two situations: `git commit -m` (no editor: GIT_EDITOR=:, `#` lines are kept) and an
// editor (comment lines dropped).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import lint from '@commitlint/lint';
import load from '@commitlint/load';
import { commitlintExport } from '../../../../src/core/guard/commitlint';
import { checkSubject, EXEMPTIONS, GIT_MERGE_SUBJECT, type Exemption } from '../../../../src/core/guard/messageRules';
import { recordedSubject } from '../../../../src/core/guard/commitMessage';
import type { DomainMap } from '../../../../src/core/types';
import { SEED_MAP } from '../../../support/seedMap';
import { cli, git, seedRepo, terminalEnv, write } from '../../support/guard';
import { REPO_ROOT } from '../../../support/repoRoot';

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
  // Issue 25: git records each of these first lines as the subject.
  '#core: x',
  '#core: x\n',
  '# core: x\ncore: y\n',
  '\rcore: x',
  '\r\ncore: x',
  '   \ncore: x',
  '\t\ncore: x\n',
  ' \r\ncore: x',
  'core: x\u2028more',
  'core: \u2028',
  '\u2028core: x',
  'core: caf\u00e9 \u00a0',
  '\u00a0\ncore: x',
  '\u2028\ncore: x',
  '\u000b\ncore: x',
  '\ufeff\ncore: x',
  ';core: x',
  'gpg: core: x',
  'gpg: signed\ncore: x',
  '# ------------------------ >8 ------------------------\ncore: x',
  'core: x\n# ------------------------ >8 ------------------------\n',
  'core(scope)!: x\r\n\r\nbody\r\n',
];

/** Messages made from the shapes above: what precedes the subject, the subject, what follows it. */
function generatedCorpus(): string[] {
  const before = ['', '#', '# note\n', '\r', '\n', '  \n', '\t', ' ', '\u2028', ';', 'gpg: x\n', '\n\n'];
  const subjects = [
    'core: add',
    'api(x)!: y',
    'CORE: x',
    'fixup! core: x',
    'Revert "api: x"',
    "Merge branch 'x'",
    'docs:',
    'nothing here',
    'test: a\u2028b',
    'fe: x ',
  ];
  const after = ['', '\n', '\n\nbody\n', '\r\n'];
  const out: string[] = [];
  for (const b of before) for (const s of subjects) for (const a of after) out.push(`${b}${s}${a}`);
  return out;
}

const ALL = [...new Set([...CORPUS, ...generatedCorpus()])];

/**
 * commitlint's verdict with the config it found, as its CLI computes it for `--edit` in a commit-msg
 * hook (@commitlint/cli lib/cli.js): blank input is not linted at all (exit 0); the comment
 * character from git is set on the parser options; GIT_INDEX_FILE is set while git commits.
 */
async function commitlintAccepts(loaded: Awaited<ReturnType<typeof load>>, message: string): Promise<boolean> {
  if (message.trim() === '') return true;
  const parserOpts = Object.assign((loaded.parserPreset?.parserOpts as object | undefined) ?? {}, { commentChar: '#' });
  const before = process.env.GIT_INDEX_FILE;
  process.env.GIT_INDEX_FILE = '.git/index';
  try {
    const result = await lint(`${message}\n`, loaded.rules, {
      parserOpts,
      plugins: loaded.plugins,
      ignores: loaded.ignores ?? [],
      defaultIgnores: loaded.defaultIgnores !== false,
    });
    return result.valid;
  } finally {
    if (before === undefined) delete process.env.GIT_INDEX_FILE;
    else process.env.GIT_INDEX_FILE = before;
  }
}

/**
 * The differences commitlint cannot be told, each said in the export's notes: its CLI lints no
 * message JavaScript's trim() empties (git refuses an empty one itself unless --allow-empty-message),
 * and its parser drops lines starting with `gpg:` before any rule runs.
 */
function documentedDifference(message: string): boolean {
  return message.trim() === '' || message.split(/\r?\n/).every((line) => /^\s*gpg:/.test(line) || line.trim() === '');
}

const EXEMPTION_SETS: readonly (readonly Exemption[])[] = [
  ['merge', 'revert', 'fixup'],
  [],
  ['merge'],
  ['revert', 'fixup'],
];

/** GIT_EDITOR as git sets it for the hooks: `:` when no editor ran (`-m`, `-F`), unset otherwise. */
function withEditor<T>(editing: boolean, run: () => Promise<T>): Promise<T> {
  const before = process.env.GIT_EDITOR;
  if (editing) delete process.env.GIT_EDITOR;
  else process.env.GIT_EDITOR = ':';
  return run().finally(() => {
    if (before === undefined) delete process.env.GIT_EDITOR;
    else process.env.GIT_EDITOR = before;
  });
}

describe('guard: the commitlint export agrees with territory check --message', function () {
  this.timeout(600_000);
  const domainBefore = process.env.TERRITORY_DOMAIN;
  const cwdBefore = process.cwd();
  const roots: string[] = [];

  before(() => {
    // The lead's view: any prefix of the map (a domain in force is Territory's own, finer check).
    delete process.env.TERRITORY_DOMAIN;
  });
  after(() => {
    process.chdir(cwdBefore);
    if (domainBefore !== undefined) process.env.TERRITORY_DOMAIN = domainBefore;
    for (const root of roots) rmSync(join(root, '..'), { recursive: true, force: true });
  });

  /** A seed repository with the export written for `exemptions` (each its own: Node caches the plugin module by path). */
  async function exportedRepo(exemptions: readonly Exemption[]): Promise<string> {
    const root = await seedRepo('territory-commitlint-');
    roots.push(root);
    write(root, { '.vscode/settings.json': JSON.stringify({ 'territory.commitExemptions': exemptions }) });
    const exported = await cli('export', 'commitlint', '--cwd', root);
    assert.equal(exported.code, 0, exported.err);
    return root;
  }

  it(`a corpus of ${ALL.length} messages: at least 300`, () => {
    assert.ok(ALL.length >= 300, `${ALL.length}`);
  });

  for (const exemptions of EXEMPTION_SETS) {
    it(`same verdict for every message, with and without an editor, territory.commitExemptions = [${exemptions.join(', ')}]`, async () => {
      const root = await exportedRepo(exemptions);
      const loaded = await load({}, { cwd: root });
      // The plugin asks git for the comment settings and MERGE_HEAD where commitlint runs: the repository's top.
      process.chdir(root);
      const disagreements: string[] = [];
      const documented: string[] = [];
      const head = git(root, 'rev-parse', 'HEAD').trim();
      const seen = { accepted: 0, refused: 0 };
      // The full corpus with the default exemptions; the others over the cases and a sample.
      const corpus = exemptions.length === 3 ? ALL : ALL.filter((_, i) => i < CORPUS.length || i % 7 === 0);
      for (const editing of [false, true]) {
        for (const message of corpus) {
          const file = join(root, '.git', 'MSG');
          writeFileSync(file, message);
          // git writes its merge subjects while it concludes a merge (MERGE_HEAD): compared in that state.
          const merging =
            GIT_MERGE_SUBJECT.test(recordedSubject(message, { commentSetting: '', cleanup: '', editing })) &&
            exemptions.includes('merge');
          if (merging) writeFileSync(join(root, '.git', 'MERGE_HEAD'), `${head}\n`);
          try {
            const started = Date.now();
            const territory = await withEditor(editing, () => cli('check', '--message', file, '--cwd', root));
            assert.ok(territory.code === 0 || territory.code === 1, `${JSON.stringify(message)}: ${territory.err}`);
            const ours = territory.code === 0;
            const theirs = await withEditor(editing, () => commitlintAccepts(loaded, message));
            assert.ok(Date.now() - started < 5000, `${JSON.stringify(message)} took ${Date.now() - started} ms`);
            seen[ours ? 'accepted' : 'refused']++;
            if (ours === theirs) continue;
            const line = `${JSON.stringify(message)} (${editing ? 'editor' : '-m'}): territory ${ours ? 'accepts' : 'refuses'}, commitlint ${theirs ? 'accepts' : 'refuses'}`;
            (documentedDifference(message) && !ours ? documented : disagreements).push(line);
          } finally {
            rmSync(join(root, '.git', 'MERGE_HEAD'), { force: true });
          }
        }
      }
      process.chdir(cwdBefore);
      assert.deepEqual(disagreements, []);
      assert.ok(seen.accepted > 30 && seen.refused > 30, JSON.stringify(seen));
      // The documented differences are few, and only messages git records as empty or all-gpg.
      assert.ok(documented.length <= 40, `${documented.length}:\n${documented.join('\n')}`);
      console.log(
        `      ${corpus.length} messages × 2: ${seen.accepted} accepted, ${seen.refused} refused, ${documented.length} documented differences`,
      );
    });
  }

  it("commitlint's own CLI (--edit, as a commit-msg hook runs it) gives the same verdicts", async () => {
    const root = await exportedRepo(['merge', 'revert', 'fixup']);
    const bin = join(REPO_ROOT, 'node_modules', '@commitlint', 'cli', 'cli.js');
    const head = git(root, 'rev-parse', 'HEAD').trim();
    // One process per message (about a second each): the cases, the batch above covers the corpus.
    const cases: [string, boolean, { editing?: boolean; merging?: boolean }][] = [
      ['core: add models\n', true, {}],
      ['api(x)!: y\n', true, {}],
      ['CORE: x\n', false, {}],
      ['1.2.3\n', false, {}],
      ['#core: x\n', false, {}],
      ['# a comment\nfixup! core: x\n', true, { editing: true }],
      ['# a comment\nfixup! core: x\n', false, {}],
      ['\rcore: x\n', false, {}],
      ['   \ncore: x\n', true, {}],
      ['core: x\u2028y\n', true, {}],
      ["Merge branch 'feature'\n", false, {}],
      ["Merge branch 'feature'\n", true, { merging: true }],
    ];
    for (const [message, expected, { editing = false, merging = false }] of cases) {
      const file = join(root, '.git', 'COMMIT_EDITMSG');
      writeFileSync(file, message);
      // Both run while git would be concluding a merge, or both not.
      if (merging) writeFileSync(join(root, '.git', 'MERGE_HEAD'), `${head}\n`);
      const env = terminalEnv({ GIT_INDEX_FILE: '.git/index', ...(editing ? {} : { GIT_EDITOR: ':' }) });
      const run = spawnSync(process.execPath, [bin, '--edit', file], { cwd: root, env, encoding: 'utf8' });
      const territory = await withEditor(editing, () => cli('check', '--message', file, '--cwd', root)).finally(() =>
        rmSync(join(root, '.git', 'MERGE_HEAD'), { force: true }),
      );
      assert.equal(territory.code === 0, expected, `territory: ${JSON.stringify(message)}: ${territory.err}`);
      assert.equal(run.status === 0, expected, `commitlint: ${JSON.stringify(message)}: ${run.stdout}${run.stderr}`);
    }
  });

  it('the export says what commitlint cannot be told: blank and gpg-only messages, and merges read from history', async () => {
    const root = await exportedRepo(['merge', 'revert', 'fixup']);
    const exported = await cli('export', 'commitlint', '--cwd', root);
    assert.match(exported.out, /note: .*does not lint an empty or whitespace-only message/);
    assert.match(exported.out, /note: .*gpg:/);
    assert.match(exported.out, /note: .*from history.*Merge branch/);
  });

  it('generated subjects, and prefixes of any shape: the same verdict, each within a time bound', async () => {
    // Odd prefixes too: no colon, brackets, a dash, regex characters (escaped on both sides).
    const map: DomainMap = {
      ...SEED_MAP,
      domains: [
        ...SEED_MAP.domains,
        { id: 'UI', terminal: 'T6', name: 'UI', paths: ['ui/'], prefixes: ['[ui]', 'ui-fe:', 'a.b+c:'], rules: [] },
      ],
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
    const dir = mkdtempSync(join(tmpdir(), 'territory-commitlint-plugin-'));
    for (const exemptions of [EXEMPTIONS.filter((e) => e !== 'merge'), []] as Exemption[][]) {
      const generated = commitlintExport(map, exemptions);
      assert.ok(!('reason' in generated));
      // The plugin module as the export writes it, loaded as commitlint loads it (one file per export: Node caches modules by path).
      const pluginFile = join(dir, `commitlint-${exemptions.join('-') || 'none'}.cjs`);
      writeFileSync(pluginFile, generated.plugin);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const plugin = (require(pluginFile) as { plugins: NonNullable<Parameters<typeof lint>[2]>['plugins'][] })[
        'plugins'
      ][0];
      const parser = (generated.values.find((v) => v.path[0] === 'parserPreset')?.value as { parserOpts: object })
        .parserOpts;
      // The parser options as the CLI hands them over, its comment character on the outer object.
      const parserOpts = { ...parser, commentChar: '#' } as unknown as NonNullable<
        Parameters<typeof lint>[2]
      >['parserOpts'];
      const rules = Object.fromEntries(
        generated.values.filter((v) => v.path[0] === 'rules').map((v) => [v.path[1], v.value]),
      ) as Parameters<typeof lint>[1];
      await fc.assert(
        fc.asyncProperty(subject, async (text) => {
          const started = Date.now();
          const ours = checkSubject(text, map, undefined, exemptions).problems.length === 0;
          const theirs =
            text.trim() === ''
              ? false
              : (await lint(text, rules, { parserOpts, plugins: { local: plugin } as never, defaultIgnores: false }))
                  .valid;
          assert.equal(ours, theirs, `${JSON.stringify(text)} with [${exemptions.join(', ')}]`);
          seen[ours ? 'accepted' : 'refused']++;
          assert.ok(Date.now() - started < 1000, `${JSON.stringify(text)} took ${Date.now() - started} ms`);
        }),
        { numRuns: 400 },
      );
    }
    rmSync(dir, { recursive: true, force: true });
    assert.ok(seen.accepted > 50 && seen.refused > 50, `both verdicts generated: ${JSON.stringify(seen)}`);
  });

  it('a "commitlint" key in package.json would shadow the written file: the export refuses', async () => {
    const root = await exportedRepo([]);
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
