// The PreToolUse hook entry Territory writes into each domain's Claude Code settings, the script
// it runs, and its merge into a settings file the user may share with other hooks.
//
// Claude Code runs a command hook's `command` string with the shell (`sh -c` on Linux and macOS),
// JSON on stdin; only exit 2 blocks (https://code.claude.com/docs/en/hooks), and the agent then
// reads `PreToolUse:Write hook error: [<command>]: <stderr>`: the command is quoted whole. So the
// command is short, the script's absolute path and the domain id, and the script lives in git's
// directory (src/git/agentGuardPlaces.ts), which no checkout writes and no domain may edit. The
// script finds the CLI the way Territory's git hooks do (src/core/guard/hookScript.ts):
// TERRITORY_CLI, then `git config territory.cli` (re-recorded by the extension each time it
// starts, so a moved or updated extension never leaves a stale path behind), then `territory` on
// PATH — never a file of the work tree, and a recorded copy inside it only while it is the very
// file recorded (territory.cliHash). Every way the CLI cannot run ends in exit 2 with the reason,
// and the entry carries `"onFailure": "block"` (Claude Code 2.1.295 and later: "a hook that can't
// start, times out, or exits with an unexpected code blocks the action instead of letting it
// through"): a missing script, a crash or a timeout must not open the gate.
import { quoteArg } from '../agentCommand';
import { parseObject, setJsonValues, valueAt, type JsonMerge } from './jsonMerge';
import { GUARDED_MATCHER } from './agentGuard';

/** The first line of format 1's hook command (the whole script inline), and the script's second line now. */
export const AGENT_HOOK_MARKER = '# territory-agent-guard';
export const AGENT_HOOK_FORMAT = 2;
/** The script's file name: how a merge recognises Territory's entry by its command. */
export const AGENT_GUARD_SCRIPT = 'agent-guard.sh';
/** Seconds Claude Code waits; a timeout blocks (onFailure), and ~50 ms are needed: generous for a loaded machine. */
export const AGENT_HOOK_TIMEOUT = 30;

export const HOOKS_PATH = ['hooks', 'PreToolUse'];

/**
 * The shell text the agents' hooks share (the guard here, the Session Board's event hook in
 * src/core/mission/eventHooks.ts): find the CLI the way the git hooks do — TERRITORY_CLI, then git
 * config territory.cli (with territory.node and territory.cliHash), then `territory` on PATH — and
 * run `subcommand --domain "$domain"` with the small `bundle` beside a recorded cli.js when the CLI
 * is not pinned by its hash. `fail` makes the shell text for a CLI that cannot run; `$domain` and
 * `$root` are set by the caller.
 */
export function runRecordedCli(bundle: string, subcommand: string, fail: (reason: string) => string): string {
  return `cli= node_bin= hash=
if [ -n "\${TERRITORY_CLI:-}" ]; then
  cli=$TERRITORY_CLI
else
  # One git call for the three keys git config holds for Territory (names come back in lower case).
  while IFS=' ' read -r key value; do
    case $key in
      territory.cli) cli=$value ;;
      territory.node) node_bin=$value ;;
      territory.clihash) hash=$value ;;
    esac
  done <<EOF
$(git -C "$root" config --get-regexp '^territory[.](cli|node|clihash)$' 2>/dev/null)
EOF
  if [ -n "$cli" ] && [ -e "$cli" ]; then
    if [ -n "$hash" ] && [ "$(git -C "$root" hash-object --no-filters -- "$cli" 2>/dev/null)" != "$hash" ]; then
      ${fail('$cli is not the CLI recorded by territory hooks install --cli (a checkout or an edit changed it)')}
    fi
  elif command -v territory >/dev/null 2>&1; then
    cli=territory
  else
    ${fail('the territory CLI was not found (TERRITORY_CLI, git config territory.cli, territory on PATH)')}
  fi
fi
case $cli in
  *.js | *.cjs | *.mjs)
    # The hook's own small bundle beside the CLI loads faster; not when the CLI was recorded with
    # its hash (a copy inside the work tree): only that very file is vouched for.
    entry=$cli
    if [ -z "$hash" ] && [ -f "\${cli%/*}/${bundle}" ]; then entry=\${cli%/*}/${bundle}; fi
    if [ -n "$node_bin" ] && [ -x "$node_bin" ]; then
      ELECTRON_RUN_AS_NODE=1 "$node_bin" "$entry" ${subcommand} --domain "$domain"
    elif command -v node >/dev/null 2>&1; then
      node "$entry" ${subcommand} --domain "$domain"
    else
      ${fail('no Node.js to run $cli')}
    fi ;;
  *) "$cli" ${subcommand} --domain "$domain" ;;
esac`;
}

/**
 * The script the hook command runs, the same for every domain (the domain id is its argument,
 * checked against the map's id form before use): written by the export into git's directory.
 */
export function agentGuardScript(): string {
  return `#!/bin/sh
${AGENT_HOOK_MARKER} format ${AGENT_HOOK_FORMAT}: Territory's agent guard, run by the PreToolUse hook of the
# settings \`territory export permissions\` writes (one per domain, the domain id as argument).
# Claude Code blocks the tool call on exit 2 (and, with onFailure "block", on any other failure).
domain=\${1:-}
refuse() { echo "Territory: \${domain:-the agent}'s edit was blocked: $1. Stop editing and tell the lead." >&2; exit 2; }
case $domain in
  '' | [!A-Z]* | *[!A-Z0-9_]*) refuse "the guard was called without a domain id (the settings file is damaged; export it again)" ;;
esac
root=\${CLAUDE_PROJECT_DIR:-.}
${runRecordedCli('pre-tool-use.js', 'pre-tool-use', (reason) => `refuse "${reason}"`)}
status=$?
case $status in 0 | 2) exit $status ;; esac
refuse "the guard ended with status $status"
`;
}

