// Every edit the agent guard blocks is recorded where the editor can show it: one JSON line per
// block in `.territory/guard/blocked.jsonl`, beside a `.gitignore` of `*` (the log names this
// clone's activity, it is never committed). Appends are single `write` calls of one short line on
// a file opened with O_APPEND, so agents blocking at once never interleave; the file is bounded:
// past MAX_LOG_BYTES it is renamed to `blocked.1.jsonl` (a rename is atomic) and a new one starts.
import { closeSync, existsSync, fstat, fstatSync, readFile, renameSync, writeFileSync, writeSync } from 'node:fs';
import { promisify } from 'node:util';
import * as path from 'node:path';
import { excessiveNesting } from '../jsonDepth';
import { isPlainFile, isSaneTime, logFolder, openLogForAppend, openLogForRead } from '../logFile';
import { isPatchPath } from './patchStore';

export const GUARD_DIR = '.territory/guard';
export const BLOCKED_LOG = `${GUARD_DIR}/blocked.jsonl`;
export const BLOCKED_LOG_PREVIOUS = `${GUARD_DIR}/blocked.1.jsonl`;
export const MAX_LOG_BYTES = 256 * 1024;
/** A field longer than this is cut: one line stays far below a page, so its append is one write. */
const MAX_FIELD = 512;

export interface BlockedAttempt {
  /** ISO 8601. */
  readonly time: string;
  readonly domain: string;
  /** Folder-relative, `/`-separated; empty when the input named no file. */
  readonly file: string;
  /** The owner's id, `unassigned`, `contested`, `lead` or `unknown`. */
  readonly owner: string;
  readonly tool: string;
  /**
   * The change the agent meant, kept by the guard (patchStore.ts): `.territory/patches/<id>.patch`,
   * folder-relative. Absent when none was kept (no change in the call, a binary file, too large).
   * The Session Board's blocked item opens it.
   */
  readonly patch?: string;
}

const IGNORE = "# Written by Territory's agent guard: blocked edits of this clone, never committed.\n*\n";

function cut(text: string): string {
  return text.length > MAX_FIELD ? `${text.slice(0, MAX_FIELD)}…` : text;
}

/**
 * Appends one record. A symbolic link on the way (the log, `.territory`, `.territory/guard`), a
 * log that is not a regular file, or one with a second name is refused (core/logFile.ts).
 * Failures are returned, never thrown: the verdict stands without the log.
 */
export function appendBlocked(root: string, attempt: BlockedAttempt): string | undefined {
  const folder = logFolder(root, GUARD_DIR, true);
  if (!folder.ok) return folder.reason;
  const file = path.join(root, ...BLOCKED_LOG.split('/'));
  try {
    const ignore = path.join(folder.dir, '.gitignore');
    // 'wx' is O_EXCL: it never writes through a link standing there.
    if (!existsSync(ignore)) writeFileSync(ignore, IGNORE, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
      return `cannot create ${GUARD_DIR}/.gitignore: ${(error as Error).message}`;
  }
  const patch = attempt.patch !== undefined && isPatchPath(attempt.patch) ? { patch: attempt.patch } : {};
  const line =
    JSON.stringify({
      time: attempt.time,
      domain: cut(attempt.domain),
      file: cut(attempt.file),
      owner: cut(attempt.owner),
      tool: cut(attempt.tool),
      ...patch,
    }) + '\n';
  let fd: number | undefined;
  try {
    let opened = openLogForAppend(file, BLOCKED_LOG);
    if (!opened.ok) return opened.reason;
    fd = opened.fd;
    if (fstatSync(fd).size > MAX_LOG_BYTES) {
      closeSync(fd);
      fd = undefined;
      // Two agents may both see a full log: the second rename finds the fresh file small, or gone, and that is fine.
      // rename(2) moves names, never what a link points to; only a regular file is moved.
      try {
        if (isPlainFile(file)) renameSync(file, path.join(root, ...BLOCKED_LOG_PREVIOUS.split('/')));
      } catch {
        /* another process rotated it first */
      }
      opened = openLogForAppend(file, BLOCKED_LOG);
      if (!opened.ok) return opened.reason;
      fd = opened.fd;
    }
    writeSync(fd, line);
    return undefined;
  } catch (error) {
    return `cannot record the blocked edit in ${BLOCKED_LOG}: ${(error as Error).message}`;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The record a parsed line holds, or undefined; a `patch` that is not a path the patch store gives is dropped (the record stays). */
function asAttempt(value: unknown): BlockedAttempt | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const r = value as Record<string, unknown>;
  const { time, domain, file, owner, tool, patch } = r;
  if (
    typeof time !== 'string' ||
    typeof domain !== 'string' ||
    typeof file !== 'string' ||
    typeof owner !== 'string' ||
    typeof tool !== 'string'
  )
    return undefined;
  return { time, domain, file, owner, tool, ...(typeof patch === 'string' && isPatchPath(patch) ? { patch } : {}) };
}

/**
 * Parses a log's text; lines that are not records (a torn last line, hand edits) are skipped, and
 * so are records whose time the guard cannot have written by `now` (see isSaneTime).
 */
export function parseBlocked(text: string, now = Date.now()): BlockedAttempt[] {
  const attempts: BlockedAttempt[] = [];
  for (const line of text.split('\n')) {
    // A record is one short line (fields are cut at MAX_FIELD): a longer one is not the guard's.
    if (line.trim() === '' || line.length > 8 * MAX_FIELD) continue;
    try {
      // A record is one flat object: anything nested is not one, and is never walked.
      if (excessiveNesting(line, 2) !== undefined) continue;
      const attempt = asAttempt(JSON.parse(line));
      if (attempt !== undefined && isSaneTime(Date.parse(attempt.time), now)) attempts.push(attempt);
    } catch {
      /* skipped */
    }
  }
  return attempts;
}

/**
 * The records of the current and the previous log, oldest first; a log behind a symbolic link is not
 * read (`notes` says why). The checks are a few system calls; the text is read asynchronously, since
 * the extension host reads the log whenever the guard writes it.
 */
export async function readBlocked(root: string, notes?: string[], now = Date.now()): Promise<BlockedAttempt[]> {
  const folder = logFolder(root, GUARD_DIR, false);
  if (!folder.ok) {
    if (!folder.missing) notes?.push(`${GUARD_DIR}: not read: ${folder.reason}`);
    return [];
  }
  const read = async (rel: string): Promise<string> => {
    const fd = openLogForRead(path.join(root, ...rel.split('/')), rel, notes);
    if (fd === undefined) return '';
    try {
      // Bounded like the log (with room for a rotation racing this read): a planted huge file is not read whole.
      if ((await fstatOf(fd)).size <= 4 * MAX_LOG_BYTES) return await readTextOf(fd);
      notes?.push(`${rel}: not read: larger than any log the guard writes; remove it`);
      return '';
    } catch {
      return '';
    } finally {
      closeSync(fd);
    }
  };
  const previous = await read(BLOCKED_LOG_PREVIOUS);
  const current = await read(BLOCKED_LOG);
  return [...parseBlocked(previous, now), ...parseBlocked(current, now)];
}

// The descriptor was opened with the link checks of logFile.ts; these read it without blocking.
const fstatOf = promisify(fstat);
const readTextOf = (fd: number): Promise<string> => promisify(readFile)(fd, 'utf8');
