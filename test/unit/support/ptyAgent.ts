// An agent CLI's interactive TUI, run in a pseudo-terminal made by util-linux's `script` (bsdutils,
// checked by scripts/install-agents.sh): the one mode in which the CLIs ask a person to approve a
// tool call. The approval is never given; the test waits for the event the CLI's hook writes, then
// kills the whole session.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** POSIX single quotes, for the one command line `script -c` runs through sh. */
const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

/**
 * Starts `argv` in a pseudo-terminal in `cwd`; resolves once the domain's event log holds `event`
 * (true) or after `ms` (false), having killed the session either way.
 */
export async function untilAgentEvent(
  argv: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  domain: string,
  event: string,
  ms = 60_000,
): Promise<boolean> {
  const session = spawn('script', ['-qfc', argv.map(quote).join(' '), '/dev/null'], {
    cwd,
    env: { TERM: 'xterm-256color', ...env },
    stdio: ['pipe', 'ignore', 'ignore'],
    // Its own process group: the kill reaches the shell, the CLI and whatever it started.
    detached: true,
  });
  const log = path.join(cwd, '.territory', 'events', `${domain}.jsonl`);
  try {
    return await new Promise<boolean>((resolve) => {
      const started = Date.now();
      const poll = setInterval(() => {
        const seen = existsSync(log) && readFileSync(log, 'utf8').includes(`"event":"${event}"`);
        if (seen || Date.now() - started > ms) {
          clearInterval(poll);
          resolve(seen);
        }
      }, 250);
    });
  } finally {
    if (session.pid !== undefined) process.kill(-session.pid, 'SIGKILL');
  }
}
