// The hooks that tell a domain's Claude Code agent of handoffs at its next turn (inbox.ts): one
// command hook each for SessionStart, UserPromptSubmit and Stop, written into the domain's settings
// beside the guard and the Session Board's hooks, keeping every hook of the user's. Unlike the
// board's hook, its stdout reaches Claude Code (that is the point: additionalContext, or a Stop's
// decision); every way it can fail still ends in exit 0 with nothing on stdout, so a missing CLI or
// a broken map never disturbs the agent. The CLI is found as the guard finds it (claudeHook.ts).
import { quoteArg } from '../agentCommand';
import type { JsonMerge } from '../guard/jsonMerge';
import { mergeHookList, runRecordedCli, withoutMarkedHooks } from '../guard/claudeHook';
import { INBOX_EVENTS } from './inbox';

export const INBOX_HOOK_MARKER = '# territory-handoff-inbox';
export const INBOX_HOOK_FORMAT = 1;
/** Seconds Claude Code waits at most; the command reads the map and the handoff files, tens of milliseconds. */
export const INBOX_HOOK_TIMEOUT = 10;

export function inboxHookCommand(domainId: string): string {
  return `${INBOX_HOOK_MARKER} format ${INBOX_HOOK_FORMAT}: Territory's handoff requests for this domain (territory handoff hook). Always exit 0.
domain=${quoteArg(domainId, 'posix')}
root=\${CLAUDE_PROJECT_DIR:-.}
${runRecordedCli('cli.js', 'handoff hook', () => 'exit 0')} 2>/dev/null
exit 0
`;
}

/** Puts Territory's handoff hook into `hooks.SessionStart`, `UserPromptSubmit` and `Stop`; `domainId` undefined removes only. */
export function mergeInboxHooks(existing: string | undefined, domainId: string | undefined): JsonMerge {
  let merged: JsonMerge = { ok: true, text: existing ?? '', changed: false };
  for (const event of INBOX_EVENTS) {
    if (!merged.ok) return merged;
    const before: string = merged.text;
    const entry =
      domainId === undefined
        ? undefined
        : { hooks: [{ type: 'command', command: inboxHookCommand(domainId), timeout: INBOX_HOOK_TIMEOUT }] };
    const next = mergeHookList(before === '' && existing === undefined ? undefined : before, {
      event,
      kept: (list) => withoutMarkedHooks(list, INBOX_HOOK_MARKER),
      entry,
    });
    if (!next.ok) return next;
    merged = { ok: true, text: next.text, changed: merged.changed || next.text !== before };
  }
  return merged;
}
