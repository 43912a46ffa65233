// Issue 25 item 11: hook managers took Territory's hooks away silently. husky's re-install (every
// `npm install`) rewrote .husky/_ and a domain's commit of another domain's file went in, after
// which `hooks install` refused over the leftover .territory-chained; lefthook's install renamed
// Territory's hooks to .old (never run); pre-commit after Territory failed every commit ("installed
// in migration mode"). Territory now joins the manager as a step of its own configuration.
// The REAL managers run here: husky (devDependency), lefthook (npm), pre-commit (Debian or PyPI),
// each re-installed in both orders.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { HOOK_NAMES, hookScript } from '../../../src/core/guard/hookScript';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { cli, git, gitRun, plant, seedRepo, terminalEnv, write } from '../support/guard';

const CORE = { TERRITORY_DOMAIN: 'CORE' };
/** Each real manager step (an install, a commit through its hooks) gets this long. */
const STEP_MS = 30_000;

interface Manager {
  readonly name: string;
  /** Why the manager cannot run here, or undefined. */
  readonly missing: () => string | undefined;
  /** The manager's first set-up in the repository, as its documentation has it. */
  readonly setUp: (root: string) => void;
  /** What the user runs again later (`npm install` runs husky and lefthook's postinstall). */
  readonly reinstall: (root: string) => void;
  /** The manager set up again from the user's own files, without Territory's step. */
  readonly dropStep: (root: string) => void;
  /** The manager's files (relative to the top) that Territory may edit and must give back byte for byte. */
  readonly files: readonly string[];
  /** What the user does after Territory edits a committed configuration. */
  readonly afterInstall?: (root: string) => void;
  /** pre-commit runs no pre-push hook for a push that only deletes refs (its hook_impl skips them). */
  readonly seesDeletes: boolean;
}

function run(command: string, args: readonly string[], root: string): void {
  const result = spawnSync(command, [...args], { cwd: root, env: terminalEnv(), encoding: 'utf8', timeout: STEP_MS });
  assert.equal(
    result.status,
    0,
    `${command} ${args.join(' ')}: ${result.error?.message ?? ''}${result.stderr}${result.stdout}`,
  );
}

// husky's package exports only its index: its bin.js lies beside it.
const huskyBin = join(dirname(require.resolve('husky')), 'bin.js');
const HUSKY_PRE_COMMIT = 'echo husky-pre-commit-ran\n';
const HOOK_FILES = ['.husky/pre-commit', '.husky/commit-msg', '.husky/pre-push'];
const husky: Manager = {
  name: 'husky',
  missing: () => (existsSync(huskyBin) ? undefined : 'husky is not in node_modules'),
  setUp(root) {
    write(root, { 'package.json': '{ "name": "husky-user", "private": true }\n' });
    run(process.execPath, [huskyBin, 'init'], root);
    // The user's own hook, instead of init's `npm test`.
    write(root, {
      '.husky/pre-commit': HUSKY_PRE_COMMIT,
      '.husky/commit-msg': '#!/usr/bin/env sh\n# my commit-msg\ntrue',
    });
    plant(root, 'Set up husky', {
      'package.json': readFileSync(join(root, 'package.json'), 'utf8'),
      '.husky/pre-commit': HUSKY_PRE_COMMIT,
    });
  },
  reinstall: (root) => run(process.execPath, [huskyBin], root),
  dropStep(root) {
    write(root, { '.husky/pre-commit': HUSKY_PRE_COMMIT });
    run(process.execPath, [huskyBin], root);
  },
  files: ['.husky/pre-commit', '.husky/commit-msg', '.husky/pre-push', 'package.json'],
  // As Territory's install says: the lead commits the step, or a `git reset --hard` takes it away.
  afterInstall: (root) =>
    void plant(
      root,
      'Territory joins husky',
      Object.fromEntries(HOOK_FILES.map((f) => [f, readFileSync(join(root, f), 'utf8')])),
    ),
  seesDeletes: true,
};

/**
 * lefthook from TERRITORY_TEST_MANAGERS (an `npm install --prefix` folder), else where
 * scripts/install-test-tools.sh puts it (the cache, outside the repository).
 */
