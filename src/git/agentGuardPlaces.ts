// Where the Claude Code export keeps its per-clone files in git's own directory, and which of git's
// places a domain's sandboxed Bash must or must not write (src/core/guard/claudeSandbox.ts).
import * as path from 'node:path';
import type { GuardPlaces } from '../core/guard/claudeSandbox';
import { runGit } from './run';
import { missingSandboxTools } from './sandboxRuntime';

/**
 * One `git rev-parse` call: the git directory and the common one (a linked worktree's lie outside
 * its folder), and `--git-path` for the export's record, the guard script, the hooks (which follow
 * core.hooksPath), config and info. Git's directory is never part of a checkout, so the script a
 * hook command runs there is not a file any branch can bring in. Without git (or a failing call)
 * everything falls back under `.territory/` in the folder.
 */
export async function agentGuardPlaces(root: string): Promise<GuardPlaces> {
  const names = ['territory/exports.json', 'territory/agent-guard.sh', 'hooks', 'config', 'info'];
  const run = await runGit(root, [
    'rev-parse',
    '--git-dir',
    '--git-common-dir',
    ...names.flatMap((n) => ['--git-path', n]),
  ]);
  const lines = run.code === 0 ? run.stdout.split('\n').slice(0, names.length + 2) : [];
  if (lines.length < names.length + 2 || lines.some((l) => l === '')) {
    const own = path.join(root, '.territory', 'claude');
    return {
      manifest: path.join(root, '.territory', 'exports.json'),
      guardScript: path.join(own, 'agent-guard.sh'),
      gitWritable: [],
      gitControl: [],
    };
  }
  const [gitDir, commonDir, manifest, guardScript, hooks, config, info] = lines.map((l) => path.resolve(root, l)) as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return {
    manifest,
    guardScript,
    gitWritable: [...new Set([gitDir, commonDir])],
    gitControl: [...new Set([hooks, config, info, path.dirname(guardScript), path.dirname(manifest)])],
  };
}

/**
 * Why Claude Code's sandbox cannot start here, or undefined when it can as far as PATH tells: on
 * Linux it needs bubblewrap, socat and ripgrep (the settings' failIfUnavailable then makes the agent
 * refuse to start, naming the missing one); macOS has sandbox-exec; native Windows needs its own
 * set-up (sandbox.windows.backend in the user's settings, Claude Code's settings schema).
 */
export function claudeSandboxUnavailable(
  workspace: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  if (platform === 'win32')
    return "Claude Code's sandbox on native Windows needs sandbox.windows.backend in your user settings (https://code.claude.com/docs/en/sandboxing)";
  const missing = missingSandboxTools(workspace, env, platform);
  return missing === undefined
    ? undefined
    : `${missing}; until then Claude Code refuses to start a domain's agent (its settings require the sandbox)`;
}
