import { strict as assert } from 'node:assert';
import { lookupDomain, parseBlocking } from '../../../../src/core/handoffs/names';
import { parseHandoff } from '../../../../src/core/handoffs/parse';
import type { ParsedHandoffFile } from '../../../../src/core/handoffs/types';
import { analyzeHandoffFile } from '../../../../src/core/handoffs/validate';
import { lines, SEED_CONTEXT, SEED_MAP, SEED_TEMPLATE } from '../../support/handoffs';

const DOMAINS = SEED_MAP.domains;

function codes(parsed: ParsedHandoffFile): string[] {
  return parsed.diagnostics.map((d) => `${d.range.line}:${d.code}`);
}

/** Every checkbox offset must point at the character between `[` and `]`. */
function assertBoxesPointAtBoxes(text: string, parsed: ParsedHandoffFile): void {
  for (const request of parsed.requests) {
    for (const item of request.items) {
      if (!item.checkbox) continue;
      const { offset, char } = item.checkbox;
      assert.equal(text.slice(offset - 1, offset + 2), `[${char}]`, `box of line ${item.line}`);
    }
  }
}

/** The seed fixture's HANDOFF_FROM_CORE.md (test/fixtures/seedWorkspace.ts). */
const FROM_CORE = lines(
  '# Handoff from CORE',
  '',
  '## Required Changes',
  '',
  '### For API:',
  '- [ ] File: `backend/app/api/routes.py`',
  '- [ ] Change needed: Return the new `version` field of Assignment and answer 409 on a stale update',
  '- [ ] Reason: Assignment gained optimistic locking (`version` column) in backend/app/models/assignment.py',
  '- [ ] Blocking: Yes',
);

describe('handoff parser: the seed format', () => {
  it('reads the seed template verbatim: one request with its four lines, placeholders reported', () => {
    const parsed = parseHandoff(SEED_TEMPLATE, { domains: DOMAINS });
    assert.equal(parsed.requests.length, 1);
    const [request] = parsed.requests;
    assert.deepEqual(request.target, { raw: 'TARGET_DOMAIN', domain: undefined, line: 4 });
    assert.equal(request.source, 'DOMAIN');
    assert.equal(request.file, 'path/to/file.py');
    assert.equal(request.change, 'Description of what needs to be added/modified');
    assert.equal(request.reason, 'Why this is needed');
    assert.equal(request.blocking, false, '"Yes/No" is no answer');
    assert.deepEqual(
      request.items.map((i) => [i.field, i.label, i.line, i.checkbox?.checked]),
      [
        ['file', 'File', 5, false],
        ['change', 'Change needed', 6, false],
        ['reason', 'Reason', 7, false],
        ['blocking', 'Blocking', 8, false],
      ],
    );
    assert.equal([request.startLine, request.endLine].join('-'), '5-8');
    assert.equal(request.state, 'open');
    assert.deepEqual(codes(parsed), ['4:unknown-target', '8:bad-blocking']);
    assertBoxesPointAtBoxes(SEED_TEMPLATE, parsed);
  });

  it('reads the seed template without a map: nothing to resolve, nothing reported but the Yes/No', () => {
    const parsed = parseHandoff(SEED_TEMPLATE);
    assert.equal(parsed.requests[0].target?.raw, 'TARGET_DOMAIN');
    assert.deepEqual(codes(parsed), ['8:bad-blocking']);
  });

  it('reads the fixture handoff from CORE to API cleanly', () => {
    const parsed = analyzeHandoffFile('HANDOFF_FROM_CORE.md', FROM_CORE, SEED_CONTEXT);
    assert.deepEqual(parsed.diagnostics, []);
    assert.deepEqual(parsed.source, { heading: 'CORE', headingLine: 0, fileName: 'CORE', domain: 'CORE' });
    const [request] = parsed.requests;
    assert.equal(request.source, 'CORE');
    assert.equal(request.target?.domain, 'API');
    assert.equal(request.file, 'backend/app/api/routes.py');
    assert.equal(request.change, 'Return the new `version` field of Assignment and answer 409 on a stale update');
    assert.equal(request.blocking, true);
    assert.equal(request.checked, false);
  });
});

