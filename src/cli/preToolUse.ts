// The agent guard's own entry point (dist/pre-tool-use.js): the same `territory pre-tool-use` as
// dist/cli.js, in a bundle holding only what the hook needs, because it runs before every write
// of every agent and Node's load time of the whole CLI is most of its cost (see npm run bench).
// The hook command runs it when it lies beside the recorded cli.js (src/core/guard/claudeHook.ts).
// Its command line is read by the CLI's one parser, with the subcommand's entry of the table.
import { leaveOnceAnswered, PRE_TOOL_USE_FLAGS, preToolUseCommand } from './agentGuard';
import { parseEntryLine, runEntry, runFromCommandLine } from './entry';
import type { CliOutput } from './flags';

/** `[pre-tool-use] [--domain ID] [--cwd DIR] [--map FILE]`, as `territory pre-tool-use` takes them. */
export function preToolUseMain(argv: readonly string[], terminal: CliOutput): Promise<number> {
  return runEntry(terminal, (output) =>
    preToolUseCommand(parseEntryLine('pre-tool-use', PRE_TOOL_USE_FLAGS, argv), output(false)),
  );
}

if (require.main === module) runFromCommandLine(preToolUseMain, leaveOnceAnswered);
