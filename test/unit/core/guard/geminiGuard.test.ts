// Gemini CLI's side of the agent guard without the agent (test/unit/agents/gemini.test.ts runs the
// real one): its BeforeTool payload read, a block answered as a JSON deny plus exit 2, the settings
// merge keeping the user's hooks, the hook command's early allow outside a domain terminal, and
// `export permissions --agent claude` being today's export.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { PRE_TOOL_USE_FLAGS, preToolUseCommand } from '../../../../src/cli/agentGuard';
import { parseCommandLine } from '../../../../src/cli/flags';
import { parseHookInput } from '../../../../src/core/guard/agentGuard';
import {
  GEMINI_SETTINGS_FILE,
  geminiEventHookEntry,
  geminiHookCommand,
  geminiHookEntry,
  mergeGeminiHook,
} from '../../../../src/core/guard/geminiHook';
import { payload } from '../../support/hookPayloads';
import { cli, seedRepo, terminalEnv } from '../../support/guard';

/** Gemini CLI 0.61.0's BeforeTool input (https://geminicli.com/docs/hooks/reference). */
function geminiPayload(tool: string, toolInput: Record<string, unknown>, cwd: string): string {
  return JSON.stringify({
    session_id: 's1',
    transcript_path: '/tmp/t.json',
    cwd,
    hook_event_name: 'BeforeTool',
    timestamp: '2026-12-06T00:00:00Z',
    tool_name: tool,
    tool_input: toolInput,
  });
}

async function hook(
  root: string,
  args: string[],
  stdin: string,
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const options = { ...parseCommandLine(['pre-tool-use', ...args], () => PRE_TOOL_USE_FLAGS), cwd: root };
  const code = await preToolUseCommand(
    options,
    { out: (t) => out.push(t), err: (t) => err.push(t), document: (t) => err.push(t), readStdin: async () => stdin },
    env,
  );
  return { code, out, err };
}

