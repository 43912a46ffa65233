// src/git against real repositories made here: commits that leave other domains alone, repository
// states (empty, detached, shallow, mid-merge), ranges, the merge check and the capped history.
import { strict as assert } from 'node:assert';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { planDomainCommit } from '../../../src/core/commits/changes';
import { OwnershipResolver } from '../../../src/core/ownership/resolver';
import { commitPaths } from '../../../src/git/commit';
import { HistoryCache, loadHistory } from '../../../src/git/history';
import { checkMerge, parseMergeTree } from '../../../src/git/mergeCheck';
import { detectBaseBranch, resolveRange } from '../../../src/git/range';
import { readRepoState, readRepoStateStepByStep } from '../../../src/git/repoState';
import { showFileAt } from '../../../src/git/show';
import { readStatus } from '../../../src/git/status';
import { readTestRun, writeTestRun } from '../../../src/git/testRun';
import { createSeedWorkspace, SEED_TERRITORY_JSON } from '../../fixtures/seedWorkspace';
import { SEED_MAP } from '../../support/seedMap';
import { commitFiles, emptyRepo, fastImportCommits, git, write } from '../support/commits';

const resolver = OwnershipResolver.compile(SEED_MAP);
const [CORE] = SEED_MAP.domains;
const cleanup: string[] = [];
// Removing a dozen seed repositories can take more than mocha's 10 s on a loaded machine.
after(function () {
  this.timeout(120_000);
  cleanup.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

async function seed(options: { withViolation?: boolean } = {}): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'territory-seed-')), 'ws');
  cleanup.push(dir);
  await createSeedWorkspace(dir, { withMapJson: true, withMarkdownMap: false, ...options });
  return dir;
}

function repo(): string {
  const dir = emptyRepo();
  cleanup.push(dir);
  return dir;
}

describe('committing one domain in a shared index', () => {
  it("commits exactly CORE's files, odd names included, and leaves API's staged file staged and unchanged", async () => {
    const root = await seed();
    const odd = [
      'backend/app/models/with space.py',
      'backend/app/models/ünïcode.py',
      'backend/app/models/-leading-dash.py',
      'backend/app/models/star*[x].py',
    ];
    write(root, Object.fromEntries(odd.map((f) => [f, `# ${f}\n`])));
    write(root, { 'backend/app/models/assignment.py': 'class Assignment:\n    version: int = 1\n' });
    // Another terminal's work: API staged one file and left another modified; FE has an untracked file.
    write(root, {
      'backend/app/api/routes.py': 'def list_assignments():\n    return [1]\n',
      'backend/app/api/deps.py': 'changed = True\n',
      'frontend/src/New.tsx': 'x\n',
    });
    git(root, 'add', '--', 'backend/app/api/routes.py');
    // CORE staged part of its work too: it goes in with the rest of its files.
    git(root, 'add', '--', 'backend/app/models/assignment.py');
    const stagedBefore = git(root, 'diff', '--cached', '--', 'backend/app/api/routes.py');
    const unstagedBefore = git(root, 'diff', '--', 'backend/app/api/deps.py');

    const status = await readStatus(root);
    assert.ok(status.ok);
    const plan = planDomainCommit(CORE, status.entries, resolver);
    assert.deepEqual([...plan.paths].sort(), ['backend/app/models/assignment.py', ...odd].sort());
    const result = await commitPaths(root, {
      paths: plan.paths,
      untracked: plan.untracked,
      message: 'core: odd names',
    });
    assert.ok(result.ok, result.ok ? '' : result.reason);
    assert.deepEqual([...result.files].sort(), ['backend/app/models/assignment.py', ...odd].sort());

    assert.equal(git(root, 'log', '-1', '--format=%s'), 'core: odd names\n');
    assert.equal(
      git(root, 'diff', '--cached', '--', 'backend/app/api/routes.py'),
      stagedBefore,
      "API's staged change is still staged, byte for byte",
    );
    assert.equal(git(root, 'diff', '--', 'backend/app/api/deps.py'), unstagedBefore);
    assert.deepEqual(git(root, 'diff', '--cached', '--name-only').split('\n').filter(Boolean), [
      'backend/app/api/routes.py',
    ]);
    assert.match(git(root, 'status', '--porcelain', '--', 'frontend/src/New.tsx'), /^\?\? /, 'FE file still untracked');
    assert.equal(git(root, 'status', '--porcelain', '--', 'backend/app/models/'), '', 'nothing of CORE left');
  });

  it('a commit hook that refuses leaves untracked files untracked', async () => {
    const root = await seed();
    write(root, {
      'backend/app/db/new.py': 'x = 1\n',
      '.git/hooks/pre-commit': '#!/bin/sh\necho "hook says no" >&2\nexit 1\n',
    });
    chmodSync(join(root, '.git/hooks/pre-commit'), 0o755);
    const result = await commitPaths(root, {
      paths: ['backend/app/db/new.py'],
      untracked: ['backend/app/db/new.py'],
      message: 'core: x',
    });
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.reason, /hook says no/);
    assert.match(git(root, 'status', '--porcelain', '--', 'backend/app/db/new.py'), /^\?\? /);
  });

  it('refuses an empty message or no paths', async () => {
    const root = await seed();
    assert.equal((await commitPaths(root, { paths: [], untracked: [], message: 'x' })).ok, false);
    assert.equal((await commitPaths(root, { paths: ['a'], untracked: [], message: '  ' })).ok, false);
  });

  it('works for the first commit of an empty repository', async () => {
    const root = repo();
    write(root, { 'backend/app/models/a.py': 'a\n', 'frontend/src/b.ts': 'b\n' });
    const result = await commitPaths(root, {
      paths: ['backend/app/models/a.py'],
      untracked: ['backend/app/models/a.py'],
      message: 'core: first',
    });
    assert.ok(result.ok, result.ok ? '' : result.reason);
    assert.deepEqual(result.files, ['backend/app/models/a.py']);
    assert.match(git(root, 'status', '--porcelain'), /^\?\? frontend\/$/m);
  });
});

