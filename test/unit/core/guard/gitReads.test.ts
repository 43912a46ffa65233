// The stream a commit hook hands the check (core/guard/gitReads.ts): read back exactly, in linear
// time, and never trusted when it is anything but whole (the check then asks git itself).
import { strict as assert } from 'node:assert';
import { performance } from 'node:perf_hooks';
import * as fc from 'fast-check';
import {
  GIT_READS_HEADER,
  parseHookGitReads,
  parseStagedDiff,
  type StagedEntry,
} from '../../../../src/core/guard/gitReads';

const BOUND_MS = 250;

interface Blob {
  readonly request: string;
  /** undefined: missing at HEAD. */
  readonly bytes: Buffer | undefined;
}

/** The stream as the hook's sh writes it (printf, cat-file --batch, diff -z), as latin1 text. */
function stream(blobs: readonly Blob[], staged: readonly StagedEntry[], codes: [number, number] = [0, 0]): string {
  const parts: Buffer[] = [
    Buffer.from(`${GIT_READS_HEADER}\n${blobs.length}\n${blobs.map((b) => `${b.request}\n`).join('')}`),
  ];
  for (const blob of blobs) {
    if (blob.bytes === undefined) parts.push(Buffer.from(`${blob.request} missing\n`));
    else parts.push(Buffer.from(`${'a'.repeat(40)} blob ${blob.bytes.length}\n`), blob.bytes, Buffer.from('\n'));
  }
  parts.push(Buffer.from(`\n${codes[0]}\n`));
  for (const entry of staged) parts.push(Buffer.from(`${entry.status}\0${entry.path}\0`));
  parts.push(Buffer.from(`\n${codes[1]}\n`));
  return Buffer.concat(parts).toString('latin1');
}

const SAMPLE_BLOBS: Blob[] = [
  {
    request: 'HEAD^{commit}',
    bytes: Buffer.from('tree x\nauthor A <a@b> 1 +0000\ncommitter A <a@b> 1 +0000\n\nsubject\n'),
  },
  { request: 'HEAD:./territory.json', bytes: Buffer.from('{ "domains": [] }\n') },
  { request: 'HEAD:./.vscode/settings.json', bytes: undefined },
  { request: 'HEAD:./README.md', bytes: Buffer.from('é\n\n0\n\0binary\n') },
];
const SAMPLE_STAGED: StagedEntry[] = [
  { status: 'M', path: 'backend/app/models/user.py' },
  { status: 'A', path: 'odd\nname\n0\n.py' },
  { status: 'D', path: 'é ü/x.py' },
];

function timed<T>(run: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = run();
  return { value, ms: performance.now() - started };
}

