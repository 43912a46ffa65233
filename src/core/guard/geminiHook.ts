// The BeforeTool hook Territory writes into each domain's Gemini CLI settings, and its merge into a
// settings file the user may share with other hooks.
//
// Gemini CLI's contract (https://geminicli.com/docs/hooks/reference, checked against 0.61.0): hooks
// live in settings.json under `hooks.<Event>`, a list of `{matcher, hooks: [{type: "command",
// command, name, timeout (milliseconds)}]}`; `hooksConfig.enabled` (default true) turns them all
// on or off. The command runs with `bash -c`, the event as JSON on stdin (tool_name, tool_input,
// cwd) and GEMINI_PROJECT_DIR set. stdout's JSON is read first: `decision: "deny"` blocks and its
// `reason` is what the model reads ("Tool execution blocked: <reason>"); exit 2 blocks with stderr
// as the reason; any other exit, a timeout or a command that cannot start only WARNS and the tool
// runs. So the guard answers with both (src/cli/agentGuard.ts) and this command turns every way it
// can fail into exit 2. Gemini runs no hooks at all in a folder it does not trust.
//
// Where the hook goes: Gemini reads `~/.gemini/settings.json` and the project's
// `.gemini/settings.json` (hook lists of both are concatenated). It has no flag for a settings file
// of one session: GEMINI_CLI_SYSTEM_SETTINGS_PATH names one, but 0.61.0 skips it unless it and
// every folder above it are root's and not group- or world-writable ("Skipping system settings
// file … is insecure"), so it cannot be a per-domain file in a user's checkout. One checkout holds
// every domain, so the project file carries one hook that takes the domain from the terminal:
// TERRITORY_DOMAIN, which Launch Domain Terminals sets (no domain: the lead's own session, allowed,
// as `territory pre-tool-use` does). `--domain ID` pins it instead, for a domain's own checkout.
import { quoteArg } from '../agentCommand';
import { GEMINI_GUARDED_TOOLS } from './agentGuard';
import { AGENT_HOOK_MARKER, mergeHookList, runRecordedCli, withoutMarkedHooks } from './claudeHook';
import type { JsonMerge } from './jsonMerge';
import { DOMAIN_ENV } from '../terminalNames';
import { AGENT_HOOK_EVENTS } from '../mission/agentEvents';
import { mergeEventHookLists, terminalEventCommand, withoutEventHooks } from '../mission/eventHooks';

/** The project settings file Gemini CLI reads, relative to the folder. */
export const GEMINI_SETTINGS_FILE = '.gemini/settings.json';
// controlFiles.ts makes the same file the lead's: a domain that removed the hook would open the gate.

/** The hook's name: what `hooksConfig.disabled` and Gemini's logs call it. */
export const GEMINI_HOOK_NAME = 'territory-guard';
/** Milliseconds Gemini waits; a timeout lets the call through, so it is generous for a ~50 ms check. */
export const GEMINI_HOOK_TIMEOUT_MS = 30_000;
export const GEMINI_MATCHER = `^(${Object.keys(GEMINI_GUARDED_TOOLS).join('|')})$`;

/**
 * A guard hook command for an agent whose hook list lives in the project, shared by every domain
 * terminal (Gemini CLI here, Codex CLI in codexHook.ts): pinned to `domainId`, else for the domain
 * TERRITORY_DOMAIN names when it runs. `root` is the shell text of the session's folder. Every way
 * the guard cannot run ends in exit 2 with the reason.
 */
export function terminalGuardCommand(
  agent: 'gemini' | 'codex' | 'copilot',
  title: string,
  root: string,
  domainId: string | undefined,
): string {
  const domain =
    domainId !== undefined
      ? `domain=${quoteArg(domainId, 'posix')}`
      : `domain=\${${DOMAIN_ENV}:-}
# No domain in this terminal: the lead's own session, which the guard does not restrict.
[ -n "$domain" ] || exit 0`;
  return `${AGENT_HOOK_MARKER} format 1: ${title}
${domain}
root=${root}
${agent === 'copilot' ? COPILOT_REFUSE : REFUSE}
${runRecordedCli('pre-tool-use.js', `pre-tool-use --agent ${agent}`, (reason) => `refuse "${reason}"`)}
status=$?
case $status in 0 | 2) exit $status ;; esac
refuse "the guard ended with status $status"
`;
}

