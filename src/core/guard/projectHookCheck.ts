// The guard check of the agents whose hook lives in one project file every domain terminal shares
// (Gemini CLI, Codex CLI, Copilot CLI: projectHookExport.ts writes it). Like guardCheck.ts for
// Claude Code, this file decides and src/git/guardArmed.ts runs the processes: it finds Territory's
// hook in the agent's own file format, builds the canary in the agent's own input format, and
// tells from the hook's answer whether the agent would have been stopped. A hook that answers in a
// way the agent does not read as a block (Copilot only reads a JSON deny) is not armed.
import { lstat, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { GUARD_CHECK_SESSION, type GuardedAgent } from './agentGuard';
import { AGENT_HOOK_MARKER } from './claudeHook';
import { CODEX_HOOKS_FILE, CODEX_MATCHER } from './codexHook';
import { COPILOT_HOOKS_FILE } from './copilotHook';
import { GEMINI_MATCHER, GEMINI_SETTINGS_FILE } from './geminiHook';
import { parseObject } from './jsonMerge';

/** The agents whose guard is a project file shared by every domain terminal. */
export const PROJECT_HOOK_AGENTS = ['gemini', 'codex', 'copilot'] as const;
export type ProjectHookAgent = (typeof PROJECT_HOOK_AGENTS)[number];

export function isProjectHookAgent(agent: string): agent is ProjectHookAgent {
  return (PROJECT_HOOK_AGENTS as readonly string[]).includes(agent);
}

/** The file each agent reads its hooks from, relative to the folder. */
export const PROJECT_HOOK_FILE: Readonly<Record<ProjectHookAgent, string>> = {
  gemini: GEMINI_SETTINGS_FILE,
  codex: CODEX_HOOKS_FILE,
  copilot: COPILOT_HOOKS_FILE,
};

/** Each guarded agent as its users call it. */
export const AGENT_TITLE: Readonly<Record<GuardedAgent, string>> = {
  claude: 'Claude Code',
  gemini: 'Gemini CLI',
  codex: 'Codex CLI',
  copilot: 'Copilot CLI',
};

/** Territory's hook found in the agent's file (timeout in seconds), with what is wrong around it; or why none is. */
export type ProjectHookReading =
  | { readonly ok: true; readonly command: string; readonly timeout: number; readonly problems: readonly string[] }
  | { readonly ok: false; readonly reason: string };

const EXPORT_AGAIN = (agent: ProjectHookAgent) => `territory export permissions --agent ${agent}`;

/** Territory's guard as the agent's project file holds it, with what the agent itself would make of it. */
export function readProjectHook(agent: ProjectHookAgent, text: string | undefined, file: string): ProjectHookReading {
  const again = EXPORT_AGAIN(agent);
  if (text === undefined) return { ok: false, reason: `${file} does not exist: add the guard (${again})` };
  // Read as the export merges it (jsonc-parser, nesting bounded): what Territory wrote, it can read.
  const parsed = parseObject(text);
  if (!parsed.ok) return { ok: false, reason: `${file}: ${parsed.reason}` };
  const root = parsed.value;
  const hooks = root.hooks !== null && typeof root.hooks === 'object' ? (root.hooks as Record<string, unknown>) : {};
  const problems: string[] = [];
  const found =
    agent === 'copilot'
      ? copilotHook(hooks.preToolUse)
      : groupedHook(hooks[agent === 'codex' ? 'PreToolUse' : 'BeforeTool']);
  if (found === undefined)
    return {
      ok: false,
      reason: `${file} has no Territory ${agent === 'gemini' ? 'BeforeTool' : 'pre-tool'} hook: ${again}`,
    };
  if (agent !== 'copilot') {
    const expected = agent === 'codex' ? CODEX_MATCHER : GEMINI_MATCHER;
    if (found.matcher !== expected)
      problems.push(
        `the hook's matcher is ${JSON.stringify(found.matcher)}, not ${expected}: some file tools are not guarded`,
      );
  }
  if (agent === 'gemini') {
    const config = root.hooksConfig as Record<string, unknown> | undefined;
    if (config?.enabled !== true) problems.push(`${file} does not set hooksConfig.enabled: Gemini CLI runs no hook`);
  }
  return { ok: true, command: found.command, timeout: found.timeout, problems };
}

/** Codex's and Gemini's shape: a list of `{matcher, hooks: [{command, timeout}]}` (Codex in seconds, Gemini in ms). */
function groupedHook(groups: unknown): { command: string; timeout: number; matcher: unknown } | undefined {
  for (const group of Array.isArray(groups) ? (groups as unknown[]) : []) {
    const g = group !== null && typeof group === 'object' ? (group as Record<string, unknown>) : {};
    for (const hook of Array.isArray(g.hooks) ? (g.hooks as unknown[]) : []) {
      const h = hook !== null && typeof hook === 'object' ? (hook as Record<string, unknown>) : {};
      if (typeof h.command !== 'string' || !h.command.startsWith(AGENT_HOOK_MARKER)) continue;
      // Gemini's timeout is in milliseconds (geminiHook.ts), Codex's in seconds: the number tells which.
      const raw = typeof h.timeout === 'number' && h.timeout > 0 ? h.timeout : 60;
      return { command: h.command, timeout: raw >= 1000 ? Math.ceil(raw / 1000) : raw, matcher: g.matcher };
    }
  }
  return undefined;
}

/** Copilot's shape: a list of `{type, bash, timeoutSec}`. */
function copilotHook(list: unknown): { command: string; timeout: number; matcher?: undefined } | undefined {
  for (const hook of Array.isArray(list) ? (list as unknown[]) : []) {
    const h = hook !== null && typeof hook === 'object' ? (hook as Record<string, unknown>) : {};
    if (typeof h.bash !== 'string' || !h.bash.startsWith(AGENT_HOOK_MARKER)) continue;
    return { command: h.bash, timeout: typeof h.timeoutSec === 'number' && h.timeoutSec > 0 ? h.timeoutSec : 30 };
  }
  return undefined;
}

/** The largest hooks file read: a settings file of any real size, and no planted giant. */
export const MAX_HOOK_FILE_BYTES = 1024 * 1024;

/** The text of `agent`'s project file in `root`, when it is a plain file of a size any hooks file has. */
export async function readProjectHookFile(root: string, agent: ProjectHookAgent): Promise<string | undefined> {
  const file = path.join(root, ...PROJECT_HOOK_FILE[agent].split('/'));
  try {
    const stat = await lstat(file);
    return stat.isFile() && stat.size <= MAX_HOOK_FILE_BYTES ? await readFile(file, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

/** Whether any agent's project file in `root` holds Territory's guard. */
export async function projectHooked(root: string): Promise<boolean> {
  for (const agent of PROJECT_HOOK_AGENTS)
    if (readProjectHook(agent, await readProjectHookFile(root, agent), PROJECT_HOOK_FILE[agent]).ok) return true;
  return false;
}

/** The hook input the agent would send for a write of `file` (relative to `root`), in its own format. */
export function projectCanaryInput(agent: ProjectHookAgent, root: string, file: string): string {
  const absolute = path.join(root, ...file.split('/'));
  const content = 'territory guard-check canary\n';
  if (agent === 'copilot')
    return JSON.stringify({
      sessionId: GUARD_CHECK_SESSION,
      timestamp: 0,
      cwd: root,
      toolName: 'create',
      toolArgs: { path: absolute, file_text: content },
    });
  const common = { session_id: GUARD_CHECK_SESSION, transcript_path: '', cwd: root };
  if (agent === 'gemini')
    return JSON.stringify({
      ...common,
      hook_event_name: 'BeforeTool',
      tool_name: 'write_file',
      tool_input: { file_path: absolute, content },
    });
  return JSON.stringify({
    ...common,
    hook_event_name: 'PreToolUse',
    tool_name: 'apply_patch',
    tool_input: { command: `*** Begin Patch\n*** Add File: ${file}\n+${content.trimEnd()}\n*** End Patch\n` },
    tool_use_id: GUARD_CHECK_SESSION,
  });
}

/**
 * Whether the agent reads the hook's answer as a block: Codex on exit 2 (stderr the reason), Gemini
 * on exit 2 or a JSON `decision: "deny"`, Copilot only on a JSON `permissionDecision: "deny"`. The
 * reason must be Territory's own, so that a hook blocking everything (no CLI found) is not taken
 * for the guard.
 */
export function projectHookBlocked(
  agent: ProjectHookAgent,
  run: { readonly code: number; readonly stdout: string; readonly stderr: string },
  domainId: string,
): boolean {
  const ours = (reason: unknown) =>
    typeof reason === 'string' && reason.startsWith(`Territory: ${domainId} may not edit this file.`);
  const answer = lastJsonLine(run.stdout);
  if (agent === 'copilot') return answer?.permissionDecision === 'deny' && ours(answer.permissionDecisionReason);
  if (agent === 'gemini')
    return run.code === 2 && (ours(run.stderr) || (answer?.decision === 'deny' && ours(answer.reason)));
  return run.code === 2 && ours(run.stderr);
}

function lastJsonLine(stdout: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(stdout.trim().split('\n').pop() ?? '') as unknown;
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
