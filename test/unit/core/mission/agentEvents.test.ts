// Codex, Gemini and Copilot CLI hook inputs read as Territory's events, and the state each leaves.
// Payloads are the documented ones (agentEvents.ts cites each contract).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { isEdit, type AgentEvent } from '../../../../src/core/mission/events';
import { INITIAL, replay, stateAt, type Activity } from '../../../../src/core/mission/state';
import { AGENT_HOOK_EVENTS, parseAgentHookEvent, type OtherAgent } from '../../../../src/core/mission/agentEvents';
import { UNKNOWN_AFTER_MS } from '../../../../src/core/mission/agents';
import { mergeCodexEventHooks, CODEX_EVENT_HOOKS } from '../../../../src/core/guard/codexHook';
import { mergeGeminiEventHooks, mergeGeminiHook, geminiHookEntry } from '../../../../src/core/guard/geminiHook';
import { mergeCopilotEventHooks, mergeCopilotHook, copilotHookEntry } from '../../../../src/core/guard/copilotHook';
import { EVENT_HOOK_MARKER, terminalEventCommand } from '../../../../src/core/mission/eventHooks';
import { eventMain } from '../../../../src/cli/event';

const ROOT = '/repo';
const FILE = `${ROOT}/backend/app/models/user.py`;

const codex = {
  session_id: 's-codex',
  transcript_path: '/home/u/.codex/sessions/r.jsonl',
  cwd: ROOT,
  model: 'gpt-5',
  permission_mode: 'default',
  turn_id: 't1',
};
/** Codex 0.169.0's inputs: Claude Code's names (https://developers.openai.com/codex/hooks). */
const CODEX: Record<string, Record<string, unknown>> = {
  SessionStart: { ...codex, hook_event_name: 'SessionStart', source: 'startup' },
  UserPromptSubmit: { ...codex, hook_event_name: 'UserPromptSubmit', prompt: 'Do the task.' },
  PreToolUse: {
    ...codex,
    hook_event_name: 'PreToolUse',
    tool_name: 'Bash',
    tool_input: { command: 'ls' },
    tool_use_id: 'c1',
  },
  PermissionRequest: {
    ...codex,
    hook_event_name: 'PermissionRequest',
    tool_name: 'Bash',
    tool_input: { command: 'rm -rf build', description: 'clean' },
  },
  PostToolUse: {
    ...codex,
    hook_event_name: 'PostToolUse',
    tool_name: 'Bash',
    tool_input: { command: 'ls' },
    tool_response: 'ok',
    tool_use_id: 'c1',
  },
  Stop: { ...codex, hook_event_name: 'Stop', stop_hook_active: false, last_assistant_message: 'done' },
  SessionEnd: { ...codex, hook_event_name: 'SessionEnd', reason: 'exit' },
};

const gemini = {
  session_id: 's-gemini',
  transcript_path: '/home/u/.gemini/tmp/x/chats/c.json',
  cwd: ROOT,
  timestamp: '2026-12-06T04:00:00.000Z',
};
/** Gemini 0.61.0's inputs (https://geminicli.com/docs/hooks/reference). */
const GEMINI: Record<string, Record<string, unknown>> = {
  SessionStart: { ...gemini, hook_event_name: 'SessionStart', source: 'startup' },
  BeforeAgent: { ...gemini, hook_event_name: 'BeforeAgent', prompt: 'Do the task.' },
  BeforeTool: {
    ...gemini,
    hook_event_name: 'BeforeTool',
    tool_name: 'write_file',
    tool_input: { file_path: FILE, content: 'x' },
  },
  AfterTool: {
    ...gemini,
    hook_event_name: 'AfterTool',
    tool_name: 'write_file',
    tool_input: { file_path: FILE, content: 'x' },
    tool_response: { llmContent: 'ok' },
  },
  Notification: {
    ...gemini,
    hook_event_name: 'Notification',
    notification_type: 'ToolPermission',
    message: 'Allow write_file?',
    details: { type: 'edit' },
  },
  AfterAgent: {
    ...gemini,
    hook_event_name: 'AfterAgent',
    prompt: 'Do the task.',
    prompt_response: 'done',
    stop_hook_active: false,
  },
  SessionEnd: { ...gemini, hook_event_name: 'SessionEnd', reason: 'exit' },
};