describe('handoff parser: what people and agents write', () => {
  it('several requests per section, free text between them, or none', () => {
    const text = lines(
      '# Handoff from CORE',
      '## Required Changes',
      '### For API:',
      'First, the routes:',
      '- [ ] File: `backend/app/api/routes.py`',
      '- [ ] Change needed: a',
      '- [ ] Reason: b',
      '- [ ] Blocking: Yes',
      'Then, without a blank line, the next one:',
      '- [ ] File: `backend/app/api/deps.py`',
      '- [ ] Change needed: c',
      '- [ ] Reason: d',
      '- [ ] Blocking: No',
      '- [ ] File: `backend/app/services/assignments.py`',
      '- [ ] Change needed: e',
      '- [ ] Reason: f',
      '- [ ] Blocking: No',
    );
    const parsed = analyzeHandoffFile('HANDOFF_FROM_CORE.md', text, SEED_CONTEXT);
    assert.deepEqual(
      parsed.requests.map((r) => [r.file, r.change, r.blocking, r.startLine, r.endLine]),
      [
        ['backend/app/api/routes.py', 'a', true, 4, 7],
        ['backend/app/api/deps.py', 'c', false, 9, 12],
        ['backend/app/services/assignments.py', 'e', false, 13, 16],
      ],
    );
    assert.deepEqual(parsed.diagnostics, []);
  });

  it('one section per target, targets written as id, lower case, terminal, name, brackets or emphasis', () => {
    const targets = ['API', 'api', 'T2', 't2', 'Backend API', '[API]', '**API**', 'API (T2)', '`API`'];
    for (const target of targets) {
      const parsed = parseHandoff(lines(`### For ${target}:`, '- [ ] File: `backend/app/api/x.py`'), {
        domains: DOMAINS,
      });
      assert.equal(parsed.requests[0].target?.domain, 'API', target);
    }
    const noColon = parseHandoff(lines('### For FE', '- [ ] File: `frontend/src/App.tsx`'), { domains: DOMAINS });
    assert.equal(noColon.requests[0].target?.domain, 'FE');
    const bare = parseHandoff(lines('### SCHED:', '- [ ] File: `backend/app/scheduling/solver.py`'), {
      domains: DOMAINS,
    });
    assert.equal(bare.requests[0].target?.domain, 'SCHED', 'a heading that is exactly a domain name');
    const twoHashes = parseHandoff(lines('## For TEST:', '- [ ] File: `docs/api.md`'), { domains: DOMAINS });
    assert.equal(twoHashes.requests[0].target?.domain, 'TEST');
  });

  it('reports an unknown or ambiguous target on its heading and keeps the requests', () => {
    const parsed = parseHandoff(
      lines('# Handoff from CORE', '### For DB:', '- [ ] File: `x`', '### For API and FE:', '- [ ] File: `y`'),
      { domains: DOMAINS },
    );
    assert.deepEqual(
      parsed.requests.map((r) => [r.target?.raw, r.target?.domain]),
      [
        ['DB', undefined],
        ['API and FE', undefined],
      ],
    );
    assert.deepEqual(
      parsed.diagnostics.filter((d) => d.code === 'unknown-target').map((d) => [d.range.line, d.severity]),
      [
        [1, 'error'],
        [3, 'error'],
      ],
    );
    assert.match(parsed.diagnostics.find((d) => d.range.line === 3)?.message ?? '', /several domains \(API, FE\)/);
  });

  it('[x], [X] and a mix: per line and overall', () => {
    const parsed = parseHandoff(
      lines(
        '### For API:',
        '- [x] File: `a`',
        '- [X] Change needed: b',
        '- [x] Reason: c',
        '- [X] Blocking: No',
        '',
        '- [x] File: `d`',
        '- [ ] Change needed: e',
      ),
    );
    assert.deepEqual(
      parsed.requests.map((r) => [r.state, r.checked, r.items.map((i) => i.checkbox?.char).join('')]),
      [
        ['done', true, 'xXxX'],
        ['partial', false, 'x '],
      ],
    );
  });

  it('CRLF and lone CR line ends: same lines, offsets into the original text', () => {
    for (const eol of ['\r\n', '\r']) {
      const text = [
        '# Handoff from CORE',
        '',
        '### For API:',
        '- [ ] File: `a.py`',
        '- [x] Change needed: b',
        '- [ ] Reason: c',
        '- [ ] Blocking: Yes',
        '',
      ].join(eol);
      const parsed = parseHandoff(text, { domains: DOMAINS });
      const [request] = parsed.requests;
      assert.equal(request.file, 'a.py');
      assert.equal(request.blocking, true);
      assert.equal(request.startLine, 3);
      assert.equal(request.state, 'partial');
      assertBoxesPointAtBoxes(text, parsed);
    }
  });

  it('missing and reordered fields', () => {
    const parsed = parseHandoff(
      lines(
        '### For API:',
        '- [ ] Blocking: Yes',
        '- [ ] Reason: r',
        '- [ ] File: `a.py`',
        '- [ ] Change needed: c',
        '',
        '- [ ] File: `b.py`',
        '- [ ] Change needed: d',
      ),
      {
        domains: DOMAINS,
      },
    );
    assert.deepEqual(
      parsed.requests.map((r) => [r.file, r.change, r.reason, r.blocking]),
      [
        ['a.py', 'c', 'r', true],
        ['b.py', 'd', undefined, false],
      ],
    );
    const missing = parsed.diagnostics.find((d) => d.code === 'missing-field');
    assert.equal(missing?.range.line, 6);
    assert.equal(missing?.severity, 'info');
    assert.match(missing?.message ?? '', /no Reason, Blocking line \(Blocking counts as No\)/);
  });

  it('the file with or without backticks, with a line suffix, as a link, or as N/A', () => {
    const files = [
      ['`backend/app/api/routes.py`', 'backend/app/api/routes.py'],
      ['backend/app/api/routes.py', 'backend/app/api/routes.py'],
      ['backend/app/api/routes.py (the list endpoint)', 'backend/app/api/routes.py'],
      ['`./backend/app/api/routes.py:42`', 'backend/app/api/routes.py'],
      ['[routes.py](backend/app/api/routes.py)', 'routes.py'],
      ['"backend/app/api/routes.py",', 'backend/app/api/routes.py'],
      ['N/A', undefined],
      ['', undefined],
    ];
    for (const [written, expected] of files) {
      const parsed = parseHandoff(lines('### For API:', `- [ ] File: ${written}`));
      assert.equal(parsed.requests[0].file, expected, written);
    }
  });

  it('labels in bold, without a colon, with other words', () => {
    const parsed = parseHandoff(
      lines(
        '### For API:',
        '- [ ] **File:** `a.py`',
        '- [ ] **Change needed**: add x',
        '- [ ] Why: because',
        '- [ ] Blocking? **Yes**',
        '',
        '- [ ] File `b.py`',
        '- [ ] Changes required - y',
      ),
    );
    assert.deepEqual(
      parsed.requests.map((r) => [r.file, r.change, r.reason, r.blocking]),
      [
        ['a.py', 'add x', 'because', true],
        ['b.py', 'y', undefined, false],
      ],
    );
  });

  it('folds wrapped lines into the item above and keeps notes and sub-tasks in the request', () => {
    const parsed = parseHandoff(
      lines(
        '### For API:',
        '- [ ] File: `a.py`',
        '- [ ] Change needed: add the field',
        '  and return it',
        '- [ ] Reason: r',
        '- [ ] Blocking: No',
        '  - [ ] also update the OpenAPI docs',
        '- a remark, not a checklist line',
      ),
    );
    const [request] = parsed.requests;
    assert.equal(request.change, 'add the field and return it');
    assert.deepEqual(
      request.items.map((i) => i.field),
      ['file', 'change', 'reason', 'blocking', 'note'],
    );
    assert.equal(request.items[4].value, 'also update the OpenAPI docs');
    assert.equal(request.endLine, 6);
  });

  it('an unlabelled checklist line is a request of its own, with its text as the change', () => {
    const parsed = analyzeHandoffFile(
      'HANDOFF_FROM_CORE.md',
      lines('# Handoff from CORE', '### For FE:', '- [ ] Show the version in the header'),
      SEED_CONTEXT,
    );
    assert.equal(parsed.requests[0].change, 'Show the version in the header');
    assert.deepEqual(codes(parsed), ['2:missing-field', '2:no-file']);
  });

  it('requests under no target heading are kept and reported', () => {
    const parsed = parseHandoff(
      lines(
        '# Handoff from CORE',
        '## Required Changes',
        '- [ ] File: `a.py`',
        '- [ ] Change needed: x',
        '- [ ] Reason: y',
        '- [ ] Blocking: No',
      ),
    );
    assert.equal(parsed.requests.length, 1);
    assert.equal(parsed.requests[0].target, undefined);
    assert.deepEqual(codes(parsed), ['2:no-target']);
  });

  it('a sub-heading inside a target section keeps the target; a sibling heading ends it', () => {
    const parsed = parseHandoff(
      lines('### For API:', '#### Routes', '- [ ] File: `a.py`', '### Notes', '- [ ] File: `b.py`'),
      { domains: DOMAINS },
    );
    assert.deepEqual(
      parsed.requests.map((r) => r.target?.domain ?? '-'),
      ['API', '-'],
    );
  });

  it('malformed checkboxes become diagnostics, the line stays in its request', () => {
    const parsed = parseHandoff(
      lines('### For API:', '- [] File: `a.py`', '- [ ] Change needed: b', '- [✓] Reason: c'),
    );
    const [request] = parsed.requests;
    assert.deepEqual(
      request.items.map((i) => [i.field, i.checkbox === undefined]),
      [
        ['file', true],
        ['change', false],
        ['reason', true],
      ],
    );
    assert.deepEqual(
      parsed.diagnostics
        .filter((d) => d.code === 'malformed-checkbox')
        .map((d) => [d.range.line, d.range.column, d.range.endColumn]),
      [
        [1, 2, 4],
        [3, 2, 5],
      ],
    );
  });

  it('a request without any checkbox is reported: it can never be marked done', () => {
    const parsed = parseHandoff(lines('### For API:', '- File: `a.py`', '- Change needed: b'));
    assert.equal(parsed.requests[0].file, 'a.py');
    assert.ok(
      parsed.diagnostics.some((d) => d.code === 'no-checkbox' && d.severity === 'warning' && d.range.line === 1),
    );
  });

  it('a template quoted in a code block is no request; an unclosed block is reported', () => {
    const quoted = parseHandoff(
      lines(
        '# Handoff from CORE',
        'Format:',
        '```markdown',
        '### For [TARGET_DOMAIN]:',
        '- [ ] File: `x`',
        '```',
        '### For API:',
        '- [ ] File: `a.py`',
      ),
    );
    assert.deepEqual(
      quoted.requests.map((r) => r.file),
      ['a.py'],
    );
    const unclosed = parseHandoff(lines('### For API:', '```', '- [ ] File: `a.py`'));
    assert.deepEqual(codes(unclosed), ['0:no-heading', '0:no-requests', '1:unclosed-fence']);
  });

  it('the heading: brackets stripped, resolved through the map, the file name wins on a mismatch', () => {
    const parsed = analyzeHandoffFile(
      'HANDOFF_FROM_CORE.md',
      lines('# Handoff from [T2]', '### For FE:', '- [ ] File: `frontend/src/App.tsx`'),
      SEED_CONTEXT,
    );
    assert.equal(parsed.source.heading, 'T2');
    assert.equal(parsed.requests[0].source, 'CORE');
    assert.ok(parsed.diagnostics.some((d) => d.code === 'source-mismatch' && d.range.line === 0));
    const noHeading = analyzeHandoffFile(
      'HANDOFF_FROM_FE.md',
      lines('### For API:', '- [ ] File: `backend/app/api/a.py`'),
      SEED_CONTEXT,
    );
    assert.equal(noHeading.requests[0].source, 'FE');
    assert.deepEqual(codes(noHeading), ['0:no-heading', '1:missing-field']);
  });

  it('a byte-order mark does not hide the heading, and offsets still count it', () => {
    const text = '\uFEFF# Handoff from CORE\n### For API:\n- [ ] File: `a.py`\n';
    const parsed = parseHandoff(text);
    assert.equal(parsed.source.heading, 'CORE');
    assertBoxesPointAtBoxes(text, parsed);
  });

  it('numbered lists, * and + bullets, tabs', () => {
    const parsed = parseHandoff(
      lines(
        '### For API:',
        '1. [ ] File: `a.py`',
        '2) [x] Change needed: b',
        '* [ ] Reason: c',
        '+\t[ ] Blocking: yes',
      ),
    );
    assert.equal(parsed.requests.length, 1);
    assert.equal(parsed.requests[0].blocking, true);
    assert.equal(parsed.requests[0].state, 'partial');
  });

  it('an empty file or one with only prose has no requests, and says so', () => {
    assert.deepEqual(codes(parseHandoff('')), ['0:no-heading', '0:no-requests']);
    assert.deepEqual(codes(parseHandoff('# Handoff from CORE\n\nNothing needed this time.\n')), ['0:no-requests']);
  });
});

