// The real GitHub Copilot CLI (the npm package, installed by scripts/install-agent-clis.sh), run
// offline against a scripted stand-in for the Chat Completions API (DESIGN.md §8) through its
// own-provider settings, with the hooks file `territory export permissions --agent copilot` writes.
// What is asserted is what the agent did to the files and exactly what the model was told.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { agentBin, agentEnv, runAgent } from '../support/agentCli';
import { cli, seedRepo, tempDir } from '../support/guard';
import { startStandInCopilot } from '../support/standInCopilot';
import { COPILOT_HOOKS_FILE } from '../../../src/core/guard/copilotHook';
import { BLOCKED_LOG } from '../../../src/core/guard/blockedLog';
import { assertWorkingThenIdle, turnStates } from '../support/turnStates';
import { untilAgentEvent } from '../support/ptyAgent';

/** One `copilot -p` session in `root` whose model makes `call`, then ends its turn; what the model read back. */
/** Copilot pointed at the stand-in: its own-provider settings, no GitHub sign-in, no call home. */
function copilotEnv(home: string, url: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return agentEnv(home, {
    COPILOT_PROVIDER_BASE_URL: url,
    COPILOT_PROVIDER_TYPE: 'openai',
    COPILOT_PROVIDER_API_KEY: 'x',
    COPILOT_MODEL: 'gpt-4.1',
    COPILOT_OFFLINE: 'true',
    ...extra,
  });
}

async function runCopilot(
  root: string,
  call: { name: string; arguments: Record<string, unknown> },
  env: Record<string, string> = {},
): Promise<{ code: number | null; output: string; stderr: string }> {
  const home = tempDir('territory-copilot-home-');
  const server = await startStandInCopilot(call);
  try {
    // Stands for the user trusting the folder: prompt mode loads no repository hooks otherwise.
    const childEnv = copilotEnv(home, server.url, { GITHUB_COPILOT_PROMPT_MODE_REPO_HOOKS: 'true', ...env });
    const { code, stderr } = await runAgent(
      agentBin('copilot'),
      ['-p', 'Do the task.', '--allow-all-tools', '--no-ask-user'],
      root,
      childEnv,
    );
    const outputs = server.toolMessages();
    assert.equal(
      outputs.length,
      1,
      `one tool result went back to the model (exit ${code}, stderr: ${stderr.slice(-2000)})`,
    );
    return { code, output: outputs[0] ?? '', stderr };
  } finally {
    await server.close();
  }
}

const CORE = { TERRITORY_DOMAIN: 'CORE' };

