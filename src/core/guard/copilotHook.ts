// The preToolUse hook Territory writes for GitHub Copilot CLI (`.github/hooks/territory.json`).
//
// Copilot CLI's contract (https://docs.github.com/en/copilot/reference/copilot-cli-reference/cli-hooks-reference,
// checked against 1.0.102): every `.github/hooks/*.json` of the folder it starts in is read and
// combined with the user's `~/.copilot/hooks/`; a file is `{"version": 1, "hooks": {"preToolUse":
// [{type: "command", bash, timeoutSec}]}}`, with no matcher: the hook sees every tool call. It gets
// `{sessionId, timestamp, cwd, toolName, toolArgs}` on stdin and blocks with JSON on stdout,
// `{"permissionDecision": "deny", "permissionDecisionReason": …}`; the model reads "Denied by
// preToolUse hook: <reason>". 1.0.102 also denies when the hook exits non-zero without that JSON
// ("hook errored"), but the docs promise only the JSON, so every refusal prints it
// (src/cli/agentGuard.ts, and the command here for each way the guard cannot run). In prompt mode
// (`copilot -p`) repository hooks load only in a trusted folder, with COPILOT_ALLOW_ALL, or with
// GITHUB_COPILOT_PROMPT_MODE_REPO_HOOKS=true.
import { AGENT_HOOK_MARKER, AGENT_HOOK_TIMEOUT, mergeHookList } from './claudeHook';
import type { JsonMerge } from './jsonMerge';
import { terminalGuardCommand } from './geminiHook';
import { AGENT_HOOK_EVENTS } from '../mission/agentEvents';
import {
  EVENT_HOOK_MARKER,
  EVENT_HOOK_TIMEOUT,
  mergeEventHookLists,
  terminalEventCommand,
} from '../mission/eventHooks';

/** Territory's own hooks file among Copilot's, relative to the folder. */
export const COPILOT_HOOKS_FILE = '.github/hooks/territory.json';
// controlFiles.ts makes all of .github/hooks/ the lead's: a domain that removed the hook would open the gate.

export function copilotHookCommand(domainId: string | undefined): string {
  return terminalGuardCommand(
    'copilot',
    "Territory's agent guard for Copilot CLI (territory export permissions --agent copilot). Only a JSON deny blocks.",
    '.',
    domainId,
  );
}

export function copilotHookEntry(domainId: string | undefined): Record<string, unknown> {
  return { type: 'command', bash: copilotHookCommand(domainId), timeoutSec: AGENT_HOOK_TIMEOUT };
}

const ours = (hook: unknown) =>
  hook !== null &&
  typeof hook === 'object' &&
  typeof (hook as Record<string, unknown>).bash === 'string' &&
  ((hook as Record<string, unknown>).bash as string).startsWith(AGENT_HOOK_MARKER);

/**
 * Puts Territory's entry into `hooks.preToolUse` (and `version: 1`): every other key and hook stays
 * as it was; Territory's hooks found in the list are removed first. `entry` undefined removes only.
 */
export function mergeCopilotHook(existing: string | undefined, entry: Record<string, unknown> | undefined): JsonMerge {
  return mergeHookList(existing, {
    event: 'preToolUse',
    kept: (list) => list.filter((h) => !ours(h)),
    entry,
    before: [{ path: ['version'], value: 1 }],
  });
}

// The Session Board's event hooks (src/core/mission/agentEvents.ts maps what they report): one
// entry per Copilot event that says something of the agent's state. Copilot's input does not name
// its event, so each command names it (`--event agentStop`). notification is matched to the types
// that ask a person (permission_prompt, elicitation_dialog); its others never start the command.
export const COPILOT_EVENT_HOOKS = Object.keys(AGENT_HOOK_EVENTS.copilot);

export function copilotEventHookEntry(domainId: string | undefined, event: string): Record<string, unknown> {
  return {
    type: 'command',
    bash: terminalEventCommand('copilot', '.', domainId, event),
    timeoutSec: EVENT_HOOK_TIMEOUT,
    ...(event === 'notification' ? { matcher: 'permission_prompt|elicitation_dialog' } : {}),
  };
}

const ourEvents = (hook: unknown) =>
  hook !== null &&
  typeof hook === 'object' &&
  typeof (hook as Record<string, unknown>).bash === 'string' &&
  ((hook as Record<string, unknown>).bash as string).startsWith(EVENT_HOOK_MARKER);

/** Puts Territory's event hooks into its Copilot hooks file, keeping every other hook; `install` false removes only. */
export function mergeCopilotEventHooks(
  existing: string | undefined,
  domainId: string | undefined,
  install = true,
): JsonMerge {
  return mergeEventHookLists(
    existing,
    COPILOT_EVENT_HOOKS.map((event) => ({
      event,
      kept: (list: readonly unknown[]) => list.filter((h) => !ourEvents(h)),
      entry: install ? copilotEventHookEntry(domainId, event) : undefined,
    })),
  );
}
