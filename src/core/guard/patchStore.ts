// A blocked edit keeps its change: when the agent guard refuses a Write, Edit or MultiEdit, the
// change the agent had worked out is saved as a unified diff against the file as it is (a new
// file: its whole content) in `.territory/patches/<id>.patch`, and the block's reason names it and
// the one `territory handoff add … --patch <id>` that turns it into a request. `.territory` is the
// lead's folder (controlFiles.ts): no domain writes there, only Territory's hooks, which run outside
// the agents' sandbox. Written as the guard's log is (core/logFile.ts): every folder on the way a
// real folder, the file created with O_EXCL and O_NOFOLLOW; bounded per patch and in number (the
// oldest go first); a binary file or change is refused, not saved.
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { logFolder, openLogForRead } from '../logFile';
import { unifiedDiff } from '../unifiedDiff';

export const PATCH_DIR = '.territory/patches';
/** A patch larger than this is not saved (the reason says so): a request names a change, not a rewrite of a tree. */
export const MAX_PATCH_BYTES = 256 * 1024;
/** The most patches kept; a new one past it drops the oldest. */
export const MAX_PATCHES = 50;
/** The file's text as it is, read to make the diff: larger files are not diffed. */
const MAX_CURRENT_BYTES = 2 * 1024 * 1024;
/** The first line of every patch: the metadata, as JSON (a path may hold any character). */
const HEADER = '# territory-patch ';
/** `20261206T031255Z-CORE-a1b2c3`: sortable by time, the domain, random. */
const ID = /^\d{8}T\d{6}Z-[A-Z][A-Z0-9_]{0,39}-[0-9a-f]{6}$/;
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const NONBLOCK = constants.O_NONBLOCK ?? 0;
const IGNORE =
  "# Written by Territory's agent guard: the changes of blocked edits in this clone, never committed.\n*\n";

export interface PatchMeta {
  /** Folder-relative, `/`-separated. */
  readonly file: string;
  readonly domain: string;
  readonly owner: string;
  readonly tool: string;
  readonly time: string;
}

export interface StoredPatch extends PatchMeta {
  readonly id: string;
  /** Folder-relative path of the patch file. */
  readonly path: string;
}

export type SavedPatch =
  { readonly ok: true; readonly patch: StoredPatch } | { readonly ok: false; readonly reason: string };

/** Whether `id` has the form the store gives its patches (anything else names no patch, whatever the file system holds). */
export function isPatchId(id: string): boolean {
  return ID.test(id);
}

export function patchPath(id: string): string {
  return `${PATCH_DIR}/${id}.patch`;
}

/** Whether `rel` is the folder-relative path the store gives a patch (patchPath of a well-formed id), and nothing else. */
export function isPatchPath(rel: string): boolean {
  const prefix = `${PATCH_DIR}/`;
  return rel.startsWith(prefix) && rel.endsWith('.patch') && isPatchId(rel.slice(prefix.length, -'.patch'.length));
}

