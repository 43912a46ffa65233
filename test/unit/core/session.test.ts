// The session branch in .territory/session.json: read, written without touching anything else, and
// the branch rule 4 designates (the plan's, else the map's real one, else none).
import { strict as assert } from 'node:assert';
import { editSessionText, parseSessionPlan, serializeSessionPlan } from '../../../src/core/session';
import {
  designatedBranch,
  suggestBranchName,
  unlimitedNote,
  wrongBranchWarning,
} from '../../../src/core/sessionBranch';

describe('session branch: .territory/session.json', () => {
  it('reads the branch beside the goal and the tasks', () => {
    const reading = parseSessionPlan(
      '{ "goal": "g", "branch": "claude/edge-cases", "tasks": { "CORE": "t" } }',
      undefined,
    );
    assert.deepEqual(reading.plan, { goal: 'g', tasks: { CORE: 't' }, branch: 'claude/edge-cases' });
    assert.deepEqual(reading.problems, []);
  });

  it('a branch that is not a string or no name is a warning, and ignored', () => {
    const wrongType = parseSessionPlan('{ "goal": "g", "branch": 3 }', undefined);
    assert.equal(wrongType.plan.branch, undefined);
    assert.match(wrongType.problems[0].message, /"branch" must be a string/);
    for (const bad of ['has space', '-x', 'a..b', 'a~1', 'x@{1}']) {
      const reading = parseSessionPlan(JSON.stringify({ goal: 'g', branch: bad }), undefined);
      assert.equal(reading.plan.branch, undefined, bad);
      assert.equal(reading.problems[0].severity, 'warning', bad);
    }
  });

  it('writing the branch keeps every other key, comment and the formatting', () => {
    const text =
      '// the lead\'s plan\n{\n  "goal": "old",\n  "owner": "dana", // who plans\n  "tasks": { "CORE": "keep", "notes": 1 },\n  "extra": [1, 2]\n}\n';
    const edited = editSessionText(text, { goal: 'new', branch: 'claude/s1', tasks: { API: 'rate limits' } });
    assert.match(edited, /^\/\/ the lead's plan\n/);
    assert.match(edited, /"owner": "dana", \/\/ who plans/);
    assert.match(edited, /"extra": \[1, 2\]/);
    assert.match(edited, /"CORE": "keep"/);
    const plan = parseSessionPlan(edited, undefined).plan;
    assert.equal(plan.goal, 'new');
    assert.equal(plan.branch, 'claude/s1');
    assert.equal(plan.tasks.API, 'rate limits');
    // Unchanged keys are left alone; null removes the branch, undefined keeps it.
    assert.equal(parseSessionPlan(editSessionText(edited, { goal: 'again' }), undefined).plan.branch, 'claude/s1');
    const removed = editSessionText(edited, { branch: null });
    assert.equal(parseSessionPlan(removed, undefined).plan.branch, undefined);
    assert.match(removed, /"owner": "dana"/);
  });

  it('refuses to rewrite a file that is not a plan, naming the place', () => {
    assert.throws(() => editSessionText('{ "goal": ', { branch: 'b' }), /session\.json:1:\d+: .*not valid JSON/);
    assert.equal(parseSessionPlan(editSessionText('', { branch: 'b' }), undefined).plan.branch, 'b');
  });

  it('serializes the branch when there is one', () => {
    assert.deepEqual(JSON.parse(serializeSessionPlan({ goal: 'g', tasks: {}, branch: 'b' })), {
      goal: 'g',
      branch: 'b',
      tasks: {},
    });
    assert.deepEqual(JSON.parse(serializeSessionPlan({ goal: 'g', tasks: {} })), { goal: 'g', tasks: {} });
  });

  it("designated branch: the plan's, else the map's real one, else none (with the reason)", () => {
    assert.deepEqual(designatedBranch('claude/s1', 'claude/other'), { branch: 'claude/s1', source: 'session' });
    assert.deepEqual(designatedBranch(undefined, 'claude/other'), { branch: 'claude/other', source: 'map' });
    const none = designatedBranch(undefined, 'claude/[session-branch-name]');
    assert.equal(none.branch, undefined);
    assert.match(none.source === 'none' ? none.reason : '', /"claude\/\[session-branch-name\]" is a placeholder/);
    assert.match(unlimitedNote(none) ?? '', /not limited to one branch/);
    assert.equal(unlimitedNote(designatedBranch('b', undefined)), undefined);
  });

  it('warns a domain committing elsewhere, not one on the branch', () => {
    const designated = designatedBranch('claude/s1', undefined);
    assert.match(
      wrongBranchWarning('CORE', 'main', designated) ?? '',
      /CORE is committing on branch main.*designated branch claude\/s1/,
    );
    assert.match(wrongBranchWarning('CORE', undefined, designated) ?? '', /detached HEAD/);
    assert.equal(wrongBranchWarning('CORE', 'claude/s1', designated), undefined);
    assert.equal(wrongBranchWarning('CORE', 'main', designatedBranch(undefined, undefined)), undefined);
  });

  it('suggests a branch from the goal', () => {
    assert.equal(
      suggestBranchName("Implement GPT 5.2 Pro's edge case checklist", 'claude/[x]'),
      'claude/implement-gpt-5-2-pro-s',
    );
    assert.equal(suggestBranchName('', undefined), 'claude/session');
    assert.equal(suggestBranchName('anything', 'claude/real'), 'claude/real');
  });
});
