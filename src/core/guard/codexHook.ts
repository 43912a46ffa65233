// The PreToolUse hook Territory writes into the project's Codex CLI hooks (`.codex/hooks.json`).
//
// Codex CLI's contract (https://developers.openai.com/codex/hooks, checked against 0.169.0): the
// same JSON as Claude Code's hooks file, `hooks.PreToolUse` a list of `{matcher, hooks: [{type:
// "command", command, timeout (seconds)}]}`; exit 2 blocks with stderr as the reason (what the model
// reads is "Command blocked by PreToolUse hook: <reason>. Command: <the command>"), and so does a
// JSON `permissionDecision: "deny"`. Codex loads a project's `.codex/` hooks only when the project
// is trusted, and runs a hook only once the user has trusted its exact definition (`/hooks` in the
// CLI; `codex exec --dangerously-bypass-hook-trust` for automation that vets hooks itself). It
// edits files with apply_patch, which 0.169.0 runs through its shell tool (hook tool name `Bash`):
// the matcher takes both, and the guard judges only the apply_patch commands (codexPatch.ts).
import { AGENT_HOOK_TIMEOUT, mergeAgentHook } from './claudeHook';
import type { JsonMerge } from './jsonMerge';
import { terminalGuardCommand } from './geminiHook';
import { AGENT_HOOK_EVENTS } from '../mission/agentEvents';
import {
  EVENT_HOOK_TIMEOUT,
  mergeEventHookLists,
  terminalEventCommand,
  withoutEventHooks,
} from '../mission/eventHooks';

/** The project hooks file Codex CLI reads, relative to the folder. */
export const CODEX_HOOKS_FILE = '.codex/hooks.json';
// controlFiles.ts makes it (and .codex/config.toml) the lead's: a domain that removed the hook would open the gate.
export const CODEX_MATCHER = '^(apply_patch|Bash)$';

export function codexHookCommand(domainId: string | undefined): string {
  return terminalGuardCommand(
    'codex',
    "Territory's agent guard for Codex CLI (territory export permissions --agent codex). Only exit 2 blocks.",
    '.',
    domainId,
  );
}

export function codexHookEntry(domainId: string | undefined): Record<string, unknown> {
  return {
    matcher: CODEX_MATCHER,
    hooks: [{ type: 'command', command: codexHookCommand(domainId), timeout: AGENT_HOOK_TIMEOUT }],
  };
}

/** Codex's hooks file has Claude Code's shape: the same merge keeps the user's hooks. */
export function mergeCodexHook(existing: string | undefined, entry: Record<string, unknown> | undefined): JsonMerge {
  return mergeAgentHook(existing, entry);
}

// The Session Board's event hooks (src/core/mission/agentEvents.ts maps what they report): one
// group per event Codex 0.169.0 has that says something of the agent's state, no matcher (every
// tool). PermissionRequest says "waiting"; Codex has no Notification event. Like the guard, Codex
// runs them only once the user trusts them in /hooks.
export const CODEX_EVENT_HOOKS = Object.keys(AGENT_HOOK_EVENTS.codex);

export function codexEventHookEntry(domainId: string | undefined): Record<string, unknown> {
  return {
    hooks: [{ type: 'command', command: terminalEventCommand('codex', '.', domainId), timeout: EVENT_HOOK_TIMEOUT }],
  };
}

/** Puts Territory's event hooks into Codex's hooks file, keeping every other hook; `install` false removes only. */
export function mergeCodexEventHooks(
  existing: string | undefined,
  domainId: string | undefined,
  install = true,
): JsonMerge {
  const entry = install ? codexEventHookEntry(domainId) : undefined;
  return mergeEventHookLists(
    existing,
    CODEX_EVENT_HOOKS.map((event) => ({ event, kept: withoutEventHooks, entry })),
  );
}
