import { strict as assert } from 'node:assert';
import { HOOK_EVENTS, parseHookEvent, type AgentEvent } from '../../../../src/core/mission/events';
import { eventLine, MAX_LINE_BYTES } from '../../../../src/core/mission/eventLog';
import { INITIAL, replay, stateAt, step, BLOCK_HOLD_MS, type Activity } from '../../../../src/core/mission/state';
import { mergeEventHooks, EVENT_HOOK_MARKER } from '../../../../src/core/mission/eventHooks';
import { agentKindOf, UNKNOWN_AFTER_MS } from '../../../../src/core/mission/agents';
import { AttentionBursts } from '../../../../src/core/mission/attention';
import type { AgentState } from '../../../../src/core/mission/state';

const ROOT = '/repo';
const base = {
  session_id: 'abc',
  transcript_path: '/home/u/.claude/projects/x.jsonl',
  cwd: ROOT,
  permission_mode: 'default',
};

/** One documented payload per hook event (https://code.claude.com/docs/en/hooks). */
const PAYLOADS: Record<string, Record<string, unknown>> = {
  SessionStart: { ...base, hook_event_name: 'SessionStart', source: 'startup', model: 'claude-sonnet' },
  UserPromptSubmit: { ...base, hook_event_name: 'UserPromptSubmit', prompt: 'Write the models' },
  PreToolUse: {
    ...base,
    hook_event_name: 'PreToolUse',
    tool_name: 'Write',
    tool_input: { file_path: `${ROOT}/backend/app/models/user.py`, content: 'x' },
    tool_use_id: 'toolu_1',
  },
  PostToolUse: {
    ...base,
    hook_event_name: 'PostToolUse',
    tool_name: 'Edit',
    tool_input: { file_path: `${ROOT}/backend/app/models/user.py`, old_string: 'a', new_string: 'b' },
    tool_response: { success: true },
    tool_use_id: 'toolu_1',
  },
  Notification: {
    ...base,
    hook_event_name: 'Notification',
    message: 'Claude needs your permission to use Bash',
    notification_type: 'permission_prompt',
  },
  Stop: { ...base, hook_event_name: 'Stop', stop_hook_active: false },
  SubagentStop: {
    ...base,
    hook_event_name: 'SubagentStop',
    stop_hook_active: false,
    agent_id: 'a1',
    agent_type: 'Explore',
  },
  SessionEnd: { ...base, hook_event_name: 'SessionEnd', reason: 'prompt_input_exit' },
  // https://code.claude.com/docs/en/hooks#permissionrequest: the tool and its input, and suggested rules.
  PermissionRequest: {
    ...base,
    hook_event_name: 'PermissionRequest',
    tool_name: 'Bash',
    tool_input: { command: 'rm -rf build', description: 'Clean' },
    permission_suggestions: [
      { type: 'addRules', rules: [{ toolName: 'Bash' }], behavior: 'allow', destination: 'localSettings' },
    ],
  },
};
const T = { transcript: base.transcript_path };

function parsed(payload: unknown, now = 1000): AgentEvent {
  const result = parseHookEvent(JSON.stringify(payload), 'CORE', ROOT, now);
  if (!result.ok) assert.fail(result.reason);
  return result.event;
}

function timed<T>(ms: number, run: () => T): T {
  const started = Date.now();
  const value = run();
  assert.ok(Date.now() - started < ms, `took ${Date.now() - started} ms (bound ${ms} ms)`);
  return value;
}

