import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The self-contained CLI bundle (dist/cli.js) near `fromDir`: beside it (code bundled into dist/,
 * the CLI and the extension alike), or in a `dist/` folder above it (the transpiled out/ tree).
 * Recognised by its `#!` line, so a transpiled, non-bundled cli.js is never taken for it.
 */
export function findCliBundle(fromDir: string): string | undefined {
  const candidates = [path.join(fromDir, 'cli.js')];
  for (let dir = fromDir, i = 0; i < 4; i++, dir = path.dirname(dir)) candidates.push(path.join(dir, 'dist', 'cli.js'));
  return candidates.find((file) => existsSync(file) && startsWithShebang(file));
}

function startsWithShebang(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head.toString() === '#!';
  } finally {
    closeSync(fd);
  }
}
