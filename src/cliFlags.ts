/** Options a subcommand takes: with a value (`--range A..B`, `--range=A..B`) or bare (`--all`). */
export type FlagTable = Record<string, readonly string[]>;

/** Whether src/cli.ts should pass `arg` through to `command` instead of refusing it. */
export function acceptsFlag(valueFlags: FlagTable, bareFlags: FlagTable, command: string | undefined, arg: string): boolean {
  if (command === undefined) return false;
  const name = arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
  return (valueFlags[command] ?? []).includes(name) || (bareFlags[command] ?? []).includes(arg);
}

/** A usage error of a subcommand: src/cli.ts prints it and exits 2. */
export class CommandUsageError extends Error {
  constructor(message: string) {
    super(`${message} (see territory --help)`);
  }
}
