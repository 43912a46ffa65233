// The agents' event logs: `.territory/events/<DOMAIN>.jsonl`, one JSON line per hook event, beside
// a `.gitignore` of `*` (a clone's activity, never committed). Several agents of one domain write
// at once, so an append is one write(2) of one whole line on a descriptor opened with O_APPEND:
// the kernel places each such write at the end as a unit, and a line is kept under PIPE_BUF
// (4096 bytes) so that it is one write on every file system Territory expects. The log is
// bounded: past `maxBytes` the one writer holding the rotation lock renames it to
// `<DOMAIN>.1.jsonl` (the previous one goes) and a new file starts. A writer that opened the old
// file just before the rename still appends to it — to `.1` then, where readers find it.
import {
  closeSync,
  existsSync,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  renameSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import * as path from 'node:path';
import { excessiveNesting } from '../jsonDepth';
import { isPlainFile, isSaneTime, logFolder, openLogForAppend, openLogForRead } from '../logFile';
import { cut, isAgentEvent, type AgentEvent } from './events';

export const EVENTS_DIR = '.territory/events';
export const MAX_EVENT_LOG_BYTES = 512 * 1024;
/** Under PIPE_BUF: one write, one line, whatever else writes at the same moment. */
export const MAX_LINE_BYTES = 4000;
/** A rotation lock older than this was left by a killed writer. */
const STALE_LOCK_MS = 5_000;

const IGNORE = "# Written by Territory's agent event hooks: this clone's agent activity, never committed.\n*\n";

/** Domain ids become file names: only what the map schema allows for an id (and a bounded length). */
export function isLoggableDomain(id: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(id);
}

export function eventLogFile(root: string, domain: string, previous = false): string {
  return path.join(root, ...EVENTS_DIR.split('/'), `${domain}${previous ? '.1' : ''}.jsonl`);
}

/** The line of a record, cut until it fits in one atomic write. */
export function eventLine(event: AgentEvent): string {
  let line = JSON.stringify(event) + '\n';
  if (Buffer.byteLength(line) <= MAX_LINE_BYTES) return line;
  // Multi-byte text can outgrow the byte budget even with short fields: cut harder, then drop.
  const shorter: AgentEvent = {
    ...event,
    ...(event.file ? { file: cut(event.file, 100) } : {}),
    ...(event.detail ? { detail: cut(event.detail, 100) } : {}),
  };
  line = JSON.stringify(shorter) + '\n';
  if (Buffer.byteLength(line) <= MAX_LINE_BYTES) return line;
  // A long multi-byte transcript path goes whole or not at all (a cut path names another file).
  line = JSON.stringify({ ...shorter, transcript: undefined }) + '\n';
  if (Buffer.byteLength(line) <= MAX_LINE_BYTES) return line;
  return JSON.stringify({ t: event.t, domain: cut(event.domain, 64), event: event.event }) + '\n';
}

export interface AppendOptions {
  readonly maxBytes?: number;
}

/**
 * Appends one record to its domain's log. A symbolic link on the way (the log, `.territory`,
 * `.territory/events`), a log that is not a regular file, or one with a second name is refused
 * (core/logFile.ts). Failures are returned, never thrown: an event hook must never disturb the agent.
 */
export function appendEvent(root: string, event: AgentEvent, options: AppendOptions = {}): string | undefined {
  if (!isLoggableDomain(event.domain)) return `"${cut(event.domain, 40)}" is not a domain id`;
  const folder = logFolder(root, EVENTS_DIR, true);
  if (!folder.ok) return folder.reason;
  const file = eventLogFile(root, event.domain);
  const shown = `${EVENTS_DIR}/${path.basename(file)}`;
  try {
    const ignore = path.join(folder.dir, '.gitignore');
    // 'wx' is O_EXCL: it never writes through a link standing there.
    if (!existsSync(ignore)) writeFileSync(ignore, IGNORE, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
      return `cannot create ${EVENTS_DIR}/.gitignore: ${(error as Error).message}`;
  }
  const line = eventLine(event);
  const maxBytes = options.maxBytes ?? MAX_EVENT_LOG_BYTES;
  let fd: number | undefined;
  try {
    let opened = openLogForAppend(file, shown);
    if (!opened.ok) return opened.reason;
    fd = opened.fd;
    if (fstatSync(fd).size >= maxBytes) {
      closeSync(fd);
      fd = undefined;
      rotate(file, maxBytes);
      opened = openLogForAppend(file, shown);
      if (!opened.ok) return opened.reason;
      fd = opened.fd;
    }
    writeSync(fd, line);
    return undefined;
  } catch (error) {
    return `cannot record the event in ${EVENTS_DIR}: ${(error as Error).message}`;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Renames a full log to `.1`, once: the writer that creates the lock file rotates, after checking
 * the log is still full (another writer may have rotated it a moment ago); the others append to
 * whichever file is there, which at worst lets the log pass its bound by a few lines.
 */
function rotate(file: string, maxBytes: number): void {
  const lock = `${file}.lock`;
  let held = false;
  try {
    closeSync(openSync(lock, 'wx'));
    held = true;
  } catch {
    try {
      if (Date.now() - lstatSync(lock).mtimeMs > STALE_LOCK_MS) unlinkSync(lock);
    } catch {
      /* gone meanwhile */
    }
    return;
  }
  try {
    // rename(2) moves names, never what a link points to; only a full regular file is moved.
    if (isPlainFile(file) && lstatSync(file).size >= maxBytes) renameSync(file, file.replace(/\.jsonl$/, '.1.jsonl'));
  } catch {
    /* nothing to rotate */
  } finally {
    if (held) {
      try {
        unlinkSync(lock);
      } catch {
        /* removed as stale by another writer */
      }
    }
  }
}

/**
 * Parses a log's text; lines that are not records (a torn line, hand edits) are skipped, and so are
 * records whose time no hook wrote at `now` (before 2020, or ahead of the clock: see isSaneTime).
 */
export function parseEvents(text: string, now = Date.now()): AgentEvent[] {
  const events: AgentEvent[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.length > MAX_LINE_BYTES * 2) continue;
    try {
      // A record is one flat object: anything nested is not one, and is never walked.
      if (excessiveNesting(line, 2) !== undefined) continue;
      const value: unknown = JSON.parse(line);
      if (isAgentEvent(value) && isSaneTime(value.t, now)) events.push(value);
    } catch {
      /* skipped */
    }
  }
  return events;
}

interface Cursor {
  ino: number;
  /** Bytes consumed: always just after a newline, so never inside a line or a character. */
  offset: number;
}

/**
 * Reads what was appended to each log since the last call, and only that: the editor polls the
 * logs of 25 agents several times a second, so a read costs a stat per file and the new bytes.
 * A rotation is seen as a new inode: the rest of the old file (now `.1`) is read first. A log
 * behind a symbolic link (or in a linked folder) is not read: `notes` says why.
 */
export class EventTail {
  private readonly cursors = new Map<string, Cursor>();

  constructor(private readonly root: string) {}

  /** New records of the domains' logs, in the order they were written per domain. */
  read(
    domains: readonly string[],
    maxBytesPerFile = 4 * MAX_EVENT_LOG_BYTES,
    now = Date.now(),
    notes?: string[],
  ): AgentEvent[] {
    const events: AgentEvent[] = [];
    const folder = logFolder(this.root, EVENTS_DIR, false);
    if (!folder.ok) {
      if (!folder.missing) notes?.push(`${EVENTS_DIR}: not read: ${folder.reason}`);
      return events;
    }
    const lines = (file: string, offset: number) => readLines(file, offset, maxBytesPerFile, notes);
    for (const domain of domains) {
      if (!isLoggableDomain(domain)) continue;
      const file = eventLogFile(this.root, domain);
      let stat;
      try {
        stat = lstatSync(file);
      } catch {
        continue;
      }
      if (!stat.isFile()) {
        notes?.push(
          `${EVENTS_DIR}/${domain}.jsonl: not read: it is ${stat.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}; remove it`,
        );
        continue;
      }
      let cursor = this.cursors.get(file);
      if (cursor === undefined) {
        // First sight: the previous file too, so a window opened mid-session sees the session.
        cursor = { ino: stat.ino, offset: 0 };
        events.push(...parseEvents(lines(eventLogFile(this.root, domain, true), 0).text, now));
      } else if (cursor.ino !== stat.ino || stat.size < cursor.offset) {
        const previous = eventLogFile(this.root, domain, true);
        try {
          if (lstatSync(previous).ino === cursor.ino)
            events.push(...parseEvents(lines(previous, cursor.offset).text, now));
        } catch {
          /* the previous file is gone too */
        }
        cursor = { ino: stat.ino, offset: 0 };
      }
      if (stat.size > cursor.offset) {
        const { text, next } = lines(file, cursor.offset);
        cursor.offset = next;
        events.push(...parseEvents(text, now));
      }
      this.cursors.set(file, cursor);
    }
    return events;
  }
}

/**
 * The whole lines from `offset` (at most `max` bytes: a first read of a huge log starts at its
 * tail), and the offset just after the last newline read. A newline byte never occurs inside a
 * UTF-8 character, so cutting there never splits one.
 */
function readLines(file: string, offset: number, max: number, notes?: string[]): { text: string; next: number } {
  const fd = openLogForRead(file, `${EVENTS_DIR}/${path.basename(file)}`, notes);
  if (fd === undefined) return { text: '', next: offset };
  try {
    const size = fstatSync(fd).size;
    const start = size - offset > max ? size - max : offset;
    const buffer = Buffer.alloc(Math.max(0, size - start));
    const read = buffer.length === 0 ? 0 : readSync(fd, buffer, 0, buffer.length, start);
    const end = buffer.subarray(0, read).lastIndexOf(0x0a) + 1;
    // No newline in a long stretch: not a log line anyone will finish; skip it rather than re-read it forever.
    if (end === 0) return { text: '', next: read > MAX_LINE_BYTES * 2 ? start + read : offset };
    return { text: buffer.subarray(0, end).toString('utf8'), next: start + end };
  } catch {
    return { text: '', next: offset };
  } finally {
    closeSync(fd);
  }
}

/** Every record of the domains' current and previous logs, oldest first (the CLI's one-shot read); why a log was not read goes to `notes`. */
export function readEvents(root: string, domains: readonly string[], notes?: string[], now = Date.now()): AgentEvent[] {
  return new EventTail(root).read(domains, undefined, now, notes);
}
