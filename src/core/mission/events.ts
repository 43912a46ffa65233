// What a domain's agent reports through Claude Code's hooks, as one small record per event.
// The hook contract (https://code.claude.com/docs/en/hooks): every hook gets JSON on stdin with
// session_id, transcript_path, cwd, permission_mode and hook_event_name; then per event:
//   SessionStart      source ("startup" | "resume" | "clear" | "compact"), model
//   UserPromptSubmit  prompt
//   PreToolUse        tool_name, tool_input, tool_use_id
//   PostToolUse       tool_name, tool_input, tool_response, tool_use_id
//   Notification      message, notification_type ("permission_prompt", "idle_prompt", …)
//   Stop              stop_hook_active
//   SubagentStop      stop_hook_active, agent_id, agent_type
//   SessionEnd        reason ("clear" | "logout" | "prompt_input_exit" | "other")
//   PermissionRequest tool_name, tool_input, permission_suggestions (and agent_id, agent_type in a
//                     subagent): fires the moment the permission dialog is about to show, ~6 s before
//                     the permission_prompt Notification (https://code.claude.com/docs/en/hooks#permissionrequest;
//                     the Agent SDK's PermissionRequestHookInput has the same fields)
// Only what the Session Board shows is kept (never the prompt, the file content or the tool's
// response: the log lies in the work tree, and a line must stay one atomic write). The transcript's
// path rides on every event but the two per tool call (a turn's UserPromptSubmit and Stop name it):
// the board sums tokens from it (transcriptUsage.ts), and treats it as the agent's word, not a fact.
import * as path from 'node:path';
import { GUARDED_TOOLS, guardedToolsOf, readHookObject, type GuardedAgent } from '../guard/agentGuard';

export const HOOK_EVENTS = [
  'SessionStart',
  'UserPromptSubmit',
  'PreToolUse',
  'PostToolUse',
  'Notification',
  'Stop',
  'SubagentStop',
  'SessionEnd',
  'PermissionRequest',
] as const;
export type HookEventName = (typeof HOOK_EVENTS)[number];

/** More than any hook input Territory needs to look at (a Write's content rides along): refused unparsed. */
export const MAX_EVENT_INPUT_BYTES = 8 * 1024 * 1024;
/** A field longer than this is cut, so a record stays far below PIPE_BUF (one atomic append). */
export const MAX_FIELD = 300;
/** A transcript path longer than this is not recorded (it is never cut: a cut path names another file). */
export const MAX_TRANSCRIPT_PATH = 1024;

/** One line of a domain's event log. Short keys: 25 agents write thousands of these an hour. */
export interface AgentEvent {
  /** Milliseconds since the epoch. */
  readonly t: number;
  readonly domain: string;
  readonly event: HookEventName;
  /** Claude Code's session id: several agents of one domain stay apart. */
  readonly session?: string;
  readonly tool?: string;
  /** The file a file tool names, folder-relative when inside the folder. */
  readonly file?: string;
  /** Notification: what it asks; PermissionRequest: the tool; SessionStart: its source; SessionEnd: its reason; SubagentStop: the agent type. */
  readonly detail?: string;
  /** The session's transcript (a subagent's own on SubagentStop), as the hook input named it: unchecked. */
  readonly transcript?: string;
  /** The CLI that reported it, when not Claude Code (its own hooks, mapped by agentEvents.ts). */
  readonly agent?: string;
}

export type ParsedEvent =
  { readonly ok: true; readonly event: AgentEvent } | { readonly ok: false; readonly reason: string };

export function cut(text: string, max = MAX_FIELD): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The tools that write a file, and the input field naming it: Codex's name a whole patch, no path. */
function fileToolsOf(agent: GuardedAgent): Readonly<Record<string, string>> {
  return agent === 'codex' ? {} : guardedToolsOf(agent);
}

/** The file a file tool's input names, relative to `root` when it lies inside. */
function fileOf(
  tool: string | undefined,
  input: unknown,
  root: string,
  cwd: string | undefined,
  agent: GuardedAgent,
): string | undefined {
  if (tool === undefined || input === null || typeof input !== 'object' || Array.isArray(input)) return undefined;
  const field = fileToolsOf(agent)[tool] ?? (agent === 'claude' && tool === 'Read' ? 'file_path' : undefined);
  const raw = field === undefined ? undefined : str((input as Record<string, unknown>)[field]);
  if (raw === undefined || raw.includes('\0')) return undefined;
  const absolute = path.resolve(cwd !== undefined && path.isAbsolute(cwd) ? cwd : root, raw);
  const rel = path.relative(root, absolute);
  if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel))
    return path.basename(absolute);
  return rel.split(path.sep).join('/');
}