describe('repository state', () => {
  it('not a repository, an empty one, a detached HEAD', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'territory-plain-'));
    cleanup.push(plain);
    const none = await readRepoState(plain);
    assert.deepEqual(none.ok ? undefined : [none.kind, none.reason], ['not-repo', 'not a git repository']);

    const empty = repo();
    const unborn = await readRepoState(empty);
    assert.ok(unborn.ok);
    assert.deepEqual(unborn.state.head, { kind: 'unborn', branch: 'main' });

    const root = await seed();
    git(root, 'checkout', '-q', '--detach', 'HEAD~2');
    const detached = await readRepoState(root);
    assert.ok(detached.ok);
    assert.equal(detached.state.head.kind, 'detached');
  });

  it('one git process answers as the three questions one by one: a branch, a subfolder, a detached HEAD, a linked worktree, a file named HEAD, an empty repository', async () => {
    const root = await seed();
    const linked = mkdtempSync(join(tmpdir(), 'territory-linked-'));
    cleanup.push(linked);
    rmSync(linked, { recursive: true });
    git(root, 'worktree', 'add', '-q', '-b', 'linked', linked);
    const detachedRoot = await seed();
    git(detachedRoot, 'checkout', '-q', '--detach', 'HEAD~1');
    const headFile = await seed();
    write(headFile, { HEAD: 'a file named HEAD\n' });
    for (const dir of [root, join(root, 'backend'), detachedRoot, linked, headFile, repo()]) {
      const state = await readRepoState(dir);
      assert.ok(state.ok, dir);
      assert.deepEqual(state, await readRepoStateStepByStep(dir), dir);
    }
    // The common case in one process.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const childProcess = require('node:child_process') as Record<string, (...args: unknown[]) => unknown>;
    const original = childProcess.execFile;
    let started = 0;
    childProcess.execFile = (...args: unknown[]) => {
      started++;
      return original(...args);
    };
    try {
      assert.ok((await readRepoState(root)).ok);
    } finally {
      childProcess.execFile = original;
    }
    assert.equal(started, 1);
  });

  it('git missing: a clear reason, no exception', async () => {
    const root = repo();
    const saved = process.env.PATH;
    process.env.PATH = join(root, 'no-such-dir');
    try {
      const state = await readRepoState(root);
      assert.deepEqual(state.ok ? undefined : [state.kind, state.reason], [
        'no-git',
        'git is not installed or not on PATH',
      ]);
      const history = await loadHistory(root, SEED_MAP, resolver, { choice: { kind: 'default' }, baseBranch: '' });
      assert.deepEqual(history.ok ? undefined : history.reason, 'git is not installed or not on PATH');
    } finally {
      process.env.PATH = saved;
    }
  });

  it('a merge in progress and a shallow clone', async () => {
    const root = repo();
    commitFiles(root, 'core: a', { 'f.txt': 'a\n' });
    git(root, 'checkout', '-q', '-b', 'other');
    commitFiles(root, 'api: b', { 'f.txt': 'b\n' });
    git(root, 'checkout', '-q', 'main');
    commitFiles(root, 'core: c', { 'f.txt': 'c\n' });
    assert.throws(() => git(root, 'merge', '-q', 'other'));
    const merging = await readRepoState(root);
    assert.ok(merging.ok);
    assert.equal(merging.state.operation, 'merge');

    const source = await seed();
    const clone = join(mkdtempSync(join(tmpdir(), 'territory-shallow-')), 'c');
    cleanup.push(clone);
    git(tmpdir(), 'clone', '-q', '--depth', '2', `file://${source}`, clone);
    const shallow = await readRepoState(clone);
    assert.ok(shallow.ok);
    assert.equal(shallow.state.shallow, true);
    const history = await loadHistory(clone, SEED_MAP, resolver, { choice: { kind: 'default' }, baseBranch: '' });
    assert.ok(history.ok);
    assert.equal(history.history.total, 2);
    assert.ok(
      history.history.notices.some((n) => /shallow clone/.test(n)),
      history.history.notices.join('; '),
    );
  });

  it('a folder below the top of the work tree: paths are folder-relative', async () => {
    const root = repo();
    commitFiles(root, 'core: nested', { 'app/backend/app/models/a.py': 'a\n', 'elsewhere.txt': 'x\n' });
    const history = await loadHistory(join(root, 'app'), SEED_MAP, resolver, {
      choice: { kind: 'all' },
      baseBranch: '',
    });
    assert.ok(history.ok);
    assert.equal(history.history.state.prefix, 'app/');
    assert.deepEqual(history.history.commits[0].files, [{ status: 'A', path: 'backend/app/models/a.py' }]);
    assert.deepEqual(history.history.grouping.groups[0].commits[0].violations, []);
  });
});

