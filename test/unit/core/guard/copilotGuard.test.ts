// Copilot CLI's side of the agent guard without the agent (test/unit/agents/copilot.test.ts runs
// the real one): its preToolUse payload read (toolArgs as an object or as JSON text), a block
// answered as a JSON deny on stdout, the hooks-file merge keeping the user's hooks, and the hook
// command's own refusal staying valid JSON whatever the domain's name holds.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { PRE_TOOL_USE_FLAGS, preToolUseCommand } from '../../../../src/cli/agentGuard';
import { parseCommandLine } from '../../../../src/cli/flags';
import { parseHookInput } from '../../../../src/core/guard/agentGuard';
import { copilotHookCommand, copilotHookEntry, mergeCopilotHook } from '../../../../src/core/guard/copilotHook';
import { seedRepo } from '../../support/guard';

/** Copilot CLI 1.0.102's preToolUse input, as its hook got it (checked with a hook that saved its stdin). */
function copilotPayload(tool: string, toolArgs: unknown, cwd: string): string {
  return JSON.stringify({ sessionId: 's1', timestamp: 1796523498860, cwd, toolName: tool, toolArgs });
}

async function hook(root: string, stdin: string): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const options = {
    ...parseCommandLine(['pre-tool-use', '--agent', 'copilot', '--domain', 'CORE'], () => PRE_TOOL_USE_FLAGS),
    cwd: root,
  };
  const code = await preToolUseCommand(
    options,
    { out: (t) => out.push(t), err: (t) => err.push(t), document: (t) => err.push(t), readStdin: async () => stdin },
    {},
  );
  return { code, out, err };
}

describe('agent guard: Copilot CLI', function () {
  this.timeout(30_000);
  let root: string;
  before(async () => {
    root = await seedRepo('territory-copilot-guard-');
  });

  it("reads Copilot's file tools, toolArgs as an object or as JSON text, and only for Copilot", () => {
    const create = parseHookInput(copilotPayload('create', { path: '/w/a.py', file_text: 'x' }, '/w'), 'copilot');
    assert.ok(
      create.ok && create.target === '/w/a.py' && create.change?.kind === 'content' && create.change.content === 'x',
    );
    const edit = parseHookInput(
      copilotPayload('edit', JSON.stringify({ path: 'b.py', old_str: 'a', new_str: 'b' }), '/w'),
      'copilot',
    );
    assert.ok(
      edit.ok && edit.target === 'b.py' && edit.change?.kind === 'edits' && edit.change.edits[0]?.newString === 'b',
    );
    const shell = parseHookInput(copilotPayload('bash', { command: 'ls' }, '/w'), 'copilot');
    assert.ok(shell.ok && shell.target === undefined && shell.problem === undefined);
    const broken = parseHookInput(copilotPayload('edit', '{not json', '/w'), 'copilot');
    assert.ok(broken.ok && broken.target === undefined && /tool_input\.path of edit/.test(broken.problem ?? ''));
    assert.ok(!parseHookInput(copilotPayload('create', { path: '/w/a.py' }, '/w'), 'claude').ok);
  });

  it('a block is a JSON deny on stdout with the owner and the handoff file; an own file passes silently', async () => {
    const theirs = await hook(
      root,
      copilotPayload('create', { path: path.join(root, 'backend/app/api/x.py'), file_text: 'x' }, root),
    );
    assert.equal(theirs.code, 2);
    const answer = JSON.parse(theirs.out.join('')) as { permissionDecision: string; permissionDecisionReason: string };
    assert.equal(answer.permissionDecision, 'deny');
    assert.match(
      answer.permissionDecisionReason,
      /CORE may not edit this file\. backend\/app\/api\/x\.py belongs to API[^]*HANDOFF_FROM_CORE\.md/,
    );
    const mine = await hook(
      root,
      copilotPayload('edit', { path: 'backend/app/models/x.py', old_str: 'a', new_str: 'b' }, root),
    );
    assert.deepEqual([mine.code, mine.out], [0, []]);
    const unreadable = await hook(root, 'not json');
    assert.equal(unreadable.code, 2);
    assert.equal((JSON.parse(unreadable.out.join('')) as { permissionDecision: string }).permissionDecision, 'deny');
  });

  it('the hook command refuses in valid JSON when the guard cannot run, whatever the domain name holds', () => {
    for (const domain of ['CORE', 'C"O\\RE', 'A\tB"}\n{"permissionDecision":"allow"']) {
      const run = spawnSync('bash', ['-c', copilotHookCommand(undefined)], {
        cwd: root,
        input: copilotPayload('create', { path: 'a.py', file_text: 'x' }, root),
        env: { PATH: '/usr/bin:/bin', TERRITORY_DOMAIN: domain, TERRITORY_CLI: path.join(root, 'no-such-cli') },
        encoding: 'utf8',
        timeout: 10_000,
      });
      assert.equal(run.status, 2, run.stderr);
      const answer = JSON.parse(run.stdout) as { permissionDecision: string; permissionDecisionReason: string };
      assert.equal(answer.permissionDecision, 'deny', domain);
      assert.match(answer.permissionDecisionReason, /edit was blocked: the guard ended with status 127/);
    }
    // Outside a domain terminal the hook allows without running the guard.
    const lead = spawnSync('bash', ['-c', copilotHookCommand(undefined)], {
      cwd: root,
      input: '{}',
      env: { PATH: '/usr/bin:/bin' },
      encoding: 'utf8',
      timeout: 10_000,
    });
    assert.deepEqual([lead.status, lead.stdout], [0, '']);
  });

  it("the merge keeps the user's hooks and other keys, replaces Territory's, and is idempotent", () => {
    const user = { type: 'command', bash: 'echo mine', timeoutSec: 5 };
    const existing = JSON.stringify({ version: 1, hooks: { sessionStart: [user], preToolUse: [user] } }, null, 2);
    const first = mergeCopilotHook(existing, copilotHookEntry('CORE'));
    assert.ok(first.ok && first.changed);
    const again = mergeCopilotHook(first.text, copilotHookEntry(undefined));
    assert.ok(again.ok);
    const parsed = JSON.parse(again.text) as {
      version: number;
      hooks: { sessionStart: unknown[]; preToolUse: { bash: string }[] };
    };
    assert.equal(parsed.version, 1);
    assert.deepEqual(parsed.hooks.sessionStart, [user]);
    assert.equal(parsed.hooks.preToolUse.length, 2);
    assert.equal(parsed.hooks.preToolUse[0]?.bash, 'echo mine');
    assert.match(parsed.hooks.preToolUse[1]?.bash ?? '', /TERRITORY_DOMAIN/);
    const same = mergeCopilotHook(again.text, copilotHookEntry(undefined));
    assert.ok(same.ok && !same.changed);
    const removed = mergeCopilotHook(again.text, undefined);
    assert.ok(
      removed.ok && (JSON.parse(removed.text) as { hooks: { preToolUse: unknown[] } }).hooks.preToolUse.length === 1,
    );
    assert.deepEqual(mergeCopilotHook('{"hooks":{"preToolUse":{}}}', copilotHookEntry(undefined)), {
      ok: false,
      reason: '"hooks.preToolUse" is not a list',
    });
  });
});
