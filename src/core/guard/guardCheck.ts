// `territory guard-check --domain ID`: the guard proves itself. It reads the domain's exported
// Claude Code settings, runs Territory's PreToolUse hook command exactly as Claude Code runs it
// (`sh -c <command>` in the folder, CLAUDE_PROJECT_DIR set, the tool call as JSON on stdin, within
// the hook's timeout) on a canary — a Write to another domain's file, which must be blocked with
// Territory's reason — and on the domain's own handoff file, which must pass; and it checks what
// Claude Code itself decides from the file: onFailure "block", the sandbox switched on and able to
// start. Any failure is the reason the guard is not armed: a guard that would fail open is an
// error, not a silent allow. This file decides; src/cli/guardCheck.ts runs the processes.
import * as path from 'node:path';
import type { Domain, DomainMap } from '../types';
import { GUARD_CHECK_SESSION, GUARDED_MATCHER, handoffFileOf } from './agentGuard';
import { isAgentGuardCommand } from './claudeHook';

/** Territory's hook as the settings file holds it. */
export interface GuardHook {
  readonly command: string;
  /** Seconds; Claude Code's default for a command hook is 600. */
  readonly timeout: number;
  readonly onFailure: unknown;
  readonly matcher: unknown;
}

/** What the settings file says, or why it cannot be read as Territory's. */
export type SettingsReading =
  | { readonly ok: true; readonly hook: GuardHook; readonly sandbox: boolean }
  | { readonly ok: false; readonly reason: string };

export function readGuardSettings(text: string | undefined, file: string): SettingsReading {
  if (text === undefined)
    return { ok: false, reason: `${file} does not exist: export the settings (territory export permissions)` };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `${file} is not JSON (${(error as Error).message.slice(0, 120)})` };
  }
  const groups = (data as { hooks?: { PreToolUse?: unknown } } | null)?.hooks?.PreToolUse;
  const sandbox = (data as { sandbox?: { enabled?: unknown; failIfUnavailable?: unknown } } | null)?.sandbox;
  for (const group of Array.isArray(groups) ? (groups as Record<string, unknown>[]) : []) {
    for (const hook of Array.isArray(group?.hooks) ? (group.hooks as Record<string, unknown>[]) : []) {
      if (typeof hook?.command !== 'string' || !isAgentGuardCommand(hook.command)) continue;
      return {
        ok: true,
        hook: {
          command: hook.command,
          timeout: typeof hook.timeout === 'number' && hook.timeout > 0 ? hook.timeout : 600,
          onFailure: hook.onFailure,
          matcher: group.matcher,
        },
        sandbox: sandbox?.enabled === true && sandbox.failIfUnavailable === true,
      };
    }
  }
  return {
    ok: false,
    reason: `${file} has no Territory PreToolUse hook: export the settings again (territory export permissions)`,
  };
}

/** Problems of the settings themselves, before anything runs. */
export function settingsProblems(reading: Extract<SettingsReading, { ok: true }>): string[] {
  const problems: string[] = [];
  if (reading.hook.matcher !== GUARDED_MATCHER)
    problems.push(
      `the hook's matcher is ${JSON.stringify(reading.hook.matcher)}, not ${GUARDED_MATCHER}: some file tools are not guarded`,
    );
  if (reading.hook.onFailure !== 'block')
    problems.push(
      'the hook has no "onFailure": "block": a guard that crashes or times out would let the write through',
    );
  if (!reading.sandbox)
    problems.push(
      "the settings do not turn on Claude Code's sandbox with failIfUnavailable: Bash could write another domain's files",
    );
  return problems;
}

/** One canary call: the file, and the hook input Claude Code would send for a Write to it. */
export interface Canary {
  readonly file: string;
  readonly owner: string;
  readonly input: string;
}

function writePayload(root: string, file: string): string {
  return JSON.stringify({
    session_id: GUARD_CHECK_SESSION,
    transcript_path: '',
    cwd: root,
    permission_mode: 'bypassPermissions',
    hook_event_name: 'PreToolUse',
    tool_name: 'Write',
    tool_input: { file_path: path.join(root, ...file.split('/')), content: 'territory guard-check canary\n' },
    tool_use_id: GUARD_CHECK_SESSION,
  });
}

/** The canary: another domain's handoff file (always that domain's), or the map (always the lead's) when there is no other domain. */
export function offLimitsCanary(map: DomainMap, domain: Domain, root: string, mapFile: string): Canary {
  const other = map.domains.find((d) => d.id !== domain.id);
  const file = other !== undefined && map.handoffFile.includes('{domain}') ? handoffFileOf(map, other) : mapFile;
  return {
    file,
    owner: other !== undefined && file !== mapFile ? other.id : 'the lead',
    input: writePayload(root, file),
  };
}

/** The domain's own handoff file, which the guard must let it write. */
export function ownCanary(map: DomainMap, domain: Domain, root: string): Canary | undefined {
  if (!map.handoffFile.includes('{domain}')) return undefined;
  const file = handoffFileOf(map, domain);
  return { file, owner: domain.id, input: writePayload(root, file) };
}

/** How the hook's process ended. */
export interface HookRun {
  readonly code: number;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly ms: number;
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** Why the canary's run shows the guard would not block, or undefined when it blocked with Territory's reason. */
export function canaryProblem(run: HookRun, domainId: string, canary: Canary, timeout: number): string | undefined {
  if (run.timedOut) return `the hook did not answer within its timeout of ${timeout} s`;
  if (run.code === 2 && run.stderr.startsWith(`Territory: ${domainId} may not edit this file.`)) return undefined;
  if (run.code === 0) return `the hook let a Write to ${canary.file} (${canary.owner}'s) through`;
  if (run.code === 127 || run.code === 126)
    return `the hook command cannot run (exit ${run.code}): ${firstLine(run.stderr) || 'hook path wrong?'}`;
  return `the hook ended with exit ${run.code}: ${firstLine(run.stderr) || 'no message'}`;
}

/** Why the own-file run shows the guard would block the domain's own work, or undefined. */
export function ownProblem(run: HookRun, canary: Canary): string | undefined {
  if (run.timedOut) return `the hook did not answer for the domain's own ${canary.file}`;
  if (run.code === 0) return undefined;
  return `the hook blocks the domain's own ${canary.file} too (exit ${run.code}): ${firstLine(run.stderr) || 'no message'}`;
}