describe('ranges', () => {
  it('on the base branch: the last 200 commits; on a feature branch: since the merge-base', async () => {
    const root = await seed({ withViolation: true });
    const state = await readRepoState(root);
    assert.ok(state.ok);
    const onMain = await resolveRange(root, { kind: 'default' }, state.state.head, '');
    assert.ok(onMain.ok);
    assert.deepEqual(
      [onMain.range.spec, onMain.range.limit, onMain.range.label, onMain.range.base],
      ['HEAD', 200, 'last 200 commits of main', 'main'],
    );

    git(root, 'checkout', '-q', '-b', 'feature');
    commitFiles(root, 'fe: on feature', { 'frontend/src/F.tsx': 'f\n' });
    const feature = await readRepoState(root);
    assert.ok(feature.ok);
    const range = await resolveRange(root, { kind: 'default' }, feature.state.head, '');
    assert.ok(range.ok);
    assert.deepEqual([range.range.spec, range.range.label], ['main..HEAD', 'main..feature']);
    const history = await loadHistory(root, SEED_MAP, resolver, { choice: { kind: 'default' }, baseBranch: '' });
    assert.ok(history.ok);
    assert.deepEqual(
      history.history.commits.map((c) => c.subject),
      ['fe: on feature'],
    );

    const branch = await resolveRange(root, { kind: 'branch', branch: 'feature' }, feature.state.head, '');
    assert.ok(branch.ok);
    assert.equal(branch.range.spec, 'main..feature');
  });

  it('a branch just made at main (Plan Session): an empty range, "no session commits yet", never main\'s last 200', async () => {
    const root = await seed({ withViolation: true });
    git(root, 'checkout', '-q', '-b', 'claude/new-session');
    const state = await readRepoState(root);
    assert.ok(state.ok);
    const range = await resolveRange(root, { kind: 'default' }, state.state.head, '');
    assert.ok(range.ok);
    assert.deepEqual(
      [range.range.spec, range.range.limit, range.range.label, range.range.atBase],
      ['main..HEAD', undefined, 'main..claude/new-session', true],
    );
    assert.deepEqual(range.range.notices, ['No session commits yet: claude/new-session is at main']);
    const history = await loadHistory(root, SEED_MAP, resolver, { choice: { kind: 'default' }, baseBranch: '' });
    assert.ok(history.ok);
    assert.deepEqual(
      [history.history.total, history.history.commits.length, history.history.grouping.violatingCommits],
      [0, 0, 0],
    );
    const named = await resolveRange(root, { kind: 'branch', branch: 'claude/new-session' }, state.state.head, '');
    assert.ok(named.ok);
    assert.deepEqual([named.range.spec, named.range.atBase], ['main..claude/new-session', true]);

    // Its first commit: the ordinary range, no notice.
    commitFiles(root, 'fe: first', { 'frontend/src/F.tsx': 'f\n' });
    const after = await readRepoState(root);
    assert.ok(after.ok);
    const moved = await resolveRange(root, { kind: 'default' }, after.state.head, '');
    assert.ok(moved.ok);
    assert.deepEqual([moved.range.spec, moved.range.atBase, moved.range.notices], ['main..HEAD', undefined, []]);

    // Detached at main's commit is still main's history.
    git(root, 'checkout', '-q', '--detach', 'main');
    const detached = await readRepoState(root);
    assert.ok(detached.ok);
    const onMain = await resolveRange(root, { kind: 'default' }, detached.state.head, '');
    assert.ok(onMain.ok);
    assert.equal(onMain.range.limit, 200);
  });

  it('a configured base branch that does not exist, or no main/master at all', async () => {
    const root = await seed();
    const state = await readRepoState(root);
    assert.ok(state.ok);
    const missing = await resolveRange(root, { kind: 'default' }, state.state.head, 'develop');
    assert.ok(missing.ok);
    assert.equal(missing.range.limit, 200);
    assert.deepEqual(missing.range.notices, [
      'The base branch "develop" (territory.baseBranch) does not exist: showing the last 200 commits',
    ]);
    git(root, 'branch', '-q', '-m', 'main', 'trunk');
    assert.equal((await detectBaseBranch(root, '')).notice, 'No main or master branch (set territory.baseBranch)');
    assert.equal((await detectBaseBranch(root, '--all')).ref, undefined);
  });

  it('bad ranges give a reason, never reach git as options', async () => {
    const root = await seed();
    const state = await readRepoState(root);
    assert.ok(state.ok);
    const bad = await resolveRange(root, { kind: 'range', range: '--output=/tmp/x' }, state.state.head, '');
    assert.equal(bad.ok, false);
    const unknown = await resolveRange(root, { kind: 'range', range: 'nope..HEAD' }, state.state.head, '');
    assert.deepEqual(unknown.ok ? undefined : unknown.reason, '"nope" names no commit in this repository');
    const since = await loadHistory(root, SEED_MAP, resolver, {
      choice: { kind: 'since', date: '2025-01-06T14:30:00Z' },
      baseBranch: '',
    });
    assert.ok(since.ok);
    assert.deepEqual(
      since.history.commits.map((c) => c.subject),
      ['core: handoff to API', 'docs: readme'],
    );
  });

  it('an empty repository has an empty range, with a notice', async () => {
    const history = await loadHistory(repo(), SEED_MAP, resolver, { choice: { kind: 'default' }, baseBranch: '' });
    assert.ok(history.ok);
    assert.equal(history.history.total, 0);
    assert.deepEqual(history.history.notices, ['The repository has no commits yet']);
  });

  it('caps what it reads and counts the rest', async () => {
    const root = repo();
    fastImportCommits(
      root,
      450,
      (i) => (i % 3 === 0 ? `fe: ${i}` : `api: ${i}`),
      (i) => (i % 3 === 0 ? `frontend/src/f${i % 10}.ts` : `backend/app/api/a${i % 10}.py`),
    );
    const history = await loadHistory(root, SEED_MAP, resolver, {
      choice: { kind: 'all' },
      baseBranch: '',
      maxCommits: 100,
    });
    assert.ok(history.ok);
    assert.equal(history.history.commits.length, 100);
    assert.equal(history.history.total, 450);
    assert.equal(history.history.capped, true);
    assert.ok(history.history.notices.includes('Showing the newest 100 of 450 commits (setting territory.maxCommits)'));
    const fallback = await loadHistory(root, SEED_MAP, resolver, { choice: { kind: 'default' }, baseBranch: 'nope' });
    assert.ok(fallback.ok);
    assert.deepEqual([fallback.history.commits.length, fallback.history.capped], [200, false]);
  });
});

