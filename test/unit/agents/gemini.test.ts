// The real Gemini CLI (the npm package, installed by scripts/install-agent-clis.sh), run offline
// against a scripted stand-in for the Gemini API (DESIGN.md §8), with the settings file
// `territory export permissions --agent gemini` writes. What is asserted is what the agent did to
// the files and exactly what the model was told (the functionResponse of its next request).
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { agentBin, agentEnv, runAgent } from '../support/agentCli';
import { cli, seedRepo, tempDir } from '../support/guard';
import { startStandInGemini, type GeminiTurn } from '../support/standInGemini';
import { GEMINI_SETTINGS_FILE } from '../../../src/core/guard/geminiHook';
import { BLOCKED_LOG } from '../../../src/core/guard/blockedLog';
import { assertWorkingThenIdle, turnStates } from '../support/turnStates';
import { untilAgentEvent } from '../support/ptyAgent';
import { assertApiHeardOfCoreRequest } from '../support/inboxTurns';

interface GeminiRun {
  readonly code: number | null;
  readonly stderr: string;
  /** What each tool call returned to the model, in order. */
  readonly responses: Record<string, unknown>[];
  readonly ms: number;
  /** Every request body to the model as JSON text, in order. */
  readonly requests: readonly string[];
}

/**
 * A Gemini home for `root` and the environment that points Gemini at the stand-in: API-key auth,
 * the repository trusted (Gemini runs no hooks, and no --yolo, in an untrusted folder), and no
 * system settings of the machine's (the project's .gemini/settings.json is the one under test).
 */
function geminiEnv(root: string, url: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  const home = tempDir('territory-gemini-home-');
  mkdirSync(path.join(home, '.gemini'));
  writeFileSync(
    path.join(home, '.gemini', 'settings.json'),
    JSON.stringify({ security: { auth: { selectedType: 'gemini-api-key' } } }),
  );
  writeFileSync(path.join(home, '.gemini', 'trustedFolders.json'), JSON.stringify({ [root]: 'TRUST_FOLDER' }));
  return agentEnv(home, {
    GEMINI_API_KEY: 'x',
    GOOGLE_GEMINI_BASE_URL: url,
    GEMINI_CLI_SYSTEM_SETTINGS_PATH: path.join(home, 'no-system-settings.json'),
    ...extra,
  });
}

/** One `gemini -p … --yolo` session in `root` whose model makes `call`, then ends its turn. */
async function runGemini(
  root: string,
  call: { name: string; args: Record<string, unknown> },
  env: Record<string, string> = {},
): Promise<GeminiRun> {
  const turns: GeminiTurn[] = [{ call }, { text: 'done' }];
  const server = await startStandInGemini(turns);
  const started = Date.now();
  try {
    const childEnv = geminiEnv(root, server.url, env);
    const { code, stderr } = await runAgent(
      agentBin('gemini'),
      ['-m', 'gemini-2.5-pro', '-p', 'Do the task.', '--yolo', '--output-format', 'json'],
      root,
      childEnv,
    );
    return {
      code,
      stderr,
      responses: server.functionResponses(),
      requests: server.requests.map((r) => JSON.stringify(r.body)),
      ms: Date.now() - started,
    };
  } finally {
    await server.close();
  }
}

function responseText(run: GeminiRun): string {
  assert.equal(
    run.responses.length,
    1,
    `one tool result went back to the model (exit ${run.code}, stderr: ${run.stderr.slice(-2000)})`,
  );
  return JSON.stringify(run.responses[0]);
}

/** The domain terminal of CORE, as Launch Domain Terminals starts it. */
const CORE = { TERRITORY_DOMAIN: 'CORE' };

