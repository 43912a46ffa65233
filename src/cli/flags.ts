import * as path from 'node:path';
import type { Domain, DomainMap } from '../core/types';

/** The options src/cli/main.ts parsed, as each subcommand module receives them. */
export interface CliOptions {
  readonly command: string | undefined;
  /** The subcommand's own arguments, parsed against its entry of the table (src/cli/table.ts). */
  readonly flags: ParsedFlags;
  readonly json: boolean;
  readonly cwd: string;
  readonly map: string | undefined;
}

export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
  /** Text of several lines (a prompt, a report, the usage): its line breaks are kept. `out` when absent. */
  document?(text: string, stream?: 'out' | 'err'): void;
}

/**
 * Characters a terminal acts on instead of showing: C0 controls (ESC starts escape sequences, CR
 * rewrites the line, BEL rings), DEL and the C1 controls (U+009B is a one-character CSI). TAB stays:
 * the listings separate their columns with it.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex -- as above
const TERMINAL_CONTROLS_BUT_LF = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

function escaped(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * The text with every terminal control written as `\u001b` (as JSON writes it). Line feeds too,
 * unless `keepLineBreaks`: one call of `out`/`err` is one line, so a line break inside a map's
 * name cannot turn a one-line reason into several (or forge a line of its own).
 */
export function escapeControls(text: string, keepLineBreaks = false): string {
  return text.replace(keepLineBreaks ? TERMINAL_CONTROLS_BUT_LF : TERMINAL_CONTROLS, escaped);
}

/**
 * The CLI's one writer: whatever a command prints goes through here, so text from the map, handoff
 * files or git reaches the terminal escaped. JSON.stringify already escapes C0 inside strings but
 * leaves DEL and C1 raw; escaping them keeps the JSON valid (they occur only inside strings, where
 * `\u009b` is the same value) and its pretty-printing line breaks stay.
 */
export function terminalOutput(io: CliOutput, json: boolean): Required<CliOutput> {
  return {
    out: (text) => io.out(escapeControls(text, json)),
    err: (text) => io.err(escapeControls(text)),
    document: (text, stream = 'out') => (stream === 'err' ? io.err : io.out)(escapeControls(text, true)),
  };
}

/** src/cli/main.ts's map loader: the folder and its map, or the exit code it already reported. */
/** `text`: the map file's text the map was parsed from, when the loader read one. */
export type LoadMap<O> = (
  options: O,
  io: CliOutput,
) => Promise<
  | { root: string; map: DomainMap; reading?: { readonly text?: string; readonly source?: { readonly file: string } } }
  | number
>;

/** Several problems, each its own one-line reason: src/cli/main.ts prints one line per problem and exits 2. */
export class CliProblems extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('; '));
  }
}

/** A mistake in how the CLI was called: src/cli/main.ts prints it with a pointer to --help and exits 2. */
export class UsageError extends Error {}

/** A subcommand's arguments: positionals, options with values (each repeat kept) and bare flags. */
export interface ParsedFlags {
  readonly positional: string[];
  readonly values: Map<string, string[]>;
  readonly flags: Set<string>;
}

/** The options one subcommand takes: with a value (`--range A..B`, `--range=A..B`) or bare (`--all`). */
export interface FlagSpec {
  readonly valueFlags?: readonly string[];
  readonly bareFlags?: readonly string[];
}

export const NO_FLAGS: ParsedFlags = { positional: [], values: new Map(), flags: new Set() };

/** The option `arg` names: `--range` for `--range=x`. */
export function flagName(arg: string): string {
  const eq = arg.indexOf('=');
  return arg.startsWith('--') && eq !== -1 ? arg.slice(0, eq) : arg;
}

/** Whether `arg` is one of the subcommand's own options. */
export function acceptsFlag(spec: FlagSpec, arg: string): boolean {
  return (spec.valueFlags ?? []).includes(flagName(arg)) || (spec.bareFlags ?? []).includes(arg);
}

export function noPositional(parsed: { readonly positional: readonly string[] }, command: string): void {
  if (parsed.positional.length > 0) throw new UsageError(`${command} takes no argument "${parsed.positional[0]}"`);
}

/** The value of an option that may be given once. */
export function singleValue(parsed: ParsedFlags, name: string): string | undefined {
  const all = parsed.values.get(name);
  if (all !== undefined && all.length > 1) throw new UsageError(`${name} given twice`);
  return all?.[0];
}

/** The domain a user typed: its id or its terminal (`CORE`, `core`, `T1`). */
export function domainNamed(map: DomainMap, typed: string): Domain | undefined {
  const wanted = typed.trim().toUpperCase();
  return (
    map.domains.find((d) => d.id.toUpperCase() === wanted) ??
    map.domains.find((d) => d.terminal.toUpperCase() === wanted)
  );
}

export interface Invocation extends CliOptions {
  readonly help: boolean;
}

/**
 * The command line: the global options (--json, --cwd, --map, --help), the subcommand, and the
 * options `specOf` says the subcommand takes (anything else starting with `-` is refused).
 */
export function parseCommandLine(
  argv: readonly string[],
  specOf: (command: string | undefined) => FlagSpec | undefined,
): Invocation {
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
    const spec = specOf(command);
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
