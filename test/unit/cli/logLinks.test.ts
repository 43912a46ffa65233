// Issue #25 item 4: the agents' event logs and the guard's blocked-edit log never follow a symbolic
// link (or a planted FIFO, or a second name) out of the repository. The attack: a branch commits
// `.territory/events/CORE.jsonl -> ~/.bashrc`, and the next `territory event` appends a line whose
// `file` field the agent chose (`$(…)`) to a shell start-up file. Run through the built bundles
// (dist/event.js, dist/pre-tool-use.js, dist/cli.js) as the hooks run them.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';
import { readBlocked } from '../../../src/core/guard/blockedLog';
import { appendEvent, eventLogFile, EventTail, readEvents } from '../../../src/core/mission/eventLog';
import { git, runBundle, seedRepo, type BundleRun } from '../support/guard';

const BASHRC = '# my shell start-up file\nexport PATH=$HOME/bin:$PATH\n';

function run(bundle: string, args: string[], cwd: string, stdin: string): BundleRun {
  return runBundle(bundle, args, cwd, stdin);
}

/** The agent's PostToolUse, naming a file whose name is a shell command. */
function editEvent(repo: string): string {
  return JSON.stringify({
    session_id: 's',
    cwd: repo,
    hook_event_name: 'PostToolUse',
    tool_name: 'Write',
    tool_input: { file_path: path.join(repo, 'backend/app/models/$(touch PWNED).py'), content: 'x' },
  });
}

function commitLink(repo: string, link: string, target: string): void {
  mkdirSync(path.dirname(path.join(repo, link)), { recursive: true });
  symlinkSync(target, path.join(repo, link));
  git(repo, 'add', '-f', link);
  git(repo, 'commit', '-q', '--no-verify', '-m', 'test: add a log');
}

describe('logs never follow a link out of the repository (#25 item 4)', function () {
  this.timeout(60_000);
  let repo: string;
  let outside: string;
  beforeEach(async () => {
    repo = await seedRepo('territory-loglinks-');
    outside = path.join(path.dirname(repo), '.bashrc');
    writeFileSync(outside, BASHRC);
  });

  it('territory event does not append to a committed log that links to ~/.bashrc, and says why', () => {
    commitLink(repo, '.territory/events/CORE.jsonl', outside);
    const r = run('event.js', ['event', '--domain', 'CORE'], repo, editEvent(repo));
    assert.equal(r.status, 0, 'the event hook never disturbs the agent');
    assert.equal(readFileSync(outside, 'utf8'), BASHRC, 'the linked file is unchanged');
    assert.match(
      r.stderr,
      /not recorded: \.territory\/events\/CORE\.jsonl is a symbolic link; Territory does not write/,
    );
  });

  it('nor through a linked .territory/events or .territory folder', () => {
    const elsewhere = path.join(path.dirname(repo), 'elsewhere');
    mkdirSync(elsewhere);
    commitLink(repo, '.territory/events', elsewhere);
    const r = run('event.js', ['event', '--domain', 'CORE'], repo, editEvent(repo));
    assert.equal(r.status, 0);
    assert.deepEqual(readdirSync(elsewhere), [], 'nothing made where the link leads');
    assert.match(r.stderr, /not recorded: \.territory\/events is a symbolic link/);

    git(repo, 'rm', '-q', '--cached', '.territory/events');
    renameSync(path.join(repo, '.territory'), path.join(path.dirname(repo), 'old-territory'));
    symlinkSync(elsewhere, path.join(repo, '.territory'));
    const again = run('event.js', ['event', '--domain', 'CORE'], repo, editEvent(repo));
    assert.deepEqual(readdirSync(elsewhere), []);
    assert.match(again.stderr, /not recorded: \.territory is a symbolic link/);
  });

  it('a link inside the folder is refused too: the log would append to another domain’s file', () => {
    commitLink(repo, '.territory/events/CORE.jsonl', '../../frontend/src/App.tsx');
    const before = readFileSync(path.join(repo, 'frontend/src/App.tsx'), 'utf8');
    const r = run('event.js', ['event', '--domain', 'CORE'], repo, editEvent(repo));
    assert.equal(readFileSync(path.join(repo, 'frontend/src/App.tsx'), 'utf8'), before);
    assert.match(r.stderr, /is a symbolic link/);
  });

  it('a hard link and a FIFO standing as the log are refused, at once', function () {
    if (process.platform === 'win32') this.skip();
    mkdirSync(path.join(repo, '.territory/events'), { recursive: true });
    linkSync(outside, eventLogFile(repo, 'CORE'));
    const event = { t: Date.now(), domain: 'CORE', event: 'Stop' as const };
    assert.match(appendEvent(repo, event) ?? '', /has other names \(a hard link\)/);
    assert.equal(readFileSync(outside, 'utf8'), BASHRC);
    const fifo = eventLogFile(repo, 'API');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    const started = Date.now();
    assert.match(appendEvent(repo, { ...event, domain: 'API' }) ?? '', /is not a regular file/);
    const notes: string[] = [];
    assert.deepEqual(new EventTail(repo).read(['API'], undefined, Date.now(), notes), []);
    assert.ok(Date.now() - started < 2_000, 'neither the write nor the read waits on the FIFO');
    assert.match(notes.join('\n'), /API\.jsonl: not read: it is not a regular file/);
  });

  it('rotation replaces a linked .1 log instead of writing through it', () => {
    commitLink(repo, '.territory/events/CORE.1.jsonl', outside);
    const event = { t: Date.now(), domain: 'CORE', event: 'Stop' as const };
    for (let i = 0; i < 40; i++) assert.equal(appendEvent(repo, event, { maxBytes: 200 }), undefined);
    assert.equal(readFileSync(outside, 'utf8'), BASHRC);
    assert.ok(!existsSync(outside + '.1.jsonl'));
    assert.ok(readEvents(repo, ['CORE']).length > 0, 'the rotated logs are read back');
  });

  it('territory session and the board’s tail do not read a log through a link, and say so', () => {
    writeFileSync(
      outside,
      JSON.stringify({ t: Date.now() - 1000, domain: 'CORE', event: 'PreToolUse', tool: 'Bash' }) + '\n',
    );
    commitLink(repo, '.territory/events/CORE.jsonl', outside);
    const notes: string[] = [];
    assert.deepEqual(new EventTail(repo).read(['CORE'], undefined, Date.now(), notes), []);
    assert.match(notes.join('\n'), /CORE\.jsonl: not read: it is a symbolic link/);
    const r = run('cli.js', ['session', '--json'], repo, '');
    assert.equal(r.status, 0, r.stderr);
    const core = (JSON.parse(r.stdout) as { domains: { id: string; counts: { toolCalls: number } }[] }).domains.find(
      (d) => d.id === 'CORE',
    );
    assert.equal(core?.counts.toolCalls, 0, 'the linked file was not read');
    assert.match(r.stderr, /note: \.territory\/events\/CORE\.jsonl: not read: it is a symbolic link/);
  });

  it('the guard does not append its blocked-edit log through a linked file, nor read it back', async () => {
    commitLink(repo, '.territory/guard/blocked.jsonl', outside);
    const input = JSON.stringify({
      session_id: 's',
      cwd: repo,
      hook_event_name: 'PreToolUse',
      tool_name: 'Write',
      tool_input: { file_path: path.join(repo, 'frontend/src/App.tsx'), content: 'x' },
    });
    const r = run('pre-tool-use.js', ['pre-tool-use', '--domain', 'CORE'], repo, input);
    assert.equal(r.status, 2, 'the edit is still blocked');
    assert.match(r.stderr, /belongs to FE/);
    assert.match(r.stderr, /not recorded: \.territory\/guard\/blocked\.jsonl is a symbolic link/);
    assert.equal(readFileSync(outside, 'utf8'), BASHRC);
    writeFileSync(
      outside,
      JSON.stringify({ time: new Date().toISOString(), domain: 'CORE', file: 'x', owner: 'FE', tool: 'Write' }) + '\n',
    );
    const notes: string[] = [];
    assert.deepEqual(await readBlocked(repo, notes), []);
    assert.match(notes.join('\n'), /blocked\.jsonl: not read: .*symbolic link/);
  });
});

