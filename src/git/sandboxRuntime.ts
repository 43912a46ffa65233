// Where the OS sandbox's runtime (`srt`, npm `@anthropic-ai/sandbox-runtime`) is, for `territory
// sandbox` and for the sandboxed domain terminals: TERRITORY_SRT (an absolute path), else `srt` on
// PATH outside the workspace — never a file of the branch (its node_modules/.bin included).
import * as path from 'node:path';
import { findProgram } from './program';

export const SRT_ENV = 'TERRITORY_SRT';

export const SRT_INSTALL_HINT =
  'install it with "npm install -g @anthropic-ai/sandbox-runtime" (on Linux it needs bubblewrap, socat and ripgrep: apt-get install bubblewrap socat ripgrep), or set TERRITORY_SRT to its path';

/**
 * What srt needs on this platform and cannot find on PATH (Linux: bubblewrap, socat, ripgrep), as
 * a sentence, or undefined: the sandbox would not start, and saying so beats a terminal that dies.
 */
export function missingSandboxTools(
  workspace: string,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  if (platform !== 'linux') return undefined;
  const missing = [
    ['bwrap', 'bubblewrap'],
    ['socat', 'socat'],
    ['rg', 'ripgrep'],
  ].filter(([program]) => findProgram(program!, workspace, env.PATH ?? '') === undefined);
  if (missing.length === 0) return undefined;
  return `the sandbox needs ${missing.map(([p, pkg]) => `${p} (Debian package ${pkg})`).join(', ')}, not found on PATH: apt-get install ${missing.map(([, pkg]) => pkg).join(' ')}`;
}

export function findSandboxRuntime(workspace: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env[SRT_ENV]?.trim();
  if (explicit) return path.isAbsolute(explicit) ? explicit : undefined;
  return findProgram('srt', workspace, env.PATH ?? '');
}
