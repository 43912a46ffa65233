// The git hooks' own entry point (dist/check.js): the same `territory check` as dist/cli.js, in a
// bundle holding only what the check needs, because it runs in every commit and push of every
// domain terminal and Node's load time of the whole CLI is much of its cost (see npm run bench).
// The hooks run it when it lies beside the recorded cli.js (src/core/guard/hookScript.ts).
import { CHECK_FLAGS, checkCommand } from './check';
import { CliProblems, parseCommandLine, terminalOutput, UsageError, type CliOutput } from './flags';
import { loadMap } from './map';

const NAME = 'check';

/** `[check] …`, as `territory check` takes it. */
export async function checkMain(argv: readonly string[], io: CliOutput): Promise<number> {
  let out = terminalOutput(io, false);
  try {
    const options = parseCommandLine(argv[0] === NAME ? argv : [NAME, ...argv], (command) => (command === NAME ? CHECK_FLAGS : undefined));
    out = terminalOutput(io, options.json);
    return await checkCommand(options, out, loadMap);
  } catch (error) {
    if (error instanceof CliProblems) {
      for (const problem of error.problems) out.err(`territory: ${problem}`);
      return 2;
    }
    out.err(`territory: ${error instanceof Error ? error.message : String(error)}${error instanceof UsageError ? ' (see territory --help)' : ''}`);
    return 2;
  }
}

if (require.main === module) {
  void checkMain(process.argv.slice(2), { out: (t) => console.log(t), err: (t) => console.error(t) }).then((code) => {
    process.exitCode = code;
  });
}