describe('the real Copilot CLI, offline, with the exported guard', function () {
  this.timeout(240_000);
  let root: string;
  before(async function () {
    agentBin('copilot'); // fails the suite with the install command when the CLI is missing
    root = await seedRepo('territory-copilot-');
    const exported = await cli('--cwd', root, 'export', 'permissions', '--agent', 'copilot');
    assert.equal(exported.code, 0, exported.err);
    assert.ok(existsSync(path.join(root, COPILOT_HOOKS_FILE)), exported.out);
  });

  it('without the guard, its edit writes into another domain’s file (the scenario can fail)', async () => {
    const bare = await seedRepo('territory-copilot-bare-');
    const file = path.join(bare, 'backend/app/api/routes.py');
    const first = readFileSync(file, 'utf8').split('\n')[0] ?? '';
    const run = await runCopilot(
      bare,
      { name: 'edit', arguments: { path: file, old_str: first, new_str: 'unguarded' } },
      CORE,
    );
    assert.doesNotMatch(run.output, /Denied/);
    assert.match(readFileSync(file, 'utf8'), /^unguarded/);
  });

  it('edit of another domain’s file is blocked with the owner and the handoff file, and recorded', async () => {
    const file = path.join(root, 'backend/app/api/routes.py');
    const before = readFileSync(file, 'utf8');
    const run = await runCopilot(
      root,
      { name: 'edit', arguments: { path: file, old_str: before.split('\n')[0] ?? '', new_str: 'pwned' } },
      CORE,
    );
    assert.match(
      run.output,
      /^Denied by preToolUse hook: Territory: CORE may not edit this file\. backend\/app\/api\/routes\.py belongs to API \(T2/,
    );
    assert.match(run.output, /HANDOFF_FROM_CORE\.md/);
    assert.equal(readFileSync(file, 'utf8'), before, 'the file is unchanged');
    // The Session Board reads blocked attempts from this log.
    assert.match(readFileSync(path.join(root, ...BLOCKED_LOG.split('/')), 'utf8'), /"tool":"edit"/);
  });

  it('create of a new file in another domain is blocked; an own-domain create goes through', async () => {
    const theirs = path.join(root, 'backend/app/api/new.py');
    const blocked = await runCopilot(root, { name: 'create', arguments: { path: theirs, file_text: 'x = 1\n' } }, CORE);
    assert.match(
      blocked.output,
      /^Denied by preToolUse hook: Territory: CORE may not edit this file\. backend\/app\/api\/new\.py belongs to API/,
    );
    assert.ok(!existsSync(theirs));
    const mine = path.join(root, 'backend/app/models/own.py');
    const own = await runCopilot(root, { name: 'create', arguments: { path: mine, file_text: 'own = 1\n' } }, CORE);
    assert.doesNotMatch(own.output, /Denied/);
    assert.equal(readFileSync(mine, 'utf8'), 'own = 1\n');
  });

  it('a guard that cannot run blocks, with its reason', async () => {
    const file = path.join(root, 'backend/app/api/deps.py');
    const before = readFileSync(file, 'utf8');
    const run = await runCopilot(
      root,
      { name: 'edit', arguments: { path: file, old_str: before.split('\n')[0] ?? '', new_str: 'pwned' } },
      { ...CORE, TERRITORY_CLI: path.join(root, 'no "such" cli') },
    );
    assert.match(
      run.output,
      /^Denied by preToolUse hook: Territory: CORE's edit was blocked: the guard ended with status 127/,
    );
    assert.equal(readFileSync(file, 'utf8'), before);
  });
});

describe('the real Copilot CLI, offline, reporting to the Session Board through its hooks', function () {
  this.timeout(240_000);
  it('one turn writes events to .territory/events/CORE.jsonl that read as working, then idle', async () => {
    const root = await seedRepo('territory-copilot-events-');
    const exported = await cli('--cwd', root, 'export', 'permissions', '--agent', 'copilot');
    assert.equal(exported.code, 0, exported.err);
    const mine = path.join(root, 'backend/app/models/turn.py');
    const run = await runCopilot(root, { name: 'create', arguments: { path: mine, file_text: 'turn = 1\n' } }, CORE);
    assert.doesNotMatch(run.output, /Denied/);
    const events = assertWorkingThenIdle(root, 'CORE', 'copilot');
    const seen = events.map((e) => e.event).join(', ');
    assert.ok(
      events.some((e) => e.event === 'UserPromptSubmit') &&
        events.some((e) => e.event === 'PostToolUse' && e.file === 'backend/app/models/turn.py'),
      seen,
    );
  });
});

describe('the real Copilot CLI, interactive, asking to approve an edit', function () {
  this.timeout(240_000);
  it('its permission notification reaches the Session Board at once: the domain reads as waiting', async () => {
    // Only the interactive TUI asks (`-p --allow-all-tools` approves everything): CORE's own new file, never approved.
    const root = await seedRepo('territory-copilot-approval-');
    assert.equal((await cli('--cwd', root, 'export', 'permissions', '--agent', 'copilot')).code, 0);
    const home = tempDir('territory-copilot-home-');
    // The folder trusted for good, as Copilot's own question records it: it loads no repository hooks otherwise.
    mkdirSync(path.join(home, '.copilot'));
    writeFileSync(path.join(home, '.copilot', 'config.json'), JSON.stringify({ trusted_folders: [root] }));
    const asked = path.join(root, 'backend/app/models/asked.py');
    const server = await startStandInCopilot({ name: 'create', arguments: { path: asked, file_text: 'asked = 1\n' } });
    try {
      const env = copilotEnv(home, server.url, CORE);
      const seen = await untilAgentEvent(
        [agentBin('copilot'), '-i', 'Do the task.'],
        root,
        env,
        'CORE',
        'Notification',
      );
      assert.ok(seen, 'Copilot ran its notification hook within a minute');
    } finally {
      await server.close();
    }
    assert.ok(!existsSync(asked), 'nothing was approved');
    const { events, states } = turnStates(root, 'CORE', 'copilot');
    assert.deepEqual(
      events.map((e) => e.event),
      ['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'Notification'],
    );
    assert.equal(states[states.length - 1], 'waiting', states.join(', '));
  });
});
