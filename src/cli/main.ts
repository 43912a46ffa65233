// `territory`: the command line of Territory, for the lead, the agents, the git hooks and CI.
// The subcommands, their options and the usage text come from one table (table.ts).
import { runEntry, runFromCommandLine } from './entry';
import { parseCommandLine, UsageError, type CliOutput, type Invocation } from './flags';
import { leaveOnceAnswered } from './agentGuard';
import { loadMap } from './map';
import { subcommandNamed, usageJson, usageText } from './table';

/** The global options, the subcommand, and the subcommand's own options as its table entry declares them. */
export function parseArgs(argv: readonly string[]): Invocation {
  return parseCommandLine(argv, subcommandNamed);
}

function guardCommand(argv: readonly string[]): boolean {
  try {
    return parseArgs(argv).command === 'pre-tool-use';
  } catch {
    return false;
  }
}

export function main(argv: readonly string[], terminal: CliOutput): Promise<number> {
  return runEntry(terminal, async (output) => {
    const options = parseArgs(argv);
    const io = output(options.json);
    if (options.help || options.command === undefined) {
      if (options.json) io.out(JSON.stringify(usageJson(), null, 2));
      else io.document(usageText(), options.help ? 'out' : 'err');
      return options.help ? 0 : 2;
    }
    const subcommand = subcommandNamed(options.command);
    if (!subcommand) throw new UsageError(`unknown command "${options.command}"`);
    return await subcommand.run(options, io, loadMap);
  });
}

if (require.main === module) {
  runFromCommandLine(main, (code) => {
    process.exitCode = code;
    // The agent guard's hook: gone once it has answered, even past its deadline (see leaveOnceAnswered).
    if (guardCommand(process.argv.slice(2))) leaveOnceAnswered(code);
  });
}