function lefthookBin(): string | undefined {
  const cache = process.env.TERRITORY_CACHE || join(homedir(), '.cache', 'territory');
  for (const base of [process.env.TERRITORY_TEST_MANAGERS, join(cache, 'managers')]) {
    if (!base) continue;
    const index = join(base, 'node_modules', 'lefthook', 'bin', 'index.js');
    if (existsSync(index)) return index;
  }
  return undefined;
}
const LEFTHOOK_YML = 'pre-commit:\n  commands:\n    lint:\n      run: echo lefthook-lint-ran\n';
const lefthook: Manager = {
  name: 'lefthook',
  missing: () =>
    lefthookBin() ? undefined : 'lefthook is not installed: run bash scripts/install-test-tools.sh (npm test does)',
  setUp(root) {
    plant(root, 'Set up lefthook', { 'lefthook.yml': LEFTHOOK_YML });
    run(process.execPath, [lefthookBin()!, 'install'], root);
  },
  reinstall: (root) => run(process.execPath, [lefthookBin()!, 'install', '--force'], root),
  dropStep(root) {
    rmSync(join(root, 'lefthook-local.yml'), { force: true });
    run(process.execPath, [lefthookBin()!, 'install', '--force'], root);
  },
  files: ['lefthook.yml', 'lefthook-local.yml'],
  // Territory's install says so: lefthook writes the hooks the step added (commit-msg, pre-push) at its next install.
  afterInstall: (root) => run(process.execPath, [lefthookBin()!, 'install'], root),
  seesDeletes: true,
};

const PRE_COMMIT_YAML = [
  '# my hooks',
  'repos:',
  '  - repo: local',
  '    hooks:',
  '      - id: mine',
  '        name: mine',
  '        entry: echo pre-commit-mine-ran',
  '        language: system',
  '        pass_filenames: false',
  '',
  '# after the list',
  'fail_fast: false',
  '',
].join('\n');
/** pre-commit from this process's PATH (apt's /usr/bin, or pip's bin folder): its hooks name their Python, so they run from a terminal's PATH too. */
const preCommitBin = (() => {
  const found = spawnSync('sh', ['-c', 'command -v pre-commit'], { encoding: 'utf8' });
  const file = found.status === 0 ? found.stdout.trim() : '';
  return file !== '' && existsSync(file) ? file : undefined;
})();
const PRE_COMMIT_TYPES = ['-t', 'pre-commit', '-t', 'commit-msg', '-t', 'pre-push'];
const preCommit: Manager = {
  name: 'pre-commit',
  missing: () =>
    preCommitBin ? undefined : 'pre-commit is not installed (apt-get install pre-commit, or pip install pre-commit)',
  setUp(root) {
    plant(root, 'Set up pre-commit', { '.pre-commit-config.yaml': PRE_COMMIT_YAML });
    run(preCommitBin!, ['install', ...PRE_COMMIT_TYPES], root);
  },
  reinstall: (root) => run(preCommitBin!, ['install', ...PRE_COMMIT_TYPES], root),
  dropStep(root) {
    write(root, { '.pre-commit-config.yaml': PRE_COMMIT_YAML });
    git(root, 'add', '.pre-commit-config.yaml');
    run(preCommitBin!, ['install', ...PRE_COMMIT_TYPES], root);
  },
  files: ['.pre-commit-config.yaml'],
  // pre-commit refuses to run while its configuration has unstaged changes: the lead commits Territory's step.
  afterInstall: (root) =>
    void plant(root, 'Territory joins pre-commit', {
      '.pre-commit-config.yaml': readFileSync(join(root, '.pre-commit-config.yaml'), 'utf8'),
    }),
  seesDeletes: false,
};

/** A CORE terminal's commit of API's file. */
function commitApiFileAsCore(root: string, n: number) {
  write(root, { 'backend/app/api/routes.py': `routes = ${n}\n` });
  git(root, 'add', 'backend/app/api/routes.py');
  return gitRun(root, ['commit', '-q', '-m', `core: sneak ${n}`], CORE);
}

