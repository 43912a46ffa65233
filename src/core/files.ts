import { readFileSync, realpathSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** A file's text, or undefined when it does not exist or cannot be read (the hooks' small synchronous reads). */
export function readTextSync(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The real path of `file` (symbolic links resolved), or the path itself, made absolute, when it does not exist. */
export function realpathOrSelf(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return resolve(file);
  }
}

const SKIPPED = new Set(['.git', 'node_modules', '.hg', '.svn']);

/**
 * The folder's files when git cannot list them: a breadth-first walk that skips VCS and
 * dependency folders and stops at `limit` files so a huge folder cannot stall the caller.
 */
export async function walkFiles(root: string, limit = 50_000): Promise<string[]> {
  const files: string[] = [];
  const queue = [''];
  while (queue.length > 0 && files.length < limit) {
    const dir = queue.shift() as string;
    let entries;
    try {
      entries = await readdir(join(root, dir), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const relative = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name)) queue.push(relative);
      } else if (entry.isFile()) {
        files.push(relative);
        if (files.length >= limit) break;
      }
    }
  }
  return files;
}
