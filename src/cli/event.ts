// The Session Board's hook entry point (dist/event.js): the same `territory event` as dist/cli.js,
// in a bundle holding only what it needs, because Claude Code runs it on every hook event of every
// agent (two per tool call). The hook command runs it when it lies beside the recorded cli.js
// (src/core/mission/eventHooks.ts). Its command line is read by the CLI's one parser.
import { parseEntryLine, runEntry, runFromCommandLine } from './entry';
import { EVENT_FLAGS, eventCommand } from './eventCommand';
import type { CliOutput } from './flags';

export function eventMain(argv: readonly string[], terminal: CliOutput): Promise<number> {
  // Even bad usage never disturbs the agent: the note goes to stderr, the exit stays 0.
  return runEntry(terminal, (output) => eventCommand(parseEntryLine('event', EVENT_FLAGS, argv), output(false)), 0);
}

if (require.main === module) runFromCommandLine(eventMain);