function commitOwnFileAsCore(root: string, n: number) {
  write(root, { 'backend/app/models/own.py': `own = ${n}\n` });
  git(root, 'add', 'backend/app/models/own.py');
  return gitRun(root, ['commit', '-q', '-m', `core: own ${n}`], CORE);
}

function assertRefused(root: string, n: number, when: string): void {
  const commit = commitApiFileAsCore(root, n);
  assert.notEqual(commit.status, 0, `${when}: CORE's commit of API's file went in\n${commit.stderr}`);
  assert.match(commit.stderr + commit.stdout, /backend\/app\/api\/routes\.py — owned by API/, when);
  git(root, 'reset', '-q', 'HEAD', '--', 'backend/app/api/routes.py');
  rmSync(join(root, 'backend/app/api/routes.py'));
  git(root, 'checkout', '-q', '--', 'backend/app/api');
}

interface Status {
  installed: boolean;
  off: string | null;
  manager: { name: string; config: string } | null;
  hooks: { name: string; state: string; off: string | null }[];
}

async function hooksStatus(root: string): Promise<Status> {
  const result = await cli('hooks', 'status', '--cwd', root, '--json');
  assert.equal(result.code, 0, result.err);
  return JSON.parse(result.out) as Status;
}

async function install(root: string): Promise<void> {
  const result = await cli('hooks', 'install', '--cwd', root);
  assert.equal(result.code, 0, `${result.err}\n${result.out}`);
}

/** Every file of the manager and of the hooks folders, by content (absent files as null). */
function snapshot(root: string, manager: Manager): Map<string, string | null> {
  const files = new Map<string, string | null>();
  for (const file of manager.files)
    files.set(file, existsSync(join(root, file)) ? readFileSync(join(root, file), 'latin1') : null);
  for (const dir of ['.git/hooks', '.husky/_']) {
    if (!existsSync(join(root, dir))) continue;
    for (const name of readdirSync(join(root, dir)))
      files.set(`${dir}/${name}`, readFileSync(join(root, dir, name), 'latin1'));
  }
  return files;
}

/** Nothing of Territory's left: no hook, chained copy, moved-aside hook, script or step. */
function assertNoLeftovers(root: string, manager: Manager): void {
  for (const [file, text] of snapshot(root, manager)) {
    assert.doesNotMatch(file, /\.territory-chained$/, `${file} left behind`);
    if (text !== null)
      assert.doesNotMatch(text, /territory-hook|territory-step/, `${file} still holds Territory's hook or step`);
  }
  assert.equal(existsSync(join(root, '.git', 'territory', 'hooks')), false, "the step scripts' folder is left");
}

/** A seed repository for one test, removed after it. */
async function withRepo(prefix: string, body: (root: string) => Promise<void>): Promise<void> {
  const root = await seedRepo(prefix);
  try {
    await body(root);
  } finally {
    rmSync(join(root, '..'), { recursive: true, force: true });
  }
}

function forEachManager(body: (manager: Manager) => void): void {
  for (const manager of [husky, lefthook, preCommit]) {
    describe(`guard: Territory joins ${manager.name} (the real ${manager.name}, real git)`, function () {
      this.timeout(4 * 60_000);
      before(function () {
        // A missing manager fails, never skips: scripts/install-test-tools.sh (run by npm test) installs each.
        const missing = manager.missing();
        if (missing) throw new Error(missing);
      });
      body(manager);
    });
  }
}

