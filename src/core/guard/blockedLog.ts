// Every edit the agent guard blocks is recorded where the editor can show it: one JSON line per
// block in `.territory/guard/blocked.jsonl`, beside a `.gitignore` of `*` (the log names this
// clone's activity, it is never committed). Appends are single `write` calls of one short line on
// a file opened with O_APPEND, so agents blocking at once never interleave; the file is bounded:
// past MAX_LOG_BYTES it is renamed to `blocked.1.jsonl` (a rename is atomic) and a new one starts.
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import * as path from 'node:path';

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
}

const IGNORE = "# Written by Territory's agent guard: blocked edits of this clone, never committed.\n*\n";

function cut(text: string): string {
  return text.length > MAX_FIELD ? `${text.slice(0, MAX_FIELD)}…` : text;
}

/**
 * Appends one record. The caller checks first that no symbolic link carries the log out of the
 * folder (safePath's outsideFolder). Failures are returned, never thrown: the verdict stands without the log.
 */
export function appendBlocked(root: string, attempt: BlockedAttempt): string | undefined {
  const file = path.join(root, ...BLOCKED_LOG.split('/'));
  try {
    const dir = path.dirname(file);
    mkdirSync(dir, { recursive: true });
    const ignore = path.join(dir, '.gitignore');
    if (!existsSync(ignore)) writeFileSync(ignore, IGNORE, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return `cannot create ${GUARD_DIR}: ${(error as Error).message}`;
  }
  const line = JSON.stringify({ time: attempt.time, domain: cut(attempt.domain), file: cut(attempt.file), owner: cut(attempt.owner), tool: cut(attempt.tool) }) + '\n';
  let fd: number | undefined;
  try {
    fd = openSync(file, 'a', 0o644);
    if (fstatSync(fd).size > MAX_LOG_BYTES) {
      closeSync(fd);
      fd = undefined;
      // Two agents may both see a full log: the second rename finds the fresh file small, or gone, and that is fine.
      try {
        renameSync(file, path.join(root, ...BLOCKED_LOG_PREVIOUS.split('/')));
      } catch {
        /* another process rotated it first */
      }
      fd = openSync(file, 'a', 0o644);
    }
    writeSync(fd, line);
    return undefined;
  } catch (error) {
    return `cannot record the blocked edit in ${BLOCKED_LOG}: ${(error as Error).message}`;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function isAttempt(value: unknown): value is BlockedAttempt {
  if (value === null || typeof value !== 'object') return false;
  const r = value as Record<string, unknown>;
  return ['time', 'domain', 'file', 'owner', 'tool'].every((k) => typeof r[k] === 'string');
}

/** Parses a log's text; lines that are not records (a torn last line, hand edits) are skipped. */
export function parseBlocked(text: string): BlockedAttempt[] {
  const attempts: BlockedAttempt[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      if (isAttempt(value)) attempts.push(value);
    } catch {
      /* skipped */
    }
  }
  return attempts;
}

/** The records of the current and the previous log, oldest first. */
export function readBlocked(root: string): BlockedAttempt[] {
  const read = (rel: string) => {
    try {
      return readFileSync(path.join(root, ...rel.split('/')), 'utf8');
    } catch {
      return '';
    }
  };
  return [...parseBlocked(read(BLOCKED_LOG_PREVIOUS)), ...parseBlocked(read(BLOCKED_LOG))];
}
