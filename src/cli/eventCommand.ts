// `territory event`: the Session Board's hook. One hook event on stdin (Claude Code's, or with
// `--agent codex|gemini|copilot` that CLI's, `--event NAME` naming it when its input does not),
// appended as one line to the domain's event log. It always exits 0: it observes the agent, it
// never steers it.
import { readFileSync } from 'node:fs';
import { noPositional, singleValue, type CliOptions, type CliOutput, type FlagSpec } from './flags';
import { guardRoot } from './agentGuard';
import { GUARDED_AGENTS, type GuardedAgent } from '../core/guard/agentGuard';
import { MAX_EVENT_INPUT_BYTES } from '../core/mission/events';
import { parseAgentHookEvent } from '../core/mission/agentEvents';
import { appendEvent } from '../core/mission/eventLog';
import { DOMAIN_ENV } from '../core/terminalNames';

export const EVENT_FLAGS: FlagSpec = { valueFlags: ['--domain', '--agent', '--event'] };

export interface EventOutput extends CliOutput {
  /** The hook's stdin (tests); the process's own stdin when absent. */
  readEventInput?(limit: number): string;
  now?(): number;
}

/** A hook's stdin, up to `limit` characters and one more (so that "too large" can be told apart); empty when unreadable. */
export function readStdin(limit: number): string {
  try {
    const text = readFileSync(0, 'utf8');
    return text.length > limit ? text.slice(0, limit + 1) : text;
  } catch {
    return '';
  }
}

export async function eventCommand(
  options: CliOptions,
  io: EventOutput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  noPositional(options.flags, 'event');
  const fromEnv = env[DOMAIN_ENV]?.trim();
  const domain = singleValue(options.flags, '--domain') ?? (fromEnv === '' ? undefined : fromEnv);
  // No domain: the lead's own session, which the board does not track.
  if (domain === undefined) return 0;
  const agentValue = singleValue(options.flags, '--agent') ?? 'claude';
  if (!(GUARDED_AGENTS as readonly string[]).includes(agentValue)) {
    io.err(
      `territory: note: the event was not recorded: --agent ${agentValue.slice(0, 40)} is none of ${GUARDED_AGENTS.join(', ')}`,
    );
    return 0;
  }
  const agent = agentValue as GuardedAgent;
  const root = guardRoot(options, env, agent);
  const input = (io.readEventInput ?? readStdin)(MAX_EVENT_INPUT_BYTES);
  const parsed = parseAgentHookEvent(
    input,
    domain,
    root,
    io.now?.() ?? Date.now(),
    agent,
    singleValue(options.flags, '--event'),
  );
  if (!parsed.ok) {
    io.err(`territory: note: the event was not recorded: ${parsed.reason}`);
    return 0;
  }
  // appendEvent refuses a symbolic link anywhere on the way to the log (core/logFile.ts).
  const problem = appendEvent(root, parsed.event);
  if (problem !== undefined) io.err(`territory: note: the event was not recorded: ${problem}`);
  return 0;
}