forEachManager((manager) => {
  let root: string;
  beforeEach(async () => {
    root = await seedRepo(`territory-${manager.name}-`);
  });
  afterEach(() => rmSync(join(root, '..'), { recursive: true, force: true }));

  it(`${manager.name} first, then Territory: joined, refused after the manager's re-install; uninstall gives the files back byte for byte`, async () => {
    manager.setUp(root);
    const before = snapshot(root, manager);
    const off = await hooksStatus(root);
    assert.equal(off.installed, false);
    assert.equal(off.manager?.name, manager.name);
    assert.match(off.off ?? '', /no Territory step/);

    await install(root);
    manager.afterInstall?.(root);
    const on = await hooksStatus(root);
    assert.equal(on.off, null, JSON.stringify(on));
    assert.equal(on.installed, true, JSON.stringify(on));
    assertRefused(root, 1, 'after install');

    manager.reinstall(root);
    assert.equal((await hooksStatus(root)).installed, true, `after ${manager.name}'s re-install`);
    assertRefused(root, 2, `after ${manager.name}'s re-install`);
    const own = commitOwnFileAsCore(root, 1);
    assert.equal(own.status, 0, own.stderr);

    const uninstall = await cli('hooks', 'uninstall', '--cwd', root);
    assert.equal(uninstall.code, 0, uninstall.err);
    const after = snapshot(root, manager);
    for (const file of manager.files)
      assert.equal(after.get(file), before.get(file), `${file} is not given back byte for byte`);
    assert.deepEqual(
      [...after.keys()].sort(),
      [...before.keys()].sort(),
      'files were left in or taken from the hooks folders',
    );
    assertNoLeftovers(root, manager);
  });

  it(`Territory first, then ${manager.name}: "hooks off" until Territory joins, which needs no cleaning by hand`, async () => {
    await install(root);
    manager.setUp(root);
    const off = await hooksStatus(root);
    assert.equal(off.installed, false, JSON.stringify(off));
    assert.notEqual(off.off, null, 'status does not say hooks off');

    await install(root);
    manager.afterInstall?.(root);
    const on = await hooksStatus(root);
    assert.equal(on.installed, true, JSON.stringify(on));
    assertRefused(root, 1, 'after joining');
    manager.reinstall(root);
    assertRefused(root, 2, `after ${manager.name}'s re-install`);
    assert.equal((await hooksStatus(root)).installed, true);
    const own = commitOwnFileAsCore(root, 1);
    assert.equal(own.status, 0, own.stderr);

    const uninstall = await cli('hooks', 'uninstall', '--cwd', root);
    assert.equal(uninstall.code, 0, uninstall.err);
    assertNoLeftovers(root, manager);
  });

  it(`through ${manager.name}: commit-msg checks the prefix, pre-push the pushed commits and force pushes`, async () => {
    const remote = join(root, '..', 'origin.git');
    git(join(root, '..'), 'init', '-q', '--bare', remote);
    git(root, 'remote', 'add', 'origin', remote);
    manager.setUp(root);
    await install(root);
    manager.afterInstall?.(root);
    git(root, 'push', '-q', '--no-verify', 'origin', 'main');

    write(root, { 'backend/app/models/own.py': 'own = 0\n' });
    git(root, 'add', 'backend');
    const prefix = gitRun(root, ['commit', '-q', '-m', 'api: not mine'], CORE);
    assert.notEqual(prefix.status, 0, 'the commit-msg step did not run');
    assert.match(prefix.stderr + prefix.stdout, /api:/);
    git(root, 'reset', '-q', '--hard');

    write(root, { 'backend/app/api/deps.py': 'x = 2\n' });
    git(root, 'add', 'backend');
    git(root, 'commit', '-q', '--no-verify', '-m', 'core: sneak into api');
    const push = gitRun(root, ['push', '-q', 'origin', 'main'], {});
    assert.notEqual(push.status, 0, 'the pre-push step did not run');
    assert.match(push.stderr + push.stdout, /backend\/app\/api\/deps\.py — owned by API/);
    git(root, 'reset', '-q', '--hard', 'HEAD~1');

    const own = commitOwnFileAsCore(root, 1);
    assert.equal(own.status, 0, own.stderr);
    assert.equal(gitRun(root, ['push', '-q', 'origin', 'main'], CORE).status, 0);
    git(root, 'reset', '-q', '--hard', 'HEAD~1');
    assert.equal(commitOwnFileAsCore(root, 2).status, 0);
    const force = gitRun(root, ['push', '-q', '--force', 'origin', 'main'], CORE);
    assert.notEqual(force.status, 0, 'a force push went through');
    assert.match(force.stderr + force.stdout, /refusing a force push to refs\/heads\/main/);
    assert.equal((await hooksStatus(root)).installed, true);

    const remove = gitRun(root, ['push', '-q', 'origin', ':main'], {});
    if (manager.seesDeletes) {
      assert.notEqual(remove.status, 0);
      assert.match(remove.stderr + remove.stdout, /refusing to delete the shared branch main/);
    } else assert.equal(remove.status, 0, 'pre-commit now runs pre-push for deletions: make seesDeletes true');
  });

  it(`${manager.name} set up again without the step: "hooks off", naming why`, async () => {
    manager.setUp(root);
    await install(root);
    manager.afterInstall?.(root);
    manager.dropStep(root);
    const status = await hooksStatus(root);
    assert.equal(status.installed, false);
    const preCommitHook = status.hooks.find((h) => h.name === 'pre-commit');
    assert.match(preCommitHook?.off ?? '', /no Territory step/, JSON.stringify(status));
    const text = (await cli('hooks', 'status', '--cwd', root)).out;
    assert.match(text, /^hooks off: .*no Territory step/m);
  });
});