describe('mission control: hook events', () => {
  it('reads the documented payload of each of the nine hook events', () => {
    assert.deepEqual(Object.keys(PAYLOADS), [...HOOK_EVENTS]);
    assert.deepEqual(parsed(PAYLOADS.SessionStart), {
      t: 1000,
      domain: 'CORE',
      event: 'SessionStart',
      session: 'abc',
      detail: 'startup',
      ...T,
    });
    assert.deepEqual(
      parsed(PAYLOADS.UserPromptSubmit),
      { t: 1000, domain: 'CORE', event: 'UserPromptSubmit', session: 'abc', ...T },
      'the prompt itself is never logged',
    );
    assert.deepEqual(parsed(PAYLOADS.PreToolUse), {
      t: 1000,
      domain: 'CORE',
      event: 'PreToolUse',
      session: 'abc',
      tool: 'Write',
      file: 'backend/app/models/user.py',
    });
    assert.deepEqual(parsed(PAYLOADS.PostToolUse), {
      t: 1000,
      domain: 'CORE',
      event: 'PostToolUse',
      session: 'abc',
      tool: 'Edit',
      file: 'backend/app/models/user.py',
    });
    assert.deepEqual(parsed(PAYLOADS.Notification), {
      t: 1000,
      domain: 'CORE',
      event: 'Notification',
      session: 'abc',
      detail: 'Claude needs your permission to use Bash',
      ...T,
    });
    assert.deepEqual(parsed(PAYLOADS.Stop), { t: 1000, domain: 'CORE', event: 'Stop', session: 'abc', ...T });
    assert.deepEqual(parsed(PAYLOADS.SubagentStop), {
      t: 1000,
      domain: 'CORE',
      event: 'SubagentStop',
      session: 'abc',
      detail: 'Explore',
      ...T,
    });
    assert.deepEqual(parsed(PAYLOADS.SessionEnd), {
      t: 1000,
      domain: 'CORE',
      event: 'SessionEnd',
      session: 'abc',
      detail: 'prompt_input_exit',
      ...T,
    });
    assert.deepEqual(parsed(PAYLOADS.PermissionRequest), {
      t: 1000,
      domain: 'CORE',
      event: 'PermissionRequest',
      session: 'abc',
      tool: 'Bash',
      detail: 'permission to use Bash',
      ...T,
    });
    // The tool calls (two per call, the most frequent lines) do not carry the transcript; a subagent's own transcript is its SubagentStop's.
    assert.equal(parsed(PAYLOADS.PreToolUse).transcript, undefined);
    assert.equal(
      parsed({ ...PAYLOADS.SubagentStop, agent_transcript_path: '/home/u/.claude/projects/x/subagents/agent-a1.jsonl' })
        .transcript,
      '/home/u/.claude/projects/x/subagents/agent-a1.jsonl',
    );
    assert.equal(
      parsed({ ...PAYLOADS.Stop, transcript_path: `/${'a'.repeat(2000)}.jsonl` }).transcript,
      undefined,
      'a path too long to keep is dropped, never cut',
    );
  });

  it('names a file outside the folder by its base name only, and a Bash call by no file', () => {
    assert.equal(parsed({ ...PAYLOADS.PreToolUse, tool_input: { file_path: '/etc/passwd' } }).file, 'passwd');
    assert.equal(
      parsed({ ...base, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'ls' } }).file,
      undefined,
    );
  });

  it('refuses garbage, huge and deep inputs with a reason, within a time bound per case', () => {
    const cases: [string, string][] = [
      ['not JSON', 'garbage{'],
      ['an array', '[1,2]'],
      ['null', 'null'],
      ['no event name', JSON.stringify({ session_id: 's' })],
      ['an unknown event', JSON.stringify({ hook_event_name: 'PreCompact' })],
      ['an event name that is an object', JSON.stringify({ hook_event_name: { x: 1 } })],
      ['deep nesting', `{"hook_event_name":"Stop","x":${'['.repeat(200_000)}${']'.repeat(200_000)}}`],
      ['unclosed deep nesting', '['.repeat(1_000_000)],
      ['over the size limit', `{"hook_event_name":"Stop","x":"${'a'.repeat(9 * 1024 * 1024)}"}`],
    ];
    for (const [what, text] of cases) {
      const result = timed(2000, () => parseHookEvent(text, 'CORE', ROOT, 0));
      assert.ok(!result.ok && result.reason.length > 0, what);
      // Deep but valid JSON is refused before it is parsed, naming where: the 257th level (#25 item 9).
      if (what === 'deep nesting')
        assert.match(result.reason, /^the hook input, at line 1, column 286, is nested more than 256 levels deep$/);
    }
  });

  it('keeps a huge field out of the log line: one line stays under PIPE_BUF', () => {
    const event = parsed({ ...PAYLOADS.Notification, message: 'é'.repeat(100_000), session_id: 'x'.repeat(10_000) });
    const line = eventLine(event);
    assert.ok(Buffer.byteLength(line) <= MAX_LINE_BYTES, `${Buffer.byteLength(line)} bytes`);
    assert.ok(line.endsWith('\n') && !line.slice(0, -1).includes('\n'));
    const hostile = eventLine({
      t: 1,
      domain: 'CORE',
      event: 'Stop',
      file: '\u{1F600}'.repeat(5000),
      detail: '\u{1F600}'.repeat(5000),
    });
    assert.ok(Buffer.byteLength(hostile) <= MAX_LINE_BYTES);
    assert.equal((JSON.parse(hostile) as AgentEvent).event, 'Stop');
  });
});