/**
 * Reads one Claude Code hook input (bounded in size and depth by readHookObject); only named
 * top-level fields are read after it, so a deep or huge value costs its parse and nothing more.
 * Other CLIs' inputs: agentEvents.ts.
 */
export function parseHookEvent(text: string, domain: string, root: string, now: number): ParsedEvent {
  const read = readHookObject(text, MAX_EVENT_INPUT_BYTES);
  if (!read.ok) return read;
  return eventFromRecord(read.record, domain, root, now, 'claude');
}

/** The record of one hook input in Claude Code's names, sent by `agent`'s hook (agentEvents.ts maps the others'). */
export function eventFromRecord(
  record: Record<string, unknown>,
  domain: string,
  root: string,
  now: number,
  agent: GuardedAgent,
): ParsedEvent {
  const name = record.hook_event_name;
  if (typeof name !== 'string' || !(HOOK_EVENTS as readonly string[]).includes(name)) {
    return {
      ok: false,
      reason: `hook_event_name ${typeof name === 'string' ? `"${cut(name, 40)}"` : 'missing'} is not one Territory records`,
    };
  }
  const event = name as HookEventName;
  const tool = str(record.tool_name);
  const detail =
    event === 'Notification'
      ? (str(record.message) ?? str(record.notification_type))
      : event === 'PermissionRequest'
        ? `permission to use ${tool ?? 'a tool'}`
        : event === 'SessionStart'
          ? str(record.source)
          : event === 'SessionEnd'
            ? str(record.reason)
            : event === 'SubagentStop'
              ? str(record.agent_type)
              : undefined;
  const session = str(record.session_id);
  const perTool = event === 'PreToolUse' || event === 'PostToolUse';
  const file =
    perTool || event === 'PermissionRequest'
      ? fileOf(tool, record.tool_input, root, str(record.cwd), agent)
      : undefined;
  const transcriptPath = perTool
    ? undefined
    : event === 'SubagentStop'
      ? (str(record.agent_transcript_path) ?? str(record.transcript_path))
      : str(record.transcript_path);
  const transcript =
    transcriptPath !== undefined && transcriptPath.length <= MAX_TRANSCRIPT_PATH && !transcriptPath.includes('\0')
      ? transcriptPath
      : undefined;
  return {
    ok: true,
    event: {
      t: now,
      domain,
      event,
      ...(session !== undefined ? { session: cut(session, 80) } : {}),
      ...(tool !== undefined && (perTool || event === 'PermissionRequest') ? { tool: cut(tool, 80) } : {}),
      ...(file !== undefined ? { file: cut(file) } : {}),
      ...(detail !== undefined ? { detail: cut(detail) } : {}),
      ...(transcript !== undefined ? { transcript } : {}),
      ...(agent !== 'claude' ? { agent } : {}),
    },
  };
}

/** True for a record as the log holds it (lines that are not are skipped: a hand edit, a foreign writer). */
export function isAgentEvent(value: unknown): value is AgentEvent {
  if (value === null || typeof value !== 'object') return false;
  const r = value as Record<string, unknown>;
  if (typeof r.t !== 'number' || !Number.isFinite(r.t) || typeof r.domain !== 'string' || typeof r.event !== 'string')
    return false;
  if (!(HOOK_EVENTS as readonly string[]).includes(r.event)) return false;
  return ['session', 'tool', 'file', 'detail', 'transcript', 'agent'].every(
    (k) => r[k] === undefined || typeof r[k] === 'string',
  );
}

/** Whether an event is a file edit the tool made (PostToolUse of a writing tool). */
export function isEdit(event: AgentEvent): boolean {
  const tools = event.agent === 'gemini' || event.agent === 'copilot' ? guardedToolsOf(event.agent) : GUARDED_TOOLS;
  return (
    event.event === 'PostToolUse' &&
    event.tool !== undefined &&
    tools[event.tool] !== undefined &&
    event.file !== undefined
  );
}