describe("guard: a hook lefthook does not run yet keeps Territory's own hook (the real lefthook, real git)", function () {
  this.timeout(2 * 60_000);
  before(function () {
    const missing = lefthook.missing();
    if (missing) throw new Error(missing);
  });
  it('joined while lefthook runs pre-commit only: commit-msg is still checked until lefthook takes it over', () =>
    withRepo('territory-lefthook-partial-', async (root) => {
      await install(root);
      lefthook.setUp(root);
      await install(root);
      const joined = await hooksStatus(root);
      assert.deepEqual(
        joined.hooks.map((h) => [h.name, h.state]),
        [
          ['pre-commit', 'territory'],
          ['commit-msg', 'territory'],
          ['pre-push', 'territory'],
        ],
        JSON.stringify(joined),
      );
      write(root, { 'backend/app/models/own.py': 'own = 0\n' });
      git(root, 'add', 'backend');
      const prefix = gitRun(root, ['commit', '-q', '-m', 'api: not mine'], CORE);
      assert.notEqual(prefix.status, 0, "Territory's own commit-msg no longer ran");
      lefthook.afterInstall!(root);
      assert.ok(existsSync(join(root, '.git/hooks/commit-msg.old')), 'lefthook moved it aside');
      assert.equal((await hooksStatus(root)).installed, true);
      assert.notEqual(gitRun(root, ['commit', '-q', '-m', 'api: not mine'], CORE).status, 0, 'the step runs');
      assert.equal((await cli('hooks', 'uninstall', '--cwd', root)).code, 0);
      assertNoLeftovers(root, lefthook);
      assert.equal(existsSync(join(root, '.git/hooks/commit-msg.old')), false);
    }));
});

describe('guard: husky set up by the project but not yet in this clone (the real husky, real git)', function () {
  this.timeout(2 * 60_000);
  it('Territory installs before `npm install` runs husky: the check runs before and after, with no install in between', () =>
    withRepo('territory-husky-prepared-', async (root) => {
      const packageJson = '{\n  "name": "app",\n  "private": true,\n  "scripts": { "prepare": "husky" }\n}\n';
      plant(root, 'Set up husky', { 'package.json': packageJson, '.husky/pre-commit': HUSKY_PRE_COMMIT });
      await install(root);
      const before = await hooksStatus(root);
      assert.equal(before.manager?.name, 'husky');
      assert.equal(before.installed, true, JSON.stringify(before));
      assertRefused(root, 1, "before husky is set up (Territory's own hooks)");
      husky.afterInstall!(root);
      // What `npm install` runs: package.json's prepare.
      husky.reinstall(root);
      assert.equal(git(root, 'config', '--get', 'core.hooksPath').trim(), '.husky/_');
      assert.equal((await hooksStatus(root)).installed, true);
      assertRefused(root, 2, 'after husky is set up (the step)');
      assert.equal(commitOwnFileAsCore(root, 1).status, 0);
      assert.equal((await cli('hooks', 'uninstall', '--cwd', root)).code, 0);
      assert.equal(readFileSync(join(root, '.husky/pre-commit'), 'utf8'), HUSKY_PRE_COMMIT);
      assertNoLeftovers(root, husky);
      assert.deepEqual(
        readdirSync(join(root, '.git/hooks')).filter((f) => !f.endsWith('.sample')),
        [],
        'Territory hooks left in .git/hooks',
      );
    }));
});

