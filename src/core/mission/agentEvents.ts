// What Codex, Gemini and Copilot CLI report through their own hooks, read as the Claude Code hook
// events the Session Board records (events.ts). Each CLI names its events and fields its own way;
// this maps them, and an event that says nothing about a state is not recorded.
//
// Codex CLI 0.169.0 (https://developers.openai.com/codex/hooks; the input schemas its binary
// carries): Claude Code's names and fields (hook_event_name, session_id, cwd, tool_name,
// tool_input, source). PermissionRequest runs in the approval path, before the approval prompt
// shows (openai/codex#17563: shell, exec and network approvals), so it says "waiting" as Claude
// Code's does. It has no Notification event.
//
// Gemini CLI 0.61.0 (https://geminicli.com/docs/hooks/reference): session_id, cwd,
// hook_event_name and timestamp on every event; BeforeAgent (prompt) starts a turn, AfterAgent ends
// it, BeforeTool/AfterTool (tool_name, tool_input) wrap a tool call, Notification (notification_type
// "ToolPermission", message) is the confirmation it asks of a person, SessionStart (source),
// SessionEnd (reason).
//
// Copilot CLI (https://docs.github.com/en/copilot/reference/copilot-cli-reference/cli-hooks-reference):
// camelCase events whose input (sessionId, cwd, toolName, toolArgs, source, reason) does NOT name
// the event: the hook command names it (`territory event --event agentStop`). agentStop ends a
// turn; notification (notification_type "permission_prompt" or "elicitation_dialog") is a question
// to a person; its other notifications (a shell or a subagent finishing) say nothing of the agent.
//
// The transcript paths these CLIs give are not recorded: the board reads Claude Code's transcript
// format for tokens (transcripts.ts), and theirs differ.
import { readHookObject, type GuardedAgent } from '../guard/agentGuard';
import { eventFromRecord, MAX_EVENT_INPUT_BYTES, parseHookEvent, type HookEventName, type ParsedEvent } from './events';

export type OtherAgent = Exclude<GuardedAgent, 'claude'>;

/** Each CLI's event name and the Territory event it stands for: the hooks Territory installs for it. */
export const AGENT_HOOK_EVENTS: Readonly<Record<OtherAgent, Readonly<Record<string, HookEventName>>>> = {
  codex: {
    SessionStart: 'SessionStart',
    UserPromptSubmit: 'UserPromptSubmit',
    PreToolUse: 'PreToolUse',
    PermissionRequest: 'PermissionRequest',
    PostToolUse: 'PostToolUse',
    Stop: 'Stop',
    SessionEnd: 'SessionEnd',
  },
  gemini: {
    SessionStart: 'SessionStart',
    BeforeAgent: 'UserPromptSubmit',
    BeforeTool: 'PreToolUse',
    AfterTool: 'PostToolUse',
    Notification: 'Notification',
    AfterAgent: 'Stop',
    SessionEnd: 'SessionEnd',
  },
  copilot: {
    sessionStart: 'SessionStart',
    userPromptSubmitted: 'UserPromptSubmit',
    preToolUse: 'PreToolUse',
    postToolUse: 'PostToolUse',
    postToolUseFailure: 'PostToolUse',
    notification: 'Notification',
    agentStop: 'Stop',
    sessionEnd: 'SessionEnd',
  },
};

/** The notification types that are a question to a person; any other notification is not recorded. */
export const ASKING_NOTIFICATIONS: Readonly<Record<OtherAgent, readonly string[]>> = {
  codex: [],
  gemini: ['ToolPermission'],
  copilot: ['permission_prompt', 'elicitation_dialog'],
};

export type NormalizedInput =
  { readonly ok: true; readonly record: Record<string, unknown> } | { readonly ok: false; readonly reason: string };

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Copilot's tool arguments come as an object or as JSON text (guard/agentGuard.ts reads them the same way). */
function copilotArgs(args: unknown): unknown {
  if (typeof args !== 'string') return args;
  try {
    return JSON.parse(args) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * One CLI's hook input in Claude Code's names, or why it is not recorded. `declared` is the event
 * the hook command names (Copilot's input does not); a payload naming another event is refused.
 */
export function normalizeAgentInput(
  record: Record<string, unknown>,
  agent: OtherAgent,
  declared: string | undefined,
): NormalizedInput {
  const names = AGENT_HOOK_EVENTS[agent];
  const own = text(record.hook_event_name);
  const name = declared ?? own;
  if (name === undefined)
    return {
      ok: false,
      reason: `the ${agent} hook input names no event (hook_event_name, or --event in the hook command)`,
    };
  if (!Object.prototype.hasOwnProperty.call(names, name))
    return { ok: false, reason: `${agent}'s event "${name.slice(0, 40)}" is not one Territory records` };
  // Copilot's notification input names itself "Notification" though its hook is "notification".
  if (
    declared !== undefined &&
    own !== undefined &&
    own.toLowerCase() !== declared.toLowerCase() &&
    names[own] !== names[declared]
  ) {
    return { ok: false, reason: `the hook for ${declared} got the input of ${own.slice(0, 40)}` };
  }
  const event = names[name]!;
  const type = text(record.notification_type);
  if (event === 'Notification' && (type === undefined || !ASKING_NOTIFICATIONS[agent].includes(type))) {
    return {
      ok: false,
      reason: `${agent}'s notification "${(type ?? 'of no type').slice(0, 40)}" does not ask a person`,
    };
  }
  const copilot = agent === 'copilot';
  return {
    ok: true,
    record: {
      hook_event_name: event,
      session_id: copilot ? (record.sessionId ?? record.session_id) : record.session_id,
      cwd: record.cwd,
      tool_name: copilot ? (record.toolName ?? record.tool_name) : record.tool_name,
      tool_input: copilot ? copilotArgs(record.toolArgs ?? record.tool_input) : record.tool_input,
      source: record.source,
      reason: record.reason,
      message: record.message,
      notification_type: type,
    },
  };
}

/**
 * One hook input of `agent`'s (bounded in size and depth by readHookObject), as the event the log
 * records, or why it is not recorded. `declared` is the event the hook command names.
 */
export function parseAgentHookEvent(
  text: string,
  domain: string,
  root: string,
  now: number,
  agent: GuardedAgent,
  declared?: string,
): ParsedEvent {
  if (agent === 'claude') return parseHookEvent(text, domain, root, now);
  const read = readHookObject(text, MAX_EVENT_INPUT_BYTES);
  if (!read.ok) return read;
  const normalized = normalizeAgentInput(read.record, agent, declared);
  return normalized.ok ? eventFromRecord(normalized.record, domain, root, now, agent) : normalized;
}
