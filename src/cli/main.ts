// `territory`: the command line of Territory, for the lead, the agents, the git hooks and CI.
// The subcommands, their options and the usage text come from one table (table.ts).
import { CliProblems, parseCommandLine, terminalOutput, UsageError, type CliOutput, type Invocation } from './flags';
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

export async function main(argv: readonly string[], terminal: CliOutput): Promise<number> {
  // Every command prints through the escaping writer: the map's text never acts on the terminal.
  let io = terminalOutput(terminal, false);
  try {
    const options = parseArgs(argv);
    io = terminalOutput(terminal, options.json);
    if (options.help || options.command === undefined) {
      if (options.json) io.out(JSON.stringify(usageJson(), null, 2));
      else io.document(usageText(), options.help ? 'out' : 'err');
      return options.help ? 0 : 2;
    }
    const subcommand = subcommandNamed(options.command);
    if (!subcommand) throw new UsageError(`unknown command "${options.command}"`);
    return await subcommand.run(options, io, loadMap);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`territory: ${error.message} (see territory --help)`);
      return 2;
    }
    if (error instanceof CliProblems) {
      for (const problem of error.problems) io.err(`territory: ${problem}`);
      return 2;
    }
    io.err(`territory: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2), { out: (t) => console.log(t), err: (t) => console.error(t) }).then((code) => {
    process.exitCode = code;
    // The agent guard's hook: gone once it has answered, even past its deadline (see leaveOnceAnswered).
    if (guardCommand(process.argv.slice(2))) leaveOnceAnswered(code);
  });
}
