// The .vsix a user installs, built the way `npm run package` builds it (production bundles,
// checked contents), for the runners that install it into the VS Code server.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/** Builds the .vsix into `out`; returns the package script's summary line (size, file count). */
export function buildVsix(repoRoot: string, out: string, verbose = false): string {
  const result = spawnSync(process.execPath, [path.join('scripts', 'package.mjs'), '--out', out], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0)
    throw new Error(`packaging failed (exit ${result.status ?? result.signal}):\n${output.trim()}`);
  if (verbose) console.log(output);
  return output.split('\n').find((line) => line.startsWith(`${out}: `)) ?? out;
}
