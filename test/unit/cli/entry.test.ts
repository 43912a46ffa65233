// The four entry points (dist/cli.js, check.js, pre-tool-use.js, event.js) say a failure through
// one runner (src/cli/entry.ts). Each small bundle is "the same `territory X` as dist/cli.js", so
// it must say the same thing for the same mistake; event.js alone ends in 0, as its hook must.
import { strict as assert } from 'node:assert';
import { checkMain } from '../../../src/cli/checkMain';
import { failureLines } from '../../../src/cli/entry';
import { eventMain } from '../../../src/cli/event';
import { CliProblems, UsageError, type CliOutput } from '../../../src/cli/flags';
import { main } from '../../../src/cli/main';
import { preToolUseMain } from '../../../src/cli/preToolUse';

async function run(
  entry: (argv: readonly string[], io: CliOutput) => Promise<number>,
  ...argv: string[]
): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await entry(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out, err };
}

describe('CLI entry points', () => {
  const entries = [
    { name: 'check', entry: checkMain, code: 2 },
    { name: 'pre-tool-use', entry: preToolUseMain, code: 2 },
    // Even bad usage never disturbs the agent: the exit stays 0.
    { name: 'event', entry: eventMain, code: 0 },
  ];
  for (const { name, entry, code } of entries) {
    it(`${name}: an unknown option is said as dist/cli.js says it, with or without the subcommand's name`, async () => {
      const viaCli = await run(main, name, '--no-such-option');
      assert.equal(viaCli.code, 2);
      assert.equal(viaCli.err.length, 1);
      assert.match(viaCli.err[0]!, /^territory: .*--no-such-option.* \(see territory --help\)$/);
      for (const argv of [[name, '--no-such-option'], ['--no-such-option']]) {
        const viaEntry = await run(entry, ...argv);
        assert.deepEqual(viaEntry.err, viaCli.err, argv.join(' '));
        assert.deepEqual(viaEntry.out, []);
        assert.equal(viaEntry.code, code);
      }
    });
  }

  it('says each of a list of problems on its own line, bad usage with a pointer to --help, anything else as its message', () => {
    assert.deepEqual(failureLines(new CliProblems(['a.md:1:2: one', 'a.md:3:4: two'])), [
      'territory: a.md:1:2: one',
      'territory: a.md:3:4: two',
    ]);
    assert.deepEqual(failureLines(new UsageError('--domain needs a value')), [
      'territory: --domain needs a value (see territory --help)',
    ]);
    assert.deepEqual(failureLines(new Error('disk full')), ['territory: disk full']);
    assert.deepEqual(failureLines('plain'), ['territory: plain']);
  });
});