const REFUSE = `refuse() { echo "Territory: $domain's edit was blocked: $1. Stop editing and tell the lead." >&2; exit 2; }`;

// Copilot CLI blocks on the JSON on stdout: the reason (a domain id, a path) is escaped for a JSON
// string, control characters dropped, so that no name can turn the answer into text that allows.
const COPILOT_REFUSE = `refuse() {
  why=$(printf '%s' "Territory: $domain's edit was blocked: $1. Stop editing and tell the lead." | tr -d '[:cntrl:]' | sed 's/[\\\\"]/\\\\&/g')
  printf '{"permissionDecision":"deny","permissionDecisionReason":"%s"}\\n' "$why"
  echo "$why" >&2
  exit 2
}`;

/** The `command` of the hook entry: for `domainId`, else for the domain TERRITORY_DOMAIN names when it runs. */
export function geminiHookCommand(domainId: string | undefined): string {
  const title =
    "Territory's agent guard for Gemini CLI (territory export permissions --agent gemini). Exit 2 blocks; any other failure would only warn.";
  return terminalGuardCommand('gemini', title, '${GEMINI_PROJECT_DIR:-.}', domainId);
}

/** The group Territory owns in `hooks.BeforeTool`. */
export function geminiHookEntry(domainId: string | undefined): Record<string, unknown> {
  const who = domainId ?? `the domain ${DOMAIN_ENV} names`;
  return {
    matcher: GEMINI_MATCHER,
    hooks: [
      {
        type: 'command',
        name: GEMINI_HOOK_NAME,
        description: `Territory: ${who} may write only its own files`,
        command: geminiHookCommand(domainId),
        timeout: GEMINI_HOOK_TIMEOUT_MS,
      },
    ],
  };
}

/**
 * Puts Territory's hook group into `hooks.BeforeTool` and `hooksConfig.enabled: true` into a Gemini
 * settings file: every other key, group and hook stays as it was; Territory's hooks found in the
 * list are removed first. `entry` undefined removes only.
 */
export function mergeGeminiHook(existing: string | undefined, entry: Record<string, unknown> | undefined): JsonMerge {
  return mergeHookList(existing, {
    event: 'BeforeTool',
    kept: (list) => withoutMarkedHooks(list, AGENT_HOOK_MARKER),
    entry,
    after: [{ path: ['hooksConfig', 'enabled'], value: true }],
  });
}

// The Session Board's event hooks (src/core/mission/agentEvents.ts maps what they report): one
// group per Gemini event that says something of the agent's state. BeforeAgent/AfterAgent are a
// turn, BeforeTool/AfterTool a tool call, Notification (ToolPermission) a confirmation asked of a
// person. No matcher: every tool, every notification (the command records only ToolPermission).
export const GEMINI_EVENT_HOOKS = Object.keys(AGENT_HOOK_EVENTS.gemini);
export const GEMINI_EVENT_HOOK_NAME = 'territory-events';
/** Milliseconds; a timeout only warns, and the command takes tens of milliseconds. */
export const GEMINI_EVENT_HOOK_TIMEOUT_MS = 10_000;

export function geminiEventHookEntry(domainId: string | undefined): Record<string, unknown> {
  return {
    hooks: [
      {
        type: 'command',
        name: GEMINI_EVENT_HOOK_NAME,
        description: "Territory's Session Board: reports the agent's state, never blocks",
        command: terminalEventCommand('gemini', '${GEMINI_PROJECT_DIR:-.}', domainId),
        timeout: GEMINI_EVENT_HOOK_TIMEOUT_MS,
      },
    ],
  };
}

/** Puts Territory's event hooks into a Gemini settings file, keeping every other hook; `install` false removes only. */
export function mergeGeminiEventHooks(
  existing: string | undefined,
  domainId: string | undefined,
  install = true,
): JsonMerge {
  const entry = install ? geminiEventHookEntry(domainId) : undefined;
  return mergeEventHookLists(
    existing,
    GEMINI_EVENT_HOOKS.map((event) => ({ event, kept: withoutEventHooks, entry })),
  );
}