describe('merge check', () => {
  async function branches(conflict: boolean): Promise<string> {
    const root = repo();
    commitFiles(root, 'init', { 'f.txt': 'base\n', 'g.txt': 'g\n' });
    git(root, 'checkout', '-q', '-b', 'feature');
    commitFiles(root, 'core: feature', { 'f.txt': 'feature\n', 'name with space.txt': 'x\n' });
    git(root, 'checkout', '-q', 'main');
    commitFiles(root, 'api: main', conflict ? { 'f.txt': 'main\n' } : { 'g.txt': 'g2\n' });
    git(root, 'checkout', '-q', 'feature');
    write(root, { 'untracked.txt': 'keep me\n' });
    return root;
  }

  for (const method of ['merge-tree', 'worktree'] as const) {
    it(`${method}: clean and conflicting merges, work tree and index untouched`, async () => {
      const clean = await branches(false);
      const statusBefore = git(clean, 'status', '--porcelain');
      const ok = await checkMerge(clean, 'main', 'HEAD', method);
      assert.ok(ok.ok, ok.ok ? '' : ok.reason);
      assert.deepEqual([ok.clean, ok.conflicts, ok.method], [true, [], method]);
      assert.equal(git(clean, 'status', '--porcelain'), statusBefore);

      const conflicting = await branches(true);
      const result = await checkMerge(conflicting, 'main', 'HEAD', method);
      assert.ok(result.ok, result.ok ? '' : result.reason);
      assert.deepEqual([result.clean, result.conflicts], [false, ['f.txt']]);
      assert.ok(
        result.messages.some((m) => /CONFLICT \(content\)/.test(m)),
        result.messages.join('\n'),
      );
      assert.equal(git(conflicting, 'status', '--porcelain'), '?? untracked.txt\n');
      assert.equal(readFileSync(join(conflicting, 'f.txt'), 'utf8'), 'feature\n');
      assert.equal(git(conflicting, 'worktree', 'list').trim().split('\n').length, 1, 'no worktree left behind');
      assert.equal(existsSync(join(conflicting, '.git', 'MERGE_HEAD')), false);
    });
  }

  it('a base that does not exist', async () => {
    const root = await branches(false);
    const result = await checkMerge(root, 'nope', 'HEAD');
    assert.deepEqual(result.ok ? undefined : result.reason, 'the base "nope" names no commit');
  });

  it('parses merge-tree -z output', () => {
    assert.deepEqual(parseMergeTree('abc\0'), { clean: true, conflicts: [], messages: [] });
    const out = [
      'abc',
      'f',
      'a b',
      '',
      '1',
      'f',
      'Auto-merging',
      'Auto-merging f\n',
      '1',
      'f',
      'CONFLICT (contents)',
      'CONFLICT (content): Merge conflict in f\n',
      '',
    ].join('\0');
    assert.deepEqual(parseMergeTree(out), {
      clean: false,
      conflicts: ['f', 'a b'],
      messages: ['CONFLICT (content): Merge conflict in f'],
    });
  });
});

