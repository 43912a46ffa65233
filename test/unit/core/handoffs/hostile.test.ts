// Generated hostile handoff files: long runs of what the line patterns repeat (spaces, tabs, `#`,
// `*`, `:`), after every line start the parser knows, must parse in linear time; a file of
// 200,000 items must be one file with many requests, not a stack overflow.
import { strict as assert } from 'node:assert';
import { performance } from 'node:perf_hooks';
import { parseHandoff } from '../../../../src/core/handoffs/parse';
import { analyzeHandoffFile } from '../../../../src/core/handoffs/validate';
import { SEED_CONTEXT, SEED_MAP } from '../../support/handoffs';

/** Starts of lines the parser treats specially. */
const LINE_STARTS = [
  '#',
  '##',
  '###',
  '# Handoff from',
  '## For',
  '### To',
  '### API',
  '- [ ] ',
  '- [ ] File:',
  '- [ ] **Reason**',
  '- [x] Blocking',
  '1. ',
  '  ',
  '**',
  '```',
  '- []',
];
/** What a pattern could repeat, and what could end the run. */
const FILLERS = [' ', '\t', '#', '*', '_', ':', '-', ' #', ' *', '[', ']', 'a '];
const ENDINGS = ['', 'x', ':', '#', '**', ' :x', '\u00a0'];
const RUN = 20_000;
/** Per file of about 20 KB: linear parsing takes well under a millisecond per kilobyte here. */
const BOUND_MS = 250;

function timed(text: string): number {
  const started = performance.now();
  parseHandoff(text, { domains: SEED_MAP.domains });
  return performance.now() - started;
}

describe('handoff parser: generated hostile lines', () => {
  it(`every line start × filler × ending with a ${RUN}-character run parses within ${BOUND_MS} ms`, function () {
    this.timeout(120_000);
    const slow: string[] = [];
    for (const start of LINE_STARTS) {
      for (const filler of FILLERS) {
        for (const ending of ENDINGS) {
          const line = `${start}${filler.repeat(Math.ceil(RUN / filler.length))}${ending}`;
          // Under a request heading, so item rules run too.
          const ms = timed(
            `# Handoff from CORE\n\n### For API:\n${line}\n- [ ] Reason: x${filler.repeat(RUN / 4)}${ending}\n`,
          );
          if (ms > BOUND_MS)
            slow.push(
              `${JSON.stringify(start)} + ${JSON.stringify(filler)}×${RUN} + ${JSON.stringify(ending)}: ${ms.toFixed(0)} ms`,
            );
        }
      }
    }
    assert.deepEqual(slow, []);
  });

  it('a heading of "##", 6,000 spaces and one character, and a checkbox label followed by 20,000 spaces', () => {
    for (const text of [
      `##${' '.repeat(6000)}x\n`,
      `# handoff from${' '.repeat(6000)}x\n`,
      `### For API:\n- [ ] Change needed: do it${' '.repeat(20_000)}\n`,
    ]) {
      assert.ok(timed(text) < BOUND_MS, JSON.stringify(text.slice(0, 30)));
    }
  });

  it('200,000 items (1.6 MB): one checklist of notes, no stack overflow, diagnostics still computed', function () {
    this.timeout(60_000);
    const items = Array.from({ length: 200_000 }, (_, i) => `- [ ] step ${i}`).join('\n');
    const text = `# Handoff from CORE\n\n### For API:\n- [ ] Change needed: all of it\n${items}\n`;
    const parsed = parseHandoff(text, { domains: SEED_MAP.domains });
    assert.equal(parsed.requests.length, 1);
    assert.equal(parsed.requests[0].items.length, 200_001);
    assert.equal(parsed.requests[0].endLine, 200_003);
    const analyzed = analyzeHandoffFile('HANDOFF_FROM_CORE.md', text, SEED_CONTEXT);
    assert.equal(analyzed.requests.length, 1);
  });
});

describe('handoff analysis never throws', () => {
  it('a file whose analysis fails is one unreadable file with a diagnostic at line 1', () => {
    const broken = {
      ...SEED_CONTEXT,
      map: {
        ...SEED_MAP,
        get domains(): never {
          throw new RangeError('Maximum call stack size exceeded');
        },
      },
    };
    const analyzed = analyzeHandoffFile('HANDOFF_FROM_CORE.md', '# Handoff from CORE\n', broken);
    assert.deepEqual(analyzed.requests, []);
    assert.deepEqual(
      analyzed.diagnostics.map((d) => [d.code, d.severity, d.range.line]),
      [['unreadable', 'error', 0]],
    );
    assert.match(analyzed.diagnostics[0].message, /Maximum call stack size exceeded/);
  });
});
