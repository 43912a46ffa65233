// The process door: in an untrusted workspace nothing in src/git may start a process, and in a
// trusted one Territory's reads must not run the repository's core.fsmonitor program.
import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { isRestrictedMode, RESTRICTED_MODE_REASON, setProcessPolicy, startGit } from '../../../src/git/door';
import { describeGitError, GitError, gitFailureOf, runFailure } from '../../../src/git/run';
import { listRepositoryFiles } from '../../../src/git/files';
import { readHooksStatus } from '../../../src/git/hooks';
import { readLog } from '../../../src/git/log';
import { readRepoState } from '../../../src/git/repoState';
import { readStatus } from '../../../src/git/status';
import { commitFiles, emptyRepo, git, write } from '../support/commits';
import { REPO_ROOT } from '../../support/repoRoot';

const SPAWNERS = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const;

/** Records every child process started through node:child_process while installed. */
function watchSpawns(): { started: string[]; restore(): void } {
  const started: string[] = [];
  // The module object itself (not an import namespace, whose bindings are read-only).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require('node:child_process') as Record<string, (...args: unknown[]) => unknown>;
  const originals = SPAWNERS.map((name) => [name, module[name]] as const);
  for (const [name, original] of originals) {
    module[name] = (...args: unknown[]) => {
      started.push(`${name} ${String(args[0])} ${JSON.stringify(args[1] ?? '')}`);
      return original(...args);
    };
  }
  return { started, restore: () => originals.forEach(([name, original]) => (module[name] = original)) };
}

function childProcessSync(command: string, args: string[], cwd: string, input: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
  return execFileSync(command, args, { cwd, input, encoding: 'utf8' });
}

/** A repository whose own configuration names programs git would run: fsmonitor and a filter driver. */
function hostileRepo(): { root: string; marker: string } {
  const root = emptyRepo('territory-trust-');
  const marker = path.join(root, '..', `${path.basename(root)}-ran`);
  const script = path.join(root, '.git', 'evil.sh');
  writeFileSync(script, `#!/bin/sh\necho "$0 $*" >> '${marker}'\ncat\n`);
  chmodSync(script, 0o755);
  commitFiles(root, 'core: first', {
    'backend/app/models/user.py': 'x = 1\n',
    'README.md': '# r\n',
    '.gitattributes': '*.py filter=evil\n',
  });
  git(root, 'config', 'core.fsmonitor', script);
  git(root, 'config', 'filter.evil.clean', script);
  git(root, 'config', 'filter.evil.smudge', script);
  write(root, { 'backend/app/models/user.py': 'x = 2\n', 'backend/app/api/new.py': 'y\n' });
  return { root, marker };
}

/** Calls every function src/git exports with plausible arguments; what they answer does not matter here. */
async function callEveryGitExport(root: string): Promise<number> {
  const dir = path.join(REPO_ROOT, 'out', 'src', 'git');
  let called = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
    // Loaded by path so a module added to src/git later is called too.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exports = require(path.join(dir, file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(exports)) {
      if (typeof value !== 'function' || /^[A-Z]/.test(name) || name === 'setProcessPolicy') continue;
      called++;
      try {
        await Promise.race([
          Promise.resolve(
            (value as (...args: unknown[]) => unknown)(root, 'HEAD', 'HEAD~1', {
              paths: ['README.md'],
              untracked: [],
              message: 'x',
            }),
          ),
          new Promise((resolve) => setTimeout(resolve, 2000)),
        ]);
      } catch {
        // A refusal may be a rejection: only what was started counts.
      }
    }
  }
  return called;
}