describe('file content at a commit, and the recorded test run', () => {
  it('shows a file with an odd name, and nothing for a file the commit lacks', async () => {
    const root = repo();
    const first = commitFiles(root, 'core: a', { '-dash ü.txt': 'one\n' });
    const second = commitFiles(root, 'core: b', { '-dash ü.txt': 'two\n', 'added.txt': 'new\n' });
    assert.deepEqual(await showFileAt(root, first, '-dash ü.txt'), { ok: true, text: 'one\n', exists: true });
    assert.deepEqual(await showFileAt(root, `${second}^`, 'added.txt'), { ok: true, text: '', exists: false });
    assert.deepEqual(
      await showFileAt(root, `${first}^`, '-dash ü.txt'),
      { ok: true, text: '', exists: false },
      'a root commit has no parent',
    );
    assert.equal((await showFileAt(root, 'HEAD --output=x', 'a')).ok, false);
  });

  it('remembers the last test run in the git directory', async () => {
    const root = repo();
    const state = await readRepoState(root);
    assert.ok(state.ok);
    // The key in a configuration folder of the test's own, outside the repository.
    const keyFile = join(mkdtempSync(join(tmpdir(), 'territory-key-')), 'territory', 'test-run.key');
    assert.equal(await readTestRun(state.state, keyFile), undefined);
    const run = {
      task: 'test',
      exitCode: 1,
      startedAt: '2025-01-01T00:00:00.000Z',
      endedAt: '2025-01-01T00:01:00.000Z',
    };
    // A link planted under the writer's temporary name is replaced, never written through.
    const target = join(mkdtempSync(join(tmpdir(), 'territory-target-')), 'startup');
    writeFileSync(target, 'keep\n');
    mkdirSync(join(state.state.gitDir, 'territory'), { recursive: true });
    symlinkSync(target, join(state.state.gitDir, 'territory', `last-test-run.json.${process.pid}.tmp`));
    await writeTestRun(state.state, run, keyFile);
    assert.deepEqual(await readTestRun(state.state, keyFile), run);
    assert.equal(readFileSync(target, 'utf8'), 'keep\n');
    for (const dir of [dirname(dirname(keyFile)), dirname(target)]) rmSync(dir, { recursive: true, force: true });
    assert.equal(git(root, 'status', '--porcelain'), '', 'nothing in the work tree');
  });
});

