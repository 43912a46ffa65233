// The Session Board's timeline items added by #28 item 4: handoffs requested and done, as the
// handoff files change, and a blocked edit with its reason, one click from its file (or its patch).
import { strict as assert } from 'node:assert';
import { analyzeHandoffFile } from '../../../../src/core/handoffs/validate';
import { blockedItem, buildLane } from '../../../../src/core/mission/board';
import { HandoffChanges } from '../../../../src/core/mission/handoffMarks';
import { INITIAL } from '../../../../src/core/mission/state';
import { lines, SEED_CONTEXT } from '../../support/handoffs';

const request = (file: string, checked: boolean) =>
  lines(
    '# Handoff from CORE',
    '',
    '## Required Changes',
    '',
    '### For API:',
    `- [${checked ? 'x' : ' '}] File: \`${file}\``,
    `- [${checked ? 'x' : ' '}] Change needed: add the route`,
    `- [${checked ? 'x' : ' '}] Reason: the model exists`,
    `- [${checked ? 'x' : ' '}] Blocking: Yes`,
  );
const parse = (text: string) => [analyzeHandoffFile('HANDOFF_FROM_CORE.md', text, SEED_CONTEXT)];

describe('mission control: handoffs and blocked edits on the timeline', () => {
  it('marks a request when it appears and when it is ticked done, not the ones already there', () => {
    const changes = new HandoffChanges();
    changes.observe(parse(request('backend/app/api/old.py', false)), 1000);
    assert.deepEqual(changes.of('CORE'), [], 'requests found at start have no time');
    const two =
      request('backend/app/api/old.py', false) +
      request('backend/app/api/routes.py', false).split('\n').slice(3).join('\n');
    changes.observe(parse(two), 2000);
    assert.deepEqual(
      changes.of('API').map((m) => [m.time, m.state, m.from, m.to, m.summary]),
      [[2000, 'requested', 'CORE', 'API', 'backend/app/api/routes.py']],
    );
    changes.observe(parse(two), 2500);
    assert.equal(changes.of('API').length, 1, 'the same files again: nothing new');
    const done =
      request('backend/app/api/old.py', false) +
      request('backend/app/api/routes.py', true).split('\n').slice(3).join('\n');
    changes.observe(parse(done), 3000);
    const marks = changes.of('CORE');
    assert.deepEqual(
      marks.map((m) => [m.time, m.state, m.summary]),
      [
        [2000, 'requested', 'backend/app/api/routes.py'],
        [3000, 'done', 'backend/app/api/routes.py'],
      ],
    );
    assert.equal(changes.of('FE').length, 0);
    // On a lane's timeline, each opens the request in its file.
    const lane = buildLane(
      {
        id: 'API',
        terminal: 'T2',
        name: 'Backend API',
        activity: INITIAL,
        events: [],
        blocked: [],
        commits: [],
        handoffs: [],
        hasTerminal: false,
        handoffMarks: changes.of('API'),
      },
      4000,
      { stallMs: 0, hasTask: false },
    );
    assert.deepEqual(
      lane.timeline.map((t) => [t.kind, t.label, t.target]),
      [
        [
          'handoff',
          'handoff requested: CORE → API: backend/app/api/routes.py',
          { kind: 'handoff', file: 'HANDOFF_FROM_CORE.md', line: marks[0]!.line },
        ],
        [
          'handoff',
          'handoff done: CORE → API: backend/app/api/routes.py',
          { kind: 'handoff', file: 'HANDOFF_FROM_CORE.md', line: marks[1]!.line },
        ],
      ],
    );
  });

  it('a blocked edit says why and opens its file; a saved patch opens instead', () => {
    const b = {
      time: '2026-12-06T03:00:00.000Z',
      domain: 'CORE',
      file: 'backend/app/api/routes.py',
      owner: 'API',
      tool: 'Write',
    };
    assert.deepEqual(blockedItem(b), {
      time: Date.parse(b.time),
      kind: 'block',
      label: 'blocked: Write backend/app/api/routes.py (API) — owned by API',
      target: { kind: 'file', path: 'backend/app/api/routes.py' },
    });
    const kept = '.territory/patches/20261206T030000Z-CORE-a1b2c3.patch';
    assert.deepEqual(blockedItem({ ...b, patch: kept }).target, { kind: 'file', path: kept });
    assert.deepEqual(
      blockedItem({ ...b, patch: '/etc/passwd' }).target,
      { kind: 'file', path: 'backend/app/api/routes.py' },
      'a patch path outside .territory/ is not followed',
    );
    assert.deepEqual(blockedItem({ ...b, patch: '.territory/../../etc/passwd' }).target, {
      kind: 'file',
      path: 'backend/app/api/routes.py',
    });
    assert.deepEqual(blockedItem({ ...b, patch: '.territory/patches/../../etc/x.patch' }).target, {
      kind: 'file',
      path: 'backend/app/api/routes.py',
    });
    assert.equal(blockedItem({ ...b, file: '' }).target, undefined);
    assert.match(blockedItem({ ...b, owner: 'unassigned' }).label, /— unassigned$/);
  });
});
