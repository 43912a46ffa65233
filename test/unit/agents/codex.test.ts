// The real Codex CLI (the npm package, installed by scripts/install-agent-clis.sh), run offline
// against a scripted stand-in for the Responses API (DESIGN.md §8), with the hooks file
// `territory export permissions --agent codex` writes. Codex 0.169.0 edits files by running
// apply_patch through its shell tool; the model here does exactly that.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { agentBin, agentEnv, runAgent } from '../support/agentCli';
import { cli, seedRepo, tempDir } from '../support/guard';
import { startStandInCodex } from '../support/standInCodex';
import { CODEX_HOOKS_FILE } from '../../../src/core/guard/codexHook';
import { BLOCKED_LOG } from '../../../src/core/guard/blockedLog';
import { assertWorkingThenIdle, turnStates } from '../support/turnStates';
import { untilAgentEvent } from '../support/ptyAgent';
import { assertApiHeardOfCoreRequest } from '../support/inboxTurns';
import { listCodexHooks, trustCodexHooks } from '../../../src/git/codexHooks';
import { codexTrustProblem, untrustedTerritoryHooks } from '../../../src/core/guard/codexTrust';

/** One `codex exec` session in `root` whose model runs `patch` with apply_patch, then ends its turn; what the model read back. */
async function runCodex(
  root: string,
  patch: string,
  env: Record<string, string> = {},
  trustedIn?: string,
): Promise<{ code: number | null; output: string; stderr: string; requests: string[] }> {
  // `trustedIn`: a CODEX_HOME whose config.toml already trusts the project and Territory's hooks.
  const home = trustedIn ?? trustedProjectHome(root);
  const server = await startStandInCodex({
    name: 'exec_command',
    arguments: { cmd: `apply_patch <<'EOF'\n${patch}EOF\n` },
  });
  try {
    const provider = `model_providers.mock={name="mock",base_url="${server.url}",wire_api="responses",env_key="OPENAI_API_KEY"}`;
    // --dangerously-bypass-hook-trust stands for the user trusting Territory's hook once in /hooks,
    // unless the trust was recorded for real (`trustedIn`).
    const args = [
      'exec',
      '-c',
      provider,
      '-c',
      'model_provider="mock"',
      '-m',
      'gpt-5',
      '--skip-git-repo-check',
      '-s',
      'danger-full-access',
      ...(trustedIn === undefined ? ['--dangerously-bypass-hook-trust'] : []),
      'Do the task.',
    ];
    const childEnv = agentEnv(home, { CODEX_HOME: home, OPENAI_API_KEY: 'x', ...env });
    const { code, stderr } = await runAgent(agentBin('codex'), args, root, childEnv);
    const outputs = server.outputs();
    assert.equal(
      outputs.length,
      1,
      `one tool result went back to the model (exit ${code}, stderr: ${stderr.slice(-2000)})`,
    );
    return { code, output: outputs[0] ?? '', stderr, requests: server.requests() };
  } finally {
    await server.close();
  }
}

/** A CODEX_HOME whose config.toml trusts the project: Codex loads no project hooks otherwise. */
function trustedProjectHome(root: string): string {
  const home = tempDir('territory-codex-home-');
  writeFileSync(path.join(home, 'config.toml'), `[projects.${JSON.stringify(root)}]\ntrust_level = "trusted"\n`);
  return home;
}

const update = (file: string, from: string, to: string) =>
  `*** Begin Patch\n*** Update File: ${file}\n@@\n-${from}\n+${to}\n*** End Patch\n`;
const add = (file: string, line: string) => `*** Begin Patch\n*** Add File: ${file}\n+${line}\n*** End Patch\n`;
const CORE = { TERRITORY_DOMAIN: 'CORE' };