// The seed fixture's map is the same as the map the unit tests use.
it('seed fixture and test map agree', () => {
  assert.deepEqual(
    SEED_TERRITORY_JSON.domains.map((d) => d.id),
    SEED_MAP.domains.map((d) => d.id),
  );
});

describe('the history cache of the commits view', () => {
  it('reads what a full read reads, after commits, amends, resets, branch switches and merges, at the top and below it', async function () {
    // About 60 git processes: 7 s alone on 2 cores, past mocha's 10 s when other work shares them.
    this.timeout(60_000);
    const root = repo();
    commitFiles(root, 'core: start', { 'app/backend/app/models/a.py': 'a\n', 'top.txt': 'x\n' });
    const folders = [root, join(root, 'app')];
    const caches = folders.map(() => new HistoryCache());
    const steps: [string, () => void][] = [
      [
        'a commit',
        () =>
          commitFiles(root, 'api: routes', { 'app/backend/app/api/r.py': 'r\n', 'app/backend/app/models/b.py': 'b\n' }),
      ],
      ['a branch', () => git(root, 'checkout', '-q', '-b', 'feature')],
      [
        'two commits on it',
        () => (
          commitFiles(root, 'fe: page', { 'app/frontend/src/p.tsx': 'p\n' }),
          commitFiles(root, 'no prefix', { 'top.txt': 'y\n' })
        ),
      ],
      ['an amend', () => git(root, 'commit', '-q', '--amend', '--no-verify', '-m', 'core: amended')],
      ['a reset', () => git(root, 'reset', '-q', '--hard', 'HEAD~1')],
      [
        'back on main with a commit',
        () => (
          git(root, 'checkout', '-q', 'main'),
          commitFiles(root, 'core: more', { 'app/backend/app/models/c.py': 'c\n' })
        ),
      ],
      ['a merge', () => git(root, 'merge', '-q', '--no-ff', '--no-edit', 'feature')],
      [
        'a rename and a delete',
        () => (
          git(root, 'mv', 'app/backend/app/models/a.py', 'app/backend/app/api/a.py'),
          git(root, 'rm', '-q', 'top.txt'),
          git(root, 'commit', '-q', '--no-verify', '-m', 'api: moved')
        ),
      ],
    ];
    for (const [what, change] of [['nothing yet', () => undefined] as [string, () => void], ...steps]) {
      change();
      for (const [i, folder] of folders.entries()) {
        for (const choice of [{ kind: 'default' }, { kind: 'all' }] as const) {
          const options = { choice, baseBranch: '', unassignedPolicy: 'locked' as const };
          const full = await loadHistory(folder, SEED_MAP, resolver, options);
          // In slices that give the event loop back at every chance, as the extension reads it.
          const cached = await loadHistory(folder, SEED_MAP, resolver, {
            ...options,
            cache: caches[i],
            slices: { due: () => true, pause: () => new Promise((resolve) => setImmediate(resolve)) },
          });
          assert.deepEqual(cached, full, `${what}, ${folder === root ? 'top' : 'app/'}, ${choice.kind}`);
        }
      }
    }
  });

  it('reads only the commits it has not seen', async () => {
    const root = repo();
    commitFiles(root, 'core: one', { 'backend/app/models/a.py': 'a\n' });
    const cache = new HistoryCache();
    const options = { choice: { kind: 'all' } as const, baseBranch: '', cache };
    await loadHistory(root, SEED_MAP, resolver, options);
    const first = await loadHistory(root, SEED_MAP, resolver, options);
    commitFiles(root, 'core: two', { 'backend/app/models/b.py': 'b\n' });
    const second = await loadHistory(root, SEED_MAP, resolver, options);
    assert.ok(first.ok && second.ok);
    // The same object for the commit seen before: it was neither read nor attributed again.
    assert.equal(second.history.grouping.groups[0]!.commits[1], first.history.grouping.groups[0]!.commits[0]);
    assert.equal(second.history.commits.length, 2);
  });
});
