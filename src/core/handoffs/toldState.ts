// What each domain's agent has been told of handoffs (inbox.ts), one small JSON file per domain in
// `.territory/handoffs/` (the lead's folder; the hooks that write it run outside the agents'
// sandbox). Read and written as Territory's logs are (core/logFile.ts): no symbolic link on the
// way is followed, a file larger than any state is not read, a damaged one counts as empty (the
// agent is then told again: a repeat, never a loss), and a write is a new file renamed over the old.
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { logFolder, openLogForRead } from '../logFile';
import { EMPTY_TOLD, type ToldState } from './inbox';

export const TOLD_DIR = '.territory/handoffs';
const MAX_STATE_BYTES = 256 * 1024;
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const IGNORE = "# Written by Territory's hooks: what each domain's agent was told of handoffs, never committed.\n*\n";

function stateFile(domain: string): string {
  return `${TOLD_DIR}/told-${domain}.json`;
}

function keys(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((k): k is string => typeof k === 'string' && /^[0-9a-f]{16}$/.test(k))
    : [];
}

/** The domain's state; empty when there is none or it cannot be read (`notes` says why, for a link or a foreign file). */
export function readTold(root: string, domain: string, notes?: string[]): ToldState {
  const folder = logFolder(root, TOLD_DIR, false);
  if (!folder.ok) {
    if (!folder.missing) notes?.push(`${TOLD_DIR}: not read: ${folder.reason}`);
    return EMPTY_TOLD;
  }
  const fd = openLogForRead(path.join(root, ...stateFile(domain).split('/')), stateFile(domain), notes);
  if (fd === undefined) return EMPTY_TOLD;
  try {
    if (fstatSync(fd).size > MAX_STATE_BYTES) return EMPTY_TOLD;
    const value = JSON.parse(readFileSync(fd, 'utf8')) as Record<string, unknown>;
    return { incoming: keys(value.incoming), done: keys(value.done), stopped: keys(value.stopped) };
  } catch {
    return EMPTY_TOLD;
  } finally {
    closeSync(fd);
  }
}

/** Writes the domain's state; returns why not, never throws. */
export function writeTold(root: string, domain: string, told: ToldState): string | undefined {
  const folder = logFolder(root, TOLD_DIR, true);
  if (!folder.ok) return folder.reason;
  try {
    const ignore = path.join(folder.dir, '.gitignore');
    if (!existsSync(ignore)) writeFileSync(ignore, IGNORE, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
      return `cannot create ${TOLD_DIR}/.gitignore: ${(error as Error).message}`;
  }
  const temp = path.join(folder.dir, `.told-${domain}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, 0o644);
    try {
      writeSync(fd, JSON.stringify(told) + '\n');
    } finally {
      closeSync(fd);
    }
    // rename(2) replaces the name, never what a link there points to.
    renameSync(temp, path.join(root, ...stateFile(domain).split('/')));
    return undefined;
  } catch (error) {
    return `cannot write ${stateFile(domain)}: ${(error as Error).message}`;
  }
}