describe('the real Codex CLI, offline, with the exported guard', function () {
  this.timeout(240_000);
  let root: string;
  before(async function () {
    agentBin('codex'); // fails the suite with the install command when the CLI is missing
    root = await seedRepo('territory-codex-');
    const exported = await cli('--cwd', root, 'export', 'permissions', '--agent', 'codex');
    assert.equal(exported.code, 0, exported.err);
    assert.ok(existsSync(path.join(root, CODEX_HOOKS_FILE)), exported.out);
  });

  it('without the guard, its apply_patch writes into another domain’s file (the scenario can fail)', async () => {
    const bare = await seedRepo('territory-codex-bare-');
    const first = readFileSync(path.join(bare, 'backend/app/api/routes.py'), 'utf8').split('\n')[0] ?? '';
    const run = await runCodex(bare, update('backend/app/api/routes.py', first, 'unguarded'), CORE);
    assert.match(run.output, /Success\. Updated the following files/);
    assert.match(readFileSync(path.join(bare, 'backend/app/api/routes.py'), 'utf8'), /^unguarded/);
  });

  it('apply_patch updating another domain’s file is blocked with the owner and the handoff file, and recorded', async () => {
    const file = path.join(root, 'backend/app/api/routes.py');
    const before = readFileSync(file, 'utf8');
    const run = await runCodex(root, update('backend/app/api/routes.py', before.split('\n')[0] ?? '', 'pwned'), CORE);
    assert.match(
      run.output,
      /^Command blocked by PreToolUse hook: Territory: CORE may not edit this file\. backend\/app\/api\/routes\.py belongs to API \(T2/,
    );
    assert.match(run.output, /HANDOFF_FROM_CORE\.md/);
    assert.equal(readFileSync(file, 'utf8'), before, 'the file is unchanged');
    // The Session Board reads blocked attempts from this log.
    assert.match(readFileSync(path.join(root, ...BLOCKED_LOG.split('/')), 'utf8'), /"tool":"Bash"/);
  });

  it('a patch adding an own file and another domain’s file is blocked whole; an own-domain patch goes through', async () => {
    const both = `*** Begin Patch\n*** Add File: backend/app/models/a.py\n+a = 1\n*** Add File: backend/app/api/b.py\n+b = 1\n*** End Patch\n`;
    const blocked = await runCodex(root, both, CORE);
    assert.match(blocked.output, /backend\/app\/api\/b\.py belongs to API/);
    assert.ok(
      !existsSync(path.join(root, 'backend/app/models/a.py')) && !existsSync(path.join(root, 'backend/app/api/b.py')),
    );
    const own = await runCodex(root, add('backend/app/models/own.py', 'own = 1'), CORE);
    assert.doesNotMatch(own.output, /blocked/);
    assert.equal(readFileSync(path.join(root, 'backend/app/models/own.py'), 'utf8'), 'own = 1\n');
  });

  it('a guard that cannot run blocks', async () => {
    const file = path.join(root, 'backend/app/api/deps.py');
    const before = readFileSync(file, 'utf8');
    const run = await runCodex(root, update('backend/app/api/deps.py', before.split('\n')[0] ?? '', 'pwned'), {
      ...CORE,
      TERRITORY_CLI: path.join(root, 'no-such-cli'),
    });
    assert.match(
      run.output,
      /Command blocked by PreToolUse hook: [^]*Territory: CORE's edit was blocked: the guard ended with status 127/,
    );
    assert.equal(readFileSync(file, 'utf8'), before);
  });
});

describe('the real Codex CLI, offline, reporting to the Session Board through its hooks', function () {
  this.timeout(240_000);
  it('one turn writes events to .territory/events/CORE.jsonl that read as working, then idle', async () => {
    const root = await seedRepo('territory-codex-events-');
    const exported = await cli('--cwd', root, 'export', 'permissions', '--agent', 'codex');
    assert.equal(exported.code, 0, exported.err);
    const run = await runCodex(root, add('backend/app/models/turn.py', 'turn = 1'), CORE);
    assert.doesNotMatch(run.output, /blocked/);
    const events = assertWorkingThenIdle(root, 'CORE', 'codex');
    assert.ok(
      events.some((e) => e.event === 'UserPromptSubmit'),
      events.map((e) => e.event).join(', '),
    );
  });
});

describe('the real Codex CLI, interactive, asking for an approval', function () {
  this.timeout(240_000);
  it('its PermissionRequest reaches the Session Board at once: the domain reads as waiting', async () => {
    // Only the interactive TUI asks (`codex exec` rejects escalations under its fixed "never" policy).
    const root = await seedRepo('territory-codex-approval-');
    assert.equal((await cli('--cwd', root, 'export', 'permissions', '--agent', 'codex')).code, 0);
    const home = trustedProjectHome(root);
    const server = await startStandInCodex({
      name: 'exec_command',
      arguments: { cmd: 'touch escalated', sandbox_permissions: 'require_escalated', justification: 'needs it' },
    });
    try {
      const asked = await untilAgentEvent(
        [
          agentBin('codex'),
          '-c',
          `model_providers.mock={name="mock",base_url="${server.url}",wire_api="responses",env_key="OPENAI_API_KEY"}`,
          '-c',
          'model_provider="mock"',
          '-m',
          'gpt-5',
          '-s',
          'read-only',
          '-a',
          'on-request',
          '--dangerously-bypass-hook-trust',
          'Do the task.',
        ],
        root,
        agentEnv(home, { CODEX_HOME: home, OPENAI_API_KEY: 'x', ...CORE }),
        'CORE',
        'PermissionRequest',
      );
      assert.ok(asked, 'Codex ran its PermissionRequest hook within a minute');
    } finally {
      await server.close();
    }
    assert.ok(!existsSync(path.join(root, 'escalated')), 'nothing was approved');
    const { events, states } = turnStates(root, 'CORE', 'codex');
    assert.deepEqual(
      events.map((e) => e.event),
      ['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PermissionRequest'],
    );
    assert.equal(states[states.length - 1], 'waiting', states.join(', '));
    assert.equal(states[states.length - 2], 'working', states.join(', '));
  });
});

describe('Codex CLI trusts Territory’s hooks, asked through its own app-server', function () {
  this.timeout(240_000);
  it('an untrusted folder, then an untrusted guard, are said; Trust records exactly Territory’s hooks; codex exec then runs the guard unbypassed', async () => {
    const codex = agentBin('codex');
    const root = await seedRepo('territory-codex-trust-');
    assert.equal((await cli('--cwd', root, 'export', 'permissions', '--agent', 'codex')).code, 0);
    // A hook of someone else's that merely carries Territory's marker is never trusted through Territory.
    const hooksFile = path.join(root, CODEX_HOOKS_FILE);
    const hooks = JSON.parse(readFileSync(hooksFile, 'utf8')) as { hooks: Record<string, unknown[]> };
    const planted = '# territory-agent-guard format 1: planted\ntouch PLANTED';
    hooks.hooks.PostToolUse = [...(hooks.hooks.PostToolUse ?? []), { hooks: [{ type: 'command', command: planted }] }];
    writeFileSync(hooksFile, JSON.stringify(hooks, null, 2));
    const ids = ['CORE', 'API', 'SCHED', 'FE', 'TEST'];
    const home = tempDir('territory-codex-trust-home-');
    const env = agentEnv(home, { CODEX_HOME: home });

    const untrustedFolder = await listCodexHooks(codex, root, env);
    assert.ok(untrustedFolder.ok, !untrustedFolder.ok ? untrustedFolder.reason : '');
    assert.match(codexTrustProblem(untrustedFolder.hooks, root, ids) ?? '', /^Codex CLI does not trust this folder/);

    writeFileSync(path.join(home, 'config.toml'), `[projects.${JSON.stringify(root)}]\ntrust_level = "trusted"\n`);
    const listed = await listCodexHooks(codex, root, env);
    assert.ok(listed.ok, !listed.ok ? listed.reason : '');
    assert.match(codexTrustProblem(listed.hooks, root, ids) ?? '', /skips Territory's guard until it is trusted/);
    const offered = untrustedTerritoryHooks(listed.hooks, root, ids);
    assert.ok(offered.some((h) => h.event === 'preToolUse' && h.command.startsWith('# territory-agent-guard')));
    assert.ok(!offered.some((h) => h.command === planted), 'the planted hook is not offered');

    const after = await trustCodexHooks(codex, root, offered, env);
    assert.ok(after.ok, !after.ok ? after.reason : '');
    assert.equal(codexTrustProblem(after.hooks, root, ids), undefined, 'Codex now lists the guard as trusted');
    assert.deepEqual(untrustedTerritoryHooks(after.hooks, root, ids), []);
    assert.equal(after.hooks.find((h) => h.command === planted)?.trust, 'untrusted');

    // What the trust is for: a real session, without --dangerously-bypass-hook-trust, runs the guard.
    const file = path.join(root, 'backend/app/api/routes.py');
    const before = readFileSync(file, 'utf8');
    const run = await runCodex(
      root,
      update('backend/app/api/routes.py', before.split('\n')[0] ?? '', 'pwned'),
      CORE,
      home,
    );
    assert.match(run.output, /^Command blocked by PreToolUse hook: Territory: CORE may not edit this file\./);
    assert.equal(readFileSync(file, 'utf8'), before);

    // A file Codex cannot parse loads no hook: Codex's own words say so, not "untrusted folder".
    writeFileSync(hooksFile, '{ "hooks": { "PreToolUse": [ // half-edited\n');
    const broken = await listCodexHooks(codex, root, env);
    assert.ok(broken.ok, !broken.ok ? broken.reason : '');
    assert.match(
      codexTrustProblem(broken.hooks, root, ids, broken.notes) ?? '',
      /^Codex CLI cannot load \.codex\/hooks\.json: failed to parse hooks config \.codex\/hooks\.json: /,
    );
  });
});

describe('the real Codex CLI hears of the handoff requests to its domain', function () {
  this.timeout(240_000);
  it('SessionStart and UserPromptSubmit bring the open requests into its context; its Stop is turned back once', async () => {
    // The seed's HANDOFF_FROM_CORE.md holds a blocking request to API; API's agent runs in its terminal.
    const root = await seedRepo('territory-codex-inbox-');
    assert.equal((await cli('--cwd', root, 'export', 'permissions', '--agent', 'codex')).code, 0);
    const run = await runCodex(root, add('backend/app/api/inbox.py', 'inbox = 1'), { TERRITORY_DOMAIN: 'API' });
    assert.equal(run.code, 0, run.stderr.slice(-1500));
    assertApiHeardOfCoreRequest(
      run.requests,
      'the tool call, the end of the turn, and once more after the Stop was turned back',
    );
    // CORE, with no request addressed to it, is told nothing; the lead's session (no domain) neither.
    const core = await runCodex(root, add('backend/app/models/quiet.py', 'quiet = 1'), CORE);
    assert.doesNotMatch(core.requests.join('\n'), /handoff requests? to CORE/);
    assert.equal(core.requests.length, 2, 'CORE stops at once');
  });
});
