// Every commit of every domain terminal runs `territory check` twice (pre-commit, commit-msg): the
// git processes it starts are what it costs beyond Node's own start. Each check starts only the
// ones its answer needs, and the answer does not change for it.
import { strict as assert } from 'node:assert';
import { rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { commitFiles, emptyRepo, git, write } from '../support/commits';
import { cli } from '../support/guard';

const MAP = {
  domains: [
    { id: 'CORE', terminal: 'T1', paths: ['backend/app/models/'], prefixes: ['core:'] },
    { id: 'API', terminal: 'T2', paths: ['backend/app/api/'], prefixes: ['api:'] },
  ],
};

/** The git subcommands the CLI starts while `run` runs (the door's execFile, patched on the module object). */
async function gitStarted(run: () => Promise<unknown>): Promise<string[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const childProcess = require('node:child_process') as Record<string, (...args: unknown[]) => unknown>;
  const original = childProcess.execFile;
  const started: string[] = [];
  childProcess.execFile = (...args: unknown[]) => {
    const argv = (args[1] as string[]).filter((a, i, all) => a !== '-c' && all[i - 1] !== '-c');
    if (args[0] === 'git') started.push(argv[0] ?? '');
    return original(...args);
  };
  try {
    await run();
  } finally {
    childProcess.execFile = original;
  }
  return started.sort();
}

async function asCore<T>(run: () => Promise<T>): Promise<T> {
  const before = process.env.TERRITORY_DOMAIN;
  process.env.TERRITORY_DOMAIN = 'CORE';
  try {
    return await run();
  } finally {
    if (before === undefined) delete process.env.TERRITORY_DOMAIN;
    else process.env.TERRITORY_DOMAIN = before;
  }
}

describe('territory check: the git processes a commit pays for', function () {
  this.timeout(60_000);
  let root: string;
  beforeEach(() => {
    root = emptyRepo('territory-check-processes-');
    commitFiles(root, 'core: initial', { 'territory.json': JSON.stringify(MAP, null, 2), 'backend/app/models/user.py': '# v1\n', 'backend/app/api/routes.py': '# v1\n' });
    write(root, { 'backend/app/models/user.py': '# v2\n', COMMIT_EDITMSG: 'core: user v2\n' });
    git(root, 'add', 'backend/app/models/user.py');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('pre-commit: HEAD (one cat-file) and the staged files; commit-msg: the message settings too; no branch without a designated one', async () => {
    let result: Awaited<ReturnType<typeof cli>> | undefined;
    const pre = await asCore(() => gitStarted(async () => (result = await cli('check', '--cwd', root, '--staged', '--hook'))));
    assert.equal(result?.code, 0, result?.err);
    assert.deepEqual(pre, ['cat-file', 'diff']);
    const msg = await asCore(() => gitStarted(async () => (result = await cli('check', '--cwd', root, '--message', join(root, 'COMMIT_EDITMSG'), '--staged', '--hook'))));
    assert.equal(result?.code, 0, result?.err);
    assert.deepEqual(msg, ['cat-file', 'config', 'diff']);
  });

  it('a session branch in the working tree: the branch is read alongside, and a commit elsewhere is warned', async () => {
    write(root, { '.territory/session.json': JSON.stringify({ goal: 'x', branch: 'claude/x', tasks: {} }) });
    let result: Awaited<ReturnType<typeof cli>> | undefined;
    const started = await asCore(() => gitStarted(async () => (result = await cli('check', '--cwd', root, '--staged', '--hook'))));
    assert.equal(result?.code, 0, result?.err);
    assert.deepEqual(started, ['cat-file', 'diff', 'symbolic-ref']);
    assert.match(result?.err ?? '', /CORE is committing on branch main, but every terminal works on the designated branch claude\/x/);
  });

  it("a session branch only at HEAD (the working tree's file deleted): still warned, the branch read after HEAD's files", async () => {
    commitFiles(root, 'core: session', { '.territory/session.json': JSON.stringify({ goal: 'x', branch: 'claude/x', tasks: {} }) });
    unlinkSync(join(root, '.territory', 'session.json'));
    let result: Awaited<ReturnType<typeof cli>> | undefined;
    const started = await asCore(() => gitStarted(async () => (result = await cli('check', '--cwd', root, '--staged', '--hook'))));
    assert.equal(result?.code, 0, result?.err);
    assert.deepEqual(started, ['cat-file', 'diff', 'symbolic-ref']);
    assert.match(result?.err ?? '', /CORE is committing on branch main, but every terminal works on the designated branch claude\/x/);
  });

  it("the map judged is HEAD's even when the working tree's differs (parsed only then), and a repository without a map starts only the search for its top", async () => {
    write(root, { 'territory.json': JSON.stringify({ domains: [{ ...MAP.domains[0], paths: ['backend/'] }, MAP.domains[1]] }, null, 2) });
    write(root, { 'backend/app/api/routes.py': '# v2\n' });
    git(root, 'add', 'backend/app/api/routes.py');
    const refused = await asCore(() => cli('check', '--cwd', root, '--staged', '--hook'));
    assert.equal(refused.code, 1, 'judged by HEAD: API owns routes.py');
    assert.match(refused.err, /backend\/app\/api\/routes\.py/);
    const bare = emptyRepo('territory-check-nomap-');
    try {
      const started = await asCore(() => gitStarted(() => cli('check', '--cwd', bare, '--staged', '--hook')));
      // Where no territory.json shows the folder, git says where the work tree's top is (and the map search ends there).
      assert.deepEqual(started, ['rev-parse']);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
