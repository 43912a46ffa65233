// Where each domain's Claude Code settings file goes (`claude --settings <file>`). What a domain may
// not edit reaches it as the sandbox's write limits (claudeSandbox.ts, from the one off-limits
// compiler: core/ownership/offLimitsGlobs.ts); the PreToolUse hook (claudeHook.ts, agentGuard.ts)
// judges the file tools against the map as it is at each call.
//
// Earlier exports wrote the limits as Claude Code `permissions.deny` `Edit(...)` rules; such a rule
// refuses before any hook runs, with a generic message and no owner (DESIGN.md §8), so the export
// now removes the rules it wrote.

/** Where the per-domain settings files go, relative to the folder; `claude --settings <file>` reads one. */
export const CLAUDE_SETTINGS_DIR = '.territory/claude';

export function claudeSettingsFile(domainId: string): string {
  return `${CLAUDE_SETTINGS_DIR}/${domainId}.settings.json`;
}

/** Where format 1 of the export wrote its `Edit(...)` deny rules, which a new export removes (exports.ts). */
export const DENY_PATH = ['permissions', 'deny'];
