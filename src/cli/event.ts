// The Session Board's hook entry point (dist/event.js): the same `territory event` as dist/cli.js,
// in a bundle holding only what it needs, because Claude Code runs it on every hook event of every
// agent (two per tool call). The hook command runs it when it lies beside the recorded cli.js
// (src/core/mission/eventHooks.ts). Its command line is read by the CLI's one parser.
import { EVENT_FLAGS, eventCommand } from './eventCommand';
import { parseCommandLine, terminalOutput, type CliOutput } from './flags';

const NAME = 'event';

export async function eventMain(argv: readonly string[], io: CliOutput): Promise<number> {
  const out = terminalOutput(io, false);
  try {
    const options = parseCommandLine(argv[0] === NAME ? argv : [NAME, ...argv], (command) => (command === NAME ? EVENT_FLAGS : undefined));
    return await eventCommand(options, out);
  } catch (error) {
    // Even bad usage never disturbs the agent: the note goes to stderr, the exit stays 0.
    out.err(`territory: ${error instanceof Error ? error.message : String(error)}`);
    return 0;
  }
}

if (require.main === module) {
  void eventMain(process.argv.slice(2), { out: (t) => console.log(t), err: (t) => console.error(t) }).then((code) => {
    process.exitCode = code;
  });
}
