// The installed hooks with real git: commits and pushes from a terminal's environment, a local
// bare remote, hooks the user already had, core.hooksPath, and a CLI that cannot be found.
// The hooks run the built CLI (dist/cli.js, recorded in git config by `hooks install`).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOOK_NAMES, hookScript } from '../../../../src/core/guard/hookScript';
import { cli, git, gitRun, seedRepo, tempDir, write } from '../../support/guard';
import { REPO_ROOT } from '../../../support/repoRoot';

const CORE = { TERRITORY_DOMAIN: 'CORE' };

describe('guard: git hooks (real git)', function () {
  this.timeout(60_000);
  let root: string;
  let remote: string;
  const head = () => git(root, 'rev-parse', 'HEAD').trim();

  before(async () => {
    root = await seedRepo('territory-hooks-');
    remote = join(tempDir('territory-remote-'), 'origin.git');
    git(join(remote, '..'), 'init', '-q', '--bare', remote);
    git(root, 'remote', 'add', 'origin', remote);
    git(root, 'push', '-q', '-u', 'origin', 'main');
    const installed = await cli('hooks', 'install', '--cwd', root);
    assert.equal(installed.code, 0, installed.err);
  });
  after(() => {
    rmSync(join(root, '..'), { recursive: true, force: true });
    rmSync(join(remote, '..'), { recursive: true, force: true });
  });
  afterEach(() => {
    git(root, 'reset', '-q', '--hard');
    git(root, 'clean', '-q', '-fd');
  });

  it('the hook scripts are POSIX sh', () => {
    for (const name of HOOK_NAMES) {
      const check = spawnSync('dash', ['-n'], { input: hookScript(name), encoding: 'utf8' });
      assert.equal(check.status, 0, `${name}: ${check.stderr}`);
    }
  });

  it("refuses a commit from CORE's terminal that touches an API file, naming the owner", () => {
    const before = head();
    write(root, {
      'backend/app/api/routes.py': 'def list_assignments():\n    return [1]\n',
      'backend/app/models/assignment.py': 'class Assignment:\n    pass\n',
    });
    git(root, 'add', '-A');
    const commit = gitRun(root, ['commit', '-q', '-m', 'core: assignment fields'], CORE);
    assert.notEqual(commit.status, 0);
    assert.match(commit.stderr, /backend\/app\/api\/routes\.py — owned by API \(T2, Backend API\)/);
    assert.doesNotMatch(commit.stderr, /assignment\.py/, 'only the off-limits file is listed');
    assert.equal(head(), before);
  });

  it('lets a clean commit through', () => {
    write(root, { 'backend/app/models/assignment.py': 'class Assignment:\n    version: int = 1\n' });
    git(root, 'add', '-A');
    const commit = gitRun(root, ['commit', '-q', '-m', 'core: bump version'], CORE);
    assert.equal(commit.status, 0, commit.stderr);
    assert.equal(git(root, 'log', '-1', '--format=%s').trim(), 'core: bump version');
  });

  it("each hook reads the recorded CLI, its hash, its Node and git's message settings in one git process; a value holding a line break is read key by key", () => {
    const bin = tempDir('territory-git-trace-');
    const trace = join(bin, 'trace.log');
    // git's own trace names every git process the hooks start (git puts its own directory first on
    // a hook's PATH, so a stand-in git on PATH would not be the one they run).
    const env = { ...CORE, GIT_TRACE2: trace };
    const configReads = () =>
      readFileSync(trace, 'utf8')
        .split('\n')
        .map((line) => / start git (?:-c \S+ )*(config .*(?:territory|commentchar).*)$/.exec(line)?.[1])
        .filter((call) => call !== undefined);
    const node = git(root, 'config', '--get', 'territory.node').trim();
    try {
      write(root, { 'backend/app/models/assignment.py': '# one config read\n' });
      git(root, 'add', '-A');
      const commit = gitRun(root, ['commit', '-q', '-m', 'core: one config read'], env);
      assert.equal(commit.status, 0, commit.stderr);
      const read = "config --get-regexp '^(territory\\.(cli|clihash|node)|core\\.commentchar|commit\\.cleanup)$'";
      // The commit-msg check takes core.commentChar and commit.cleanup from its hook: no read of its own.
      assert.deepEqual(configReads(), [read, read], 'pre-commit and commit-msg: one read each');
      // A recorded Node path with a line break (no such file): read as `git config --get` reads it, so
      // the hook goes on to the node on PATH, as format 2 did.
      git(root, 'config', 'territory.node', `${node}\nsecond line`);
      writeFileSync(trace, '');
      write(root, { 'backend/app/models/assignment.py': '# key by key\n' });
      git(root, 'add', '-A');
      const keyByKey = gitRun(root, ['commit', '-q', '-m', 'core: key by key'], env);
      assert.equal(keyByKey.status, 0, keyByKey.stderr);
      // ... and then the commit-msg check reads the message settings itself, as format 2's did.
      const check = "config -z --get-regexp '^(core\\.commentchar|commit\\.cleanup)$'";
      const keys = ['config --get territory.cli', 'config --get territory.cliHash', 'config --get territory.node'];
      assert.deepEqual(configReads(), [read, ...keys, read, ...keys, check]);
      const refused = (() => {
        write(root, { 'backend/app/api/routes.py': '# not CORE\n' });
        git(root, 'add', '-A');
        return gitRun(root, ['commit', '-q', '-m', 'core: into api'], env);
      })();
      assert.equal(refused.status, 1, 'still checked');
      assert.match(refused.stderr, /owned by API/);
    } finally {
      git(root, 'config', 'territory.node', node);
      rmSync(bin, { recursive: true, force: true });
    }
  });

  it("run the check's own small bundle beside the recorded CLI, and the CLI itself when it is pinned by its hash", () => {
    const dir = tempDir('territory-check-bundle-');
    const marks = join(dir, 'marks.txt');
    try {
      copyFileSync(join(REPO_ROOT, 'dist', 'cli.js'), join(dir, 'cli.js'));
      // The small entry, marked: it notes each run, then checks as dist/check.js does (with its bundle beside it).
      const bundle = readFileSync(join(REPO_ROOT, 'dist', 'check.js'), 'utf8').replace(/^#!.*\n/, '');
      writeFileSync(
        join(dir, 'check.js'),
        `require('fs').appendFileSync(${JSON.stringify(marks)}, 'check.js\\n');\n${bundle}`,
      );
      copyFileSync(join(REPO_ROOT, 'dist', 'check-bundle.js'), join(dir, 'check-bundle.js'));
      write(root, { 'backend/app/models/user.py': '# via the small bundle\n' });
      git(root, 'add', '-A');
      const viaBundle = gitRun(root, ['commit', '-q', '-m', 'core: via the small bundle'], {
        ...CORE,
        TERRITORY_CLI: join(dir, 'cli.js'),
      });
      assert.equal(viaBundle.status, 0, viaBundle.stderr);
      assert.equal(readFileSync(marks, 'utf8'), 'check.js\ncheck.js\n', 'pre-commit and commit-msg both ran check.js');
      const refused = (() => {
        write(root, { 'backend/app/api/routes.py': '# not CORE\n' });
        git(root, 'add', '-A');
        return gitRun(root, ['commit', '-q', '-m', 'core: into api'], { ...CORE, TERRITORY_CLI: join(dir, 'cli.js') });
      })();
      assert.equal(refused.status, 1, 'the small bundle refuses what the CLI refuses');
      assert.match(refused.stderr, /owned by API/);
      git(root, 'reset', '-q', '--hard');
      // Pinned: the recorded file is run as recorded, not a file beside it.
      writeFileSync(marks, '');
      git(root, 'config', 'territory.cli', join(dir, 'cli.js'));
      git(
        root,
        'config',
        'territory.cliHash',
        git(root, 'hash-object', '--no-filters', '--', join(dir, 'cli.js')).trim(),
      );
      write(root, { 'backend/app/models/user.py': '# via the pinned CLI\n' });
      git(root, 'add', '-A');
      const pinned = gitRun(root, ['commit', '-q', '-m', 'core: via the pinned cli'], CORE);
      assert.equal(pinned.status, 0, pinned.stderr);
      assert.equal(readFileSync(marks, 'utf8'), '', 'a hash-pinned CLI runs itself');
    } finally {
      gitRun(root, ['config', '--unset', 'territory.cliHash']);
      const installed = spawnSync(
        process.execPath,
        [join(REPO_ROOT, 'dist', 'cli.js'), 'hooks', 'install', '--cwd', root],
        { encoding: 'utf8' },
      );
      assert.equal(installed.status, 0, installed.stderr);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a wrong prefix, and no prefix at all', () => {
    write(root, { 'backend/app/models/x.py': 'x = 1\n' });
    git(root, 'add', '-A');
    const wrong = gitRun(root, ['commit', '-q', '-m', 'api: models'], CORE);
    assert.notEqual(wrong.status, 0);
    assert.match(wrong.stderr, /"api:" is the prefix of API \(T2\); CORE commits use core:/);
    const none = gitRun(root, ['commit', '-q', '-m', 'models'], {});
    assert.notEqual(none.status, 0);
    assert.match(none.stderr, /has no known prefix/);
    // The lead has no domain: the prefix names the domain the files must belong to.
    const lead = gitRun(root, ['commit', '-q', '-m', 'core: models'], {});
    assert.equal(lead.status, 0, lead.stderr);
  });

  it('refuses a force push to the bare remote and lets a normal push through', () => {
    write(root, { 'backend/app/db/base.py': 'Base = object  # 1\n' });
    git(root, 'add', '-A');
    assert.equal(gitRun(root, ['commit', '-q', '-m', 'core: base'], CORE).status, 0);
    const push = gitRun(root, ['push', '-q', 'origin', 'main'], CORE);
    assert.equal(push.status, 0, push.stderr);
    const pushed = git(remote, 'rev-parse', 'main').trim();
    git(root, 'reset', '-q', '--hard', 'HEAD~1');
    write(root, { 'backend/app/db/base.py': 'Base = object  # rewritten\n' });
    git(root, 'add', '-A');
    assert.equal(gitRun(root, ['commit', '-q', '-m', 'core: base again'], CORE).status, 0);
    const force = gitRun(root, ['push', '-q', '--force', 'origin', 'main'], CORE);
    assert.notEqual(force.status, 0);
    assert.match(force.stderr, /refusing a force push to refs\/heads\/main/);
    assert.equal(git(remote, 'rev-parse', 'main').trim(), pushed, 'the remote is untouched');
    const remove = gitRun(root, ['push', '-q', 'origin', ':main'], {});
    assert.notEqual(remove.status, 0);
    assert.match(remove.stderr, /refusing to delete the shared branch main/);
    git(root, 'reset', '-q', '--hard', pushed);
  });

  it('checks the commits a push brings (a commit made with --no-verify is caught)', () => {
    write(root, { 'backend/app/api/deps.py': 'x = 2\n' });
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '--no-verify', '-m', 'core: sneak into api');
    const push = gitRun(root, ['push', '-q', 'origin', 'main'], {});
    assert.notEqual(push.status, 0);
    assert.match(push.stderr, /core: sneak into api/);
    assert.match(push.stderr, /backend\/app\/api\/deps\.py — owned by API/);
    git(root, 'reset', '-q', '--hard', 'HEAD~1');
  });

  it("a domain terminal may merge the shared branch: the other domains' files come with the merge", () => {
    const start = head();
    git(root, 'checkout', '-q', '-b', 'others');
    write(root, { 'backend/app/api/routes.py': 'merged = 1\n', 'frontend/src/App.tsx': 'merged\n' });
    git(root, 'add', '-A');
    assert.equal(
      gitRun(root, ['commit', '-q', '-m', 'api: others'], { TERRITORY_DOMAIN: 'API' }).status,
      1,
      "FE's file is not API's",
    );
    git(root, 'commit', '-q', '--no-verify', '-m', 'api: others');
    git(root, 'checkout', '-q', 'main');
    const merge = gitRun(root, ['merge', '-q', '--no-ff', '-m', "Merge branch 'others'", 'others'], CORE);
    assert.equal(merge.status, 0, merge.stderr);
    // A merge concluded by `git commit` (as after resolving conflicts) runs pre-commit with MERGE_HEAD.
    git(root, 'reset', '-q', '--hard', start);
    assert.equal(gitRun(root, ['merge', '-q', '--no-ff', '--no-commit', 'others'], CORE).status, 0);
    const conclude = gitRun(root, ['commit', '-q', '--no-edit'], CORE);
    assert.equal(conclude.status, 0, conclude.stderr);
    git(root, 'reset', '-q', '--hard', start);
    git(root, 'branch', '-q', '-D', 'others');
  });

  it('TERRITORY_SKIP_HOOKS=1 is the documented emergency bypass', () => {
    write(root, { 'backend/app/api/deps.py': 'x = 3\n' });
    git(root, 'add', '-A');
    const commit = gitRun(root, ['commit', '-q', '-m', 'core: emergency'], { ...CORE, TERRITORY_SKIP_HOOKS: '1' });
    assert.equal(commit.status, 0, commit.stderr);
    assert.match(commit.stderr, /TERRITORY_SKIP_HOOKS=1, Territory's pre-commit check skipped/);
    git(root, 'reset', '-q', '--hard', 'HEAD~1');
  });

  it('without a CLI: a domain terminal is refused, the lead is warned', () => {
    const recorded = git(root, 'config', '--get', 'territory.cli').trim();
    git(root, 'config', 'territory.cli', join(root, 'moved-away', 'cli.js'));
    try {
      write(root, { 'backend/app/models/y.py': 'y = 1\n' });
      git(root, 'add', '-A');
      const agent = gitRun(root, ['commit', '-q', '-m', 'core: y'], CORE);
      assert.notEqual(agent.status, 0);
      assert.match(agent.stderr, /pre-commit refused for domain CORE: the territory CLI was not found/);
      assert.match(agent.stderr, /TERRITORY_SKIP_HOOKS=1 or --no-verify/);
      const lead = gitRun(root, ['commit', '-q', '-m', 'core: y'], {});
      assert.equal(lead.status, 0, lead.stderr);
      assert.match(lead.stderr, /warning: pre-commit not checked: the territory CLI was not found/);
      git(root, 'reset', '-q', '--hard', 'HEAD~1');
      // TERRITORY_CLI comes first of all.
      write(root, { 'backend/app/api/z.py': 'z = 1\n' });
      git(root, 'add', '-A');
      const explicit = gitRun(root, ['commit', '-q', '-m', 'core: z'], {
        ...CORE,
        TERRITORY_CLI: recorded,
        PATH: `${join(process.execPath, '..')}:/usr/bin:/bin`,
      });
      assert.notEqual(explicit.status, 0);
      assert.match(explicit.stderr, /owned by API/);
    } finally {
      git(root, 'config', 'territory.cli', recorded);
    }
  });

  it('hooks status reports the installed hooks', async () => {
    const status = await cli('hooks', 'status', '--cwd', root, '--json');
    const data = JSON.parse(status.out);
    assert.equal(data.installed, true);
    assert.deepEqual(
      data.hooks.map((h: { name: string; state: string }) => [h.name, h.state]),
      [
        ['pre-commit', 'territory'],
        ['commit-msg', 'territory'],
        ['pre-push', 'territory'],
      ],
    );
  });
});

describe('guard: hooks the user already has', function () {
  this.timeout(60_000);

  it('still run after install, and come back byte for byte, mode included, after uninstall', async () => {
    const root = await seedRepo('territory-chain-');
    try {
      const hook = join(root, '.git', 'hooks', 'pre-commit');
      const original =
        '#!/bin/sh\n# my own hook, with odd bytes: \t\u00e9\r\necho ran >> "$(git rev-parse --git-dir)/mine.log"\n';
      writeFileSync(hook, original);
      chmodSync(hook, 0o750);
      const install = await cli('hooks', 'install', '--cwd', root);
      assert.equal(install.code, 0, install.err);
      assert.match(install.out, /pre-commit\s+territory, chains to your earlier hook — chained/);
      assert.equal(readFileSync(`${hook}.territory-chained`, 'utf8'), original);

      write(root, { 'backend/app/api/routes.py': 'routes = 1\n' });
      git(root, 'add', '-A');
      const refused = gitRun(root, ['commit', '-q', '-m', 'core: x'], CORE);
      assert.notEqual(refused.status, 0);
      assert.equal(readFileSync(join(root, '.git', 'mine.log'), 'utf8'), 'ran\n', "the user's hook ran first");
      assert.equal(gitRun(root, ['commit', '-q', '-m', 'api: routes'], { TERRITORY_DOMAIN: 'API' }).status, 0);
      assert.equal(readFileSync(join(root, '.git', 'mine.log'), 'utf8'), 'ran\nran\n');

      const again = await cli('hooks', 'install', '--cwd', root);
      assert.match(
        again.out,
        /pre-commit\s+territory, chains to your earlier hook — unchanged/,
        'installing twice keeps the chain',
      );

      const uninstall = await cli('hooks', 'uninstall', '--cwd', root);
      assert.equal(uninstall.code, 0, uninstall.err);
      assert.equal(readFileSync(hook, 'utf8'), original);
      assert.equal(statSync(hook).mode & 0o777, 0o750);
      assert.equal(existsSync(`${hook}.territory-chained`), false);
      for (const name of ['commit-msg', 'pre-push'])
        assert.equal(existsSync(join(root, '.git', 'hooks', name)), false, name);
      assert.equal(gitRun(root, ['config', '--get', 'territory.cli']).status, 1, 'the recorded CLI is forgotten');
    } finally {
      rmSync(join(root, '..'), { recursive: true, force: true });
    }
  });

  it('checks the very first commit of a new repository', async () => {
    const root = join(tempDir('territory-first-'), 'ws');
    try {
      git(join(root, '..'), 'init', '-q', '-b', 'main', root);
      git(root, 'config', 'user.name', 'T');
      git(root, 'config', 'user.email', 't@territory.invalid');
      write(root, {
        'territory.json': JSON.stringify({
          domains: [{ id: 'CORE', terminal: 'T1', name: 'Core', paths: ['core/'], prefixes: ['core:'] }],
        }),
      });
      assert.equal((await cli('hooks', 'install', '--cwd', root)).code, 0);
      write(root, { 'core/a.py': 'a\n' });
      git(root, 'add', '-A');
      const refused = gitRun(root, ['commit', '-q', '-m', 'core: start'], CORE);
      assert.notEqual(refused.status, 0);
      assert.match(refused.stderr, /territory\.json — owned by unassigned \(the lead's\)/);
      assert.equal(
        gitRun(root, ['commit', '-q', '-m', 'core: start'], {}).status,
        1,
        "the lead's core: commit may not carry the map either",
      );
      git(root, 'reset', '-q', '--', 'territory.json');
      assert.equal(gitRun(root, ['commit', '-q', '-m', 'core: start'], CORE).status, 0);
      // The map is nobody's: the lead commits it, and needs no domain prefix for that.
      git(root, 'add', 'territory.json');
      assert.equal(
        gitRun(root, ['commit', '-q', '-m', 'Add the domain map'], CORE).status,
        1,
        'not from a domain terminal',
      );
      const lead = gitRun(root, ['commit', '-q', '-m', 'Add the domain map'], {});
      assert.equal(lead.status, 0, lead.stderr);
    } finally {
      rmSync(join(root, '..'), { recursive: true, force: true });
    }
  });

  it('installs where core.hooksPath points, and refuses to lose a hook', async () => {
    const root = await seedRepo('territory-hookspath-');
    try {
      git(root, 'config', 'core.hooksPath', '.githooks');
      write(root, {
        '.githooks/commit-msg': '#!/bin/sh\nexit 0\n',
        '.githooks/commit-msg.territory-chained': '#!/bin/sh\nexit 0\n',
      });
      const install = await cli('hooks', 'install', '--cwd', root);
      assert.equal(install.code, 1);
      assert.match(install.err, /commit-msg: both commit-msg and commit-msg.territory-chained exist/);
      assert.ok(existsSync(join(root, '.githooks', 'pre-commit')));
      assert.equal(existsSync(join(root, '.git', 'hooks', 'pre-commit')), false);
      write(root, { 'backend/app/api/routes.py': 'routes = 2\n' });
      git(root, 'add', 'backend');
      const refused = gitRun(root, ['commit', '-q', '-m', 'core: x'], CORE);
      assert.notEqual(refused.status, 0);
      assert.match(refused.stderr, /owned by API/);
    } finally {
      rmSync(join(root, '..'), { recursive: true, force: true });
    }
  });
});