/** A path as one sh word: bare when it is plain (the agent reads it), else single-quoted. */
function shellWord(text: string): string {
  return /^[A-Za-z0-9_./:@%+-]+$/.test(text) ? text : quoteArg(text, 'posix');
}

/** The `command` of the hook entry for `domainId`: the script's absolute path and the id, nothing else. */
export function agentHookCommand(domainId: string, script: string): string {
  return `${shellWord(script)} ${shellWord(domainId)}`;
}

/** Whether a hook command is Territory's guard: this format's (the script and an id) or format 1's (the inline script). */
export function isAgentGuardCommand(command: string): boolean {
  if (command.startsWith(AGENT_HOOK_MARKER)) return true;
  const quoted = AGENT_GUARD_SCRIPT.replace(/[.]/g, '\\.');
  return new RegExp(`${quoted}'? '?[A-Z][A-Z0-9_]*'?$`).test(command);
}

/** The entry Territory owns in `hooks.PreToolUse`. */
export function agentHookEntry(domainId: string, script: string): Record<string, unknown> {
  return {
    matcher: GUARDED_MATCHER,
    hooks: [
      { type: 'command', command: agentHookCommand(domainId, script), timeout: AGENT_HOOK_TIMEOUT, onFailure: 'block' },
    ],
  };
}

/**
 * A settings file's hook groups of one event without Territory's hooks whose command starts with
 * `marker` (or that `marker` recognises): every other group and hook (the user's formatters, other
 * guards) stays as it was, and a group they leave empty goes with them. Both the guard and the
 * Session Board's event hooks merge this way, each with its own marker.
 */
export function withoutMarkedHooks(
  groups: readonly unknown[],
  marker: string | ((command: string) => boolean),
): unknown[] {
  const ours = typeof marker === 'string' ? (command: string) => command.startsWith(marker) : marker;
  const marked = (hook: unknown) =>
    hook !== null &&
    typeof hook === 'object' &&
    typeof (hook as Record<string, unknown>).command === 'string' &&
    ours((hook as Record<string, unknown>).command as string);
  const kept: unknown[] = [];
  for (const group of groups) {
    const inner = group !== null && typeof group === 'object' ? (group as Record<string, unknown>).hooks : undefined;
    if (!Array.isArray(inner) || !inner.some(marked)) {
      kept.push(group);
      continue;
    }
    const rest = inner.filter((h) => !marked(h));
    if (rest.length > 0) kept.push({ ...(group as Record<string, unknown>), hooks: rest });
  }
  return kept;
}

/** What an agent's hooks file needs from Territory: one list under `hooks`, and the keys that switch hooks on. */
export interface HookListMerge {
  /** The key under `hooks` (`PreToolUse`, Gemini's `BeforeTool`, Copilot's `preToolUse`). */
  readonly event: string;
  /** The list without Territory's own entries (a group they leave empty goes with them). */
  readonly kept: (list: readonly unknown[]) => unknown[];
  /** Territory's entry; undefined removes only. */
  readonly entry: Record<string, unknown> | undefined;
  /** Keys set with the entry, before and after the list (Copilot's `version`, Gemini's `hooksConfig.enabled`). */
  readonly before?: readonly { readonly path: string[]; readonly value: unknown }[];
  readonly after?: readonly { readonly path: string[]; readonly value: unknown }[];
}

/**
 * Puts Territory's entry into an agent's hooks file: every other key, group and hook stays as it
 * was; Territory's entries found in the list are removed first. Unchanged when the list and the
 * switches already say so. The Claude Code, Codex, Gemini and Copilot exports all merge this way.
 */
export function mergeHookList(existing: string | undefined, merge: HookListMerge): JsonMerge {
  const parsed = parseObject(existing === undefined || existing.trim() === '' ? '{}' : existing);
  if (!parsed.ok) return parsed;
  const switches = [...(merge.before ?? []), ...(merge.after ?? [])];
  for (const key of ['hooks', ...switches.filter((s) => s.path.length > 1).map((s) => s.path[0]!)]) {
    const value = parsed.value[key];
    if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value)))
      return { ok: false, reason: `"${key}" is not an object` };
  }
  const current = (parsed.value.hooks as Record<string, unknown> | undefined)?.[merge.event];
  if (current !== undefined && !Array.isArray(current))
    return { ok: false, reason: `"hooks.${merge.event}" is not a list` };
  const kept = merge.kept((current as unknown[] | undefined) ?? []);
  const next = merge.entry === undefined ? kept : [...kept, merge.entry];
  const sameList = current !== undefined ? JSON.stringify(current) === JSON.stringify(next) : next.length === 0;
  if (sameList && (merge.entry === undefined || switches.every((s) => valueAt(parsed.value, s.path) === s.value)))
    return { ok: true, text: existing ?? '', changed: false };
  const on = (list: HookListMerge['before']) => (merge.entry === undefined ? [] : (list ?? []));
  return setJsonValues(existing, [
    ...on(merge.before),
    { path: ['hooks', merge.event], value: next },
    ...on(merge.after),
  ]);
}

/** Puts Territory's guard entry into `hooks.PreToolUse` of a Claude Code (or Codex) settings file. */
export function mergeAgentHook(existing: string | undefined, entry: Record<string, unknown> | undefined): JsonMerge {
  return mergeHookList(existing, {
    event: HOOKS_PATH[1]!,
    kept: (list) => withoutMarkedHooks(list, isAgentGuardCommand),
    entry,
  });
}
