// The agent guard's own entry point (dist/pre-tool-use.js): the same `territory pre-tool-use` as
// dist/cli.js, in a bundle holding only what the hook needs, because it runs before every write
// of every agent and Node's load time of the whole CLI is most of its cost (see npm run bench).
// The hook command runs it when it lies beside the recorded cli.js (src/core/guard/claudeHook.ts).
// Its command line is read by the CLI's one parser, with the subcommand's entry of the table.
import { leaveOnceAnswered, PRE_TOOL_USE_FLAGS, preToolUseCommand } from './agentGuard';
import { parseCommandLine, terminalOutput, UsageError, type CliOutput } from './flags';

const NAME = 'pre-tool-use';

/** `[pre-tool-use] [--domain ID] [--cwd DIR] [--map FILE]`, as `territory pre-tool-use` takes them. */
export async function preToolUseMain(argv: readonly string[], io: CliOutput): Promise<number> {
  const out = terminalOutput(io, false);
  try {
    // The hook command passes the CLI's subcommand name to either entry point alike.
    const options = parseCommandLine(argv[0] === NAME ? argv : [NAME, ...argv], (command) => (command === NAME ? PRE_TOOL_USE_FLAGS : undefined));
    return await preToolUseCommand(options, out);
  } catch (error) {
    out.err(`territory: ${error instanceof Error ? error.message : String(error)}${error instanceof UsageError ? ' (see territory --help)' : ''}`);
    return 2;
  }
}

if (require.main === module) {
  void preToolUseMain(process.argv.slice(2), { out: (t) => console.log(t), err: (t) => console.error(t) }).then((code) => {
    leaveOnceAnswered(code);
  });
}