describe('handoff values', () => {
  it('Blocking: yes and no in their usual spellings; the template placeholder and prose are no answer', () => {
    const cases: [string, boolean | undefined][] = [
      ['Yes', true],
      ['yes — the migration waits', true],
      ['**YES**', true],
      ['Y', true],
      ['true', true],
      ['No', false],
      ['no (nice to have)', false],
      ['Non-blocking', false],
      ['`No`', false],
      ['Yes/No (does your work depend on this?)', undefined],
      ['No / Yes', undefined],
      ['maybe', undefined],
      ['', undefined],
    ];
    for (const [value, expected] of cases) assert.equal(parseBlocking(value), expected, value);
  });

  it('domain names: id, terminal, name, wrapped or with extra words; several is ambiguous', () => {
    const found = (raw: string) => {
      const lookup = lookupDomain(raw, DOMAINS);
      return lookup.kind === 'found' ? lookup.domain.id : lookup.kind;
    };
    assert.deepEqual(
      [
        'api',
        'T2',
        'backend api',
        '[API]',
        '**api**',
        'API (T2)',
        'Scheduling Engine',
        'the FE team',
        'TEST_DOMAIN',
        'API and FE',
        '',
      ].map(found),
      ['API', 'API', 'API', 'API', 'API', 'API', 'SCHED', 'FE', 'none', 'ambiguous', 'none'],
    );
  });
});
