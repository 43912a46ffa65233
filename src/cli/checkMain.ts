// The git hooks' own entry point (dist/check.js): the same `territory check` as dist/cli.js, in a
// bundle holding only what the check needs, because it runs in every commit and push of every
// domain terminal and Node's load time of the whole CLI is much of its cost (see npm run bench).
// The hooks run it when it lies beside the recorded cli.js (src/core/guard/hookScript.ts).
import { CHECK_FLAGS, checkCommand } from './check';
import { parseEntryLine, runEntry, runFromCommandLine } from './entry';
import type { CliOutput } from './flags';
import { loadMap } from './map';

/** `[check] …`, as `territory check` takes it. */
export function checkMain(argv: readonly string[], terminal: CliOutput): Promise<number> {
  return runEntry(terminal, (output) => {
    const options = parseEntryLine('check', CHECK_FLAGS, argv);
    return checkCommand(options, output(options.json), loadMap);
  });
}

if (require.main === module) runFromCommandLine(checkMain);
