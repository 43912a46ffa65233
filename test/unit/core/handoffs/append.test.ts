import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { applyInsertion, planHandoffInsertion } from '../../../../src/core/handoffs/append';

const REQUEST = {
  file: 'backend/app/api/routes.py',
  change: 'Add a version field',
  reason: 'Models changed',
  blocking: true,
};
const LINES = [
  '- [ ] File: `backend/app/api/routes.py`',
  '- [ ] Change needed: Add a version field',
  '- [ ] Reason: Models changed',
  '- [ ] Blocking: Yes',
];

describe('appending a handoff request', () => {
  it('creates the seed header in an empty file', () => {
    const plan = planHandoffInsertion('', 'CORE', 'API', REQUEST);
    const text = applyInsertion('', plan);
    assert.equal(text, ['# Handoff from CORE', '', '## Required Changes', '', '### For API:', ...LINES, ''].join('\n'));
    assert.equal(text.split('\n')[plan.requestLine], LINES[0]);
  });

  it('adds to an existing section for the same target, before the next section, keeping everything', () => {
    const existing = [
      '# Handoff from CORE',
      '',
      'Some notes the user wrote.',
      '',
      '## Required Changes',
      '',
      '### For API:',
      '- [x] File: `a.py`',
      '- [x] Change needed: x',
      '- [x] Reason: y',
      '- [x] Blocking: No',
      '',
      '### For FE:',
      '- [ ] File: `b.ts`',
      '',
    ].join('\n');
    const plan = planHandoffInsertion(existing, 'CORE', 'api', REQUEST);
    const text = applyInsertion(existing, plan);
    const lines = text.split('\n');
    assert.deepEqual(lines.slice(7, 15), [
      '- [x] File: `a.py`',
      '- [x] Change needed: x',
      '- [x] Reason: y',
      '- [x] Blocking: No',
      ...LINES,
    ]);
    assert.equal(lines[plan.requestLine], LINES[0]);
    assert.equal(text.replace(LINES.map((l) => '\n' + l).join(''), ''), existing, 'only the request was added');
  });

  it('appends a new section, keeping a CRLF file CRLF', () => {
    const existing = '# Handoff from CORE\r\n\r\n## Required Changes\r\n\r\n### For FE:\r\n- [ ] File: `x`\r\n';
    const plan = planHandoffInsertion(existing, 'CORE', 'API', REQUEST);
    const text = applyInsertion(existing, plan);
    assert.ok(text.startsWith(existing));
    assert.equal(text.slice(existing.length), '\r\n### For API:\r\n' + LINES.join('\r\n') + '\r\n');
    assert.equal(text.split('\r\n')[plan.requestLine], LINES[0]);
  });

  it('never removes or reorders existing text (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.constantFrom('API', 'FE', 'CORE'), (existing, target) => {
        const plan = planHandoffInsertion(existing, 'CORE', target, REQUEST);
        const text = applyInsertion(existing, plan);
        assert.equal(text.slice(0, plan.offset) + text.slice(plan.offset + plan.text.length), existing);
      }),
    );
  });

  it('flattens line breaks in user input so the format stays one field per line', () => {
    const plan = planHandoffInsertion('', 'CORE', 'API', { ...REQUEST, change: 'two\nlines' });
    assert.ok(plan.text.includes('- [ ] Change needed: two lines\n'));
  });
});
