import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { parseHandoff, splitLinesWithOffsets } from '../../../../src/core/handoffs/parse';
import { applyCheckboxEdits, editsApply, toggleEdits, type CheckboxEdit } from '../../../../src/core/handoffs/toggle';
import { lines, SEED_MAP, SEED_TEMPLATE } from '../../support/handoffs';

const DOMAINS = SEED_MAP.domains;

/** Lines people write in handoff files, good and bad, to build random files from. */
const FRAGMENTS = [
  '# Handoff from CORE',
  '# Handoff from [DOMAIN]',
  '## Required Changes',
  '### For API:',
  '### For [TARGET_DOMAIN]:',
  '### For t4',
  '#### Details',
  '- [ ] File: `backend/app/api/routes.py`',
  '- [x] File: frontend/src/App.tsx',
  '- [X] **File:** `a b.py`',
  '- [ ] Change needed: add it',
  '- [ ] Reason: because',
  '- [x] Blocking: Yes',
  '- [ ] Blocking: Yes/No (does your work depend on this?)',
  '- [ ] Blocking: maybe',
  '  continued text',
  'Free text between requests.',
  '',
  '- [] File: `x`',
  '- [✓] Reason: y',
  '* [ ] note',
  '1. [X] Change: z',
  '- plain bullet',
  '```',
  '~~~',
  '   ',
  '- [ ]',
  '-[ ] File: glued',
  '- [ ] File:',
  '> - [ ] File: quoted',
];

const eol = fc.constantFrom('\n', '\r\n', '\r');
const handoffText = fc
  .tuple(
    fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 20 })), { maxLength: 40 }),
    eol,
    fc.boolean(),
  )
  .map(([parts, end, final]) => parts.join(end) + (final ? end : ''));

function apply(text: string, edits: readonly CheckboxEdit[]): string {
  return applyCheckboxEdits(text, edits);
}

describe('toggling a request', () => {
  const text = lines(
    SEED_TEMPLATE.trimEnd(),
    '',
    '- [x] File: `b.py`',
    '- [X] Change needed: c',
    '- [ ] Reason: d',
    '',
    'text',
    '- [ ] Blocking: No',
  );

  it('checks every box of the request and nothing else', () => {
    const [request] = parseHandoff(text).requests;
    const edits = toggleEdits(request);
    assert.equal(edits.length, 4);
    const after = apply(text, edits);
    assert.equal(
      after,
      text.replace(/- \[ \] (File: `path|Change needed: Desc|Reason: Why|Blocking: Yes\/No)/g, '- [x] $1'),
    );
    assert.equal(parseHandoff(after).requests[0].state, 'done');
  });

  it('a partly checked request: checking edits only its open boxes; unchecking clears x and X', () => {
    const partial = parseHandoff(text).requests[1];
    assert.equal(partial.state, 'partial');
    assert.deepEqual(
      toggleEdits(partial).map((e) => [e.text, e.previous]),
      [['x', ' ']],
    );
    assert.deepEqual(
      toggleEdits(partial, false).map((e) => [e.text, e.previous]),
      [
        [' ', 'x'],
        [' ', 'X'],
      ],
    );
    // "text" between the lines ended the request: the Blocking line is a request of its own.
    assert.equal(parseHandoff(text).requests.length, 3);
  });

  it('refuses edits that no longer point at a checkbox', () => {
    const [request] = parseHandoff(text).requests;
    const edits = toggleEdits(request);
    assert.equal(editsApply('x' + text, edits), false);
    assert.throws(() => applyCheckboxEdits('x' + text, edits), /re-parse/);
  });

  it('property: the parser never throws and its offsets and lines stay in the text', () => {
    fc.assert(
      fc.property(
        fc.oneof(handoffText, fc.string({ maxLength: 400 }), fc.string({ unit: 'grapheme', maxLength: 200 })),
        fc.boolean(),
        (source, withMap) => {
          const parsed = parseHandoff(source, withMap ? { domains: DOMAINS } : {});
          const lineCount = splitLinesWithOffsets(source).length;
          for (const request of parsed.requests) {
            assert.ok(request.startLine <= request.endLine && request.endLine < lineCount);
            for (const item of request.items) {
              if (item.checkbox)
                assert.equal(
                  source.slice(item.checkbox.offset - 1, item.checkbox.offset + 2),
                  `[${item.checkbox.char}]`,
                );
            }
          }
          for (const d of parsed.diagnostics) assert.ok(d.range.line >= 0 && d.range.line < lineCount, d.message);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('property: toggle then untoggle restores the exact bytes (boxes written [ ] or [x])', () => {
    fc.assert(
      fc.property(handoffText, fc.nat(), (raw, pick) => {
        const source = raw.replace(/\[X\]/g, '[x]');
        const requests = parseHandoff(source).requests.filter(
          (r) => r.state !== 'partial' && r.items.some((i) => i.checkbox),
        );
        if (requests.length === 0) return;
        const index = requests[pick % requests.length].index;
        const toggled = apply(source, toggleEdits(parseHandoff(source).requests[index]));
        assert.notEqual(toggled, source);
        const again = parseHandoff(toggled).requests[index];
        assert.equal(apply(toggled, toggleEdits(again)), source);
      }),
      { numRuns: 500 },
    );
  });

  it('property: any toggle changes only checkbox characters, and its inverse restores the exact bytes', () => {
    fc.assert(
      fc.property(handoffText, fc.nat(), fc.boolean(), (source, pick, checked) => {
        const requests = parseHandoff(source).requests;
        if (requests.length === 0) return;
        const edits = toggleEdits(requests[pick % requests.length], checked);
        const after = apply(source, edits);
        assert.equal(after.length, source.length);
        const offsets = new Set(edits.map((e) => e.offset));
        for (let i = 0; i < source.length; i++) if (!offsets.has(i)) assert.equal(after[i], source[i]);
        const inverse = edits.map((e) => ({ offset: e.offset, text: e.previous as ' ' | 'x', previous: e.text }));
        let restored = after;
        for (const e of inverse) restored = restored.slice(0, e.offset) + e.text + restored.slice(e.offset + 1);
        assert.equal(restored, source);
      }),
      { numRuns: 500 },
    );
  });
});
