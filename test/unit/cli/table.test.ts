import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUBCOMMANDS, usageText } from '../../../src/cli/table';
import { runCli } from '../../support/runCli';
import { REPO_ROOT } from '../../support/repoRoot';

/** The least each subcommand needs to get as far as reading the map. */
const ARGUMENTS: Record<string, string[]> = {
  owner: ['x'],
  report: ['CORE'],
  export: ['codeowners'],
  prompt: ['CORE'],
  check: ['--staged'],
  hooks: ['status'],
};

describe('the CLI table', () => {
  let empty: string;
  before(() => {
    // A git repository without a map: what needsMap promises is all that can fail here.
    empty = mkdtempSync(join(tmpdir(), 'territory-nomap-'));
    execFileSync('git', ['init', '-q'], { cwd: empty });
  });
  after(() => rmSync(empty, { recursive: true, force: true }));

  it('makes the usage text: every subcommand and each of its options is in it', () => {
    const usage = usageText();
    for (const command of SUBCOMMANDS) {
      assert.match(usage, new RegExp(`^  ${command.name}\\b`, 'm'), command.name);
      for (const flag of [...(command.valueFlags ?? []), ...(command.bareFlags ?? [])].filter((f) => f !== '--hook'))
        assert.ok(usage.includes(flag), `${command.name} ${flag}`);
    }
  });

  it('says which subcommands need the map, and they are exactly the ones that stop without one', async () => {
    for (const command of SUBCOMMANDS) {
      const result = await runCli(command.name, ...(ARGUMENTS[command.name] ?? []), '--cwd', empty);
      const stoppedForMap = result.code === 2 && /No domain map found/.test(result.err);
      assert.equal(stoppedForMap, command.needsMap, `${command.name}: exit ${result.code}, ${result.err}`);
    }
  });

  it('refuses another subcommand\'s option, and takes its own option values even when they start with "-"', async () => {
    assert.equal((await runCli('status', '--range', 'a..b', '--cwd', empty)).code, 2);
    const refused = await runCli('validate', '--task', 'x');
    assert.match(refused.err, /unknown option --task/);
    const help = await runCli('--help', '--json');
    const table = JSON.parse(help.out) as { commands: { name: string; needsMap: boolean; valueFlags: string[] }[] };
    assert.deepEqual(
      table.commands.map((c) => c.name),
      SUBCOMMANDS.map((c) => c.name),
    );
    assert.deepEqual(table.commands.find((c) => c.name === 'prompt')?.valueFlags, ['--task']);
  });

  it('the README lists every subcommand', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    for (const command of SUBCOMMANDS) assert.ok(readme.includes(`territory ${command.name}`), command.name);
  });
});
