// Finish's check sequence: in order, stopping at the first failure (later probes do not run), each
// failure named; and the texts of the merge commit and the pull request.
import { strict as assert } from 'node:assert';
import { branchRuleProblems, parsePushInput, pushProblems } from '../../../src/core/guard/push';
import {
  compareUrl,
  FINISH_STEPS,
  judgeCommits,
  judgeHandoffs,
  judgeMerge,
  judgeTests,
  judgeUncommitted,
  runFinishChecks,
  type FinishProbes,
  type FinishStepId,
  type StepOutcome,
} from '../../../src/core/finish';
import { finishChecklist } from '../../../src/core/finishChecklist';

const PASS: StepOutcome = { ok: true, summary: 'fine' };

function probes(failing: FinishStepId | undefined, ran: FinishStepId[]): FinishProbes {
  const probe = (id: FinishStepId) => async (): Promise<StepOutcome> => {
    ran.push(id);
    return id === failing ? { ok: false, summary: `${id} broke`, details: ['one'] } : PASS;
  };
  return {
    handoffs: probe('handoffs'),
    commits: probe('commits'),
    uncommitted: probe('uncommitted'),
    merge: probe('merge'),
    tests: probe('tests'),
  };
}

describe('finish: the check sequence', () => {
  it('runs every step in order when all pass', async () => {
    const ran: FinishStepId[] = [];
    const checks = await runFinishChecks(probes(undefined, ran));
    assert.equal(checks.ok, true);
    assert.deepEqual(ran, ['handoffs', 'commits', 'uncommitted', 'merge', 'tests']);
    assert.deepEqual(
      checks.steps.map((s) => s.state),
      ['passed', 'passed', 'passed', 'passed', 'passed'],
    );
  });

  for (const [index, step] of FINISH_STEPS.entries()) {
    it(`stops at a failing "${step.title}", names it, and runs nothing after it`, async () => {
      const ran: FinishStepId[] = [];
      const checks = await runFinishChecks(probes(step.id, ran));
      assert.equal(checks.ok, false);
      assert.equal(checks.failed?.id, step.id);
      assert.equal(checks.failed?.title, step.title);
      assert.deepEqual(
        ran,
        FINISH_STEPS.slice(0, index + 1).map((s) => s.id),
      );
      assert.ok(checks.steps.slice(index + 1).every((s) => s.state === 'not run' && s.summary.includes(step.title)));
      const rows = finishChecklist({ head: 'claude/s', base: 'main', checks });
      assert.deepEqual([rows[0].state, rows[0].description], ['failed', `stopped at "${step.title}"`]);
      assert.equal(rows.find((r) => r.key === `step:${step.id}`)?.description, `${step.id} broke`);
    });
  }

  it('a probe that throws is a failure with its reason; cancelling stops before the next step', async () => {
    const ran: FinishStepId[] = [];
    const broken = { ...probes(undefined, ran), commits: async () => Promise.reject(new Error('git exploded')) };
    const checks = await runFinishChecks(broken);
    assert.equal(checks.failed?.id, 'commits');
    assert.match(checks.failed?.summary ?? '', /could not be checked: git exploded/);
    let cancel = false;
    const stopped = await runFinishChecks(probes(undefined, []), {
      cancelled: () => cancel,
      onStep: (s) => (cancel = s.id === 'uncommitted'),
    });
    assert.equal(stopped.ok, false);
    assert.equal(stopped.cancelled, true);
    assert.deepEqual(
      stopped.steps.map((s) => s.state),
      ['passed', 'passed', 'passed', 'not run', 'not run'],
    );
  });

  it('judges each fact, naming what it found', () => {
    const need = {
      handoffFile: 'HANDOFF_FROM_CORE.md',
      line: 6,
      source: 'CORE',
      target: 'API',
      file: 'backend/app/api/routes.py',
      change: 'add version',
      reason: null,
      blocking: true,
      state: 'open' as const,
    };
    assert.match(judgeHandoffs([need]).summary, /1 open blocking handoff/);
    assert.match(
      judgeHandoffs([need]).details?.[0] ?? '',
      /CORE → API: backend\/app\/api\/routes\.py — add version .*HANDOFF_FROM_CORE\.md:6/,
    );
    assert.equal(judgeHandoffs([]).ok, true);
    const violation = {
      hash: 'a'.repeat(40),
      shortHash: 'aaaaaaa',
      subject: 'api: adjust user model',
      domain: 'API',
      path: 'backend/app/models/user.py',
      owner: 'CORE',
    };
    const commits = judgeCommits([violation], 3, 'main..s');
    assert.equal(commits.ok, false);
    assert.match(
      commits.details?.[0] ?? '',
      /aaaaaaa api: adjust user model — backend\/app\/models\/user\.py belongs to CORE/,
    );
    assert.equal(judgeUncommitted(new Map([['CORE', []]])).ok, true);
    const dirty = judgeUncommitted(
      new Map([
        ['CORE', ['backend/app/models/a.py']],
        ['unassigned', ['Makefile']],
      ]),
    );
    assert.match(dirty.summary, /2 uncommitted files \(CORE: 1, unassigned: 1\)/);
    const conflict = judgeMerge(
      { state: 'conflicts', conflicts: ['README.md'], messages: [], method: 'merge-tree' },
      's',
      'main',
    );
    assert.match(conflict.summary, /conflicts in 1 file/);
    assert.deepEqual(conflict.details, ['README.md']);
    assert.equal(judgeMerge({ state: 'unknown', reason: 'no base' }, 's', 'main').ok, false);
    const run = { task: 'npm test', exitCode: 0, startedAt: '', endedAt: '', head: 'b'.repeat(40) };
    assert.equal(judgeTests(run, 'npm test', 'b'.repeat(40)).ok, true);
    assert.match(judgeTests(run, 'npm test', 'c'.repeat(40)).summary, /not at ccccccc: run the test suite again/);
    assert.match(judgeTests({ ...run, exitCode: 2 }, 'npm test').summary, /failed with exit code 2/);
    assert.match(judgeTests(undefined, '').summary, /no test task is configured/);
    const refused = judgeTests(
      undefined,
      'npm test',
      'b'.repeat(40),
      'the test record was not written by Territory for this commit; run the test task (it carries no seal)',
    );
    assert.deepEqual(refused, {
      ok: false,
      summary:
        'tests not run: the test record was not written by Territory for this commit; run the test task (it carries no seal)',
    });
  });

  it('the compare URL of GitHub remotes, none for others', () => {
    const url = 'https://github.com/acme/app/compare/main...claude/edge-cases?expand=1';
    assert.equal(compareUrl('git@github.com:acme/app.git', 'main', 'claude/edge-cases'), url);
    assert.equal(compareUrl('https://github.com/acme/app', 'main', 'claude/edge-cases'), url);
    assert.equal(compareUrl('ssh://git@github.com/acme/app.git', 'main', 'claude/edge-cases'), url);
    assert.equal(compareUrl('/srv/git/app.git', 'main', 'x'), undefined);
    assert.equal(compareUrl('https://gitlab.com/acme/app.git', 'main', 'x'), undefined);
  });
});