describe('event times outside a sane window are dropped (#25 item 13)', function () {
  this.timeout(30_000);

  it('a "t":1 line or one from next week does not become the first activity or the state', async () => {
    const repo = await seedRepo('territory-eventtimes-');
    const now = Date.now();
    const lines = [
      { t: 1, domain: 'CORE', event: 'SessionStart', detail: 'startup' },
      { t: now + 7 * 24 * 3600_000, domain: 'CORE', event: 'Notification', detail: 'from the future' },
      { t: now - 90_000, domain: 'CORE', event: 'PreToolUse', tool: 'Bash' },
    ];
    mkdirSync(path.join(repo, '.territory/events'), { recursive: true });
    writeFileSync(eventLogFile(repo, 'CORE'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    mkdirSync(path.join(repo, '.territory/guard'));
    writeFileSync(
      path.join(repo, '.territory/guard/blocked.jsonl'),
      [new Date(0).toISOString(), new Date(now - 60_000).toISOString()]
        .map((time) => JSON.stringify({ time, domain: 'CORE', file: 'frontend/x', owner: 'FE', tool: 'Write' }))
        .join('\n') + '\n',
    );
    assert.deepEqual(
      readEvents(repo, ['CORE']).map((e) => e.t),
      [now - 90_000],
    );
    assert.equal((await readBlocked(repo)).length, 1);
    const r = run('cli.js', ['session'], repo, '');
    assert.equal(r.status, 0, r.stderr);
    const core = r.stdout.split('\n').findIndex((l) => l.startsWith('CORE'));
    assert.match(
      r.stdout.split('\n')[core] ?? '',
      /working|blocked/,
      'the state comes from the sane events, not the future Notification',
    );
    assert.match(r.stdout.split('\n')[core + 1] ?? '', /1 tool call · .* 1 blocked .* · 1m\d\ds since first activity/);
  });
});
