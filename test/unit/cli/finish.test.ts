// `territory finish` through the bundled CLI (dist/cli.js, as a terminal runs it) on real
// repositories: each check's failure named, the dry run, the --no-ff merge with the report as its
// message, and the pull request through a stand-in `gh` that records what it was given.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readRepoState } from '../../../src/git/repoState';
import { writeTestRun } from '../../../src/git/testRun';
import { git, plant, seedRepo, tempDir, terminalEnv, write } from '../support/guard';
import { REPO_ROOT } from '../../support/repoRoot';

const CLI = resolve(REPO_ROOT, 'dist', 'cli.js');
const SESSION = 'claude/edge-cases';

/** The user's configuration folder for every run: the test-run key lives there, outside every repository. */
const CONFIG = tempDir('territory-finish-config-');
const KEY_FILE = join(CONFIG, 'territory', 'test-run.key');

function finish(
  root: string,
  args: string[],
  extra: Record<string, string> = {},
): { status: number; json: Record<string, unknown>; stderr: string; stdout: string } {
  const run = spawnSync(process.execPath, [CLI, 'finish', ...args, '--json'], {
    cwd: root,
    env: terminalEnv({ XDG_CONFIG_HOME: CONFIG, ...extra }),
    encoding: 'utf8',
  });
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(run.stdout) as Record<string, unknown>;
  } catch {
    // left empty: the assertions say what was printed
  }
  return { status: run.status ?? -1, json, stderr: run.stderr, stdout: run.stdout };
}

type Step = { id: string; state: string; summary: string; details: string[] };
const steps = (json: Record<string, unknown>) => json.steps as Step[];

/** A run of the test task recorded at HEAD by Territory's own writer, as Run Test Suite records it. */
async function recordTests(root: string, exitCode = 0): Promise<void> {
  const repo = await readRepoState(root);
  assert.ok(repo.ok);
  await writeTestRun(
    repo.state,
    {
      task: 'npm: test',
      exitCode,
      startedAt: '2025-01-01T00:00:00Z',
      endedAt: '2025-01-01T00:01:00Z',
      head: git(root, 'rev-parse', 'HEAD').trim(),
    },
    KEY_FILE,
  );
}

/** The attack: a record written by hand (any shell can write .git), claiming a pass at HEAD. */
function forgeTests(root: string, fields: Record<string, unknown> = {}): void {
  mkdirSync(join(root, '.git', 'territory'), { recursive: true });
  const head = git(root, 'rev-parse', 'HEAD').trim();
  writeFileSync(
    join(root, '.git', 'territory', 'last-test-run.json'),
    JSON.stringify({
      task: 'npm: test',
      exitCode: 0,
      startedAt: '2025-01-01T00:00:00Z',
      endedAt: '2025-01-01T00:01:00Z',
      head,
      ...fields,
    }),
  );
}

/** The seed with its handoff settled, a session branch with one CORE commit, and the plan naming it. */
async function sessionRepo(): Promise<string> {
  const root = await seedRepo('territory-finish-');
  plant(root, 'core: handoff settled', {
    'HANDOFF_FROM_CORE.md': readFileSync(join(root, 'HANDOFF_FROM_CORE.md'), 'utf8').replace(/- \[ \]/g, '- [x]'),
  });
  // The lead commits the plan, naming the session branch, before branching: rule 4 and finish follow the committed file.
  plant(root, 'lead: plan the session', {
    '.territory/session.json': JSON.stringify(
      { goal: 'Edge-case checklist', branch: SESSION, tasks: {}, owner: 'dana' },
      null,
      2,
    ),
  });
  git(root, 'checkout', '-q', '-b', SESSION);
  plant(root, 'core: version column', {
    'backend/app/models/assignment.py': 'class Assignment:\n    version: int = 1\n',
  });
  await recordTests(root);
  return root;
}