describe('finish: the pre-push decision (rule 4)', () => {
  const Z = '0'.repeat(40);
  const A = 'a'.repeat(40);
  const B = 'b'.repeat(40);
  const updates = parsePushInput(
    [
      `refs/heads/s ${A} refs/heads/main ${B}`,
      `refs/heads/claude/s1 ${A} refs/heads/claude/s1 ${B}`,
      `refs/heads/mine ${A} refs/heads/mine ${Z}`,
      `refs/tags/v1 ${A} refs/tags/v1 ${Z}`,
      `(delete) ${Z} refs/heads/old ${A}`,
    ].join('\n'),
  );

  it('a domain pushes the session branch only: main, its own branch, a tag and a deletion are refused, naming the branch', () => {
    const problems = branchRuleProblems(updates, 'claude/s1', 'CORE');
    assert.deepEqual(
      problems.map((p) => p.ref),
      ['refs/heads/main', 'refs/heads/mine', 'refs/tags/v1', 'refs/heads/old'],
    );
    assert.ok(problems.every((p) => p.kind === 'branch' && p.message.includes('designated branch claude/s1')));
    assert.match(problems[3].message, /refusing deleting refs\/heads\/old from domain CORE/);
  });

  it('the lead is not limited, and nobody is when no branch is designated', () => {
    assert.deepEqual(branchRuleProblems(updates, 'claude/s1', undefined), []);
    assert.deepEqual(branchRuleProblems(updates, undefined, 'CORE'), []);
  });

  it('force pushes and deleting the session branch are still refused, for the domain on its own branch too', async () => {
    const own = parsePushInput(
      [`refs/heads/claude/s1 ${A} refs/heads/claude/s1 ${B}`, `(delete) ${Z} refs/heads/claude/s1 ${A}`].join('\n'),
    );
    assert.deepEqual(branchRuleProblems(own, 'claude/s1', 'CORE'), []);
    const problems = await pushProblems(own, ['claude/s1', 'main'], async () => false);
    assert.deepEqual(
      problems.map((p) => p.kind),
      ['force', 'delete'],
    );
  });
});
