// Issue 25: which file is the map is part of the map. Each attack of the issue, reproduced with
// real git and the CLI, then refused: CI judging a range, the commit hooks, the agent guard.
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  SEED_BASE_REF,
  SEED_TERRITORY_JSON,
  SEED_TERRITORY_JSON_TEXT,
  seedMarkdownPath,
} from '../../../fixtures/seedWorkspace';
import { PRE_TOOL_USE_FLAGS, preToolUseCommand } from '../../../../src/cli/agentGuard';
import { parseCommandLine } from '../../../../src/cli/flags';
import { payload } from '../../support/hookPayloads';
import { cli, git, gitRun, plant, seedRepo, tempDir, write } from '../../support/guard';

/** A markdown file holding a territory table that hands `extra` to TEST, or to CORE. */
function tableGiving(extra: string, to: 'TEST' | 'CORE' = 'TEST'): string {
  return [
    '# Planted',
    '',
    '| Terminal | Domain Name | Exclusive Paths | Commit Prefix |',
    '|----------|-------------|-----------------|---------------|',
    `| T1 | CORE | \`backend/app/models/\`${to === 'CORE' ? `, \`${extra}\`` : ''} | \`core:\` |`,
    `| T5 | TEST | \`docs/\`, root \`*.md\`${to === 'TEST' ? `, \`${extra}\`` : ''} | \`test:\` or \`docs:\` |`,
    '',
  ].join('\n');
}

async function guard(
  root: string,
  domain: string,
  tool: string,
  input: Record<string, unknown>,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const options = { ...parseCommandLine(['pre-tool-use', '--domain', domain], () => PRE_TOOL_USE_FLAGS), cwd: root };
  const code = await preToolUseCommand(
    options,
    {
      out: () => undefined,
      err: (t) => err.push(t),
      document: (t) => err.push(t),
      readStdin: async () => payload(tool, input, root),
    },
    env,
  );
  return { code, err: err.join('\n') };
}

type RangeData = {
  map: { from: string; file: string };
  range: { commits: { subject: string; ok: boolean }[]; leadFiles: { subject: string; path: string; kind: string }[] };
};

async function range(root: string, spec: string): Promise<{ code: number; data: RangeData; err: string }> {
  const result = await cli('check', '--cwd', root, '--range', spec, '--json');
  return { code: result.code, data: JSON.parse(result.out) as RangeData, err: result.err };
}

const verdicts = (data: RangeData) => data.range.commits.map((c) => [c.subject, c.ok]);

