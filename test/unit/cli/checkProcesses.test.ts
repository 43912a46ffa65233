// Every commit of every domain terminal runs `territory check` twice (pre-commit, commit-msg): the
// git processes it starts are what it costs beyond Node's own start. Each check starts only the
// ones its answer needs, and the answer does not change for it.
import { strict as assert } from 'node:assert';
import { rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { CHECK_FLAGS, checkCommand } from '../../../src/cli/check';
import { parseCommandLine } from '../../../src/cli/flags';
import { loadMap } from '../../../src/cli/map';
import { GIT_READS_ENV } from '../../../src/core/guard/hookEnv';
import { hookGitReadsScript, hookScript } from '../../../src/core/guard/hookScript';
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

/** The stream the commit hooks write in `root` (their own git_reads function, run by sh with real git). */
function hookReads(root: string): string {
  assert.ok(
    hookScript('pre-commit').includes(hookGitReadsScript().replace(/git_reads\n$/, '')),
    'the hook carries this script',
  );
  const run = spawnSync('sh', ['-c', hookGitReadsScript()], { cwd: root, encoding: 'latin1' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

/** The check as a commit hook runs it, handed `stream` as the hook's git reads. */
async function checkWithHookReads(stream: string, ...argv: string[]): Promise<{ code: number; err: string }> {
  const options = parseCommandLine(['check', ...argv], (command) => (command === 'check' ? CHECK_FLAGS : undefined));
  const err: string[] = [];
  const before = process.env[GIT_READS_ENV];
  process.env[GIT_READS_ENV] = '1';
  try {
    const code = await checkCommand(
      options,
      { out: () => undefined, err: (text) => err.push(text), readHookGitReads: () => stream },
      loadMap,
    );
    return { code, err: err.join('\n') };
  } finally {
    if (before === undefined) delete process.env[GIT_READS_ENV];
    else process.env[GIT_READS_ENV] = before;
  }
}

describe('territory check: the git processes a commit pays for', function () {
  this.timeout(60_000);
  let root: string;
  beforeEach(() => {
    root = emptyRepo('territory-check-processes-');
    commitFiles(root, 'core: initial', {
      'territory.json': JSON.stringify(MAP, null, 2),
      'backend/app/models/user.py': '# v1\n',
      'backend/app/api/routes.py': '# v1\n',
    });
    write(root, { 'backend/app/models/user.py': '# v2\n', COMMIT_EDITMSG: 'core: user v2\n' });
    git(root, 'add', 'backend/app/models/user.py');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('pre-commit: HEAD (one cat-file) and the staged files; commit-msg: the message settings too; no branch without a designated one', async () => {
    let result: Awaited<ReturnType<typeof cli>> | undefined;
    const pre = await asCore(() =>
      gitStarted(async () => (result = await cli('check', '--cwd', root, '--staged', '--hook'))),
    );
    assert.equal(result?.code, 0, result?.err);
    assert.deepEqual(pre, ['cat-file', 'diff']);
    const msg = await asCore(() =>
      gitStarted(
        async () =>
          (result = await cli('check', '--cwd', root, '--message', join(root, 'COMMIT_EDITMSG'), '--staged', '--hook')),
      ),
    );
    assert.equal(result?.code, 0, result?.err);
    assert.deepEqual(msg, ['cat-file', 'config', 'diff']);
  });

  it('a session branch committed and in the working tree: the branch is read alongside, and a commit elsewhere is warned', async () => {
    commitFiles(root, 'lead: session', {
      '.territory/session.json': JSON.stringify({ goal: 'x', branch: 'claude/x', tasks: {} }),
    });
    let result: Awaited<ReturnType<typeof cli>> | undefined;
    const started = await asCore(() =>
      gitStarted(async () => (result = await cli('check', '--cwd', root, '--staged', '--hook'))),
    );
    assert.equal(result?.code, 0, result?.err);
    assert.deepEqual(started, ['cat-file', 'diff', 'symbolic-ref']);
    assert.match(
      result?.err ?? '',
      /CORE is committing on branch main, but every terminal works on the designated branch claude\/x/,
    );
  });

  it('a session branch only in the working tree (not committed): rule 4 does not follow it, no warning', async () => {
    write(root, { '.territory/session.json': JSON.stringify({ goal: 'x', branch: 'claude/x', tasks: {} }) });
    const result = await asCore(() => cli('check', '--cwd', root, '--staged', '--hook'));
    assert.equal(result.code, 0, result.err);
    assert.doesNotMatch(result.err, /designated branch/);
  });

  it("a session branch only at HEAD (the working tree's file deleted): still warned, the branch read after HEAD's files", async () => {
    commitFiles(root, 'core: session', {
      '.territory/session.json': JSON.stringify({ goal: 'x', branch: 'claude/x', tasks: {} }),
    });
    unlinkSync(join(root, '.territory', 'session.json'));
    let result: Awaited<ReturnType<typeof cli>> | undefined;
    const started = await asCore(() =>
      gitStarted(async () => (result = await cli('check', '--cwd', root, '--staged', '--hook'))),
    );
    assert.equal(result?.code, 0, result?.err);
    assert.deepEqual(started, ['cat-file', 'diff', 'symbolic-ref']);
    assert.match(
      result?.err ?? '',
      /CORE is committing on branch main, but every terminal works on the designated branch claude\/x/,
    );
  });

  it("the map judged is HEAD's even when the working tree's differs (parsed only then), and a repository without a map starts only the search for its top", async () => {
    write(root, {
      'territory.json': JSON.stringify(
        { domains: [{ ...MAP.domains[0], paths: ['backend/'] }, MAP.domains[1]] },
        null,
        2,
      ),
    });
    write(root, { 'backend/app/api/routes.py': '# v2\n' });
    git(root, 'add', 'backend/app/api/routes.py');
    const refused = await asCore(() => cli('check', '--cwd', root, '--staged', '--hook'));
    assert.equal(refused.code, 1, 'judged by HEAD: API owns routes.py');
    assert.match(refused.err, /backend\/app\/api\/routes\.py/);
    const bare = emptyRepo('territory-check-nomap-');
    try {
      const started = await asCore(() => gitStarted(() => cli('check', '--cwd', bare, '--staged', '--hook')));
      // Where no territory.json shows the folder, git says where the work tree's top is (and the map
      // search ends there); then whether HEAD holds a map the working tree hides (none: no commit yet).
      assert.deepEqual(started, ['rev-parse', 'rev-parse', 'rev-parse']);
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  it("handed the hook's git reads, the check starts no git process, and answers as it does when it asks git itself", async () => {
    const stream = hookReads(root);
    const message = join(root, 'COMMIT_EDITMSG');
    for (const argv of [['--staged'], ['--message', message, '--staged']]) {
      const own = await asCore(() => cli('check', '--cwd', root, ...argv, '--hook'));
      let handed: { code: number; err: string } | undefined;
      const started = await asCore(() =>
        gitStarted(async () => (handed = await checkWithHookReads(stream, '--cwd', root, ...argv, '--hook'))),
      );
      assert.deepEqual(
        started,
        argv.length === 1 ? [] : ['config'],
        `${argv.join(' ')}: only the message settings, which this hook run did not hand over`,
      );
      assert.deepEqual(handed, { code: own.code, err: own.err });
    }
    // Another domain's file: refused the same way from the hook's reads.
    write(root, { 'backend/app/api/routes.py': '# not CORE\n' });
    git(root, 'add', 'backend/app/api/routes.py');
    const refused = await asCore(() =>
      gitStarted(async () =>
        assert.match(
          (await checkWithHookReads(hookReads(root), '--cwd', root, '--staged', '--hook')).err,
          /backend\/app\/api\/routes\.py.*API|API.*backend\/app\/api\/routes\.py/s,
        ),
      ),
    );
    assert.deepEqual(refused, []);
  });

  it('a stream that is cut short, carries a failed git, or names other files is not used: the check asks git itself', async () => {
    const stream = hookReads(root);
    const failedDiff = stream.replace(/\n0\n$/, '\n128\n');
    const cases = { 'cut short': stream.slice(0, -1), 'a failed diff': failedDiff, 'no stream': '' };
    for (const [name, broken] of Object.entries(cases)) {
      let result: { code: number; err: string } | undefined;
      const started = await asCore(() =>
        gitStarted(async () => (result = await checkWithHookReads(broken, '--cwd', root, '--staged', '--hook'))),
      );
      assert.deepEqual(started, ['cat-file', 'diff'], name);
      assert.equal(result?.code, 0, `${name}: ${result?.err}`);
    }
    // A map the hook did not read at HEAD (one named by --map): HEAD is asked, the staged files are not.
    commitFiles(root, 'core: a second map', { 'maps/territory.json': JSON.stringify(MAP) });
    write(root, { 'backend/app/models/user.py': '# v3\n' });
    git(root, 'add', 'backend/app/models/user.py');
    let elsewhere: { code: number; err: string } | undefined;
    const started = await asCore(() =>
      gitStarted(
        async () =>
          (elsewhere = await checkWithHookReads(
            hookReads(root),
            '--cwd',
            root,
            '--map',
            'maps/territory.json',
            '--staged',
            '--hook',
          )),
      ),
    );
    assert.deepEqual(started, ['cat-file']);
    assert.equal(elsewhere?.code, 0, elsewhere?.err);
  });
});
