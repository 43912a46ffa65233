// The agent guard's own entry point (dist/pre-tool-use.js): the same `territory pre-tool-use` as
// dist/cli.js, in a bundle holding only what the hook needs, because it runs before every write
// of every agent and Node's load time of the whole CLI is most of its cost (see npm run bench).
// The hook command runs it when it lies beside the recorded cli.js (src/core/guard/claudeHook.ts).
import * as path from 'node:path';
import { preToolUseCommand } from './cliAgentGuard';
import { terminalOutput } from './cliFlags';

/** `[--domain ID] [--cwd DIR] [--map FILE]`, as `territory pre-tool-use` takes them. */
export async function preToolUseMain(argv: readonly string[], io: { out(text: string): void; err(text: string): void }): Promise<number> {
  const args: string[] = [];
  let cwd = process.cwd();
  let map: string | undefined;
  const out = terminalOutput(io, false);
  // The hook command passes the CLI's subcommand name to either entry point alike.
  for (let i = argv[0] === 'pre-tool-use' ? 1 : 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq !== -1 ? arg.slice(0, eq) : arg;
    if (name === '--cwd' || name === '--map' || name === '--domain') {
      const value = eq !== -1 && arg.startsWith('--') ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) {
        out.err(`territory: ${name} needs a value`);
        return 2;
      }
      if (name === '--cwd') cwd = path.resolve(value);
      else if (name === '--map') map = value;
      else args.push('--domain', value);
    } else {
      out.err(`territory: pre-tool-use takes no argument "${arg}"`);
      return 2;
    }
  }
  try {
    return await preToolUseCommand({ command: 'pre-tool-use', args, json: false, cwd, map }, out);
  } catch (error) {
    out.err(`territory: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

if (require.main === module) {
  void preToolUseMain(process.argv.slice(2), { out: (t) => console.log(t), err: (t) => console.error(t) }).then((code) => {
    process.exitCode = code;
  });
}
