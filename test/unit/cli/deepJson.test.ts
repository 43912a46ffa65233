// Issue #25 item 9: JSON nested 100,000 deep, where a branch or an agent puts it (the folder's
// settings, the session file, the hook input on stdin), never ends a command with "Maximum call
// stack size exceeded". A settings file too deep to read gives a note with its line and column and
// the defaults apply, so the agent guard still judges with the map; deep hook input is refused with
// its reason. Each case runs the built bundles as the hooks do, with a time bound.
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { git, gitRun, runBundle, seedRepo, type BundleRun } from '../support/guard';

const DEPTH = 100_000;
const BOUND_MS = 5_000;

function deep(prefix: string, suffix: string): string {
  return prefix + '['.repeat(DEPTH) + ']'.repeat(DEPTH) + suffix;
}

/** The bundle within its time bound, and never with a stack overflow. */
function run(bundle: string, args: string[], cwd: string, stdin = ''): BundleRun {
  const r = runBundle(bundle, args, cwd, stdin);
  assert.ok(r.ms < BOUND_MS, `${bundle} ${args.join(' ')} took ${r.ms} ms (bound ${BOUND_MS} ms)`);
  assert.doesNotMatch(r.stderr, /Maximum call stack/);
  return r;
}

function writeInput(repo: string, rel: string, extra = ''): string {
  return JSON.stringify({
    session_id: 's',
    cwd: repo,
    hook_event_name: 'PreToolUse',
    tool_name: 'Write',
    tool_input: { file_path: path.join(repo, rel), content: 'x' },
  }).replace(/}$/, `${extra}}`);
}

describe('JSON nested 100,000 deep (#25 item 9)', function () {
  this.timeout(60_000);
  let repo: string;
  const settingsText = deep('{\n  "territory.unassigned": "shared",\n  "x": ', '\n}\n');
  before(async () => {
    repo = await seedRepo('territory-deepjson-');
    mkdirSync(path.join(repo, '.vscode'), { recursive: true });
    writeFileSync(path.join(repo, '.vscode/settings.json'), settingsText);
  });

  it('territory status works, with a note naming the settings file’s line and column', () => {
    const r = run('cli.js', ['status'], repo);
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stderr,
      /note: \.vscode\/settings\.json:3:\d+: nested more than 256 levels deep; Territory's settings are read as their defaults/,
    );
    assert.match(r.stdout, /On branch/);
  });

  it('the agent guard still judges with the map: an own Write passes, another domain’s is blocked with the normal reason', () => {
    const own = run(
      'pre-tool-use.js',
      ['pre-tool-use', '--domain', 'CORE'],
      repo,
      writeInput(repo, 'backend/app/models/x.py'),
    );
    assert.equal(own.status, 0, own.stderr);
    const other = run(
      'pre-tool-use.js',
      ['pre-tool-use', '--domain', 'CORE'],
      repo,
      writeInput(repo, 'frontend/src/App.tsx'),
    );
    assert.equal(other.status, 2);
    assert.match(other.stderr, /frontend\/src\/App\.tsx belongs to FE \(T4, Frontend\), not to CORE/);
    assert.match(other.stderr, /note: \.vscode\/settings\.json:3:\d+: nested more than 256/);
    // The defaults apply: "shared" in the unreadable file does not open unassigned files.
    const unassigned = run(
      'pre-tool-use.js',
      ['pre-tool-use', '--domain', 'CORE'],
      repo,
      writeInput(repo, 'unowned/file.txt'),
    );
    assert.equal(unassigned.status, 2, 'territory.unassigned is locked by default');
  });

  it('deep hook input: the guard refuses with exit 2 and a reason, the event hook records nothing and exits 0', () => {
    const input = writeInput(repo, 'backend/app/models/x.py', `,"extra":${deep('', '')}`);
    const guard = run('pre-tool-use.js', ['pre-tool-use', '--domain', 'CORE'], repo, input);
    assert.equal(guard.status, 2);
    assert.match(
      guard.stderr,
      /could not judge it: the hook input, at line 1, column \d+, is nested more than 256 levels deep/,
    );
    const event = run('event.js', ['event', '--domain', 'CORE'], repo, input);
    assert.equal(event.status, 0);
    assert.match(
      event.stderr,
      /not recorded: the hook input, at line 1, column \d+, is nested more than 256 levels deep/,
    );
  });

  it('the commit hooks’ check reads a deep settings and session file at HEAD without overflowing', () => {
    const committed = commitDeepFiles(repo);
    assert.equal(committed, 0);
    writeFileSync(path.join(repo, 'backend/app/models/y.py'), 'y = 1\n');
    git(repo, 'add', 'backend/app/models/y.py');
    const own = run('cli.js', ['check', '--staged', '--domain', 'CORE'], repo);
    assert.equal(own.status, 0, own.stderr);
    writeFileSync(path.join(repo, 'frontend/src/y.tsx'), 'y\n');
    git(repo, 'add', 'frontend/src/y.tsx');
    const other = run('cli.js', ['check', '--staged', '--domain', 'CORE'], repo);
    assert.equal(other.status, 1, other.stderr + other.stdout);
    assert.match(other.stdout + other.stderr, /frontend\/src\/y\.tsx/);
  });

  it('territory session reads a deep session file as a broken plan', () => {
    const r = run('cli.js', ['session'], repo);
    assert.equal(r.status, 0, r.stderr);
  });
});

/** Commits the deep settings and a deep session file (without hooks: planted history). */
function commitDeepFiles(repo: string): number {
  mkdirSync(path.join(repo, '.territory'), { recursive: true });
  writeFileSync(path.join(repo, '.territory/session.json'), deep('{"goal": "g", "branch": ', '}'));
  git(repo, 'add', '-f', '.vscode/settings.json', '.territory/session.json');
  return gitRun(repo, ['commit', '-q', '--no-verify', '-m', 'test: deep files']).status;
}