const copilot = { sessionId: 's-copilot', timestamp: 1_765_000_000_000, cwd: ROOT };
/** Copilot's camelCase inputs, which do not name their event (the hook command does). */
const COPILOT: Record<string, Record<string, unknown>> = {
  sessionStart: { ...copilot, source: 'new', initialPrompt: 'Do the task.' },
  userPromptSubmitted: { ...copilot, prompt: 'Do the task.' },
  preToolUse: { ...copilot, toolName: 'edit', toolArgs: JSON.stringify({ path: FILE, old_str: 'a', new_str: 'b' }) },
  postToolUse: {
    ...copilot,
    toolName: 'edit',
    toolArgs: { path: FILE, old_str: 'a', new_str: 'b' },
    toolResult: { resultType: 'success', textResultForLlm: 'ok' },
  },
  postToolUseFailure: { ...copilot, toolName: 'bash', toolArgs: { command: 'false' }, error: 'exit 1' },
  notification: {
    ...copilot,
    hook_event_name: 'Notification',
    message: 'Copilot needs permission to run bash',
    title: 'Permission needed',
    notification_type: 'permission_prompt',
  },
  agentStop: { ...copilot, transcriptPath: '/home/u/.copilot/session-state/x/events.jsonl', stopReason: 'end_turn' },
  sessionEnd: { ...copilot, reason: 'complete' },
};

const INPUTS: Record<OtherAgent, Record<string, Record<string, unknown>>> = {
  codex: CODEX,
  gemini: GEMINI,
  copilot: COPILOT,
};

function parse(agent: OtherAgent, name: string, payload: unknown, t = 1000): AgentEvent | string {
  const parsed = parseAgentHookEvent(
    typeof payload === 'string' ? payload : JSON.stringify(payload),
    'CORE',
    ROOT,
    t,
    agent,
    agent === 'copilot' ? name : undefined,
  );
  return parsed.ok ? parsed.event : parsed.reason;
}

function ok(value: AgentEvent | string): AgentEvent {
  assert.equal(typeof value, 'object', `recorded: ${String(value)}`);
  return value as AgentEvent;
}

const hook = (event: AgentEvent): Activity => ({ kind: 'hook', time: event.t, event });

