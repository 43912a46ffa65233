// Tokens and PermissionRequest on the Session Board with the REAL Claude Code CLI, offline against the stand-in model:
// the event hooks `territory export permissions` writes record the transcript path, and
// `territory session --json` sums the transcript's message.usage for the domain. The stand-in says
// a sentence before its tool call, so Claude Code writes that one message as two transcript lines
// with the same message.id: counted once.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { claudeCodeBinary, runClaude } from '../support/claudeCode';
import { startModelServer, type ModelServer } from '../support/modelServer';
import { cli, git, seedRepo, tempDir } from '../support/guard';
import { REPO_ROOT } from '../../support/repoRoot';
import { readEvents } from '../../../src/core/mission/eventLog';
import { activityOf } from '../../../src/core/mission/inputs';
import { stateAt } from '../../../src/core/mission/state';

const CASE_MS = 60_000;

interface SessionJson {
  usage: { total: number; costUsd: number | null } | null;
  domains: {
    id: string;
    usage: {
      tokens: { input: number; output: number };
      total: number;
      messages: number;
      costUsd: number | null;
      unpriced: string[];
    } | null;
  }[];
}

/** Every transcript line of an assistant message under `home`'s Claude folder. */
function assistantLines(home: string): { id: string; usage: { input_tokens: number; output_tokens: number } }[] {
  const found: { id: string; usage: { input_tokens: number; output_tokens: number } }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.jsonl')) {
        for (const line of readFileSync(full, 'utf8').split('\n')) {
          if (!line.includes('"assistant"')) continue;
          const record = JSON.parse(line) as {
            type: string;
            message?: { id: string; usage: { input_tokens: number; output_tokens: number } };
          };
          if (record.type === 'assistant' && record.message?.usage)
            found.push({ id: record.message.id, usage: record.message.usage });
        }
      }
    }
  };
  walk(path.join(home, '.claude', 'projects'));
  return found;
}