describe('finish: territory finish (bundled CLI, real git)', function () {
  this.timeout(60_000);
  const made: string[] = [];
  after(() => {
    made.forEach((dir) => rmSync(join(dir, '..'), { recursive: true, force: true }));
    rmSync(CONFIG, { recursive: true, force: true });
  });
  const repo = async () => {
    const root = await sessionRepo();
    made.push(root);
    return root;
  };

  before(() => assert.ok(existsSync(CLI), `${CLI} is built (node scripts/build.mjs)`));

  it('all clear: the dry run reports the merge it would make and changes nothing', async () => {
    const root = await repo();
    const head = git(root, 'rev-parse', 'HEAD').trim();
    const result = finish(root, ['--merge', '--dry-run']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.json.ok, true);
    assert.deepEqual(
      steps(result.json).map((s) => s.state),
      ['passed', 'passed', 'passed', 'passed', 'passed'],
    );
    const action = result.json.action as { kind: string; dryRun: boolean; done: boolean; message: string };
    assert.deepEqual([action.kind, action.dryRun, action.done], ['merge', true, false]);
    assert.match(
      action.message,
      /^Merge branch 'claude\/edge-cases' into main\n\nGoal: Edge-case checklist\n\nclaude\/edge-cases is ready to merge into main/,
    );
    assert.equal(git(root, 'rev-parse', 'HEAD').trim(), head);
    assert.equal(git(root, 'symbolic-ref', '--short', 'HEAD').trim(), SESSION);
  });

  it('right after Plan Session made the branch: "no session commits yet", no check fails, main\'s history is not the session\'s', async () => {
    const root = await seedRepo('territory-finish-fresh-');
    made.push(root);
    plant(root, 'lead: plan the session', {
      '.territory/session.json': JSON.stringify({ goal: 'Fresh', branch: SESSION, tasks: {}, owner: 'dana' }, null, 2),
    });
    git(root, 'checkout', '-q', '-b', SESSION);
    const result = finish(root, []);
    assert.equal(result.status, 2, result.stdout);
    assert.match(
      result.stderr,
      /^territory: no session commits yet: claude\/edge-cases is at main: nothing to finish$/m,
    );
    assert.doesNotMatch(result.stderr + result.stdout, /break the map|no commits of its own/);
    const commits = spawnSync(process.execPath, [CLI, 'commits'], {
      cwd: root,
      env: terminalEnv({ XDG_CONFIG_HOME: CONFIG }),
      encoding: 'utf8',
    });
    assert.equal(commits.status, 0, commits.stderr);
    assert.match(commits.stdout, /^Range: main\.\.claude\/edge-cases — 0 commits$/m);
    assert.match(commits.stderr, /^territory: note: No session commits yet: claude\/edge-cases is at main$/m);
    const board = spawnSync(process.execPath, [CLI, 'session'], {
      cwd: root,
      env: terminalEnv({ XDG_CONFIG_HOME: CONFIG }),
      encoding: 'utf8',
    });
    assert.equal(board.status, 0, board.stderr);
    assert.match(board.stderr, /^territory: note: No session commits yet: claude\/edge-cases is at main$/m);
    assert.doesNotMatch(board.stdout, /· [1-9]\d* commits? ·/, "no domain is credited main's commits");
  });

  it('an open blocking handoff stops it first, named', async () => {
    const root = await repo();
    plant(root, 'api: handoff to CORE', {
      'HANDOFF_FROM_API.md':
        '# Handoff from API\n\n## Required Changes\n\n### For CORE:\n- [ ] File: `backend/app/models/user.py`\n- [ ] Change needed: add email\n- [ ] Reason: login\n- [ ] Blocking: Yes\n',
    });
    await recordTests(root);
    const result = finish(root, ['--merge']);
    assert.equal(result.status, 1);
    assert.equal(result.json.failedStep, 'handoffs');
    assert.match(steps(result.json)[0].details[0], /API → CORE: backend\/app\/models\/user\.py — add email/);
    assert.match(result.stderr, /finish stopped at "Open blocking handoffs"/);
    assert.equal((result.json.action as { done: boolean }).done, false);
  });

  it('a commit that breaks the map is named', async () => {
    const root = await repo();
    plant(root, 'api: adjust user model', { 'backend/app/models/user.py': 'class User:\n    pass\n' });
    await recordTests(root);
    const result = finish(root, ['--dry-run']);
    assert.equal(result.status, 1);
    assert.equal(result.json.failedStep, 'commits');
    assert.match(
      steps(result.json)[1].details[0],
      /api: adjust user model — backend\/app\/models\/user\.py belongs to CORE/,
    );
  });

  it('uncommitted changes in a domain are named, by owner', async () => {
    const root = await repo();
    write(root, { 'frontend/src/App.tsx': 'changed\n' });
    const result = finish(root, ['--dry-run']);
    assert.equal(result.status, 1);
    assert.equal(result.json.failedStep, 'uncommitted');
    assert.deepEqual(steps(result.json)[2].details, ['FE: frontend/src/App.tsx']);
  });

  it('a base that conflicts is named with the conflicting file', async () => {
    const root = await repo();
    git(root, 'checkout', '-q', 'main');
    plant(root, 'core: another version', {
      'backend/app/models/assignment.py': 'class Assignment:\n    version: str = "x"\n',
    });
    git(root, 'checkout', '-q', SESSION);
    const result = finish(root, ['--dry-run']);
    assert.equal(result.status, 1);
    assert.equal(result.json.failedStep, 'merge');
    assert.deepEqual(steps(result.json)[3].details, ['backend/app/models/assignment.py']);
  });

  it('a test run that failed, or was made at another commit, is named', async () => {
    const root = await repo();
    await recordTests(root, 3);
    assert.match(steps(finish(root, ['--dry-run']).json)[4].summary, /failed with exit code 3/);
    await recordTests(root);
    plant(root, 'core: later', { 'backend/app/models/later.py': 'x = 1\n' });
    const stale = finish(root, ['--dry-run']);
    assert.equal(stale.json.failedStep, 'tests');
    assert.match(steps(stale.json)[4].summary, /not at [0-9a-f]{7}: run the test suite again/);
  });

  it('a hand-written record claiming a pass at HEAD is "tests not run": --merge refuses and merges nothing', async () => {
    const root = await repo();
    const main = git(root, 'rev-parse', 'main').trim();
    const attempts: Record<string, Record<string, unknown>> = {
      'no seal': {},
      'a made-up seal': { seal: 'ab'.repeat(32) },
      'a seal made with another key': { seal: createHmac('sha256', Buffer.alloc(32)).update('x').digest('hex') },
    };
    for (const [what, fields] of Object.entries(attempts)) {
      forgeTests(root, fields);
      const result = finish(root, ['--merge']);
      assert.equal(result.status, 1, `${what}: ${result.stderr}`);
      assert.equal(result.json.failedStep, 'tests', what);
      assert.match(
        steps(result.json)[4].summary,
        /^tests not run: the test record was not written by Territory for this commit; run the test task \(/,
        what,
      );
      assert.match(result.stderr, /finish stopped at "Full test suite": tests not run/, what);
      assert.equal(git(root, 'rev-parse', 'main').trim(), main, `${what}: main is untouched`);
      assert.equal(git(root, 'symbolic-ref', '--short', 'HEAD').trim(), SESSION, what);
    }
    // With no key at all for this user (another configuration folder): refused too, and none is created.
    forgeTests(root, { seal: 'ab'.repeat(32) });
    const elsewhere = tempDir('territory-finish-config-other-');
    made.push(join(elsewhere, 'x'));
    const keyless = finish(root, ['--merge'], { XDG_CONFIG_HOME: elsewhere });
    assert.equal(keyless.status, 1);
    assert.match(steps(keyless.json)[4].summary, /^tests not run: .*there is no test-run key/);
    assert.ok(!existsSync(join(elsewhere, 'territory', 'test-run.key')), 'reading never creates a key');
  });

  it('a genuine record edited by hand (the exit code flipped, or moved to another head) is refused', async () => {
    const root = await repo();
    await recordTests(root, 1);
    const file = join(root, '.git', 'territory', 'last-test-run.json');
    const sealed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    assert.match(String(sealed.seal), /^[0-9a-f]{64}$/);
    writeFileSync(file, JSON.stringify({ ...sealed, exitCode: 0 }));
    const flipped = finish(root, ['--merge']);
    assert.equal(flipped.status, 1);
    assert.match(
      steps(flipped.json)[4].summary,
      /^tests not run: the test record was not written by Territory .*its seal does not match its content/,
    );
    // A passing record of the parent commit, its head rewritten to HEAD's.
    const head = git(root, 'rev-parse', 'HEAD').trim();
    git(root, 'checkout', '-q', 'HEAD~1');
    await recordTests(root, 0);
    git(root, 'checkout', '-q', SESSION);
    const earlier = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    assert.notEqual(earlier.head, head);
    const stale = finish(root, ['--merge']);
    assert.equal(stale.json.failedStep, 'tests');
    assert.match(
      steps(stale.json)[4].summary,
      /^tests not run at [0-9a-f]{7}: the last passing run of "npm: test" was at [0-9a-f]{7}/,
    );
    writeFileSync(file, JSON.stringify({ ...earlier, head }));
    const moved = finish(root, ['--merge']);
    assert.equal(moved.status, 1);
    assert.match(steps(moved.json)[4].summary, /its seal does not match its content/);
    assert.equal(git(root, 'symbolic-ref', '--short', 'HEAD').trim(), SESSION, 'nothing merged');
  });

  it('a key others may read or write, or a key that is a symbolic link, is refused', async function () {
    if (process.platform === 'win32') this.skip();
    const root = await repo();
    try {
      chmodSync(KEY_FILE, 0o644);
      const open = finish(root, ['--merge']);
      assert.equal(open.status, 1);
      assert.match(
        steps(open.json)[4].summary,
        /^tests not run: .*may be read or written by other users \(mode 644\): chmod 600 /,
      );
      chmodSync(KEY_FILE, 0o600);
      chmodSync(dirname(KEY_FILE), 0o777);
      const folder = finish(root, ['--merge']);
      assert.equal(folder.status, 1);
      assert.match(steps(folder.json)[4].summary, /is not private .*chmod 700/);
      chmodSync(dirname(KEY_FILE), 0o700);
      const real = `${KEY_FILE}.real`;
      renameSync(KEY_FILE, real);
      symlinkSync(real, KEY_FILE);
      const linked = finish(root, ['--merge']);
      assert.equal(linked.status, 1);
      assert.match(steps(linked.json)[4].summary, /is a symbolic link/);
      assert.equal(git(root, 'symbolic-ref', '--short', 'HEAD').trim(), SESSION, 'nothing merged');
      rmSync(KEY_FILE);
      renameSync(real, KEY_FILE);
    } finally {
      chmodSync(dirname(KEY_FILE), 0o700);
      chmodSync(KEY_FILE, 0o600);
    }
    assert.equal(finish(root, ['--merge', '--dry-run']).status, 0, 'the same key, private again, is trusted');
  });

  it("--merge makes a --no-ff merge commit whose message is the report's summary (git log)", async () => {
    const root = await repo();
    const tip = git(root, 'rev-parse', 'HEAD').trim();
    const result = finish(root, ['--merge']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(git(root, 'symbolic-ref', '--short', 'HEAD').trim(), 'main');
    const parents = git(root, 'log', '-1', '--format=%P').trim().split(' ');
    assert.equal(parents.length, 2, 'a merge commit, never a fast-forward');
    assert.equal(parents[1], tip);
    const message = git(root, 'log', '-1', '--format=%B');
    assert.match(
      message,
      /^Merge branch 'claude\/edge-cases' into main\n\nGoal: Edge-case checklist\n\nclaude\/edge-cases is ready to merge into main: clean merge, no violation, no blocking handoff\.\n\n1 commit by prefix:\n\nCORE \(core:\)\n {2}[0-9a-f]{7} core: version column\n/,
    );
    assert.equal((result.json.action as { commit: string }).commit, git(root, 'rev-parse', 'HEAD').trim());
  });

  it('--pr pushes the branch and gives gh the title and the merge report as the body', async () => {
    const root = await repo();
    const remote = join(tempDir('territory-finish-remote-'), 'origin.git');
    made.push(join(remote, 'x'));
    git(join(remote, '..'), 'init', '-q', '--bare', remote);
    git(root, 'remote', 'add', 'origin', remote);
    const bin = tempDir('territory-gh-');
    made.push(join(bin, 'x'));
    const log = join(bin, 'gh.log');
    writeFileSync(
      join(bin, 'gh'),
      `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a" >> "${log}"; done\nprintf -- '--body--\\n' >> "${log}"\ncat >> "${log}"\necho https://github.com/acme/app/pull/7\n`,
    );
    chmodSync(join(bin, 'gh'), 0o755);
    const dry = finish(root, ['--pr', '--dry-run'], { PATH: `${bin}:/usr/bin:/bin` });
    assert.equal(dry.status, 0, dry.stderr);
    assert.equal((dry.json.action as { via: string }).via, 'gh');
    assert.ok(!existsSync(log), 'the dry run runs no gh');
    assert.notEqual(gitRunStatus(remote, SESSION), 0, 'and pushes nothing');
    const result = finish(root, ['--pr'], { PATH: `${bin}:/usr/bin:/bin` });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(gitRunStatus(remote, SESSION), 0, 'the session branch is on the remote');
    const recorded = readFileSync(log, 'utf8');
    assert.match(
      recorded,
      /^pr\ncreate\n--base\nmain\n--head\nclaude\/edge-cases\n--title\nEdge-case checklist\n--body-file\n-\n--body--\n# Merge report: claude\/edge-cases → main\n/,
    );
    assert.match(recorded, /## Commits by prefix[\s\S]*core: version column/);
    assert.equal((result.json.action as { url: string }).url, 'https://github.com/acme/app/pull/7');
  });

  it('--pr without gh: the compare URL of a GitHub remote', async () => {
    const root = await repo();
    const remote = join(tempDir('territory-finish-remote-'), 'origin.git');
    made.push(join(remote, 'x'));
    git(join(remote, '..'), 'init', '-q', '--bare', remote);
    git(root, 'remote', 'add', 'origin', 'git@github.com:acme/app.git');
    const result = finish(root, ['--pr', '--dry-run']);
    assert.equal(result.status, 0, result.stderr);
    const action = result.json.action as { via: string; url: string; body: string };
    assert.equal(action.via, 'compare-url');
    assert.equal(action.url, 'https://github.com/acme/app/compare/main...claude/edge-cases?expand=1');
    assert.match(action.body, /^# Merge report/);
  });

  it("is the lead's: refused in a domain terminal; --merge and --pr together are bad usage", async () => {
    const root = await repo();
    const domain = finish(root, ['--dry-run'], { TERRITORY_DOMAIN: 'CORE' });
    assert.equal(domain.status, 2);
    assert.match(domain.stderr, /finish is the lead's step/);
    assert.equal(finish(root, ['--merge', '--pr']).status, 2);
    const branch = spawnSync(process.execPath, [CLI, 'session-branch', '--json'], {
      cwd: root,
      env: terminalEnv(),
      encoding: 'utf8',
    });
    assert.equal(branch.status, 0, branch.stderr);
    assert.deepEqual(JSON.parse(branch.stdout), {
      branch: SESSION,
      source: 'session',
      file: 'HEAD',
      mapBranch: 'claude/[session-branch-name]',
      current: SESSION,
      onBranch: true,
    });
  });

  it('follows the committed session file: a working copy naming another branch is a note, never the branch finished', async () => {
    const root = await repo();
    git(root, 'branch', 'claude/other', 'main');
    write(root, { '.territory/session.json': JSON.stringify({ goal: 'x', branch: 'claude/other', tasks: {} }) });
    const result = finish(root, ['--dry-run']);
    assert.equal(result.json.head, SESSION);
    assert.deepEqual(result.json.designatedBranch, { branch: SESSION, source: 'session' });
    assert.match(
      (result.json.notes as string[]).join('\n'),
      /the working tree's \.territory\/session\.json differs from HEAD's \(branch claude\/other; HEAD's: claude\/edge-cases\); rule 4 uses HEAD's/,
    );
    const branch = spawnSync(process.execPath, [CLI, 'session-branch'], {
      cwd: root,
      env: terminalEnv(),
      encoding: 'utf8',
    });
    assert.equal(branch.stdout.trim(), SESSION);
    assert.match(branch.stderr, /differs from HEAD's/);
  });
});

function gitRunStatus(remote: string, branch: string): number {
  return (
    spawnSync('git', ['rev-parse', '-q', '--verify', `refs/heads/${branch}`], { cwd: remote, env: terminalEnv() })
      .status ?? -1
  );
}
