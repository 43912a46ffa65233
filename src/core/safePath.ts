// Where a write (or a read of a handoff file) really lands. A branch can commit symbolic links:
// `CODEOWNERS -> /home/me/.bashrc`, or `.territory -> /usr/local/bin`. Writing "CODEOWNERS" would
// then append Territory's block to a file anywhere on the machine. Every writer asks here first,
// and refuses a path whose real location leaves the workspace folder.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

function inside(base: string, file: string): boolean {
  const rel = path.relative(base, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function shown(root: string, file: string): string {
  return inside(root, file) ? path.relative(root, file).split(path.sep).join('/') || '.' : file;
}

/**
 * Why writing `file` would leave the folder at `root`, or undefined when it stays inside. The
 * deepest part of the path that exists (the file, or the folder it would be created in) is
 * resolved with every symbolic link on the way; a link that leads nowhere is refused too, since
 * writing through it would create its target wherever it points. A path outside the folder as
 * written (an explicit `--out /elsewhere/file`) is the user's own choice and is not judged here.
 */
export async function outsideFolder(root: string, file: string): Promise<string | undefined> {
  const target = path.resolve(root, file);
  if (!inside(path.resolve(root), target)) return undefined;
  const realRoot = await fs.realpath(root).catch(() => path.resolve(root));
  let existing = target;
  while (
    !(await fs.lstat(existing).then(
      () => true,
      () => false,
    ))
  ) {
    const parent = path.dirname(existing);
    if (parent === existing) return undefined;
    existing = parent;
  }
  const name = shown(path.resolve(root), target);
  const real = await fs.realpath(existing).catch(() => undefined);
  const via = existing === target ? '' : ` through ${shown(path.resolve(root), existing)}`;
  if (real === undefined) {
    return `${name}: refused: a symbolic link${via} points to nothing, and writing through it would create a file wherever it points; remove the link, then try again`;
  }
  if (!inside(realRoot, real)) {
    return `${name}: refused: a symbolic link${via} leads outside the folder (to ${real}); Territory does not write through it. Replace the link with a regular file or folder, then try again`;
  }
  return undefined;
}

/** Why reading `file` would leave the folder at `root` (a handoff file behind a symbolic link), or undefined. */
export async function readsOutsideFolder(root: string, file: string): Promise<string | undefined> {
  const realRoot = await fs.realpath(root).catch(() => path.resolve(root));
  const real = await fs.realpath(path.resolve(root, file)).catch(() => undefined);
  if (real === undefined || inside(realRoot, real)) return undefined;
  return `${shown(path.resolve(root), path.resolve(root, file))}: not read: a symbolic link leads outside the folder (to ${real})`;
}
