// The rows of the Finish Session view: the run's state, one row per check with its items at their
// file and line, and the next action.
import { strict as assert } from 'node:assert';
import { runFinishChecks, judgeHandoffs, type FinishProbes } from '../../../src/core/finish';
import { finishChecklist } from '../../../src/core/finishChecklist';

const pass = async () => ({ ok: true, summary: 'fine' });

function probes(overrides: Partial<FinishProbes> = {}): FinishProbes {
  return { handoffs: pass, commits: pass, uncommitted: pass, merge: pass, tests: pass, ...overrides };
}

describe('finishChecklist: the Finish Session view', () => {
  it('all passed: a ready row, five passed checks, Merge and Open Pull Request next', async () => {
    const checks = await runFinishChecks(probes());
    const rows = finishChecklist({ head: 'claude/s', base: 'main', localBase: true, checks });
    assert.deepEqual(
      rows.map((r) => [r.label, r.state]),
      [
        ['claude/s → main', 'ready'],
        ['Open blocking handoffs', 'passed'],
        ['Commits that break the map', 'passed'],
        ['Uncommitted changes', 'passed'],
        ['Clean merge into the base branch', 'passed'],
        ['Full test suite', 'passed'],
        ['Merge into main', 'info'],
        ['Open Pull Request', 'info'],
      ],
    );
    assert.deepEqual(
      rows.filter((r) => r.action).map((r) => r.action?.kind),
      ['merge', 'pr'],
    );
    const noLocal = finishChecklist({ head: 'claude/s', base: 'main', localBase: false, checks });
    assert.deepEqual(
      noLocal.filter((r) => r.action).map((r) => r.action?.kind),
      ['pr'],
      'no merge without a local base branch',
    );
  });

  it('a blocking handoff: the failed row lists it at HANDOFF_FROM_CORE.md:6, the rest not run, Open Handoff next', async () => {
    const need = {
      source: 'CORE',
      target: 'API',
      file: 'backend/app/api/routes.py',
      change: 'add version',
      reason: null,
      blocking: true,
      state: 'open' as const,
      handoffFile: 'HANDOFF_FROM_CORE.md',
      line: 6,
    };
    const checks = await runFinishChecks(probes({ handoffs: async () => judgeHandoffs([need]) }));
    const rows = finishChecklist({ head: 'claude/s', base: 'main', checks });
    assert.deepEqual(rows[0], {
      key: 'status',
      label: 'claude/s → main',
      description: 'stopped at "Open blocking handoffs"',
      state: 'failed',
      items: [],
    });
    const handoffs = rows.find((r) => r.key === 'step:handoffs');
    assert.equal(handoffs?.state, 'failed');
    assert.deepEqual(handoffs?.items[0].location, { path: 'HANDOFF_FROM_CORE.md', line: 6 });
    assert.deepEqual(
      rows.filter((r) => r.key.startsWith('step:') && r.key !== 'step:handoffs').map((r) => r.state),
      ['not run', 'not run', 'not run', 'not run'],
    );
    assert.deepEqual(
      rows.filter((r) => r.action).map((r) => [r.action?.kind, r.description]),
      [
        ['open', 'HANDOFF_FROM_CORE.md:6'],
        ['rerun', 'Finish Session'],
      ],
    );
  });

  it('a branch just made: an info row "no session commits yet", no failed check', () => {
    const rows = finishChecklist({ stopped: 'no session commits yet: claude/s is at main: nothing to finish' });
    assert.equal(rows[0].state, 'info');
    assert.equal(rows[0].description, 'no session commits yet: claude/s is at main: nothing to finish');
    assert.ok(rows.every((r) => r.state !== 'failed'));
    const other = finishChecklist({ stopped: 'HEAD is detached and no session branch is set' });
    assert.equal(other[0].state, 'stopped');
  });

  it('while checking: every check running, no action yet', () => {
    const rows = finishChecklist({ head: 'claude/s', base: 'main', running: true });
    assert.equal(rows[0].description, 'checking…');
    assert.ok(rows.filter((r) => r.key.startsWith('step:')).every((r) => r.state === 'running'));
    assert.ok(rows.every((r) => r.action === undefined));
  });
});
