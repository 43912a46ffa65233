import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { appendEvent, eventLogFile, EventTail, parseEvents } from '../../../../src/core/mission/eventLog';
import { REPO_ROOT } from '../../../support/repoRoot';

const WRITERS = 6;
const PER_WRITER = 400;

/** Runs `count` events from each of several real node processes at once, appending with appendEvent. */
async function writeConcurrently(root: string, maxBytes: number): Promise<void> {
  const module = path.join(REPO_ROOT, 'out', 'src', 'core', 'mission', 'eventLog.js');
  const program = `const { appendEvent } = require(${JSON.stringify(module)});
const [root, writer, count, max] = process.argv.slice(1);
for (let i = 0; i < Number(count); i++) {
  const problem = appendEvent(root, { t: Date.now(), domain: 'CORE', event: 'PostToolUse', tool: 'Edit', session: writer, file: 'backend/app/models/' + 'x'.repeat(i % 200) + '.py', detail: writer + ':' + i }, { maxBytes: Number(max) });
  if (problem) { console.error(problem); process.exit(1); }
}`;
  const codes = await Promise.all(
    Array.from(
      { length: WRITERS },
      (_, w) =>
        new Promise<number | null>((resolve) => {
          const child = spawn(process.execPath, ['-e', program, root, `w${w}`, String(PER_WRITER), String(maxBytes)], {
            stdio: ['ignore', 'ignore', 'inherit'],
          });
          child.on('exit', resolve);
        }),
    ),
  );
  assert.deepEqual(codes, Array(WRITERS).fill(0));
}

function linesOf(file: string): string[] {
  return existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
    : [];
}

describe('mission control: the event log', function () {
  this.timeout(60_000);
  let root: string;
  beforeEach(() => (root = mkdtempSync(path.join(os.tmpdir(), 'territory-events-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('several processes appending at once lose no line and tear none', async () => {
    await writeConcurrently(root, 64 * 1024 * 1024);
    const lines = linesOf(eventLogFile(root, 'CORE'));
    assert.equal(lines.length, WRITERS * PER_WRITER);
    const events = parseEvents(lines.join('\n'));
    assert.equal(events.length, lines.length, 'every line is a whole record');
    for (let w = 0; w < WRITERS; w++) {
      const mine = events.filter((e) => e.session === `w${w}`).map((e) => Number(e.detail?.split(':')[1]));
      assert.deepEqual(
        mine,
        Array.from({ length: PER_WRITER }, (_, i) => i),
        `writer ${w}: all its events, in its order`,
      );
    }
    assert.equal(readFileSync(path.join(root, '.territory/events/.gitignore'), 'utf8').split('\n')[1], '*');
  });

  it('rotates at its bound while several processes write: bounded, every kept line whole', async () => {
    const max = 32 * 1024;
    await writeConcurrently(root, max);
    const current = eventLogFile(root, 'CORE');
    const previous = eventLogFile(root, 'CORE', true);
    assert.ok(existsSync(previous), 'rotated');
    // A writer that opened the file just before a rotation adds its line after the bound: a few lines at most.
    for (const file of [current, previous])
      assert.ok(statSync(file).size < max + WRITERS * 4096, `${file}: ${statSync(file).size} bytes`);
    const kept = [...linesOf(previous), ...linesOf(current)];
    assert.equal(parseEvents(kept.join('\n')).length, kept.length, 'no torn line in either file');
    const last = parseEvents(linesOf(current).join('\n'));
    assert.ok(last.length > 0);
  });

  it('the tail reads only what is new, across a rotation, and skips torn or foreign lines', () => {
    const tail = new EventTail(root);
    const start = Date.now() - 60_000;
    const add = (i: number) =>
      assert.equal(
        appendEvent(root, { t: start + i, domain: 'API', event: 'PreToolUse', detail: String(i) }, { maxBytes: 2600 }),
        undefined,
      );
    assert.deepEqual(tail.read(['API']), []);
    for (let i = 0; i < 5; i++) add(i);
    assert.deepEqual(
      tail.read(['API']).map((e) => e.detail),
      ['0', '1', '2', '3', '4'],
    );
    assert.deepEqual(tail.read(['API']), [], 'nothing new');
    for (let i = 5; i < 60; i++) add(i);
    const seen = tail.read(['API']).map((e) => Number(e.detail));
    assert.deepEqual(
      seen,
      Array.from({ length: 55 }, (_, i) => i + 5),
      'the rest of the rotated file, then the new one',
    );
    assert.ok(!tail.read(['../x', 'API']).length, 'a domain that is no file name is never read');
    assert.equal(appendEvent(root, { t: 0, domain: '../escape', event: 'Stop' }), '"../escape" is not a domain id');
  });
});