describe('other agent CLIs’ hook events → Territory’s events', () => {
  for (const agent of ['codex', 'gemini', 'copilot'] as const) {
    it(`${agent}: every event Territory installs maps to its event, with the agent named and no transcript`, () => {
      for (const [name, territoryEvent] of Object.entries(AGENT_HOOK_EVENTS[agent])) {
        const event = ok(parse(agent, name, INPUTS[agent][name]));
        assert.equal(event.event, territoryEvent, name);
        assert.equal(event.agent, agent);
        assert.equal(event.domain, 'CORE');
        assert.match(event.session ?? '', /^s-/, `${name} keeps the session id`);
        assert.equal(event.transcript, undefined, `${name}: another CLI's transcript is not Claude Code's format`);
      }
    });

    it(`${agent}: one turn reads as working, then idle; a question to a person as waiting`, () => {
      const names = Object.keys(AGENT_HOOK_EVENTS[agent]);
      const [start, prompt, pre, post] = names;
      const stop = names.find((n) => AGENT_HOOK_EVENTS[agent][n] === 'Stop')!;
      const ask = names.find((n) => ['Notification', 'PermissionRequest'].includes(AGENT_HOOK_EVENTS[agent][n]!))!;
      const events = [start!, prompt!, pre!].map((n, i) => ok(parse(agent, n, INPUTS[agent][n], 1000 + i)));
      const working = replay(events.map(hook));
      assert.equal(stateAt(working, 1003, { stallMs: 60_000, hasTask: true, agent }).state, 'working');
      const waiting = replay([hook(ok(parse(agent, ask, INPUTS[agent][ask], 1004)))], working);
      assert.equal(stateAt(waiting, 1005, { stallMs: 60_000, hasTask: true, agent }).state, 'waiting');
      const idle = replay(
        [post!, stop].map((n, i) => hook(ok(parse(agent, n, INPUTS[agent][n], 1006 + i)))),
        waiting,
      );
      assert.equal(stateAt(idle, 1010, { stallMs: 60_000, hasTask: true, agent }).state, 'idle');
      assert.equal(idle.prompts, 1);
      assert.equal(idle.toolCalls, 1);
    });

    it(`${agent}: a lane its hooks reported for stalls like Claude Code's; one without hooks shows unknown`, () => {
      const pre = Object.keys(AGENT_HOOK_EVENTS[agent]).find((n) => AGENT_HOOK_EVENTS[agent][n] === 'PreToolUse')!;
      const hooked = replay([hook(ok(parse(agent, pre, INPUTS[agent][pre], 1000)))]);
      const options = { stallMs: 120_000, hasTask: true, agent };
      assert.equal(
        stateAt(hooked, 1000 + UNKNOWN_AFTER_MS, options).state,
        'working',
        'its hooks will say when it asks: no unknown',
      );
      assert.equal(stateAt(hooked, 1000 + 120_000, options).state, 'stalled');
      const unhooked = replay([{ kind: 'file', time: 1000, file: 'backend/app/models/user.py' }], INITIAL);
      assert.equal(stateAt(unhooked, 1000 + UNKNOWN_AFTER_MS, options).state, 'unknown');
    });

    it(`${agent}: malformed input is refused with a reason, never a crash`, () => {
      const cases: unknown[] = [
        '',
        'not json',
        '[1,2]',
        'null',
        '"text"',
        '{"hook_event_name": 42}',
        { hook_event_name: 'Nonsense' },
        { ...INPUTS[agent][Object.keys(AGENT_HOOK_EVENTS[agent])[0]!], hook_event_name: '__proto__' },
        `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
        {
          session_id: { nested: true },
          sessionId: ['x'],
          hook_event_name: agent === 'copilot' ? undefined : 'PreToolUse',
          tool_name: 7,
          toolName: null,
          tool_input: 'x',
          toolArgs: '{bad',
        },
      ];
      for (const payload of cases) {
        const started = Date.now();
        const result = parse(agent, agent === 'copilot' ? 'preToolUse' : 'unused', payload);
        assert.ok(Date.now() - started < 2000, 'bounded in time');
        if (typeof result === 'string') continue;
        // Only the last case is a well-formed event with odd fields: read, with the odd fields dropped.
        assert.equal(result.event, 'PreToolUse');
        assert.equal(result.session, undefined);
        assert.equal(result.tool, undefined);
      }
      assert.match(
        String(parse(agent, 'unused', { hook_event_name: 'Nonsense' })),
        /not one Territory records|names no event/,
      );
    });
  }

  it('copilot: the event comes from the hook command; unknown or contradicting names are refused', () => {
    const unnamed = parseAgentHookEvent(JSON.stringify(COPILOT.agentStop), 'CORE', ROOT, 1, 'copilot');
    assert.ok(!unnamed.ok && /names no event/.test(unnamed.reason));
    assert.match(String(parse('copilot', 'errorOccurred', COPILOT.agentStop)), /not one Territory records/);
    assert.match(String(parse('copilot', 'agentStop', COPILOT.notification)), /got the input of Notification/);
  });

  it('notifications that ask no person are not recorded (Gemini: only ToolPermission; Copilot: permission, elicitation)', () => {
    assert.match(
      String(parse('gemini', 'Notification', { ...GEMINI.Notification, notification_type: 'Other' })),
      /does not ask a person/,
    );
    assert.match(
      String(parse('gemini', 'Notification', { ...GEMINI.Notification, notification_type: undefined })),
      /does not ask a person/,
    );
    for (const type of ['shell_completed', 'agent_completed', 'agent_idle'])
      assert.match(
        String(parse('copilot', 'notification', { ...COPILOT.notification, notification_type: type })),
        /does not ask a person/,
      );
    assert.equal(
      ok(parse('copilot', 'notification', { ...COPILOT.notification, notification_type: 'elicitation_dialog' })).event,
      'Notification',
    );
    assert.equal(ok(parse('gemini', 'Notification', GEMINI.Notification)).detail, 'Allow write_file?');
  });

  it('file tools name their file (Gemini, Copilot) and count as edits; Codex’s patch names no path', () => {
    const g = ok(parse('gemini', 'AfterTool', GEMINI.AfterTool));
    assert.equal(g.file, 'backend/app/models/user.py');
    assert.ok(isEdit(g));
    const c = ok(parse('copilot', 'postToolUse', COPILOT.postToolUse));
    assert.equal(c.file, 'backend/app/models/user.py');
    assert.ok(isEdit(c));
    assert.equal(
      ok(parse('copilot', 'preToolUse', COPILOT.preToolUse)).file,
      'backend/app/models/user.py',
      'toolArgs as JSON text',
    );
    const x = ok(
      parse('codex', 'PostToolUse', {
        ...CODEX.PostToolUse,
        tool_name: 'apply_patch',
        tool_input: { command: '*** Begin Patch' },
      }),
    );
    assert.equal(x.file, undefined);
    assert.ok(!isEdit(x));
  });

  it('`territory event --agent` refuses an unknown agent with a note, and exits 0', async () => {
    const errors: string[] = [];
    const code = await eventMain(['event', '--domain', 'CORE', '--agent', 'cursor'], {
      out: () => undefined,
      err: (t: string) => errors.push(t),
    });
    assert.equal(code, 0);
    assert.match(errors.join('\n'), /--agent cursor is none of claude, gemini, codex, copilot/);
  });
});

describe('the event hooks in each CLI’s hooks file', () => {
  const user = JSON.stringify(
    { hooks: { Stop: [{ hooks: [{ type: 'command', command: 'notify-send done' }] }] } },
    null,
    2,
  );

  it('Codex: one group per event, the user’s hooks kept, idempotent, removable', () => {
    const first = mergeCodexEventHooks(user, undefined);
    assert.ok(first.ok && first.changed);
    const hooks = (JSON.parse(first.text) as { hooks: Record<string, { hooks: { command: string }[] }[]> }).hooks;
    assert.deepEqual(Object.keys(hooks).sort(), [...CODEX_EVENT_HOOKS].sort());
    assert.equal(hooks.Stop![0]!.hooks[0]!.command, 'notify-send done');
    const ours = hooks.Stop![1]!.hooks[0]!.command;
    assert.ok(ours.startsWith(EVENT_HOOK_MARKER));
    assert.match(ours, /event --agent codex --domain "\$domain"/);
    assert.match(ours, /domain=\$\{TERRITORY_DOMAIN:-\}\n\[ -n "\$domain" \] \|\| exit 0/);
    assert.match(ours, />\/dev\/null 2>&1\nexit 0\n$/);
    const again = mergeCodexEventHooks(first.text, undefined);
    assert.ok(again.ok && !again.changed);
    const removed = mergeCodexEventHooks(first.text, undefined, false);
    assert.ok(removed.ok);
    const left = (JSON.parse(removed.text) as { hooks: Record<string, unknown[]> }).hooks;
    assert.deepEqual(left.Stop, JSON.parse(user).hooks.Stop, "the user's hook stays");
    assert.ok(!removed.text.includes(EVENT_HOOK_MARKER), 'no event hook of Territory left');
    assert.ok(!mergeCodexEventHooks('{"hooks":{"Stop":{}}}', 'CORE').ok);
  });

  it('Gemini: the guard and the event hooks share BeforeTool without removing each other', () => {
    const guarded = mergeGeminiHook(undefined, geminiHookEntry(undefined));
    assert.ok(guarded.ok);
    const both = mergeGeminiEventHooks(guarded.text, 'CORE');
    assert.ok(both.ok);
    const guardAgain = mergeGeminiHook(both.text, geminiHookEntry(undefined));
    assert.ok(guardAgain.ok);
    const settings = JSON.parse(guardAgain.text) as {
      hooks: Record<string, { hooks: { name: string; command: string }[] }[]>;
      hooksConfig: { enabled: boolean };
    };
    assert.deepEqual(settings.hooks.BeforeTool!.map((g) => g.hooks[0]!.name).sort(), [
      'territory-events',
      'territory-guard',
    ]);
    assert.match(settings.hooks.AfterAgent![0]!.hooks[0]!.command, /^domain='?CORE'?$/m);
    assert.match(settings.hooks.AfterAgent![0]!.hooks[0]!.command, /root=\$\{GEMINI_PROJECT_DIR:-\.\}/);
    assert.equal(settings.hooksConfig.enabled, true);
  });

  it('Copilot: each entry names its event; the guard’s preToolUse entry stays', () => {
    const guarded = mergeCopilotHook(undefined, copilotHookEntry(undefined));
    assert.ok(guarded.ok);
    const both = mergeCopilotEventHooks(guarded.text, undefined);
    assert.ok(both.ok);
    const file = JSON.parse(both.text) as {
      version: number;
      hooks: Record<string, { bash: string; matcher?: string }[]>;
    };
    assert.equal(file.version, 1);
    assert.equal(file.hooks.preToolUse!.length, 2);
    assert.match(file.hooks.agentStop![0]!.bash, /event --agent copilot --event agentStop --domain/);
    assert.equal(file.hooks.notification![0]!.matcher, 'permission_prompt|elicitation_dialog');
    const again = mergeCopilotEventHooks(both.text, undefined);
    assert.ok(again.ok && !again.changed);
    const guardAgain = mergeCopilotHook(both.text, copilotHookEntry(undefined));
    assert.ok(guardAgain.ok);
    assert.equal(
      (JSON.parse(guardAgain.text) as typeof file).hooks.preToolUse!.length,
      2,
      'the guard merge keeps the event hook',
    );
  });
});

describe('the event hook commands, run by a shell as each CLI runs them', function () {
  this.timeout(60_000);
  const cliBundle = path.resolve(__dirname, '../../../../../dist/cli.js');
  const commands = {
    codex: () => terminalEventCommand('codex', '.', undefined),
    gemini: () => terminalEventCommand('gemini', '${GEMINI_PROJECT_DIR:-.}', undefined),
    copilot: () => terminalEventCommand('copilot', '.', undefined, 'agentStop'),
  };
  const payloads = { codex: CODEX.Stop, gemini: GEMINI.AfterAgent, copilot: COPILOT.agentStop };

  function run(
    command: string,
    cwd: string,
    input: string,
    env: Record<string, string>,
  ): { status: number | null; stdout: string } {
    const result = spawnSync('bash', ['-c', command], {
      cwd,
      input,
      encoding: 'utf8',
      timeout: 20_000,
      env: {
        PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        ...env,
      },
    });
    return { status: result.status, stdout: result.stdout };
  }

  for (const agent of ['codex', 'gemini', 'copilot'] as const) {
    it(`${agent}: records the turn's end; exits 0 silently when the CLI is missing, the input is garbage or no domain is set`, () => {
      const root = mkdtempSync(path.join(tmpdir(), `territory-${agent}-hook-`));
      spawnSync('git', ['init', '-q', root]);
      const recorded = run(commands[agent](), root, JSON.stringify(payloads[agent]), {
        TERRITORY_DOMAIN: 'CORE',
        TERRITORY_CLI: cliBundle,
        GEMINI_PROJECT_DIR: root,
      });
      assert.deepEqual(recorded, { status: 0, stdout: '' });
      const lines = readFileSync(path.join(root, '.territory', 'events', 'CORE.jsonl'), 'utf8')
        .trim()
        .split('\n');
      assert.equal(lines.length, 1);
      assert.equal((JSON.parse(lines[0]!) as AgentEvent).event, 'Stop');
      for (const [input, env] of [
        [JSON.stringify(payloads[agent]), { TERRITORY_DOMAIN: 'CORE', TERRITORY_CLI: path.join(root, 'no-such-cli') }],
        ['{"hook_event_name": [', { TERRITORY_DOMAIN: 'CORE', TERRITORY_CLI: cliBundle }],
        ['\u0000\u0001garbage', { TERRITORY_DOMAIN: 'CORE', TERRITORY_CLI: cliBundle }],
        [JSON.stringify(payloads[agent]), { TERRITORY_CLI: cliBundle }],
      ] as const) {
        assert.deepEqual(
          run(commands[agent](), root, input, env),
          { status: 0, stdout: '' },
          `${input.slice(0, 30)} ${JSON.stringify(env)}`,
        );
      }
      assert.equal(
        readFileSync(path.join(root, '.territory', 'events', 'CORE.jsonl'), 'utf8')
          .trim()
          .split('\n').length,
        1,
        'nothing more recorded',
      );
    });
  }
});
