import type { Domain, DomainMap } from './core/types';

/** The options src/cli.ts parsed, as each subcommand module receives them. */
export interface CliOptions {
  readonly command: string | undefined;
  readonly args: readonly string[];
  readonly json: boolean;
  readonly cwd: string;
  readonly map: string | undefined;
}

export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

/** src/cli.ts's map loader: the folder and its map, or the exit code it already reported. */
export type LoadMap<O> = (options: O, io: CliOutput) => Promise<{ root: string; map: DomainMap } | number>;

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

/** A subcommand's arguments: positionals, options with values (each repeat kept) and bare flags. */
export interface ParsedFlags {
  readonly positional: string[];
  readonly values: Map<string, string[]>;
  readonly flags: Set<string>;
}

export function parseFlags(valueFlags: FlagTable, bareFlags: FlagTable, command: string, args: readonly string[]): ParsedFlags {
  const positional: string[] = [];
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq !== -1 ? arg.slice(0, eq) : arg;
    if ((valueFlags[command] ?? []).includes(name)) {
      const value = eq !== -1 && arg.startsWith('--') ? arg.slice(eq + 1) : args[++i];
      if (value === undefined) throw new CommandUsageError(`${name} needs a value`);
      values.set(name, [...(values.get(name) ?? []), value]);
    } else if ((bareFlags[command] ?? []).includes(arg)) flags.add(arg);
    else positional.push(arg);
  }
  return { positional, values, flags };
}

export function noPositional(parsed: { readonly positional: readonly string[] }, command: string): void {
  if (parsed.positional.length > 0) throw new CommandUsageError(`${command} takes no argument "${parsed.positional[0]}"`);
}

/** The value of an option that may be given once. */
export function singleValue(parsed: ParsedFlags, name: string): string | undefined {
  const all = parsed.values.get(name);
  if (all !== undefined && all.length > 1) throw new CommandUsageError(`${name} given twice`);
  return all?.[0];
}

/** The domain a user typed: its id or its terminal (`CORE`, `core`, `T1`). */
export function domainNamed(map: DomainMap, typed: string): Domain | undefined {
  const wanted = typed.trim().toUpperCase();
  return map.domains.find((d) => d.id.toUpperCase() === wanted) ?? map.domains.find((d) => d.terminal.toUpperCase() === wanted);
}
