// The logs Territory appends to and reads back in the work tree (`.territory/events/*.jsonl`,
// `.territory/guard/*.jsonl`). A branch can commit symbolic links: `.territory/events/CORE.jsonl
// -> ~/.bashrc`, or a `.territory` folder that links to `/usr/local/bin`. Appending there would put
// agent-controlled text (a file name like `$(…)`) into a shell start-up file. So every folder from
// the work tree's root down to the log must be a real folder, the log itself a regular file with one
// name: it is opened with O_NOFOLLOW (a link as the last part fails instead of being followed) and
// O_NONBLOCK (a FIFO planted there cannot hang the hook), and the opened descriptor is checked.
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync } from 'node:fs';
import * as path from 'node:path';

// O_NOFOLLOW and O_NONBLOCK do not exist on Windows: the lstat checks before the open stand alone there.
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const NONBLOCK = constants.O_NONBLOCK ?? 0;
const APPEND = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | NOFOLLOW | NONBLOCK;
const READ = constants.O_RDONLY | NOFOLLOW | NONBLOCK;

/** No hook or guard of Territory's wrote before this (2020-01-01): an earlier time is a hand edit or a broken clock. */
export const EARLIEST_EVENT_TIME = Date.UTC(2020, 0, 1);
/** How far ahead of the reader's clock a record may be (another process's clock, a little off). */
export const MAX_CLOCK_AHEAD_MS = 5 * 60_000;

/**
 * Whether a logged time (ms since the epoch) is one a hook can have written by `now`. A line with
 * `"t":1` would otherwise make the board say "499031h since first activity", and one far in the
 * future would hold an agent's state forever.
 */
export function isSaneTime(t: number, now: number): boolean {
  return Number.isFinite(t) && t >= EARLIEST_EVENT_TIME && t <= now + MAX_CLOCK_AHEAD_MS;
}

/** The log folder, or why it cannot be used. */
export type LogFolder =
  | { readonly ok: true; readonly dir: string }
  | { readonly ok: false; readonly reason: string; readonly missing?: true };

/**
 * The folder `relDir` (`/`-separated, below `root`), checked part by part: each existing part must
 * be a folder and not a symbolic link. With `create`, missing parts are made one at a time (never
 * `mkdir -p`, which would follow a link on the way).
 */
export function logFolder(root: string, relDir: string, create: boolean): LogFolder {
  let dir = root;
  let shown = '';
  for (const part of relDir.split('/')) {
    dir = path.join(dir, part);
    shown = shown === '' ? part : `${shown}/${part}`;
    let stat;
    try {
      stat = lstatSync(dir);
    } catch {
      if (!create) return { ok: false, reason: `${shown} does not exist`, missing: true };
      try {
        mkdirSync(dir);
        continue;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
          return { ok: false, reason: `cannot create ${shown}: ${(error as Error).message}` };
        stat = lstatSync(dir);
      }
    }
    if (stat.isSymbolicLink()) return { ok: false, reason: linkReason(shown, 'folder') };
    if (!stat.isDirectory()) return { ok: false, reason: `${shown} is not a folder; remove it, then try again` };
  }
  return { ok: true, dir };
}

function linkReason(shown: string, what: 'folder' | 'file'): string {
  return `${shown} is a symbolic link; Territory does not write or read its logs through a link (it could lead anywhere on the machine). Remove the link (a real ${what} is made in its place), then try again`;
}

/** Why the descriptor is not a log Territory may use, or undefined; closes it when refused. */
function refusedDescriptor(fd: number, shown: string): string | undefined {
  const stat = fstatSync(fd);
  const reason = !stat.isFile()
    ? `${shown} is not a regular file; remove it, then try again`
    : stat.nlink > 1
      ? `${shown} has other names (a hard link): writing it would change another file; remove it, then try again`
      : undefined;
  if (reason !== undefined) closeSync(fd);
  return reason;
}

/** Opens `file` (in a folder `logFolder` accepted) for appending, or says why not; `shown` names it in the reason. */
export function openLogForAppend(
  file: string,
  shown: string,
): { ok: true; fd: number } | { ok: false; reason: string } {
  let fd: number;
  if (NOFOLLOW === 0 && isLink(file)) return { ok: false, reason: linkReason(shown, 'file') };
  try {
    fd = openSync(file, APPEND, 0o644);
  } catch (error) {
    return { ok: false, reason: openFailure(error, file, shown) };
  }
  const refused = refusedDescriptor(fd, shown);
  return refused === undefined ? { ok: true, fd } : { ok: false, reason: refused };
}

/** Opens `file` for reading, or undefined when it is missing or not a regular file of its own (reasons go to `notes`). */
export function openLogForRead(file: string, shown: string, notes?: string[]): number | undefined {
  let fd: number;
  if (NOFOLLOW === 0 && isLink(file)) {
    notes?.push(`${shown}: not read: ${linkReason(shown, 'file')}`);
    return undefined;
  }
  try {
    fd = openSync(file, READ);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      notes?.push(`${shown}: not read: ${openFailure(error, file, shown)}`);
    return undefined;
  }
  const refused = refusedDescriptor(fd, shown);
  if (refused !== undefined) notes?.push(`${shown}: not read: ${refused}`);
  return refused === undefined ? fd : undefined;
}

function openFailure(error: unknown, file: string, shown: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  // O_NOFOLLOW's refusal: ELOOP on Linux, EMLINK on FreeBSD; where it does not exist, lstat says so.
  if (code === 'ELOOP' || code === 'EMLINK' || isLink(file)) return linkReason(shown, 'file');
  if (code === 'ENXIO') return `${shown} is not a regular file; remove it, then try again`;
  return `cannot open ${shown}: ${(error as Error).message}`;
}

function isLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Whether `file` exists as a regular file (a link is not one): rotation renames only such a file. */
export function isPlainFile(file: string): boolean {
  try {
    return lstatSync(file).isFile();
  } catch {
    return false;
  }
}
