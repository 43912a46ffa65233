// The agent CLIs the real-agent tests drive, installed into the cache by
// scripts/install-agent-clis.sh (as the VS Code server is). A missing install fails the test with
// the command that installs it: a real-agent scenario that skips would prove nothing.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';

/** The pinned versions: the install script's table names the same. */
export const AGENT_VERSIONS = { gemini: '0.61.0', codex: '0.169.0', copilot: '1.0.102' } as const;

/** The installed CLI's executable, or an error naming the install command. */
export function agentBin(agent: keyof typeof AGENT_VERSIONS): string {
  const cache = process.env.TERRITORY_CACHE ?? path.join(homedir(), '.cache', 'territory');
  const dir = path.join(cache, 'agents', `${agent}-cli-${AGENT_VERSIONS[agent]}`);
  const marker = path.join(dir, '.complete');
  const install = `bash scripts/install-agent-clis.sh ${agent}`;
  if (!existsSync(marker))
    throw new Error(`${agent} CLI ${AGENT_VERSIONS[agent]} is not installed (no ${marker}): run ${install}`);
  const { bin } = JSON.parse(readFileSync(marker, 'utf8')) as { bin: string };
  const file = path.join(dir, bin);
  if (!existsSync(file))
    throw new Error(`${marker} names ${file}, which is missing: delete the marker and run ${install}`);
  return file;
}

/** The environment every agent run starts from: Node for the guard's hook, no git config of the machine's. */
export function agentEnv(home: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: home,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    ...extra,
  };
}

/** Runs an agent CLI to its end (killed after a minute); its exit code and stderr. */
export async function runAgent(
  bin: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(bin, [...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stdout.resume();
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  return { code, stderr };
}
