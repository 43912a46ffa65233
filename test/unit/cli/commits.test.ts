// `territory commits | status | report` on real repositories.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acceptsFlag } from '../../../src/cli/flags';
import { subcommandNamed } from '../../../src/cli/table';
import { createSeedWorkspace, SEED_TERRITORY_JSON_TEXT } from '../../fixtures/seedWorkspace';
import { commitFiles, emptyRepo, git, write } from '../support/commits';
import { runCli } from '../../support/runCli';

const run = runCli;

describe('territory commits / status / report', () => {
  let root: string;
  const dirs: string[] = [];
  before(async () => {
    const parent = mkdtempSync(join(tmpdir(), 'territory-cli-git-'));
    dirs.push(parent);
    root = join(parent, 'ws');
    await createSeedWorkspace(root, { withMapJson: true, withMarkdownMap: false, withViolation: true });
  });
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('commits: groups, violations, exit 1 when a commit crosses a territory', async () => {
    const result = await run('commits', '--cwd', root);
    assert.equal(result.code, 1);
    assert.match(result.out, /^Range: last 200 commits of main — 9 commits$/m);
    assert.match(result.out, /^API \(api:\) — 2 commits, 1 with violations$/m);
    assert.match(result.out, /^ {6}! backend\/app\/models\/user\.py — owned by CORE$/m);
    assert.match(result.out, /^Unattributed — 1 commit$/m);
    assert.match(result.err, /1 commit changes files outside their domain/);
  });

  it('commits --json: stable fields', async () => {
    const result = await run('commits', '--cwd', root, '--json', '--range', 'HEAD~3..HEAD');
    const data = JSON.parse(result.out);
    assert.deepEqual(Object.keys(data), [
      'root',
      'head',
      'range',
      'total',
      'loaded',
      'capped',
      'notices',
      'groups',
      'unattributed',
      'violations',
    ]);
    assert.equal(data.range.label, 'HEAD~3..HEAD');
    assert.equal(data.total, 3);
    assert.deepEqual(
      data.groups.map((g: { domain: string; count: number }) => [g.domain, g.count]),
      [
        ['CORE', 1],
        ['API', 1],
        ['SCHED', 0],
        ['FE', 0],
        ['TEST', 1],
      ],
    );
    const api = data.groups[1].commits[0];
    assert.deepEqual(Object.keys(api), [
      'hash',
      'shortHash',
      'subject',
      'author',
      'date',
      'parents',
      'kind',
      'prefix',
      'files',
      'violations',
    ]);
    assert.deepEqual(api.files, [{ status: 'A', path: 'backend/app/models/user.py', violation: 'CORE' }]);
    assert.deepEqual(
      data.violations.map((v: { domain: string; path: string; owner: string }) => [v.domain, v.path, v.owner]),
      [['API', 'backend/app/models/user.py', 'CORE']],
    );
    assert.equal((await run('commits', '--cwd', root, '--range=HEAD~7..HEAD~3')).code, 0, 'no violation in that range');
  });

  it('commits: bad usage and bad ranges exit 2 with a reason', async () => {
    const option = await run('commits', '--cwd', root, '--range', '--output=/tmp/x');
    assert.equal(option.code, 2);
    const injected = await run('commits', '--cwd', root, '--range=-n1');
    assert.equal(injected.code, 2);
    assert.match(injected.err, /--range: "-n1" is not a revision/);
    const unknown = await run('commits', '--cwd', root, '--range', 'nope..HEAD');
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /bad range: "nope" names no commit/);
    assert.equal((await run('commits', '--cwd', root, '--range', 'a..b', '--all')).code, 2);
    assert.equal((await run('commits', '--cwd', root, 'extra')).code, 2);
    assert.equal(
      (await run('status', '--cwd', root, '--range', 'x')).code,
      2,
      '--range belongs to commits and report only',
    );
    assert.ok(acceptsFlag(subcommandNamed('commits')!, '--range=x'));
    assert.ok(!acceptsFlag(subcommandNamed('validate')!, '--range'));
  });

  it('status: changes by owner, renames under both owners, the terminal domain', async () => {
    write(root, { 'backend/app/models/assignment.py': 'changed\n', 'frontend/src/-odd name ü.ts': 'x\n' });
    git(root, 'mv', 'docs/api.md', 'backend/app/api/api.md');
    try {
      const text = await run('status', '--cwd', root);
      assert.equal(text.code, 0);
      assert.match(text.out, /^CORE \(T1\) — 1 file\n {3}M backend\/app\/models\/assignment\.py$/m);
      assert.match(text.out, /^FE \(T4\) — 1 file\n {2}\?\? frontend\/src\/-odd name ü\.ts$/m);
      assert.match(
        text.out,
        /^TEST \(T5\) — 1 file\n {2}R {2}docs\/api\.md {2}\(renamed to backend\/app\/api\/api\.md\)$/m,
      );
      const json = JSON.parse((await run('status', '--cwd', root, '--json')).out);
      assert.deepEqual(
        json.groups.map((g: { owner: string }) => g.owner),
        ['CORE', 'API', 'FE', 'TEST'],
      );
      assert.deepEqual(json.groups[1].changes[0], {
        path: 'backend/app/api/api.md',
        from: 'docs/api.md',
        renamedTo: null,
        index: 'R',
        workTree: ' ',
        conflicted: false,
      });
      process.env.TERRITORY_DOMAIN = 'core';
      const asCore = await run('status', '--cwd', root, '--json');
      assert.deepEqual([JSON.parse(asCore.out).activeDomain, JSON.parse(asCore.out).outsideActive], ['CORE', 3]);
    } finally {
      delete process.env.TERRITORY_DOMAIN;
      git(root, 'reset', '-q', '--hard');
      git(root, 'clean', '-q', '-fd');
    }
  });

  it('report: the seed REPORT FORMAT as markdown and as JSON; TEST variant; unknown domain', async () => {
    const core = await run('report', 'CORE', '--cwd', root);
    assert.equal(core.code, 0, core.err);
    assert.match(core.out, /^- Status: Blocked — 1 open blocking request from CORE$/m);
    const api = JSON.parse((await run('report', 't2', '--cwd', root, '--json')).out);
    assert.equal(api.domain.id, 'API', 'a terminal label names its domain');
    assert.deepEqual([api.status, api.statusReason], ['Partial', '1 open request addressed to API']);
    assert.deepEqual(
      api.violations.map((v: { path: string }) => v.path),
      ['backend/app/models/user.py'],
    );
    const test = await run('report', 'TEST', '--cwd', root);
    assert.match(test.out, /^- Test results: not known/m);
    const unknown = await run('report', 'NOPE', '--cwd', root);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /no domain "NOPE" in the map \(domains: CORE, API, SCHED, FE, TEST\)/);
    assert.equal((await run('report', '--cwd', root)).code, 2);
  });

  it('a folder that is not a repository, an empty repository, a detached HEAD', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'territory-cli-plain-'));
    dirs.push(plain);
    write(plain, { 'territory.json': SEED_TERRITORY_JSON_TEXT });
    const none = await run('commits', '--cwd', plain);
    assert.deepEqual([none.code, none.err], [2, 'territory: not a git repository']);
    assert.equal((await run('status', '--cwd', plain)).err, 'territory: not a git repository');

    const empty = emptyRepo();
    dirs.push(empty);
    write(empty, { 'territory.json': SEED_TERRITORY_JSON_TEXT });
    const fresh = await run('commits', '--cwd', empty);
    assert.equal(fresh.code, 0);
    assert.match(fresh.out, /^Range: no commits yet on main — 0 commits$/m);
    assert.match(fresh.err, /note: The repository has no commits yet/);
    assert.match((await run('status', '--cwd', empty)).out, /^On branch main \(no commits yet\)$/m);

    commitFiles(empty, 'core: one', { 'backend/app/models/a.py': 'a\n' });
    commitFiles(empty, 'fe: two', { 'frontend/src/b.ts': 'b\n' });
    git(empty, 'checkout', '-q', '--detach', 'HEAD~1');
    commitFiles(empty, 'sched: on a detached HEAD', { 'backend/app/scheduling/c.py': 'c\n' });
    const detached = await run('commits', '--cwd', empty);
    assert.match(detached.err, /note: HEAD is detached at [0-9a-f]{7}/);
    assert.match(detached.out, /^Range: main\.\.HEAD \(detached at [0-9a-f]{7}\) — 1 commit$/m);
    assert.match(detached.out, /^ {2}[0-9a-f]{7} sched: on a detached HEAD/m);
  });
});
