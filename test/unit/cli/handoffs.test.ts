import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEED_HANDOFF_FROM_CORE, SEED_TERRITORY_JSON_TEXT } from '../../fixtures/seedWorkspace';
import { lines } from '../support/handoffs';
import { runCli } from '../../support/runCli';

const run = runCli;

describe('territory handoffs', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'territory-cli-handoffs-'));
    writeFileSync(join(root, 'territory.json'), SEED_TERRITORY_JSON_TEXT);
    writeFileSync(join(root, 'HANDOFF_FROM_CORE.md'), SEED_HANDOFF_FROM_CORE);
    writeFileSync(
      join(root, 'HANDOFF_FROM_FE.md'),
      lines(
        '# Handoff from FE',
        '',
        '### For API:',
        '- [x] File: `backend/app/api/routes.py`',
        '- [x] Change needed: a',
        '- [x] Reason: b',
        '- [x] Blocking: Yes',
        '',
        '### For TEST:',
        '- [ ] File: `docs/api.md`',
        '- [ ] Change needed: c',
        '- [ ] Reason: d',
        '- [ ] Blocking: No',
      ),
    );
    writeFileSync(join(root, 'HANDOFF_NOTES.md'), 'Just notes.\n');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('lists every request by file, source and target, with diagnostics and a summary', async () => {
    const result = await run('handoffs', '--cwd', root);
    assert.equal(result.code, 0, result.err);
    const out = result.out.split('\n');
    assert.deepEqual(out.slice(0, 3), [
      'HANDOFF_FROM_CORE.md — from CORE',
      '  [ ] CORE → API  backend/app/api/routes.py  BLOCKING  (line 6)',
      '      Return the new `version` field of Assignment and answer 409 on a stale update',
    ]);
    assert.ok(out.includes('  [x] FE → API  backend/app/api/routes.py  BLOCKING  (line 4)'));
    assert.ok(out.includes('  [ ] FE → TEST  docs/api.md  (line 10)'));
    assert.ok(out.some((l) => l.startsWith('HANDOFF_NOTES.md:1:1: warning [unknown-source]')));
    assert.equal(out[out.length - 1], '3 handoff files, 3 requests, 2 open, 1 open blocking, 1 malformed file');
  });

  it('--open --blocking --json: the documented fields, filtered', async () => {
    const result = await run('handoffs', '--open', '--blocking', '--json', '--cwd', root);
    assert.equal(result.code, 0, result.err);
    const json = JSON.parse(result.out) as {
      requests: unknown[];
      summary: unknown;
      filters: unknown;
      files: { path: string }[];
    };
    assert.deepEqual(json.filters, { open: true, blocking: true });
    assert.deepEqual(json.summary, {
      files: 3,
      requests: 3,
      open: 2,
      openBlocking: 1,
      claimedDone: 0,
      malformedFiles: 1,
    });
    assert.deepEqual(
      json.files.map((f) => f.path),
      ['HANDOFF_FROM_CORE.md', 'HANDOFF_FROM_FE.md', 'HANDOFF_NOTES.md'],
    );
    assert.deepEqual(json.requests, [
      {
        handoffFile: 'HANDOFF_FROM_CORE.md',
        line: 6,
        endLine: 9,
        source: 'CORE',
        target: 'API',
        targetRaw: 'API',
        file: 'backend/app/api/routes.py',
        change: 'Return the new `version` field of Assignment and answer 409 on a stale update',
        reason: 'Assignment gained optimistic locking (`version` column) in backend/app/models/assignment.py',
        blocking: true,
        state: 'open',
        claimedDoneBy: null,
        checked: false,
        items: [
          { field: 'file', label: 'File', line: 6, checked: false },
          { field: 'change', label: 'Change needed', line: 7, checked: false },
          { field: 'reason', label: 'Reason', line: 8, checked: false },
          { field: 'blocking', label: 'Blocking', line: 9, checked: false },
        ],
      },
    ]);
  });

  it('--open alone keeps open requests of every kind', async () => {
    const result = await run('handoffs', '--json', '--open', '--cwd', root);
    const json = JSON.parse(result.out) as { requests: { target: string }[] };
    assert.deepEqual(
      json.requests.map((r) => r.target),
      ['API', 'TEST'],
    );
  });

  it('exit 2 with a reason on an unreadable map or a bad argument', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'territory-cli-nomap-'));
    try {
      const result = await run('handoffs', '--cwd', empty, '--map', 'missing.json');
      assert.equal(result.code, 2);
      assert.match(result.err, /^territory: /);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    assert.equal((await run('handoffs', 'extra', '--cwd', root)).code, 2);
    assert.equal((await run('owner', '--open', '--cwd', root)).code, 2, '--open belongs to handoffs only');
  });
});
