// What the four entry points (dist/cli.js from main.ts, check.js, pre-tool-use.js, event.js) share:
// reading a one-subcommand command line, and turning what a command threw into `territory: …` lines
// on stderr and an exit code. Kept apart from main.ts so that each small bundle holds only this.
import {
  CliProblems,
  parseCommandLine,
  terminalOutput,
  UsageError,
  type CliOutput,
  type FlagSpec,
  type Invocation,
} from './flags';

/** An entry point's function: the arguments after `node file.js`, the terminal; the exit code. */
export type Entry = (argv: readonly string[], terminal: CliOutput) => Promise<number>;

/** The command line of an entry point that runs one subcommand, with or without the subcommand's name first (the hooks pass it to either entry alike). */
export function parseEntryLine(name: string, flags: FlagSpec, argv: readonly string[]): Invocation {
  return parseCommandLine(argv[0] === name ? argv : [name, ...argv], (command) =>
    command === name ? flags : undefined,
  );
}

/** The lines that say why a command failed: each of a list of problems, else the message (with a pointer to --help for bad usage). */
export function failureLines(error: unknown): string[] {
  if (error instanceof CliProblems) return error.problems.map((problem) => `territory: ${problem}`);
  const message = error instanceof Error ? error.message : String(error);
  return [`territory: ${message}${error instanceof UsageError ? ' (see territory --help)' : ''}`];
}

/**
 * Runs `command` with the terminal's escaping writer (plain text until `output(true)` switches it to
 * JSON once the options are read); whatever it throws is printed as `failureLines` say and ends with
 * `failureCode`: 2, or 0 where a failure must never disturb the agent (the Session Board's events).
 */
export async function runEntry(
  terminal: CliOutput,
  command: (output: (json: boolean) => Required<CliOutput>) => Promise<number>,
  failureCode = 2,
): Promise<number> {
  // Every command prints through the escaping writer: the map's text never acts on the terminal.
  let io = terminalOutput(terminal, false);
  try {
    return await command((json) => (io = terminalOutput(terminal, json)));
  } catch (error) {
    for (const line of failureLines(error)) io.err(line);
    return failureCode;
  }
}

/** Runs an entry point on this process's command line and console; `done` takes the exit code (default: the process's exit code). */
export function runFromCommandLine(
  entry: Entry,
  done: (code: number) => void = (code) => (process.exitCode = code),
): void {
  void entry(process.argv.slice(2), { out: (t) => console.log(t), err: (t) => console.error(t) }).then(done);
}
