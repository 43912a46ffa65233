// `territory finish` through the bundled CLI (dist/cli.js, as a terminal runs it) on real
// repositories: each check's failure named, the dry run, the --no-ff merge with the report as its
// message, and the pull request through a stand-in `gh` that records what it was given.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { git, plant, seedRepo, tempDir, terminalEnv, write } from '../guard/helpers';

const CLI = resolve(__dirname, '..', '..', '..', '..', 'dist', 'cli.js');
const SESSION = 'claude/edge-cases';

function finish(root: string, args: string[], extra: Record<string, string> = {}): { status: number; json: Record<string, unknown>; stderr: string; stdout: string } {
  const run = spawnSync(process.execPath, [CLI, 'finish', ...args, '--json'], { cwd: root, env: terminalEnv(extra), encoding: 'utf8' });
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

/** A passing run of the test task recorded at HEAD, as Run Test Suite records it. */
function recordTests(root: string, exitCode = 0): void {
  mkdirSync(join(root, '.git', 'territory'), { recursive: true });
  const head = git(root, 'rev-parse', 'HEAD').trim();
  writeFileSync(join(root, '.git', 'territory', 'last-test-run.json'), JSON.stringify({ task: 'npm: test', exitCode, startedAt: '2025-01-01T00:00:00Z', endedAt: '2025-01-01T00:01:00Z', head }));
}

/** The seed with its handoff settled, a session branch with one CORE commit, and the plan naming it. */
async function sessionRepo(): Promise<string> {
  const root = await seedRepo('territory-finish-');
  plant(root, 'core: handoff settled', { 'HANDOFF_FROM_CORE.md': readFileSync(join(root, 'HANDOFF_FROM_CORE.md'), 'utf8').replace(/- \[ \]/g, '- [x]') });
  git(root, 'checkout', '-q', '-b', SESSION);
  write(root, { '.territory/session.json': JSON.stringify({ goal: 'Edge-case checklist', branch: SESSION, tasks: {}, owner: 'dana' }, null, 2) });
  plant(root, 'core: version column', { 'backend/app/models/assignment.py': 'class Assignment:\n    version: int = 1\n' });
  recordTests(root);
  return root;
}

describe('finish: territory finish (bundled CLI, real git)', function () {
  this.timeout(60_000);
  const made: string[] = [];
  after(() => made.forEach((dir) => rmSync(join(dir, '..'), { recursive: true, force: true })));
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
    assert.match(action.message, /^Merge branch 'claude\/edge-cases' into main\n\nGoal: Edge-case checklist\n\nclaude\/edge-cases is ready to merge into main/);
    assert.equal(git(root, 'rev-parse', 'HEAD').trim(), head);
    assert.equal(git(root, 'symbolic-ref', '--short', 'HEAD').trim(), SESSION);
  });

  it('an open blocking handoff stops it first, named', async () => {
    const root = await repo();
    plant(root, 'api: handoff to CORE', {
      'HANDOFF_FROM_API.md':
        '# Handoff from API\n\n## Required Changes\n\n### For CORE:\n- [ ] File: `backend/app/models/user.py`\n- [ ] Change needed: add email\n- [ ] Reason: login\n- [ ] Blocking: Yes\n',
    });
    recordTests(root);
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
    recordTests(root);
    const result = finish(root, ['--dry-run']);
    assert.equal(result.status, 1);
    assert.equal(result.json.failedStep, 'commits');
    assert.match(steps(result.json)[1].details[0], /api: adjust user model — backend\/app\/models\/user\.py belongs to CORE/);
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
    plant(root, 'core: another version', { 'backend/app/models/assignment.py': 'class Assignment:\n    version: str = "x"\n' });
    git(root, 'checkout', '-q', SESSION);
    const result = finish(root, ['--dry-run']);
    assert.equal(result.status, 1);
    assert.equal(result.json.failedStep, 'merge');
    assert.deepEqual(steps(result.json)[3].details, ['backend/app/models/assignment.py']);
  });

  it('a test run that failed, or was made at another commit, is named', async () => {
    const root = await repo();
    recordTests(root, 3);
    assert.match(steps(finish(root, ['--dry-run']).json)[4].summary, /failed with exit code 3/);
    recordTests(root);
    plant(root, 'core: later', { 'backend/app/models/later.py': 'x = 1\n' });
    const stale = finish(root, ['--dry-run']);
    assert.equal(stale.json.failedStep, 'tests');
    assert.match(steps(stale.json)[4].summary, /not at [0-9a-f]{7}: run the test suite again/);
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
    assert.match(recorded, /^pr\ncreate\n--base\nmain\n--head\nclaude\/edge-cases\n--title\nEdge-case checklist\n--body-file\n-\n--body--\n# Merge report: claude\/edge-cases → main\n/);
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
    const branch = spawnSync(process.execPath, [CLI, 'session-branch', '--json'], { cwd: root, env: terminalEnv(), encoding: 'utf8' });
    assert.equal(branch.status, 0, branch.stderr);
    assert.deepEqual(JSON.parse(branch.stdout), { branch: SESSION, source: 'session', file: 'working tree', mapBranch: 'claude/[session-branch-name]', current: SESSION, onBranch: true });
  });
});

function gitRunStatus(remote: string, branch: string): number {
  return spawnSync('git', ['rev-parse', '-q', '--verify', `refs/heads/${branch}`], { cwd: remote, env: terminalEnv() }).status ?? -1;
}