describe('the real Gemini CLI, offline, with the exported guard', function () {
  this.timeout(240_000);
  let root: string;
  before(async function () {
    agentBin('gemini'); // fails the suite with the install command when the CLI is missing
    root = await seedRepo('territory-gemini-');
    const exported = await cli('--cwd', root, 'export', 'permissions', '--agent', 'gemini');
    assert.equal(exported.code, 0, exported.err);
    assert.ok(existsSync(path.join(root, GEMINI_SETTINGS_FILE)), exported.out);
  });

  it('without the guard, its write_file writes into another domain’s file (the scenario can fail)', async () => {
    const bare = await seedRepo('territory-gemini-bare-');
    const file = path.join(bare, 'backend/app/api/routes.py');
    const run = await runGemini(bare, { name: 'write_file', args: { file_path: file, content: 'unguarded\n' } }, CORE);
    assert.match(responseText(run), /Successfully overwrote/);
    assert.equal(readFileSync(file, 'utf8'), 'unguarded\n');
  });

  it('write_file to another domain’s existing file is blocked with the owner and the handoff file, and recorded', async () => {
    const file = path.join(root, 'backend/app/api/routes.py');
    const before = readFileSync(file, 'utf8');
    const run = await runGemini(root, { name: 'write_file', args: { file_path: file, content: 'pwned\n' } }, CORE);
    const text = responseText(run);
    assert.match(
      text,
      /Tool execution blocked: Territory: CORE may not edit this file\. backend\/app\/api\/routes\.py belongs to API \(T2/,
    );
    assert.match(text, /HANDOFF_FROM_CORE\.md/);
    assert.ok(text.length < 1500, `the model reads a short reason, not the hook's command (${text.length} characters)`);
    assert.equal(readFileSync(file, 'utf8'), before, 'the file is unchanged');
    const log = readFileSync(path.join(root, ...BLOCKED_LOG.split('/')), 'utf8');
    assert.match(log, /"tool":"write_file"/);
  });

  it('write_file creating a new file in another domain and replace in one are blocked', async () => {
    const created = path.join(root, 'backend/app/api/new_route.py');
    const a = await runGemini(root, { name: 'write_file', args: { file_path: created, content: 'x = 1\n' } }, CORE);
    assert.match(responseText(a), /belongs to API/);
    assert.ok(!existsSync(created), 'no file was created');
    const file = path.join(root, 'backend/app/api/deps.py');
    const before = readFileSync(file, 'utf8');
    const oldString = before.split('\n').find((l) => l.trim() !== '') ?? '';
    const b = await runGemini(
      root,
      {
        name: 'replace',
        args: { file_path: file, old_string: oldString, new_string: 'pwned', instruction: 'change it' },
      },
      CORE,
    );
    assert.match(responseText(b), /Tool execution blocked: Territory: CORE may not edit/);
    assert.equal(readFileSync(file, 'utf8'), before);
  });

  it('an own-domain write_file goes through; so does any write in the lead’s session (no TERRITORY_DOMAIN)', async () => {
    const file = path.join(root, 'backend/app/models/note.py');
    const own = await runGemini(root, { name: 'write_file', args: { file_path: file, content: 'own = 1\n' } }, CORE);
    assert.doesNotMatch(responseText(own), /blocked/);
    assert.equal(readFileSync(file, 'utf8'), 'own = 1\n');
    const leads = path.join(root, 'backend/app/api/lead.py');
    const lead = await runGemini(root, { name: 'write_file', args: { file_path: leads, content: 'lead = 1\n' } });
    assert.doesNotMatch(responseText(lead), /blocked/);
    assert.equal(readFileSync(leads, 'utf8'), 'lead = 1\n');
  });

  it('a guard that cannot run blocks (Gemini would let a failing hook through)', async () => {
    const file = path.join(root, 'backend/app/api/routes.py');
    const before = readFileSync(file, 'utf8');
    const run = await runGemini(
      root,
      { name: 'write_file', args: { file_path: file, content: 'pwned\n' } },
      { ...CORE, TERRITORY_CLI: path.join(root, 'no-such-cli') },
    );
    assert.match(
      responseText(run),
      /Tool execution blocked: [^]*Territory: CORE's edit was blocked: the guard ended with status 127/,
    );
    assert.equal(readFileSync(file, 'utf8'), before);
  });
});

describe('the real Gemini CLI, offline, reporting to the Session Board through its hooks', function () {
  this.timeout(240_000);
  it('one turn writes events to .territory/events/CORE.jsonl that read as working, then idle', async () => {
    const root = await seedRepo('territory-gemini-events-');
    const exported = await cli('--cwd', root, 'export', 'permissions', '--agent', 'gemini');
    assert.equal(exported.code, 0, exported.err);
    const file = path.join(root, 'backend/app/models/turn.py');
    const run = await runGemini(root, { name: 'write_file', args: { file_path: file, content: 'turn = 1\n' } }, CORE);
    assert.doesNotMatch(responseText(run), /blocked/);
    const events = assertWorkingThenIdle(root, 'CORE', 'gemini');
    const seen = events.map((e) => e.event).join(', ');
    assert.ok(
      events.some((e) => e.event === 'UserPromptSubmit') &&
        events.some((e) => e.event === 'PostToolUse' && e.file === 'backend/app/models/turn.py'),
      seen,
    );
  });
});

describe('the real Gemini CLI, interactive, asking to confirm a write', function () {
  this.timeout(240_000);
  it('its ToolPermission notification reaches the Session Board at once: the domain reads as waiting', async () => {
    // Only the interactive TUI asks (`-p --yolo` confirms nothing): a write of CORE's own file, never confirmed.
    const root = await seedRepo('territory-gemini-confirm-');
    assert.equal((await cli('--cwd', root, 'export', 'permissions', '--agent', 'gemini')).code, 0);
    const asked = path.join(root, 'backend/app/models/asked.py');
    const server = await startStandInGemini([
      { call: { name: 'write_file', args: { file_path: asked, content: 'asked = 1\n' } } },
      { text: 'done' },
    ]);
    try {
      const env = geminiEnv(root, server.url, CORE);
      const seen = await untilAgentEvent(
        [agentBin('gemini'), '-m', 'gemini-2.5-pro', '-i', 'Do the task.'],
        root,
        env,
        'CORE',
        'Notification',
      );
      assert.ok(seen, 'Gemini ran its Notification hook within a minute');
    } finally {
      await server.close();
    }
    assert.ok(!existsSync(asked), 'nothing was confirmed');
    const { events, states } = turnStates(root, 'CORE', 'gemini');
    assert.deepEqual(
      events.map((e) => e.event),
      ['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'Notification'],
    );
    assert.match(events[3]?.detail ?? '', /^Tool Confirm Write: /);
    assert.equal(states[states.length - 1], 'waiting', states.join(', '));
  });
});

describe('the real Gemini CLI hears of the handoff requests to its domain', function () {
  this.timeout(240_000);
  it('SessionStart and BeforeAgent bring the open requests into its context; its AfterAgent is turned back once', async () => {
    // The seed's HANDOFF_FROM_CORE.md holds a blocking request to API; API's agent runs in its terminal.
    const root = await seedRepo('territory-gemini-inbox-');
    assert.equal((await cli('--cwd', root, 'export', 'permissions', '--agent', 'gemini')).code, 0);
    const run = await runGemini(
      root,
      { name: 'write_file', args: { file_path: path.join(root, 'backend/app/api/inbox.py'), content: 'inbox = 1\n' } },
      { TERRITORY_DOMAIN: 'API' },
    );
    assert.equal(run.code, 0, run.stderr.slice(-1500));
    assertApiHeardOfCoreRequest(run.requests, 'the tool call, the end of the turn, and the retry AfterAgent asked for');
    assert.ok(existsSync(path.join(root, 'backend/app/api/inbox.py')), "API's own write went through");
  });
});