describe('guard: what an earlier Territory left under husky (the real husky, real git)', function () {
  this.timeout(2 * 60_000);
  it('its hooks in .husky/_ and, after husky ran again, the .territory-chained stubs: status says off, install joins and cleans up', () =>
    withRepo('territory-husky-earlier-', async (root) => {
      husky.setUp(root);
      // The earlier install: each husky stub moved to <hook>.territory-chained, Territory's hook in its place.
      for (const name of HOOK_NAMES) {
        renameSync(join(root, '.husky/_', name), join(root, '.husky/_', `${name}.territory-chained`));
        write(root, { [`.husky/_/${name}`]: hookScript(name) });
        chmodSync(join(root, '.husky/_', name), 0o755);
      }
      const earlier = await hooksStatus(root);
      assert.deepEqual(
        earlier.hooks.map((h) => h.state),
        ['outdated', 'outdated', 'outdated'],
        'the earlier hooks run, but are not joined',
      );
      husky.reinstall(root);
      // The attack: husky's stubs are back, Territory's hooks are gone, and the commit goes in.
      assert.equal(commitApiFileAsCore(root, 1).status, 0, 'the setting this test starts from');
      git(root, 'reset', '-q', '--hard', 'HEAD~1');
      const off = await hooksStatus(root);
      assert.equal(off.installed, false);
      assert.match(off.off ?? '', /husky runs pre-commit and \.husky\/pre-commit has no Territory step/);
      const joined = await cli('hooks', 'install', '--cwd', root);
      assert.equal(joined.code, 0, joined.err);
      assert.match(joined.out, /\.territory-chained removed \(the same as/);
      assert.deepEqual(
        readdirSync(join(root, '.husky/_')).filter((f) => f.endsWith('.territory-chained')),
        [],
      );
      husky.afterInstall!(root);
      assertRefused(root, 2, 'after joining');
    }));
});

describe('guard: a hook manager file is data (real git)', function () {
  this.timeout(60_000);
  it("the step is never written through a symbolic link in the manager's folder", () =>
    withRepo('territory-husky-link-', async (root) => {
      husky.setUp(root);
      const outside = join(root, '..', 'outside.sh');
      write(join(root, '..'), { 'outside.sh': 'echo mine\n' });
      rmSync(join(root, '.husky/pre-push'), { force: true });
      symlinkSync(outside, join(root, '.husky/pre-push'));
      const result = await cli('hooks', 'install', '--cwd', root);
      assert.equal(result.code, 1);
      assert.match(result.err, /pre-push: .*symbolic link/);
      assert.equal(readFileSync(outside, 'utf8'), 'echo mine\n');
      assert.ok(statSync(join(root, '.husky/pre-commit')).isFile());
    }));
});

describe('guard: "hooks off" without a manager (real git)', function () {
  this.timeout(60_000);
  it("core.hooksPath pointing to a folder without Territory's hooks: status says hooks off and why, and the commit indeed goes in", () =>
    withRepo('territory-hookspath-off-', async (root) => {
      await install(root);
      assert.equal((await hooksStatus(root)).off, null);
      write(root, { '.githooks/pre-commit': '#!/bin/sh\nexit 0\n' });
      git(root, 'config', 'core.hooksPath', '.githooks');
      const status = await hooksStatus(root);
      assert.equal(status.installed, false);
      assert.match(
        status.hooks[0]!.off ?? '',
        /^git runs pre-commit from .*\.githooks \(core\.hooksPath = \.githooks\), and that file is not Territory's$/,
      );
      assert.match(status.hooks[1]!.off ?? '', /^git runs commit-msg from .*where there is no Territory hook$/);
      // What status says is what git does.
      assert.equal(commitApiFileAsCore(root, 1).status, 0);
      assert.match((await cli('hooks', 'status', '--cwd', root)).out, /^hooks off: git runs pre-commit from/m);
    }));
});