describe('agent guard: Gemini CLI', function () {
  this.timeout(30_000);
  let root: string;
  before(async () => {
    root = await seedRepo('territory-gemini-guard-');
  });

  it("reads Gemini's file tools, and only for Gemini", () => {
    const write = parseHookInput(geminiPayload('write_file', { file_path: '/w/a.py', content: 'x' }, '/w'), 'gemini');
    assert.ok(write.ok && write.target === '/w/a.py' && write.change?.kind === 'content');
    const edit = parseHookInput(
      geminiPayload('replace', { file_path: 'b.py', old_string: 'a', new_string: 'b', allow_multiple: true }, '/w'),
      'gemini',
    );
    assert.ok(
      edit.ok && edit.target === 'b.py' && edit.change?.kind === 'edits' && edit.change.edits[0]?.replaceAll === true,
    );
    // Claude Code's tool names are not Gemini's file tools, and the other way round.
    const claudeName = parseHookInput(geminiPayload('Write', { file_path: '/w/a.py', content: 'x' }, '/w'), 'gemini');
    assert.ok(claudeName.ok && claudeName.target === undefined && claudeName.problem === undefined);
    const geminiName = parseHookInput(payload('write_file', { file_path: '/w/a.py', content: 'x' }, '/w'));
    assert.ok(geminiName.ok && geminiName.target === undefined && geminiName.problem === undefined);
    const missing = parseHookInput(geminiPayload('write_file', { content: 'x' }, '/w'), 'gemini');
    assert.ok(missing.ok && missing.problem === 'tool_input.file_path of write_file is not a non-empty string');
  });

  it('blocks with a JSON deny on stdout and exit 2; allows own files silently', async () => {
    const off = await hook(
      root,
      ['--domain', 'CORE', '--agent', 'gemini'],
      geminiPayload('write_file', { file_path: path.join(root, 'backend/app/api/x.py'), content: 'x' }, root),
    );
    assert.equal(off.code, 2);
    assert.equal(off.out.length, 1, off.err.join('\n'));
    const answer = JSON.parse(off.out[0] ?? '') as { decision: string; reason: string };
    assert.equal(answer.decision, 'deny');
    assert.match(
      answer.reason,
      /^Territory: CORE may not edit this file\. backend\/app\/api\/x\.py belongs to API \(T2/,
    );
    assert.match(answer.reason, /HANDOFF_FROM_CORE\.md/);
    const own = await hook(
      root,
      ['--domain', 'CORE', '--agent', 'gemini'],
      geminiPayload('replace', { file_path: 'backend/app/models/m.py', old_string: '', new_string: 'x' }, root),
    );
    assert.deepEqual([own.code, own.out, own.err], [0, [], []]);
    const shell = await hook(
      root,
      ['--domain', 'CORE', '--agent', 'gemini'],
      geminiPayload('run_shell_command', { command: 'ls' }, root),
    );
    assert.deepEqual([shell.code, shell.out], [0, []]);
  });

  it('input it cannot judge, and a map it cannot read, are JSON denies too', async () => {
    const garbage = await hook(root, ['--domain', 'CORE', '--agent', 'gemini'], '{not json');
    assert.equal(garbage.code, 2);
    assert.equal((JSON.parse(garbage.out[0] ?? '') as { decision: string }).decision, 'deny');
    const unknown = await hook(
      root,
      ['--domain', 'NOPE', '--agent', 'gemini'],
      geminiPayload('write_file', { file_path: path.join(root, 'a.py'), content: 'x' }, root),
    );
    assert.equal(unknown.code, 2);
    assert.match((JSON.parse(unknown.out[0] ?? '') as { reason: string }).reason, /names no domain of the map/);
  });

  it('the hook command allows at once outside a domain terminal, and blocks when the CLI cannot run', () => {
    const command = geminiHookCommand(undefined);
    const input = geminiPayload(
      'write_file',
      { file_path: path.join(root, 'backend/app/api/x.py'), content: 'x' },
      root,
    );
    const env = terminalEnv({ TERRITORY_CLI: path.join(root, 'no-such-cli'), GEMINI_PROJECT_DIR: root });
    const lead = spawnSync('bash', ['-c', command], { cwd: root, env, input, encoding: 'utf8' });
    assert.equal(lead.status, 0, 'no TERRITORY_DOMAIN: the lead, allowed without running the CLI');
    const domain = spawnSync('bash', ['-c', command], {
      cwd: root,
      env: { ...env, TERRITORY_DOMAIN: 'CORE' },
      input,
      encoding: 'utf8',
    });
    assert.equal(domain.status, 2);
    assert.match(domain.stderr, /Territory: CORE's edit was blocked: the guard ended with status 127/);
    assert.match(geminiHookCommand('CORE'), /^domain='CORE'$/m);
  });

  it("merges into a settings file keeping the user's keys and hooks, turns hooks on, and is idempotent", () => {
    const user = {
      model: { name: 'gemini-2.5-pro' },
      hooksConfig: { enabled: false },
      hooks: {
        BeforeTool: [{ matcher: 'run_shell_command', hooks: [{ type: 'command', command: 'audit.sh' }] }],
        AfterTool: [],
      },
    };
    const first = mergeGeminiHook(JSON.stringify(user, null, 2), geminiHookEntry(undefined));
    assert.ok(first.ok && first.changed);
    const merged = JSON.parse(first.text) as typeof user & { hooks: { BeforeTool: unknown[] } };
    assert.deepEqual(merged.model, user.model);
    assert.equal(merged.hooksConfig.enabled, true);
    assert.deepEqual(merged.hooks.BeforeTool, [user.hooks.BeforeTool[0], geminiHookEntry(undefined)]);
    const again = mergeGeminiHook(first.text, geminiHookEntry(undefined));
    assert.ok(again.ok && !again.changed && again.text === first.text);
    const pinned = mergeGeminiHook(first.text, geminiHookEntry('CORE'));
    assert.ok(pinned.ok);
    assert.equal(
      (JSON.parse(pinned.text) as { hooks: { BeforeTool: unknown[] } }).hooks.BeforeTool.length,
      2,
      "Territory's entry replaced, not added",
    );
    const bad = mergeGeminiHook('{"hooks":{"BeforeTool":{}}}', geminiHookEntry(undefined));
    assert.deepEqual(bad, { ok: false, reason: '"hooks.BeforeTool" is not a list' });
  });

  it('export permissions --agent claude writes what export permissions writes; --agent gemini the project settings', async () => {
    const a = await seedRepo('territory-gemini-export-a-');
    const b = await seedRepo('territory-gemini-export-b-');
    assert.equal((await cli('--cwd', a, 'export', 'permissions')).code, 0);
    assert.equal((await cli('--cwd', b, 'export', 'permissions', '--agent', 'claude')).code, 0);
    const dir = '.territory/claude';
    const files = readdirSync(path.join(a, dir)).sort();
    assert.deepEqual(readdirSync(path.join(b, dir)).sort(), files);
    for (const f of files)
      assert.equal(
        readFileSync(path.join(b, dir, f), 'utf8')
          .split(b)
          .join('<root>'),
        readFileSync(path.join(a, dir, f), 'utf8')
          .split(a)
          .join('<root>'),
        f,
      );
    writeFileSync(path.join(b, 'keep.json'), '{"ui": {"theme": "x"}}\n');
    const g = await cli(
      '--cwd',
      b,
      'export',
      'permissions',
      '--agent',
      'gemini',
      '--domain',
      'CORE',
      '--out',
      'keep.json',
    );
    assert.equal(g.code, 0, g.err);
    const kept = JSON.parse(readFileSync(path.join(b, 'keep.json'), 'utf8')) as {
      ui: unknown;
      hooks: { BeforeTool: unknown[] };
    };
    assert.deepEqual(kept.ui, { theme: 'x' });
    // The Session Board's event hook shares the list (geminiEventHookEntry).
    assert.deepEqual(kept.hooks.BeforeTool, [geminiHookEntry('CORE'), geminiEventHookEntry('CORE')]);
    const project = await cli('--cwd', b, 'export', 'permissions', '--agent', 'gemini');
    assert.equal(project.code, 0, project.err);
    assert.match(project.out, new RegExp(`wrote ${GEMINI_SETTINGS_FILE.replace('.', '\\.')}`));
    const wrong = await cli('--cwd', b, 'export', 'permissions', '--agent', 'cursor');
    assert.equal(wrong.code, 2);
    assert.match(wrong.err, /--agent cursor: one of claude, gemini/);
    const misplaced = await cli('--cwd', b, 'export', 'codeowners', '--agent', 'gemini');
    assert.match(misplaced.err, /--agent goes with export permissions/);
  });
});
