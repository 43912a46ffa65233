// Programs Territory starts besides git (gh, srt, codex) are found by Territory itself, never
// through a PATH lookup a repository could steer.
import { accessSync, constants, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * An executable named `name` on PATH, found by Territory itself: only absolute PATH entries outside
 * `workspace` count, so a repository cannot supply the program through `.` or a relative entry.
 */
export function findProgram(
  name: string,
  workspace: string,
  pathVariable = process.env.PATH ?? '',
): string | undefined {
  const inside = (dir: string) => {
    const rel = path.relative(path.resolve(workspace), dir);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  };
  for (const dir of pathVariable.split(path.delimiter)) {
    if (dir === '' || !path.isAbsolute(dir) || inside(dir)) continue;
    const file = path.join(dir, name);
    try {
      if (!statSync(file).isFile()) continue;
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}
