// The hooks that tell a domain's Claude Code agent of handoffs at its next turn (inbox.ts): one
// command hook each for SessionStart, UserPromptSubmit and Stop, written into the domain's settings
// beside the guard and the Session Board's hooks, keeping every hook of the user's. Unlike the
// board's hook, its stdout reaches Claude Code (that is the point: additionalContext, or a Stop's
// decision); every way it can fail still ends in exit 0 with nothing on stdout, so a missing CLI or
// a broken map never disturbs the agent. The CLI is found as the guard finds it (claudeHook.ts).
import { quoteArg } from '../agentCommand';
import type { JsonMerge } from '../guard/jsonMerge';
import { mergeHookList, runRecordedCli, withoutMarkedHooks } from '../guard/claudeHook';
import { GEMINI_INBOX_EVENTS, INBOX_EVENTS } from './inbox';
import { DOMAIN_ENV } from '../terminalNames';

export const INBOX_HOOK_MARKER = '# territory-handoff-inbox';
export const INBOX_HOOK_FORMAT = 1;
/** Seconds Claude Code waits at most; the command reads the map and the handoff files, tens of milliseconds. */
export const INBOX_HOOK_TIMEOUT = 10;

export function inboxHookCommand(domainId: string): string {
  return inboxCommand(`domain=${quoteArg(domainId, 'posix')}`, '${CLAUDE_PROJECT_DIR:-.}');
}

/**
 * The same hook in a hooks file every domain terminal shares (Codex CLI's `.codex/hooks.json`):
 * for the domain the terminal names in TERRITORY_DOMAIN (none: the lead's session, told nothing),
 * or pinned to `domainId`. Codex runs it in the session's directory, and reads `additionalContext`
 * and a Stop's `decision` in Claude Code's shape.
 */
export function terminalInboxCommand(domainId: string | undefined): string {
  const domain =
    domainId !== undefined
      ? `domain=${quoteArg(domainId, 'posix')}`
      : `domain=\${${DOMAIN_ENV}:-}
[ -n "$domain" ] || exit 0`;
  return inboxCommand(domain, '.');
}

function inboxCommand(domainLine: string, root: string): string {
  return `${INBOX_HOOK_MARKER} format ${INBOX_HOOK_FORMAT}: Territory's handoff requests for this domain (territory handoff hook). Always exit 0.
${domainLine}
root=${root}
${runRecordedCli('cli.js', 'handoff hook', () => 'exit 0')} 2>/dev/null
exit 0
`;
}

/** Where and how an agent's hooks file holds the handoff hook. */
export interface InboxHookShape {
  /** The events, in the agent's own names. */
  readonly events: readonly string[];
  readonly entry: (command: string) => Record<string, unknown>;
}

/** Claude Code's and Codex CLI's settings (timeout in seconds). */
export const CLAUDE_INBOX_SHAPE: InboxHookShape = {
  events: INBOX_EVENTS,
  entry: (command) => ({ hooks: [{ type: 'command', command, timeout: INBOX_HOOK_TIMEOUT }] }),
};

/** Gemini CLI's settings: its names for the three moments (inbox.ts), a named hook, the timeout in milliseconds. */
export const GEMINI_INBOX_SHAPE: InboxHookShape = {
  events: Object.keys(GEMINI_INBOX_EVENTS),
  entry: (command) => ({
    hooks: [{ type: 'command', name: 'territory-handoffs', command, timeout: INBOX_HOOK_TIMEOUT * 1000 }],
  }),
};

/**
 * Puts Territory's handoff hook into the agent's session-start, prompt and stop hooks (`shape`),
 * keeping every other hook; `command` undefined removes only.
 */
export function mergeInboxHooks(
  existing: string | undefined,
  command: string | undefined,
  shape: InboxHookShape = CLAUDE_INBOX_SHAPE,
): JsonMerge {
  let merged: JsonMerge = { ok: true, text: existing ?? '', changed: false };
  for (const event of shape.events) {
    if (!merged.ok) return merged;
    const before: string = merged.text;
    const next = mergeHookList(before === '' && existing === undefined ? undefined : before, {
      event,
      kept: (list) => withoutMarkedHooks(list, INBOX_HOOK_MARKER),
      entry: command === undefined ? undefined : shape.entry(command),
    });
    if (!next.ok) return next;
    merged = { ok: true, text: next.text, changed: merged.changed || next.text !== before };
  }
  return merged;
}
