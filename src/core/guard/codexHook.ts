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

/** The project hooks file Codex CLI reads, relative to the folder. */
export const CODEX_HOOKS_FILE = '.codex/hooks.json';
// controlFiles.ts makes it (and .codex/config.toml) the lead's: a domain that removed the hook would open the gate.
export const CODEX_MATCHER = '^(apply_patch|Bash)$';

export function codexHookCommand(domainId: string | undefined): string {
  return terminalGuardCommand('codex', "Territory's agent guard for Codex CLI (territory export permissions --agent codex). Only exit 2 blocks.", '.', domainId);
}

export function codexHookEntry(domainId: string | undefined): Record<string, unknown> {
  return { matcher: CODEX_MATCHER, hooks: [{ type: 'command', command: codexHookCommand(domainId), timeout: AGENT_HOOK_TIMEOUT }] };
}

/** Codex's hooks file has Claude Code's shape: the same merge keeps the user's hooks. */
export function mergeCodexHook(existing: string | undefined, entry: Record<string, unknown> | undefined): JsonMerge {
  return mergeAgentHook(existing, entry);
}