describe('process door (workspace trust)', () => {
  let repo: { root: string; marker: string };
  beforeEach(() => (repo = hostileRepo()));
  afterEach(() => {
    rmSync(repo.root, { recursive: true, force: true });
    rmSync(repo.marker, { force: true });
  });

  it('untrusted: no function of src/git starts a process, and the readers say they wait for trust', async () => {
    const restorePolicy = setProcessPolicy({ mayStartProcesses: () => false, allowRepositoryFsmonitor: () => false });
    let spawns: ReturnType<typeof watchSpawns> | undefined;
    try {
      spawns = watchSpawns();
      const listing = await listRepositoryFiles(repo.root);
      const status = await readStatus(repo.root);
      const log = await readLog(repo.root, 'HEAD');
      const state = await readRepoState(repo.root);
      // Restricted Mode is a code the views test (isRestrictedMode), not a message they compare.
      assert.deepEqual(listing, { ok: false, reason: RESTRICTED_MODE_REASON, restricted: true });
      assert.deepEqual(status, { ok: false, reason: RESTRICTED_MODE_REASON, restricted: true });
      assert.deepEqual(log, { ok: false, reason: RESTRICTED_MODE_REASON, restricted: true });
      assert.deepEqual(state, { ok: false, kind: 'untrusted', reason: RESTRICTED_MODE_REASON });
      const hooks = await readHooksStatus(repo.root);
      assert.ok(!hooks.ok && isRestrictedMode(hooks), JSON.stringify(hooks));
      const called = await callEveryGitExport(repo.root);
      assert.ok(called >= 30, `only ${called} functions of src/git were called`);
      assert.deepEqual(spawns.started, []);
    } finally {
      spawns?.restore();
      restorePolicy();
    }
    assert.equal(existsSync(repo.marker), false, 'the repository configured program ran');
  });

  it('trusted: a git failure that reads like the Restricted Mode reason is an error, not Restricted Mode', async () => {
    // git's own words, whatever they say, come from a run the door started.
    const run = await startGit(repo.root, ['rev-parse', '--verify', '--quiet', 'no-such-ref']);
    assert.equal(run.refused, false);
    const lookalike = new GitError(RESTRICTED_MODE_REASON, run);
    assert.equal(describeGitError(lookalike), RESTRICTED_MODE_REASON);
    assert.equal(isRestrictedMode(gitFailureOf(lookalike)), false);
    const failed = runFailure(run, 'rev-parse');
    assert.equal(isRestrictedMode(failed), false, failed.reason);
  });

  it('the spy sees a process started while trusted (the untrusted test can fail)', async () => {
    const spawns = watchSpawns();
    try {
      await readRepoState(repo.root);
    } finally {
      spawns.restore();
    }
    assert.ok(
      spawns.started.some((s) => s.startsWith('execFile git')),
      spawns.started.join('\n'),
    );
  });

  it("trusted: listing, status and log run none of the repository's programs (fsmonitor, filters, gpg)", async () => {
    // A signed commit makes `git log` call gpg.program when log.showSignature is set.
    const tree = git(repo.root, 'rev-parse', 'HEAD^{tree}').trim();
    const parent = git(repo.root, 'rev-parse', 'HEAD').trim();
    const signed = `tree ${tree}\nparent ${parent}\nauthor a <a@b> 1700000000 +0000\ncommitter a <a@b> 1700000000 +0000\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n iQ==\n -----END PGP SIGNATURE-----\n\ncore: signed\n`;
    const hash = childProcessSync('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], repo.root, signed).trim();
    git(repo.root, 'update-ref', 'refs/heads/main', hash);
    git(repo.root, 'config', 'log.showSignature', 'true');
    git(repo.root, 'config', 'gpg.program', path.join(repo.root, '.git', 'evil.sh'));
    // Same size, new timestamp: status must compare content, which runs the clean filter.
    writeFileSync(path.join(repo.root, 'backend/app/models/user.py'), 'x = 3\n');

    const listing = await listRepositoryFiles(repo.root);
    const status = await readStatus(repo.root);
    const log = await readLog(repo.root, 'HEAD');
    assert.ok(listing.ok && listing.files.includes('backend/app/api/new.py'), JSON.stringify(listing));
    assert.ok(status.ok && status.entries.some((e) => e.path === 'backend/app/models/user.py'), JSON.stringify(status));
    assert.ok(log.ok && log.commits[0].subject === 'core: signed', JSON.stringify(log));
    assert.equal(
      existsSync(repo.marker) ? readFileSync(repo.marker, 'utf8') : '',
      '',
      'a program the repository names ran',
    );
  });

  it('the same calls through plain git run them all (the trusted test can fail)', () => {
    writeFileSync(path.join(repo.root, 'backend/app/models/user.py'), 'x = 3\n');
    git(repo.root, 'status', '--porcelain');
    assert.match(readFileSync(repo.marker, 'utf8'), /evil\.sh (1|2) /, 'fsmonitor');
    assert.match(readFileSync(repo.marker, 'utf8'), /evil\.sh *\n/, 'clean filter');
  });

  it('trusted, with the user opting in: the fsmonitor program runs (the trusted test can fail)', async () => {
    const restorePolicy = setProcessPolicy({ mayStartProcesses: () => true, allowRepositoryFsmonitor: () => true });
    try {
      await readStatus(repo.root);
    } finally {
      restorePolicy();
    }
    assert.match(readFileSync(repo.marker, 'utf8'), /evil\.sh (1|2) /);
  });
});

describe('every process starts through the door', () => {
  const src = path.join(REPO_ROOT, 'src');
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
    );
  const sources = files(src).map((file) => ({ file: path.relative(src, file), text: readFileSync(file, 'utf8') }));

  it('only src/git/door.ts imports child_process, and nothing imports a git library', () => {
    // commitlintPlugin.ts holds the text of the module `territory export commitlint` writes into the
    // user's repository for commitlint to run there (it asks git for commit.cleanup and MERGE_HEAD):
    // Territory never loads it, so its require is in a string. It must import nothing itself.
    const generated = path.join('core', 'guard', 'commitlintPlugin.ts');
    const plugin = sources.find((s) => s.file === generated);
    assert.ok(plugin !== undefined && !/^import\b/m.test(plugin.text), `${generated} imports nothing`);
    const importers = sources
      .filter(
        (s) => s.file !== generated && /from '(node:)?child_process'|require\('(node:)?child_process'\)/.test(s.text),
      )
      .map((s) => s.file);
    assert.deepEqual(importers, [path.join('git', 'door.ts')]);
    assert.deepEqual(
      sources.filter((s) => /from 'simple-git'/.test(s.text)).map((s) => s.file),
      [],
    );
  });

  it('every file that opens a terminal, runs a task or types into a terminal asks for trust', () => {
    const starters = sources.filter((s) => /\.(createTerminal|executeTask|sendText)\(/.test(s.text));
    assert.ok(starters.length >= 3, starters.map((s) => s.file).join(', '));
    assert.deepEqual(
      starters.filter((s) => !/requireTrust\(/.test(s.text)).map((s) => s.file),
      [],
    );
  });
});

describe('git as Territory reads it', () => {
  it('replace refs cannot make an API commit that changes a CORE file read as something else', async () => {
    const root = emptyRepo('territory-replace-');
    commitFiles(root, 'core: base', { 'backend/app/models/a.py': '1\n' });
    const real = commitFiles(root, 'api: touches core', { 'backend/app/models/a.py': '2\n' });
    // A forged commit with an innocent subject and no CORE file, put in place by a replace ref.
    git(root, 'checkout', '-q', '-b', 'forge', 'HEAD~1');
    const forged = commitFiles(root, 'core: harmless', { 'backend/app/models/a.py': '2\n' });
    git(root, 'checkout', '-q', 'main');
    git(root, 'replace', real, forged);
    assert.match(git(root, 'log', '-1', '--format=%s', real), /core: harmless/, 'plain git shows the replacement');
    const log = await readLog(root, 'HEAD');
    assert.ok(log.ok, JSON.stringify(log));
    assert.equal(log.commits[0].subject, 'api: touches core');
    rmSync(root, { recursive: true, force: true });
  });
});

describe('large output through a temporary file', () => {
  const leftovers = () => readdirSync(tmpdir()).filter((name) => name.startsWith('territory-git-output-'));

  it('gives what the pipe gives, byte for byte, for output far beyond a pipe buffer, and leaves no file behind', async () => {
    const root = emptyRepo('territory-large-output-');
    // About 1.5 MB of listing: names with spaces, quotes, newlines and non-ASCII characters.
    const files: Record<string, string> = {};
    for (let i = 0; i < 6000; i++) files[`dir ${i % 37}/${'x'.repeat(200)} "${i}"\n café ${i}.txt`] = '';
    write(root, files);
    git(root, 'add', '-A');
    const before = leftovers();
    const args = ['ls-files', '-z', '--cached', '--full-name', '--', '.'];
    const spawns = watchSpawns();
    let piped;
    let filed;
    try {
      piped = await startGit(root, args);
      filed = await startGit(root, args, { largeOutput: true });
    } finally {
      spawns.restore();
    }
    // The pipe is execFile's; the file is a spawn with the file as its standard output.
    assert.deepEqual(
      spawns.started.map((s) => s.split(' ')[0]),
      ['execFile', 'spawn'],
    );
    assert.equal(piped.code, 0, piped.stderr);
    assert.ok(piped.stdout.length > 1_000_000, `${piped.stdout.length} characters`);
    assert.deepEqual(filed, piped);
    assert.equal(filed.stdout.split('\0').length - 1, 6000);
    assert.deepEqual(leftovers(), before, 'the temporary folder is removed');
    rmSync(root, { recursive: true, force: true });
  });

  it("reports git's failure as the pipe does: its exit code and message", async () => {
    const root = emptyRepo('territory-large-output-');
    const piped = await startGit(root, ['rev-parse', '--verify', 'no-such-ref']);
    const filed = await startGit(root, ['rev-parse', '--verify', 'no-such-ref'], { largeOutput: true });
    assert.notEqual(filed.code, 0);
    assert.equal(filed.code, piped.code);
    assert.equal(filed.stderr, piped.stderr);
    assert.match(filed.stderr, /fatal: /);
    rmSync(root, { recursive: true, force: true });
  });
});