describe('mission control: the state machine', () => {
  const hook = (time: number, event: Record<string, unknown>): Activity => ({
    kind: 'hook',
    time,
    event: parsed(event, time),
  });
  const options = { stallMs: 60_000, hasTask: true };

  it('working → waiting → working → idle → exited, each with the time it began', () => {
    let s = step(INITIAL, hook(1000, PAYLOADS.SessionStart));
    assert.equal(stateAt(s, 1000, options).state, 'idle');
    s = step(s, hook(2000, PAYLOADS.UserPromptSubmit));
    s = step(s, hook(3000, PAYLOADS.PreToolUse));
    assert.deepEqual(stateAt(s, 3000, options), { state: 'working', since: 2000 });
    s = step(s, hook(4000, PAYLOADS.Notification));
    assert.deepEqual(stateAt(s, 4000, options), { state: 'waiting', since: 4000 });
    assert.equal(s.waitingFor, 'Claude needs your permission to use Bash');
    s = step(s, { kind: 'file', time: 4500, file: 'backend/app/models/x.py' });
    assert.equal(
      stateAt(s, 4500, options).state,
      'waiting',
      'a file changing does not answer a question put to a person',
    );
    s = step(s, hook(5000, PAYLOADS.PostToolUse));
    assert.equal(stateAt(s, 5000, options).state, 'working');
    s = step(s, hook(6000, PAYLOADS.Stop));
    assert.deepEqual(stateAt(s, 6000, options), { state: 'idle', since: 6000 });
    s = step(s, hook(7000, PAYLOADS.SessionEnd));
    assert.equal(stateAt(s, 7000, options).state, 'exited');
    assert.deepEqual([s.toolCalls, s.edits, s.prompts, s.started], [1, 1, 1, 1000]);
  });

  it('PermissionRequest → waiting at once; the Notification after it keeps the wait; a tool call after it → working; Stop → idle', () => {
    let s = replay([hook(1000, PAYLOADS.UserPromptSubmit), hook(2000, PAYLOADS.PreToolUse)]);
    s = step(s, hook(3000, PAYLOADS.PermissionRequest));
    assert.deepEqual(stateAt(s, 3000, options), { state: 'waiting', since: 3000 });
    assert.equal(s.waitingFor, 'permission to use Bash');
    // ~6 s later the Notification: still the same wait, since unchanged, its wording for people.
    s = step(s, hook(9000, PAYLOADS.Notification));
    assert.deepEqual(stateAt(s, 9000, options), { state: 'waiting', since: 3000 });
    assert.equal(s.waitingFor, 'Claude needs your permission to use Bash');
    assert.equal(stateAt(s, 9000 + 10 * options.stallMs, options).state, 'waiting', 'a wait never turns into stalled');
    for (const after of ['PreToolUse', 'PostToolUse'] as const) {
      const answered = step(step(s, hook(10_000, PAYLOADS.PermissionRequest)), hook(11_000, PAYLOADS[after]));
      assert.deepEqual(stateAt(answered, 11_000, options), { state: 'working', since: 11_000 }, after);
      assert.equal(answered.waitingFor, undefined, after);
      // Stalled rules unchanged: working with a task, then silence.
      assert.equal(stateAt(answered, 11_000 + options.stallMs, options).state, 'stalled', after);
    }
    const stopped = step(s, hook(12_000, PAYLOADS.Stop));
    assert.deepEqual(stateAt(stopped, 12_000, options), { state: 'idle', since: 12_000 });
    // A PermissionRequest right after a block: the wait shows, not the block.
    const afterBlock = replay([
      hook(1000, PAYLOADS.PreToolUse),
      { kind: 'blocked', time: 1500, file: 'x', owner: 'API' },
      hook(2000, PAYLOADS.PermissionRequest),
    ]);
    assert.equal(stateAt(afterBlock, 2000, options).state, 'waiting');
  });

  it('an agent that cannot say it waits (Codex, Gemini, Copilot) shows "unknown" after a silence, never stalled or waiting', () => {
    const working = replay([
      { kind: 'terminalOpened', time: 1000 },
      { kind: 'shellStart', time: 2000 },
      { kind: 'file', time: 3000, file: 'a' },
    ]);
    for (const agent of ['codex', 'gemini', 'copilot', 'other'] as const) {
      assert.equal(stateAt(working, 3000 + UNKNOWN_AFTER_MS - 1, { ...options, agent }).state, 'working', agent);
      assert.deepEqual(
        stateAt(working, 3000 + 10 * options.stallMs, { ...options, agent }),
        { state: 'unknown', since: 3000 + UNKNOWN_AFTER_MS },
        agent,
      );
      assert.equal(
        stateAt(step(working, { kind: 'shellEnd', time: 4000 }), 10_000_000, { ...options, agent }).state,
        'idle',
        `${agent}: its command ended`,
      );
    }
    assert.equal(stateAt(working, 3000 + 10 * options.stallMs, { ...options, agent: 'claude' }).state, 'stalled');
    // Claude Code's hooks reported: the silence is a stall whatever the setting names.
    const hooked = step(working, hook(4000, PAYLOADS.PreToolUse));
    assert.equal(stateAt(hooked, 4000 + options.stallMs, { ...options, agent: 'codex' }).state, 'stalled');
    assert.deepEqual(['claude', 'codex --yolo', '/usr/bin/gemini -p', 'copilot.exe', 'aider', ''].map(agentKindOf), [
      'claude',
      'codex',
      'gemini',
      'copilot',
      'other',
      'claude',
    ]);
  });

  it('notifies once per burst of waiting or stalling, until the state changes back', () => {
    const bursts = new AttentionBursts();
    const seen = [
      'working',
      'waiting',
      'waiting',
      'working',
      'waiting',
      'idle',
      'working',
      'stalled',
      'stalled',
      'blocked',
      'waiting',
    ].map((state) => bursts.note('CORE', state as AgentState));
    assert.deepEqual(seen, [
      undefined,
      'waiting',
      undefined,
      undefined,
      'waiting',
      undefined,
      undefined,
      'stalled',
      undefined,
      undefined,
      'waiting',
    ]);
    assert.equal(bursts.note('API', 'waiting', false), undefined, 'found waiting at start-up: silent');
    assert.equal(bursts.note('API', 'waiting'), undefined, 'and the same burst stays silent');
    assert.equal(bursts.note('FE', 'waiting'), 'waiting', 'domains are apart');
  });

  it('blocked while a block is recent, until a turn boundary or the hold passes', () => {
    let s = replay([
      hook(1000, PAYLOADS.UserPromptSubmit),
      { kind: 'blocked', time: 2000, file: 'backend/app/api/x.py', owner: 'API' },
    ]);
    assert.deepEqual(stateAt(s, 2500, options), { state: 'blocked', since: 2000 });
    assert.equal(stateAt(s, 2000 + BLOCK_HOLD_MS, options).state, 'working');
    s = step(s, hook(3000, PAYLOADS.PreToolUse));
    assert.equal(stateAt(s, 3000, options).state, 'blocked', 'the next tool call does not hide the block at once');
    s = step(s, hook(4000, PAYLOADS.Stop));
    assert.equal(stateAt(s, 4000, options).state, 'idle');
    assert.equal(s.blocks, 1);
  });

  it('stalled only while working, with a task, after the configured silence', () => {
    const s = replay([hook(1000, PAYLOADS.PreToolUse)]);
    assert.equal(stateAt(s, 1000 + 59_999, options).state, 'working');
    assert.deepEqual(stateAt(s, 1000 + 60_000, options), { state: 'stalled', since: 61_000 });
    assert.equal(stateAt(s, 1000 + 600_000, { ...options, hasTask: false }).state, 'working', 'no task: never stalled');
    assert.equal(stateAt(s, 1000 + 600_000, { ...options, stallMs: 0 }).state, 'working', '0 disables');
    const idle = step(s, hook(2000, PAYLOADS.Stop));
    assert.equal(stateAt(idle, 10_000_000, options).state, 'idle', 'an idle agent is not stalled');
  });

  it('without hooks: shell commands and files of the domain, then the terminal closing', () => {
    let s = step(INITIAL, { kind: 'terminalOpened', time: 1 });
    assert.equal(stateAt(s, 1, options).state, 'idle');
    s = step(s, { kind: 'shellStart', time: 2 });
    assert.equal(stateAt(s, 2, options).state, 'working');
    s = step(s, { kind: 'shellEnd', time: 3 });
    assert.equal(stateAt(s, 3, options).state, 'idle');
    s = step(s, { kind: 'file', time: 4, file: 'a' });
    assert.equal(stateAt(s, 4, options).state, 'working');
    s = step(s, { kind: 'terminalClosed', time: 5 });
    assert.equal(stateAt(s, 5, options).state, 'exited');
  });
});