function newId(domain: string, time: Date): string {
  const stamp = time
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${domain}-${randomBytes(3).toString('hex')}`;
}

/** Text holding a NUL is binary: a diff of it would not apply, and the request cannot describe it. */
function isBinary(text: string): boolean {
  return text.includes('\0');
}

/** The file's text now: undefined when there is none; a reason when it cannot be read as text. */
function currentText(root: string, absolute: string): { text: string | undefined } | { reason: string } {
  let fd: number;
  try {
    // What the diff is made from is copied into the lead's folder: a link leading out of the folder is not read.
    const real = realpathSync(absolute);
    const rel = path.relative(realpathSync(root), real);
    if (rel.startsWith('..') || path.isAbsolute(rel))
      return { reason: 'the target leads out of the folder through a symbolic link' };
    fd = openSync(real, constants.O_RDONLY | NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { text: undefined };
    return { reason: `cannot read the file as it is (${(error as Error).message})` };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { reason: 'the target is not a regular file' };
    if (stat.size > MAX_CURRENT_BYTES) return { reason: `the file is larger than ${MAX_CURRENT_BYTES} bytes` };
    const bytes = readFileSync(fd);
    if (bytes.includes(0)) return { reason: 'the file is binary' };
    return { text: bytes.toString('utf8') };
  } finally {
    closeSync(fd);
  }
}

/**
 * Saves the change `after` would make to `meta.file` (its text now read from `root`) and returns
 * where; or why it was not saved. Never throws: the block stands without the patch.
 */
export function savePatch(
  root: string,
  meta: PatchMeta,
  after: (current: string | undefined) => string,
  now: Date,
): SavedPatch {
  try {
    const current = currentText(root, path.join(root, ...meta.file.split('/')));
    if ('reason' in current) return { ok: false, reason: `${current.reason}: no patch is kept` };
    const next = after(current.text);
    if (isBinary(next)) return { ok: false, reason: 'the change is binary: no patch is kept' };
    const diff =
      current.text === undefined
        ? unifiedDiff('', next, '/dev/null', `b/${meta.file}`)
        : unifiedDiff(current.text, next, `a/${meta.file}`, `b/${meta.file}`);
    if (diff === '') return { ok: false, reason: 'the change leaves the file as it is: no patch is kept' };
    const text = `${HEADER}${JSON.stringify(meta)}\n${diff}`;
    if (Buffer.byteLength(text) > MAX_PATCH_BYTES)
      return { ok: false, reason: `the change is larger than ${MAX_PATCH_BYTES / 1024} KiB: no patch is kept` };
    const folder = logFolder(root, PATCH_DIR, true);
    if (!folder.ok) return { ok: false, reason: folder.reason };
    const ignore = path.join(folder.dir, '.gitignore');
    try {
      // 'wx' is O_EXCL: it never writes through a link standing there.
      if (!existsSync(ignore)) writeFileSync(ignore, IGNORE, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        return { ok: false, reason: `cannot create ${PATCH_DIR}/.gitignore: ${(error as Error).message}` };
    }
    const id = newId(meta.domain, now);
    const fd = openSync(
      path.join(folder.dir, `${id}.patch`),
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW | NONBLOCK,
      0o644,
    );
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
    dropOldest(folder.dir, id);
    return { ok: true, patch: { ...meta, id, path: patchPath(id) } };
  } catch (error) {
    return { ok: false, reason: `cannot save the patch in ${PATCH_DIR}: ${(error as Error).message}` };
  }
}

/** Keeps the newest MAX_PATCHES (ids sort by time); never the one just written. Only regular files of the store's form are removed. */
function dropOldest(dir: string, keep: string): void {
  const ids = readdirSync(dir)
    .filter((name) => name.endsWith('.patch') && isPatchId(name.slice(0, -6)))
    .map((name) => name.slice(0, -6))
    .sort();
  for (const id of ids.slice(0, Math.max(0, ids.length - MAX_PATCHES))) {
    if (id === keep) continue;
    const file = path.join(dir, `${id}.patch`);
    try {
      if (lstatSync(file).isFile()) unlinkSync(file);
    } catch {
      /* another agent's hook removed it first */
    }
  }
}

export type ReadPatch =
  | { readonly ok: true; readonly patch: StoredPatch; readonly text: string }
  | { readonly ok: false; readonly reason: string };

/** The patch `id` of the store under `root`, with its metadata; or why there is none (a link, a bad id, a foreign file). */
export function readPatch(root: string, id: string): ReadPatch {
  if (!isPatchId(id))
    return {
      ok: false,
      reason: `"${id.slice(0, 80)}" is not a patch id (the guard's block names it, as in 20261206T031255Z-CORE-a1b2c3)`,
    };
  const folder = logFolder(root, PATCH_DIR, false);
  if (!folder.ok)
    return { ok: false, reason: folder.missing ? `no patch ${id}: ${PATCH_DIR} does not exist` : folder.reason };
  const shown = patchPath(id);
  const notes: string[] = [];
  const fd = openLogForRead(path.join(folder.dir, `${id}.patch`), shown, notes);
  if (fd === undefined)
    return {
      ok: false,
      reason:
        notes[0] ??
        `no patch ${id} in ${PATCH_DIR} (it may have been dropped: the store keeps the newest ${MAX_PATCHES})`,
    };
  try {
    if (fstatSync(fd).size > MAX_PATCH_BYTES)
      return { ok: false, reason: `${shown} is larger than any patch the guard writes` };
    const text = readFileSync(fd, 'utf8');
    const first = text.slice(0, text.indexOf('\n'));
    if (!first.startsWith(HEADER)) return { ok: false, reason: `${shown} is not a patch the guard wrote` };
    const meta = JSON.parse(first.slice(HEADER.length)) as Record<string, unknown>;
    const fields = ['file', 'domain', 'owner', 'tool', 'time'] as const;
    if (!fields.every((k) => typeof meta[k] === 'string'))
      return { ok: false, reason: `${shown} is not a patch the guard wrote` };
    const patch = Object.fromEntries(fields.map((k) => [k, meta[k] as string])) as unknown as PatchMeta;
    return { ok: true, patch: { ...patch, id, path: shown }, text };
  } catch {
    return { ok: false, reason: `${shown} is not a patch the guard wrote` };
  } finally {
    closeSync(fd);
  }
}