describe('map identity (issue 25): a domain cannot change which file is the map', function () {
  this.timeout(60_000);

  describe('1. CI: a range is judged with the map its base holds, found in the base', () => {
    let root: string;
    let base: string;
    before(async () => {
      root = await seedRepo('territory-identity-range-');
      base = git(root, 'rev-parse', SEED_BASE_REF).trim();
    });
    after(() => rmSync(path.join(root, '..'), { recursive: true, force: true }));
    afterEach(() => git(root, 'reset', '-q', '--hard', base));

    it('deleting territory.json in the range does not hand the next commit the working tree (no map): judged with the base map', async () => {
      git(root, 'rm', '-q', 'territory.json');
      git(root, 'commit', '-q', '--no-verify', '-m', 'tidy up');
      plant(root, 'test: touch the frontend', { 'frontend/src/App.tsx': 'export const x = 1;\n' });
      const { code, data, err } = await range(root, `${base}..HEAD`);
      assert.equal(code, 1, err);
      assert.equal(data.map.from, 'base');
      assert.equal(data.map.file, 'territory.json');
      assert.deepEqual(verdicts(data), [
        ['test: touch the frontend', false],
        ['tidy up', true],
      ]);
      assert.doesNotMatch(err, /working tree's map/);
    });

    it("a root 0.md holding a table (it would sort first) is a map change; a domain's commit of it fails", async () => {
      git(root, 'rm', '-q', 'territory.json');
      write(root, { '0.md': tableGiving('frontend/') });
      git(root, 'add', '0.md');
      git(root, 'commit', '-q', '--no-verify', '-m', 'test: notes');
      plant(root, 'test: touch the frontend', { 'frontend/src/App.tsx': 'export const x = 2;\n' });
      const { code, data } = await range(root, `${base}..HEAD`);
      assert.equal(code, 1);
      assert.equal(data.map.file, 'territory.json');
      assert.deepEqual(verdicts(data), [
        ['test: touch the frontend', false],
        ['test: notes', false],
      ]);
      assert.ok(
        data.range.leadFiles.some((f) => f.path === '0.md' && f.kind === 'map'),
        JSON.stringify(data.range.leadFiles),
      );
    });

    it('the same from a fresh clone checked out at the pull request head (detached), as CI runs', async () => {
      git(root, 'rm', '-q', 'territory.json');
      write(root, { '0.md': tableGiving('frontend/') });
      git(root, 'add', '0.md');
      git(root, 'commit', '-q', '--no-verify', '-m', 'switch the map');
      plant(root, 'test: touch the frontend', { 'frontend/src/App.tsx': 'export const x = 3;\n' });
      const head = git(root, 'rev-parse', 'HEAD').trim();
      const clone = path.join(tempDir('territory-identity-clone-'), 'c');
      try {
        git(tmpdir(), 'clone', '-q', '--no-checkout', root, clone);
        git(clone, 'checkout', '-q', '--detach', head);
        const { code, data } = await range(clone, `${base}..${head}`);
        assert.equal(code, 1);
        assert.equal(data.map.from, 'base');
        assert.deepEqual(verdicts(data), [
          ['test: touch the frontend', false],
          ['switch the map', true],
        ]);
      } finally {
        rmSync(path.dirname(clone), { recursive: true, force: true });
      }
    });
  });

  describe('1b. CI with a markdown map at the base', () => {
    let root: string;
    let base: string;
    before(async () => {
      root = await seedRepo('territory-identity-md-');
      git(root, 'rm', '-q', 'territory.json');
      write(root, { 'PARALLEL_ORCHESTRATION.md': readFileSync(seedMarkdownPath(), 'utf8') });
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '--no-verify', '-m', 'markdown map');
      base = git(root, 'rev-parse', 'HEAD').trim();
    });
    after(() => rmSync(path.join(root, '..'), { recursive: true, force: true }));
    afterEach(() => git(root, 'reset', '-q', '--hard', base));

    it("a commit adding territory.json (switching markdown to JSON) is the lead's; the range is judged with the base's markdown", async () => {
      const grab = JSON.parse(JSON.stringify(SEED_TERRITORY_JSON)) as typeof SEED_TERRITORY_JSON;
      grab.domains[4].paths.push('frontend/');
      plant(root, 'docs: convert the map', { 'territory.json': JSON.stringify(grab) });
      plant(root, 'test: touch the frontend', { 'frontend/src/App.tsx': 'export const x = 4;\n' });
      const { code, data } = await range(root, `${base}..HEAD`);
      assert.equal(code, 1);
      assert.equal(data.map.file, 'PARALLEL_ORCHESTRATION.md');
      assert.deepEqual(verdicts(data), [
        ['test: touch the frontend', false],
        ['docs: convert the map', false],
      ]);
    });

    it('a root AAA.md with a table, planted by TEST (who owns root *.md), fails', async () => {
      plant(root, 'docs: notes', { 'AAA.md': tableGiving('frontend/') });
      const { code, data } = await range(root, `${base}..HEAD`);
      assert.equal(code, 1);
      assert.deepEqual(verdicts(data), [['docs: notes', false]]);
    });

    it('an ordinary root markdown file of TEST still passes', async () => {
      plant(root, 'docs: notes', { 'NOTES.md': '# Notes\n\n| a | b |\n|---|---|\n| 1 | 2 |\n' });
      const { code, data } = await range(root, `${base}..HEAD`);
      assert.equal(code, 0, JSON.stringify(data));
    });
  });

  describe("2. the commit hooks judge with the map HEAD holds, not the working tree's", () => {
    let root: string;
    let base: string;
    const asCore = { TERRITORY_DOMAIN: 'CORE' };
    before(async () => {
      root = await seedRepo('territory-identity-hooks-');
      base = git(root, 'rev-parse', SEED_BASE_REF).trim();
      const installed = await cli('hooks', 'install', '--cwd', root);
      assert.equal(installed.code, 0, installed.err);
    });
    after(() => rmSync(path.join(root, '..'), { recursive: true, force: true }));
    afterEach(() => {
      git(root, 'reset', '-q', '--hard', base);
      git(root, 'clean', '-qfd');
    });

    it("territory.json hidden (deleted, not staged) and an untracked 0.md table: the commit of API's file is refused", async () => {
      unlinkSync(path.join(root, 'territory.json'));
      write(root, { '0.md': tableGiving('backend/app/api/', 'CORE') });
      write(root, { 'backend/app/api/routes.py': '# grabbed\n' });
      git(root, 'add', 'backend/app/api/routes.py');
      const staged = await cli('check', '--cwd', root, '--staged', '--domain', 'CORE', '--json');
      assert.equal(staged.code, 1, staged.out);
      assert.equal(JSON.parse(staged.out).map.file, 'territory.json');
      const commit = gitRun(root, ['commit', '-q', '-m', 'core: grab'], asCore);
      assert.notEqual(commit.status, 0, commit.stderr);
      assert.match(commit.stderr, /backend\/app\/api\/routes\.py — owned by API/);
      assert.doesNotMatch(commit.stderr, /working tree's map/);
    });

    it("no map left in the working tree at all: the hooks still judge with HEAD's", async () => {
      unlinkSync(path.join(root, 'territory.json'));
      write(root, { 'backend/app/api/routes.py': '# grabbed\n' });
      git(root, 'add', 'backend/app/api/routes.py');
      const commit = gitRun(root, ['commit', '-q', '-m', 'core: grab'], asCore);
      assert.notEqual(commit.status, 0, commit.stderr);
      assert.match(commit.stderr, /the working tree has no domain map, HEAD has territory\.json: judged with that map/);
    });

    it("the hooks folder core.hooksPath names inside the work tree is the lead's, even inside CORE's folder", async () => {
      git(root, 'config', 'core.hooksPath', 'backend/app/models/hooks');
      try {
        write(root, { 'backend/app/models/hooks/pre-commit': '#!/bin/sh\nexit 0\n' });
        git(root, 'add', 'backend/app/models/hooks/pre-commit');
        const refused = await cli('check', '--cwd', root, '--staged', '--domain', 'CORE', '--json');
        assert.equal(refused.code, 1, refused.out);
        assert.deepEqual(
          (
            JSON.parse(refused.out) as { staged: { offLimits: { path: string; ownerLabel: string }[] } }
          ).staged.offLimits.map((f) => [f.path, f.ownerLabel]),
          [
            [
              'backend/app/models/hooks/pre-commit',
              "unassigned (the lead's): the git hooks and the hook managers that decide which hooks run are always the lead's",
            ],
          ],
        );
        git(root, 'reset', '-q');
        write(root, { 'backend/app/models/user.py': 'x = 1\n' });
        git(root, 'add', 'backend/app/models/user.py');
        const own = await cli('check', '--cwd', root, '--staged', '--domain', 'CORE');
        assert.equal(own.code, 0, own.err);
      } finally {
        git(root, 'config', '--unset', 'core.hooksPath');
      }
    });

    it('TEST staging a root markdown file holding a table is refused; an ordinary one passes', async () => {
      write(root, { 'AAA.md': tableGiving('frontend/') });
      git(root, 'add', 'AAA.md');
      const refused = gitRun(root, ['commit', '-q', '-m', 'test: notes'], { TERRITORY_DOMAIN: 'TEST' });
      assert.notEqual(refused.status, 0);
      assert.match(refused.stderr, /AAA\.md — owned by unassigned \(the lead's\): the domain map is always the lead's/);
      git(root, 'reset', '-q');
      write(root, { 'AAA.md': '# Notes\n' });
      git(root, 'add', 'AAA.md');
      const passed = gitRun(root, ['commit', '-q', '-m', 'test: notes'], { TERRITORY_DOMAIN: 'TEST' });
      assert.equal(passed.status, 0, passed.stderr);
    });
  });

  describe('3, 5, 6. the agent guard: no planted map, no control file, no git steering outside the folder', () => {
    let root: string;
    before(async () => {
      root = await seedRepo('territory-identity-guard-');
      write(root, { 'README.md': '# Project\n\nSee the docs.\n' });
    });
    after(() => rmSync(path.join(root, '..'), { recursive: true, force: true }));

    it('TEST may write a root markdown file, but not one holding a domains table (Write, Edit, MultiEdit)', async () => {
      const plain = await guard(root, 'TEST', 'Write', { file_path: path.join(root, 'AAA.md'), content: '# Notes\n' });
      assert.equal(plain.code, 0, plain.err);
      const table = tableGiving('backend/app/api/');
      const write = await guard(root, 'TEST', 'Write', { file_path: path.join(root, 'AAA.md'), content: table });
      assert.equal(write.code, 2);
      assert.match(
        write.err,
        /AAA\.md is the lead's: this write would put a domains table in AAA\.md, which would make it the domain map/,
      );
      const edit = await guard(root, 'TEST', 'Edit', {
        file_path: path.join(root, 'README.md'),
        old_string: 'See the docs.',
        new_string: table,
      });
      assert.equal(edit.code, 2, edit.err);
      const [header, rule, ...rows] = table.split('\n').slice(2);
      const pieces = await guard(root, 'TEST', 'MultiEdit', {
        file_path: path.join(root, 'README.md'),
        edits: [
          { old_string: '# Project\n\n', new_string: `# Project\n\n${header}\n` },
          { old_string: 'See the docs.', new_string: `${rule}\n${rows.join('\n')}` },
        ],
      });
      assert.equal(pieces.code, 2, 'a table assembled across edits is seen');
      const docs = await guard(root, 'TEST', 'Write', {
        file_path: path.join(root, 'docs', 'plan.md'),
        content: table,
      });
      assert.equal(docs.code, 2);
      const deep = await guard(root, 'TEST', 'Write', {
        file_path: path.join(root, 'docs', 'notes.md'),
        content: '# fine\n',
      });
      assert.equal(deep.code, 0);
    });

    for (const file of [
      '.claude/settings.local.json',
      '.claude/settings.json',
      '.gemini/settings.json',
      '.codex/hooks.json',
      '.codex/config.toml',
      '.territory/session.json',
      '.territory/prompts/CORE.md',
      '.github/workflows/territory.yml',
      '.gitattributes',
      'sub/.gitattributes',
      '.husky/_/pre-commit',
      '.husky/pre-commit',
      'lefthook.yml',
      '.pre-commit-config.yaml',
      '.vscode/settings.json',
    ]) {
      it(`under territory.unassigned: shared, ${file} is still the lead's`, async () => {
        write(root, { '.vscode/settings.json': '{ "territory.unassigned": "shared" }\n' });
        const result = await guard(root, 'CORE', 'Write', { file_path: path.join(root, file), content: '{}' });
        assert.equal(result.code, 2, `${file}: ${result.err}`);
        assert.match(result.err, /is the lead's/);
        const other = await guard(root, 'CORE', 'Write', {
          file_path: path.join(root, 'scripts', 'new_tool.sh'),
          content: 'x',
        });
        assert.equal(other.code, 0, 'shared unassigned files stay writable');
      });
    }

    it("in a linked worktree, the main checkout's .git/hooks and .git/config are the lead's; a scratch file outside is not", async () => {
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '--no-verify', '-m', 'readme');
      const worktree = path.join(tempDir('territory-identity-wt-'), 'wt');
      git(root, 'worktree', 'add', '-q', worktree);
      try {
        for (const target of [
          path.join(root, '.git', 'hooks', 'pre-commit'),
          path.join(root, '.git', 'config'),
          path.join(root, '.git', 'worktrees', 'wt', 'config.worktree'),
        ]) {
          const result = await guard(worktree, 'CORE', 'Write', { file_path: target, content: 'exit 0\n' });
          assert.equal(result.code, 2, `${target}: ${result.err}`);
          assert.match(result.err, /decides what git runs for this folder/);
        }
        const scratch = await guard(worktree, 'CORE', 'Write', {
          file_path: path.join(tmpdir(), 'territory-scratch.txt'),
          content: 'x',
        });
        assert.equal(scratch.code, 0, scratch.err);
      } finally {
        git(root, 'worktree', 'remove', '--force', worktree);
        rmSync(path.dirname(worktree), { recursive: true, force: true });
      }
    });

    it("a global core.hooksPath (and the global config itself) are the lead's", async () => {
      const home = tempDir('territory-identity-home-');
      const hooks = path.join(home, 'githooks');
      mkdirSync(hooks);
      write(home, { '.gitconfig': `[core]\n\thooksPath = ${hooks}\n` });
      try {
        const env = { HOME: home };
        const hook = await guard(
          root,
          'CORE',
          'Write',
          { file_path: path.join(hooks, 'pre-commit'), content: 'exit 0\n' },
          env,
        );
        assert.equal(hook.code, 2, hook.err);
        const config = await guard(
          root,
          'CORE',
          'Write',
          { file_path: path.join(home, '.gitconfig'), content: '' },
          env,
        );
        assert.equal(config.code, 2, config.err);
        const own = await guard(
          root,
          'CORE',
          'Write',
          { file_path: path.join(root, 'backend/app/models/x.py'), content: 'x' },
          env,
        );
        assert.equal(own.code, 0, own.err);
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    });

    it('the map file itself, and territory.json whatever the map is', async () => {
      const json = await guard(root, 'TEST', 'Write', {
        file_path: path.join(root, 'territory.json'),
        content: SEED_TERRITORY_JSON_TEXT,
      });
      assert.equal(json.code, 2);
      assert.match(json.err, /territory\.json is the lead's: the domain map/);
      const markdown = await guard(root, 'TEST', 'Write', {
        file_path: path.join(root, 'PARALLEL_ORCHESTRATION.md'),
        content: tableGiving('frontend/'),
      });
      assert.equal(markdown.code, 2);
    });
  });
});