describe('mission control: the event hooks in the settings', () => {
  it("adds one hook per event, keeps the user's, and replaces its own on a second run", () => {
    const user = JSON.stringify({
      hooks: { Stop: [{ hooks: [{ type: 'command', command: 'say done' }] }] },
      model: 'x',
    });
    const first = mergeEventHooks(user, 'CORE');
    if (!first.ok) assert.fail(first.reason);
    const settings = JSON.parse(first.text) as {
      hooks: Record<string, { hooks: { command: string }[] }[]>;
      model: string;
    };
    assert.equal(settings.model, 'x');
    assert.deepEqual(Object.keys(settings.hooks).sort(), [...HOOK_EVENTS].sort());
    assert.equal(settings.hooks.Stop.length, 2);
    assert.equal(settings.hooks.Stop[0].hooks[0].command, 'say done');
    assert.ok(settings.hooks.Stop[1].hooks[0].command.startsWith(EVENT_HOOK_MARKER));
    assert.match(settings.hooks.Stop[1].hooks[0].command, /domain='CORE'/);
    const again = mergeEventHooks(first.text, 'CORE');
    assert.ok(again.ok && !again.changed, 'idempotent');
    const removed = mergeEventHooks(first.text, undefined);
    if (!removed.ok) assert.fail(removed.reason);
    assert.deepEqual(JSON.parse(removed.text).hooks.Stop, [{ hooks: [{ type: 'command', command: 'say done' }] }]);
    assert.ok(
      !mergeEventHooks('{"hooks":{"Stop":{}}}', 'CORE').ok,
      'a list that is not a list is refused, not replaced',
    );
  });
});
