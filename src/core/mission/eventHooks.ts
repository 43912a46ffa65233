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
 * Puts Territory's event hook into `hooks.<Event>` for each of the eight events. Every other group
 * and hook stays as it was; Territory's event hooks found anywhere in a list are removed first
 * (a group they leave empty goes with them). `domainId` undefined removes only.
 */
export function mergeEventHooks(existing: string | undefined, domainId: string | undefined): JsonMerge {
  const parsed = parseObject(existing === undefined || existing.trim() === '' ? '{}' : existing);
  if (!parsed.ok) return parsed;
  const hooks = parsed.value.hooks;
  if (hooks !== undefined && (hooks === null || typeof hooks !== 'object' || Array.isArray(hooks))) return { ok: false, reason: '"hooks" is not an object' };
  const values: { path: string[]; value: unknown }[] = [];
  for (const event of HOOK_EVENTS) {
    const current = (hooks as Record<string, unknown> | undefined)?.[event];
    if (current !== undefined && !Array.isArray(current)) return { ok: false, reason: `"hooks.${event}" is not a list` };
    const kept = withoutMarkedHooks((current as unknown[] | undefined) ?? [], EVENT_HOOK_MARKER);
    const next = domainId === undefined ? kept : [...kept, { hooks: [{ type: 'command', command: eventHookCommand(domainId), timeout: EVENT_HOOK_TIMEOUT }] }];
    if (current === undefined && next.length === 0) continue;
    if (current !== undefined && JSON.stringify(current) === JSON.stringify(next)) continue;
    values.push({ path: ['hooks', event], value: next });
  }
  if (values.length === 0) return { ok: true, text: existing ?? '', changed: false };
  return setJsonValues(existing, values);
}
