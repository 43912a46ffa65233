// Issue 12: the map's text (ids, terminal names, prefixes, names) reaches the CLI's output. Raw
// control characters there would act on the user's terminal (clear it, retitle it, ring it) and
// split a one-line reason into several, so the CLI prints them escaped, every command alike.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';

const ESC = '\u001b';
const BEL = '\u0007';

/** Every character a terminal acts on, except the TAB and line feed the CLI itself writes. */
// eslint-disable-next-line no-control-regex -- finding control characters is the test
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

interface Calls {
  code: number;
  out: string[];
  err: string[];
}

async function run(...argv: string[]): Promise<Calls> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out, err };
}

function assertClean(calls: Calls, what: string, documents = false): void {
  for (const text of [...calls.out, ...calls.err])
    assert.doesNotMatch(text, RAW_CONTROL, `${what}: ${JSON.stringify(text)}`);
  // A reason is one line: one err call, no line break in it. Listings are one line per call too.
  for (const text of calls.err) assert.ok(!text.includes('\n'), `${what} err: ${JSON.stringify(text)}`);
  if (!documents)
    for (const text of calls.out)
      assert.ok(
        !text.includes('\n') || text.startsWith('{') || text.startsWith('['),
        `${what} out: ${JSON.stringify(text)}`,
      );
}

describe('CLI output: control characters from the map are printed escaped', function () {
  this.timeout(30_000);
  let root: string;
  const map = (domains: unknown[]) => writeFileSync(join(root, 'territory.json'), JSON.stringify({ domains }));

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'territory-ctl-'));
    mkdirSync(join(root, 'core'));
    writeFileSync(join(root, 'core', 'a.py'), 'a\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('a map whose id, terminal and prefix hold ESC, CR, LF and BEL: validate and the refusals stay one line each', async () => {
    map([
      {
        id: `A${ESC}[31mPI\nX`,
        terminal: `T1${ESC}[2J`,
        name: 'Api',
        paths: ['api/'],
        prefixes: [`api${ESC}]0;pwned${BEL}:`],
      },
      { id: 'CORE', terminal: 'T2', name: `Core\r\nFAKE: all clear${BEL}`, paths: ['core/'], prefixes: ['core:'] },
    ]);
    const validate = await run('validate', '--cwd', root);
    assert.equal(validate.code, 1);
    assertClean(validate, 'validate');
    assert.ok(
      validate.out.some((line) => line.includes('\\u001b[2J')),
      validate.out.join('\n'),
    );
    for (const command of [
      ['domains'],
      ['owner', 'core/a.py'],
      ['prompt', 'CORE'],
      ['handoffs'],
      ['check', '--range', 'HEAD~1..HEAD'],
    ]) {
      const refused = await run(...command, '--cwd', root);
      assert.equal(refused.code, 2, command[0]);
      assertClean(refused, command[0]);
      assert.equal(refused.err.length, 1, `${command[0]}: ${refused.err.join(' | ')}`);
    }
  });

  it('a valid map with a name holding ESC, CR, LF and BEL: listings, prompts and JSON carry it escaped', async () => {
    map([
      {
        id: 'CORE',
        terminal: 'T1',
        name: `Core${ESC}[2J\r\nFAKE: all clear${BEL}`,
        paths: ['core/'],
        prefixes: ['core:'],
      },
    ]);
    const domains = await run('domains', '--cwd', root);
    assert.equal(domains.code, 0, domains.err.join('\n'));
    assertClean(domains, 'domains');
    // (The map reader already folds the name's line break into a space.)
    assert.ok(
      domains.out.some((line) => line.includes('Core\\u001b[2J') && line.includes('all clear\\u0007')),
      domains.out.join('\n'),
    );

    const owner = await run('owner', 'core/a.py', '--cwd', root);
    assertClean(owner, 'owner');

    const prompt = await run('prompt', 'CORE', '--cwd', root);
    assert.equal(prompt.code, 0, prompt.err.join('\n'));
    assertClean(prompt, 'prompt', true);
    assert.ok(prompt.out.join('\n').split('\n').length > 5, 'the prompt is still a document of many lines');

    const json = await run('domains', '--json', '--cwd', root);
    assertClean(json, 'domains --json');
    const parsed = (JSON.parse(json.out.join('\n')) as { domains: { name: string }[] }).domains[0].name;
    assert.ok(
      parsed.includes(`${ESC}[2J`) && parsed.includes(BEL),
      `JSON keeps the exact text: ${JSON.stringify(parsed)}`,
    );
  });
});
