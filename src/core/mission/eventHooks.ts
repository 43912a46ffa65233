// The hooks that report each domain agent's activity to the Session Board: one command hook per
// Claude Code event (https://code.claude.com/docs/en/hooks), written into the domain's settings
// next to the agent guard's PreToolUse entry, keeping every hook of the user's.
//
// The command finds the CLI exactly as the guard's does (src/core/guard/claudeHook.ts): TERRITORY_CLI,
// then `git config territory.cli` (with territory.node and territory.clihash), then `territory` on
// PATH, and runs only a recorded in-tree copy whose hash still matches. Unlike the guard it must
// never change what the agent does: every way it can fail ends in exit 0, and its output goes to
// /dev/null (SessionStart's and UserPromptSubmit's stdout would otherwise reach the model's context;
// exit 2 on Stop would keep the agent going, on PreToolUse would block the tool).
import { quoteArg } from '../agentCommand';
import { parseObject, setJsonValues, type JsonMerge } from '../guard/jsonMerge';
import { HOOK_EVENTS } from './events';
import { runRecordedCli, withoutMarkedHooks } from '../guard/claudeHook';
import { DOMAIN_ENV } from '../terminalNames';

export const EVENT_HOOK_MARKER = '# territory-agent-events';
export const EVENT_HOOK_FORMAT = 1;
/** Seconds Claude Code waits at most; the command takes tens of milliseconds. */
export const EVENT_HOOK_TIMEOUT = 10;

export function eventHookCommand(domainId: string): string {
  return `${EVENT_HOOK_MARKER} format ${EVENT_HOOK_FORMAT}: Territory's Session Board (territory event). Never blocks: always exit 0.
domain=${quoteArg(domainId, 'posix')}
root=\${CLAUDE_PROJECT_DIR:-.}
${runRecordedCli('event.js', 'event', () => 'exit 0')} >/dev/null 2>&1
exit 0
`;
}

/**
 * The event hook command of a CLI whose hooks file lives in the project, shared by every domain
 * terminal (Codex, Gemini and Copilot CLI; their guard is terminalGuardCommand in geminiHook.ts):
 * for `domainId`, else for the domain TERRITORY_DOMAIN names when it runs (none: the lead's own
 * session, not tracked). `event` is the CLI's event name, passed on when its input does not name
 * it (Copilot). `root` is the shell text of the session's folder. Its output goes to /dev/null
 * (Gemini would read stdout as its answer, Codex a SessionStart's as context) and it exits 0
 * whatever happens: it never changes what the agent does.
 */
export function terminalEventCommand(
  agent: 'codex' | 'gemini' | 'copilot',
  root: string,
  domainId: string | undefined,
  event?: string,
): string {
  const domain =
    domainId !== undefined
      ? `domain=${quoteArg(domainId, 'posix')}`
      : `domain=\${${DOMAIN_ENV}:-}\n[ -n "$domain" ] || exit 0`;
  const named = event === undefined ? '' : ` --event ${event}`;
  return `${EVENT_HOOK_MARKER} format ${EVENT_HOOK_FORMAT}: Territory's Session Board (territory event --agent ${agent}). Never blocks: always exit 0.
${domain}
root=${root}
${runRecordedCli('event.js', `event --agent ${agent}${named}`, () => 'exit 0')} >/dev/null 2>&1
exit 0
`;
}

/** One hooks list of an agent's hooks file: its key under `hooks`, the list without Territory's event hooks, and the entry to add. */
export interface EventHookList {
  readonly event: string;
  readonly kept: (list: readonly unknown[]) => unknown[];
  /** Undefined removes only. */
  readonly entry: Record<string, unknown> | undefined;
}

/**
 * Puts Territory's event hook into each list under `hooks`: every other key, group and hook stays as
 * it was; Territory's event hooks found in a list are removed first. Unchanged when every list
 * already says so.
 */
export function mergeEventHookLists(existing: string | undefined, lists: readonly EventHookList[]): JsonMerge {
  const parsed = parseObject(existing === undefined || existing.trim() === '' ? '{}' : existing);
  if (!parsed.ok) return parsed;
  const hooks = parsed.value.hooks;
  if (hooks !== undefined && (hooks === null || typeof hooks !== 'object' || Array.isArray(hooks)))
    return { ok: false, reason: '"hooks" is not an object' };
  const values: { path: string[]; value: unknown }[] = [];
  for (const list of lists) {
    const current = (hooks as Record<string, unknown> | undefined)?.[list.event];
    if (current !== undefined && !Array.isArray(current))
      return { ok: false, reason: `"hooks.${list.event}" is not a list` };
    const kept = list.kept((current as unknown[] | undefined) ?? []);
    const next = list.entry === undefined ? kept : [...kept, list.entry];
    if (current === undefined && next.length === 0) continue;
    if (current !== undefined && JSON.stringify(current) === JSON.stringify(next)) continue;
    values.push({ path: ['hooks', list.event], value: next });
  }
  if (values.length === 0) return { ok: true, text: existing ?? '', changed: false };
  return setJsonValues(existing, values);
}

/** A group list without Territory's event hooks (Claude Code's, Codex's and Gemini's shape). */
export const withoutEventHooks = (list: readonly unknown[]): unknown[] => withoutMarkedHooks(list, EVENT_HOOK_MARKER);

/**
 * Puts Territory's event hook into `hooks.<Event>` for each of Claude Code's events. Every other
 * group and hook stays as it was; Territory's event hooks found anywhere in a list are removed
 * first (a group they leave empty goes with them). `domainId` undefined removes only.
 */
export function mergeEventHooks(existing: string | undefined, domainId: string | undefined): JsonMerge {
  const entry =
    domainId === undefined
      ? undefined
      : { hooks: [{ type: 'command', command: eventHookCommand(domainId), timeout: EVENT_HOOK_TIMEOUT }] };
  return mergeEventHookLists(
    existing,
    HOOK_EVENTS.map((event) => ({ event, kept: withoutEventHooks, entry })),
  );
}
