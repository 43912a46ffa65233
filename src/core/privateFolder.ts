// Folders of the user's own, outside every repository: the code cache (src/cli/codeCache.ts) and
// the key that seals test runs (src/core/testRunSeal.ts). Each is used only when no other user can
// write into it: what is read from it is trusted (compiled code, a key).
import { mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';

/**
 * The folder, created when missing (mode 0700), if only this user can write to it: owned by this
 * user and neither group- nor other-writable. On Windows the ACLs of the profile folder decide.
 */
export function isPrivateFolder(folder: string): boolean {
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const info = statSync(folder);
    if (!info.isDirectory()) return false;
    if (process.platform === 'win32' || process.getuid === undefined) return true;
    return info.uid === process.getuid() && (info.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** Territory's folder among the user's configuration, as each platform places it; undefined: none known. */
export function userConfigFolder(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home = homedir(),
): string | undefined {
  if (platform === 'win32')
    return env.APPDATA && path.isAbsolute(env.APPDATA) ? path.join(env.APPDATA, 'territory') : undefined;
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'territory');
  const base =
    env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(base, 'territory');
}