describe("guard: a commit hook's git reads for the check", () => {
  it('reads back what the hook wrote: the requests, each object (missing ones too) and the staged files, odd names and bytes included', () => {
    const reads = parseHookGitReads(stream(SAMPLE_BLOBS, SAMPLE_STAGED));
    assert.ok(reads);
    assert.deepEqual(
      reads.atHead.requests,
      SAMPLE_BLOBS.map((b) => b.request),
    );
    assert.deepEqual(
      reads.atHead.objects.map((o) => o?.content),
      SAMPLE_BLOBS.map((b) => b.bytes?.toString('utf8')),
    );
    assert.deepEqual(parseStagedDiff(reads.staged), SAMPLE_STAGED);
    assert.deepEqual(parseStagedDiff(parseHookGitReads(stream(SAMPLE_BLOBS, []))?.staged ?? 'x'), [], 'nothing staged');
  });

  it('is not trusted when git failed, when the header or the count is wrong, or when anything follows', () => {
    const good = stream(SAMPLE_BLOBS, SAMPLE_STAGED);
    const broken = {
      'cat-file failed': stream(SAMPLE_BLOBS, SAMPLE_STAGED, [128, 0]),
      'diff failed': stream(SAMPLE_BLOBS, SAMPLE_STAGED, [0, 1]),
      'another format': good.replace(GIT_READS_HEADER, 'territory-git-reads 2'),
      'a count too high': good.replace(/\n4\n/, '\n5\n'),
      'a count too low': good.replace(/\n4\n/, '\n3\n'),
      'no count': good.replace(/\n4\n/, '\n\n'),
      'more after the end': `${good}x`,
      'a size too large': good.replace(/ blob 18\n/, ' blob 19\n'),
      empty: '',
    };
    for (const [name, text] of Object.entries(broken)) assert.equal(parseHookGitReads(text), undefined, name);
  });

  it('every stream cut short is not trusted (a hook killed halfway)', () => {
    const good = stream(SAMPLE_BLOBS, SAMPLE_STAGED);
    for (let length = 0; length < good.length; length++)
      assert.equal(parseHookGitReads(good.slice(0, length)), undefined, `cut at ${length}`);
  });

  it(`generated names, contents and statuses read back exactly, each within ${BOUND_MS} ms`, function () {
    this.timeout(60_000);
    // The characters that trip parsers: line breaks, digits after them, NUL's neighbours, non-ASCII.
    const path = fc.string({
      minLength: 1,
      maxLength: 40,
      unit: fc.constantFrom('a', '/', '\n', '0', '7', ' ', '\\', '\x01', 'é', '中', '😀', '-'),
    });
    const request = fc.string({ minLength: 1, maxLength: 30 }).filter((r) => !/[\n\0]/.test(r));
    fc.assert(
      fc.property(
        fc.array(
          fc
            .record({
              request,
              bytes: fc.option(
                fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
                { nil: undefined },
              ),
            })
            .map((b) => ({ ...b })),
          { minLength: 1, maxLength: 40 },
        ),
        fc.array(
          fc.record({ status: fc.constantFrom('A', 'M', 'D', 'T', 'U'), path }).map((e) => ({ ...e })),
          { maxLength: 30 },
        ),
        (blobs, staged) => {
          const text = stream(blobs, staged);
          const { value: reads, ms } = timed(() => parseHookGitReads(text));
          assert.ok(ms < BOUND_MS, `${ms.toFixed(0)} ms`);
          assert.ok(reads);
          assert.deepEqual(
            reads.atHead.objects.map((o) => o?.content),
            blobs.map((b) => b.bytes?.toString('utf8')),
          );
          assert.deepEqual(parseStagedDiff(reads.staged), staged);
        },
      ),
      { numRuns: 300 },
    );
  });

  it(`arbitrary text never throws, each within ${BOUND_MS} ms`, function () {
    this.timeout(60_000);
    const good = stream(SAMPLE_BLOBS, SAMPLE_STAGED);
    fc.assert(
      fc.property(fc.string({ maxLength: 2000, unit: 'binary' }), fc.nat(good.length), (noise, at) => {
        for (const text of [noise, good.slice(0, at) + noise + good.slice(at)]) {
          const { ms } = timed(() => parseHookGitReads(text));
          assert.ok(ms < BOUND_MS, `${ms.toFixed(0)} ms`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('200,000 staged files and a 2 MB map read back in well under a second', () => {
    const staged = Array.from({ length: 200_000 }, (_, i) => ({
      status: 'M',
      path: `pkg${i % 97}/mod${i % 13}/file${i}.py`,
    }));
    const big = Buffer.from('x'.repeat(2 * 1024 * 1024));
    const text = stream([SAMPLE_BLOBS[0], { request: 'HEAD:./territory.json', bytes: big }], staged);
    const { value: reads, ms } = timed(() => parseHookGitReads(text));
    assert.ok(reads);
    assert.equal(parseStagedDiff(reads.staged).length, staged.length);
    assert.equal(reads.atHead.objects[1]?.content.length, big.length);
    assert.ok(ms < 1000, `${ms.toFixed(0)} ms`);
  });
});
