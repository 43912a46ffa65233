// The agent CLIs the real-agent tests drive, installed into the cache by scripts/install-agent-*.sh
// (as the VS Code server is). A missing install fails the test with the command that installs it:
// a real-agent scenario that skips would prove nothing.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';

export const GEMINI_VERSION = '0.61.0';

function cacheDir(): string {
  return process.env.TERRITORY_CACHE ?? path.join(homedir(), '.cache', 'territory');
}

/** The installed Gemini CLI's executable, or an error naming the install script. */
export function geminiBin(): string {
  const dir = path.join(cacheDir(), 'agents', `gemini-cli-${GEMINI_VERSION}`);
  const marker = path.join(dir, '.complete');
  if (!existsSync(marker)) throw new Error(`Gemini CLI ${GEMINI_VERSION} is not installed (no ${marker}): run bash scripts/install-agent-gemini.sh`);
  const { bin } = JSON.parse(readFileSync(marker, 'utf8')) as { bin: string };
  const file = path.join(dir, bin);
  if (!existsSync(file)) throw new Error(`${marker} names ${file}, which is missing: delete the marker and run bash scripts/install-agent-gemini.sh`);
  return file;
}

export const CODEX_VERSION = '0.169.0';

/** The installed Codex CLI's executable, or an error naming the install script. */
export function codexBin(): string {
  const dir = path.join(cacheDir(), 'agents', `codex-cli-${CODEX_VERSION}`);
  const marker = path.join(dir, '.complete');
  if (!existsSync(marker)) throw new Error(`Codex CLI ${CODEX_VERSION} is not installed (no ${marker}): run bash scripts/install-agent-codex.sh`);
  const { bin } = JSON.parse(readFileSync(marker, 'utf8')) as { bin: string };
  const file = path.join(dir, bin);
  if (!existsSync(file)) throw new Error(`${marker} names ${file}, which is missing: delete the marker and run bash scripts/install-agent-codex.sh`);
  return file;
}
