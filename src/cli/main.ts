// `territory`: the command line of Territory, for the lead, the agents, the git hooks and CI.
// The subcommands, their options and the usage text come from one table (table.ts).
import * as path from 'node:path';
import { acceptsFlag, CliProblems, flagName, NO_FLAGS, terminalOutput, UsageError, type CliOptions, type CliOutput, type ParsedFlags } from './flags';
import { loadMap } from './map';
import { subcommandNamed, usageJson, usageText } from './table';

interface Invocation extends CliOptions {
  readonly help: boolean;
}

/** The global options, the subcommand, and the subcommand's own options as its table entry declares them. */
export function parseArgs(argv: readonly string[]): Invocation {
  let command: string | undefined;
  let json = false;
  let cwd = process.cwd();
  let map: string | undefined;
  let help = false;
  let onlyPaths = false;
  const positional: string[] = [];
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const spec = subcommandNamed(command);
    if (onlyPaths) positional.push(arg);
    else if (arg === '--') onlyPaths = true;
    else if (arg === '--json') json = true;
    else if (arg === '-h' || arg === '--help') help = true;
    else if (arg === '--cwd' || arg === '--map') {
      const value = argv[++i];
      if (value === undefined) throw new UsageError(`${arg} needs a value`);
      if (arg === '--cwd') cwd = path.resolve(value);
      else map = value;
    } else if (arg.startsWith('--cwd=')) cwd = path.resolve(arg.slice(6));
    else if (arg.startsWith('--map=')) map = arg.slice(6);
    else if (arg.startsWith('-') && spec && acceptsFlag(spec, arg)) {
      const name = flagName(arg);
      if ((spec.valueFlags ?? []).includes(name)) {
        const value = name !== arg ? arg.slice(name.length + 1) : argv[++i];
        if (value === undefined) throw new UsageError(`${name} needs a value`);
        values.set(name, [...(values.get(name) ?? []), value]);
      } else flags.add(arg);
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else if (command === undefined) command = arg;
    else positional.push(arg);
  }
  const parsed: ParsedFlags = command === undefined ? NO_FLAGS : { positional, values, flags };
  return { command, flags: parsed, json, cwd, map, help };
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
  });
}
