import { strict as assert } from 'node:assert';
import { insidePath } from '../../../../src/core/commits/markdown';
import { collectHandoffs, dependencyOrder } from '../../../../src/core/handoffs/collect';
import { countOpen, countOpenBlocking } from '../../../../src/core/handoffs/types';
import { analyzeHandoffFile } from '../../../../src/core/handoffs/validate';
import { lines, SEED_CONTEXT, SEED_MAP } from '../../support/handoffs';

function request(file: string, change: string, blocking: boolean, box = ' '): string[] {
  return [
    `- [${box}] File: \`${file}\``,
    `- [${box}] Change needed: ${change}`,
    `- [${box}] Reason: r`,
    `- [${box}] Blocking: ${blocking ? 'Yes' : 'No'}`,
    '',
  ];
}

const FILES = [
  analyzeHandoffFile(
    'HANDOFF_FROM_FE.md',
    lines(
      '# Handoff from FE',
      '### For API:',
      ...request('backend/app/api/routes.py', 'a 409 on stale updates', true),
      ...request('backend/app/api/deps.py', 'nice to have', false),
      ...request('backend/app/api/done.py', 'already done', true, 'x'),
    ),
    SEED_CONTEXT,
  ),
  analyzeHandoffFile(
    'HANDOFF_FROM_API.md',
    lines(
      '# Handoff from API',
      '### For CORE:',
      ...request('backend/app/models/assignment.py', 'a version column', true),
    ),
    SEED_CONTEXT,
  ),
  analyzeHandoffFile(
    'HANDOFF_FROM_TEST.md',
    lines('# Handoff from TEST', '### For FE:', ...request('frontend/src/App.tsx', 'test ids', false)),
    SEED_CONTEXT,
  ),
  analyzeHandoffFile(
    'HANDOFF_NOTES.md',
    lines('# Handoff from SCHED', '### For Database:', ...request('db.py', 'x', false)),
    SEED_CONTEXT,
  ),
];

describe('collecting handoffs (phase 3)', () => {
  it('counts open and open blocking requests per target', () => {
    assert.equal(countOpen(FILES, 'API'), 2);
    assert.equal(countOpenBlocking(FILES, 'API'), 1);
    assert.equal(countOpenBlocking(FILES, 'CORE'), 1);
    assert.equal(countOpenBlocking(FILES, 'FE'), 0);
  });

  it('orders domains by who waits on whom; finds cycles', () => {
    const order = dependencyOrder(FILES);
    assert.deepEqual(order.order, ['CORE', 'API', 'FE']);
    assert.deepEqual(order.cycle, []);
    const cyclic = [
      analyzeHandoffFile(
        'HANDOFF_FROM_CORE.md',
        lines('### For API:', ...request('backend/app/api/a.py', 'x', true)),
        SEED_CONTEXT,
      ),
      analyzeHandoffFile(
        'HANDOFF_FROM_API.md',
        lines('### For CORE:', ...request('backend/app/models/a.py', 'y', true)),
        SEED_CONTEXT,
      ),
    ];
    assert.deepEqual(dependencyOrder(cyclic).cycle, ['API', 'CORE']);
    assert.match(collectHandoffs(cyclic, SEED_MAP.domains), /\*\*Cycle:\*\* API, CORE wait on each other/);
  });

  it('writes a markdown summary: grouped by target in map order, blocking first, chains flagged, malformed files listed', () => {
    const summary = collectHandoffs(FILES, SEED_MAP.domains);
    const text = summary.split('\n');
    assert.equal(text[0], '# Handoff collection');
    assert.equal(text[2], '5 open requests (2 blocking) in 4 handoff files.');
    const headings = text.filter((l) => l.startsWith('## '));
    assert.deepEqual(headings, [
      '## Order of work',
      '## For CORE (T1, Backend Core) — 1 open, 1 blocking',
      '## For API (T2, Backend API) — 2 open, 1 blocking',
      '## For FE (T4, Frontend) — 1 open, 0 blocking',
      '## Unknown target "Database" — 1 open, 0 blocking',
      '## Malformed handoff files',
    ]);
    const api = text.slice(text.indexOf(headings[2]));
    assert.equal(api[2], '- [ ] **Blocking** `backend/app/api/routes.py` — from FE (`HANDOFF_FROM_FE.md:3`)');
    assert.equal(api[3], '  - Change needed: a 409 on stale updates');
    assert.equal(api[5], '  - **Dependency chain**: API itself has open blocking requests to CORE; order them first.');
    assert.equal(api[6], '- [ ] `backend/app/api/deps.py` — from FE (`HANDOFF_FROM_FE.md:8`)');
    assert.ok(!summary.includes('already done'), 'checked requests are not open');
    assert.ok(summary.includes('1. CORE — waits on nobody\n2. API — waits on CORE\n3. FE — waits on API'));
    const malformed = text.slice(text.indexOf('## Malformed handoff files'));
    assert.equal(malformed[2], '- `HANDOFF_NOTES.md`');
    assert.match(malformed[3], /^ {2}- line 1: warning — HANDOFF_NOTES\.md names no domain/);
    assert.match(malformed[4], /^ {2}- line 2: error — "Database" is no domain of the map/);
  });

  it('links each location for the editor, and never a path that leaves the folder', () => {
    const escaping = analyzeHandoffFile(
      'HANDOFF_FROM_FE.md',
      lines('### For API:', ...request('../../etc/passwd', 'x', true)),
      SEED_CONTEXT,
    );
    const link = (path: string, line?: number) => {
      const inside = insidePath(path);
      return inside === undefined ? undefined : `file:///ws/${inside}${line === undefined ? '' : `#L${line}`}`;
    };
    const text = collectHandoffs([...FILES, escaping], SEED_MAP.domains, 'Handoff collection', link).split('\n');
    assert.ok(
      text.includes(
        '- [ ] **Blocking** [`backend/app/api/routes.py`](<file:///ws/backend/app/api/routes.py>) — from FE ([`HANDOFF_FROM_FE.md:3`](<file:///ws/HANDOFF_FROM_FE.md#L3>))',
      ),
    );
    assert.ok(
      text.some((l) => l.startsWith('- [ ] **Blocking** `../../etc/passwd` — from FE')),
      'the escaping path stays plain code',
    );
  });

  it('says so when nothing is open', () => {
    assert.match(
      collectHandoffs([], SEED_MAP.domains),
      /0 open requests \(0 blocking\) in 0 handoff files\.\n\nNothing is open/,
    );
  });
});