describe('Session Board with the real Claude Code CLI: tokens and PermissionRequest (offline, stand-in model)', function () {
  this.timeout(CASE_MS + 60_000);
  let server: ModelServer;
  let root: string;
  const cliJs = path.join(REPO_ROOT, 'dist', 'cli.js');

  before(async function () {
    this.timeout(120_000);
    claudeCodeBinary(); // Fails with the install command when the CLI is missing: never a silent skip.
    if (!existsSync(cliJs)) throw new Error('dist/cli.js is missing: run node scripts/build.mjs first');
    server = await startModelServer();
    root = await seedRepo('territory-claude-tokens-');
    const exported = await cli('--cwd', root, 'export', 'permissions', '--domain', 'CORE');
    assert.equal(exported.code, 0, exported.err);
    git(root, 'config', 'territory.cli', cliJs);
    git(root, 'config', 'territory.node', process.execPath);
  });

  after(async () => {
    await server?.close();
  });

  it('after a turn, territory session --json shows non-zero tokens for the domain, each message counted once', async () => {
    const home = tempDir('territory-claude-tokens-home-');
    mkdirSync(home, { recursive: true });
    const run = await runClaude({
      cwd: root,
      settings: path.join(root, '.territory/claude/CORE.settings.json'),
      server,
      calls: [
        {
          name: 'Write',
          say: 'Writing the model.',
          input: { file_path: path.join(root, 'backend/app/models/usage.py'), content: 'x = 1\n' },
        },
      ],
      env: { TERRITORY_DOMAIN: 'CORE', HOME: home },
      timeoutMs: CASE_MS,
    });
    assert.equal(run.status, 0, run.stderr.slice(0, 500));
    assert.equal(readFileSync(path.join(root, 'backend/app/models/usage.py'), 'utf8'), 'x = 1\n');

    // What Claude Code wrote: the message with text and tool_use as two lines with one id.
    const lines = assistantLines(home);
    const ids = [...new Set(lines.map((l) => l.id))];
    assert.ok(
      ids.some((id) => lines.filter((l) => l.id === id).length >= 2),
      `a message over several lines: ${JSON.stringify(lines.map((l) => l.id))}`,
    );
    const expected = ids
      .map((id) => lines.find((l) => l.id === id)!.usage)
      .reduce((n, u) => ({ input: n.input + u.input_tokens, output: n.output + u.output_tokens }), {
        input: 0,
        output: 0,
      });
    assert.ok(expected.input > 0);

    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
    delete env.CLAUDE_CONFIG_DIR;
    const session = spawnSync(process.execPath, [cliJs, 'session', '--json', '--cwd', root], { env, encoding: 'utf8' });
    assert.equal(session.status, 0, session.stderr);
    const printed = JSON.parse(session.stdout) as SessionJson;
    const core = printed.domains.find((d) => d.id === 'CORE') ?? assert.fail('no CORE');
    assert.ok(core.usage, `CORE has usage: ${session.stdout.slice(0, 800)} ${session.stderr}`);
    assert.deepEqual(
      { input: core.usage.tokens.input, output: core.usage.tokens.output },
      expected,
      'each message once',
    );
    assert.equal(core.usage.messages, ids.length);
    // The stand-in's model has no price: tokens only, cost unknown.
    assert.equal(core.usage.costUsd, null);
    assert.ok(core.usage.unpriced.length > 0);
    assert.equal(printed.usage?.total, core.usage.total);
    assert.equal(printed.domains.find((d) => d.id === 'API')?.usage, null, 'a domain without transcripts has none');

    // The same transcript is not read for another user: HOME elsewhere, the path is outside its Claude folder.
    const other = spawnSync(process.execPath, [cliJs, 'session', '--json', '--cwd', root], {
      env: { ...env, HOME: tempDir('territory-claude-other-home-') },
      encoding: 'utf8',
    });
    assert.equal(other.status, 0, other.stderr);
    assert.equal((JSON.parse(other.stdout) as SessionJson).domains.find((d) => d.id === 'CORE')?.usage?.total ?? 0, 0);
    assert.match(other.stderr, /outside the user's Claude folder/);
  });

  it('a tool call that needs permission fires PermissionRequest at once: the event hook records it and the lane waits', async () => {
    const run = await runClaude({
      cwd: root,
      settings: path.join(root, '.territory/claude/CORE.settings.json'),
      server,
      // Network access asks in the default mode (-p answers the dialog with a denial, after the hook ran).
      calls: [
        {
          name: 'Bash',
          input: { command: 'curl -s http://example.invalid >/dev/null; echo asked', description: 'needs permission' },
        },
      ],
      env: { TERRITORY_DOMAIN: 'CORE', HOME: tempDir('territory-claude-permission-home-') },
      permissionMode: 'default',
      timeoutMs: CASE_MS,
    });
    assert.equal(run.status, 0, run.stderr.slice(0, 500));
    const events = readEvents(root, ['CORE']);
    const session = events.at(-1)?.session ?? assert.fail('no events');
    const mine = events.filter((e) => e.session === session);
    const names = mine.map((e) => e.event);
    const asked = names.indexOf('PermissionRequest');
    assert.ok(asked > names.indexOf('PreToolUse') && names.indexOf('PreToolUse') >= 0, names.join(' '));
    assert.deepEqual(
      { tool: mine[asked]!.tool, detail: mine[asked]!.detail },
      { tool: 'Bash', detail: 'permission to use Bash' },
    );
    const upTo = mine.slice(0, asked + 1);
    assert.equal(
      stateAt(activityOf(upTo, []), mine[asked]!.t, { stallMs: 0, hasTask: false }).state,
      'waiting',
      'waiting from the PermissionRequest alone',
    );
    assert.equal(
      stateAt(activityOf(mine, []), Date.now(), { stallMs: 0, hasTask: false }).state,
      'exited',
      'then the session ended',
    );
  });
});
