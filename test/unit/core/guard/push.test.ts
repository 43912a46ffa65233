import { strict as assert } from 'node:assert';
import {
  concreteBranch,
  parsePushInput,
  pushProblems,
  sharedBranches,
  updateKind,
} from '../../../../src/core/guard/push';

const Z = '0'.repeat(40);
const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('guard: pre-push rules', () => {
  it("parses git's pre-push lines and classifies them", () => {
    const updates = parsePushInput(
      `refs/heads/main ${A} refs/heads/main ${B}\n(delete) ${Z} refs/heads/old ${A}\nrefs/heads/new ${A} refs/heads/new ${Z}\ngarbage\n`,
    );
    assert.deepEqual(updates.map(updateKind), ['update', 'delete', 'create']);
    assert.equal(updates[1].remoteRef, 'refs/heads/old');
  });

  it("the shared branches: the map's real branch, the current one, the base, main and master", () => {
    assert.equal(concreteBranch('claude/[session-branch-name]'), undefined);
    assert.deepEqual(sharedBranches('claude/session-1', 'work', 'origin/develop'), [
      'claude/session-1',
      'work',
      'develop',
      'main',
      'master',
    ]);
    assert.deepEqual(sharedBranches('claude/[x]', undefined, ''), ['main', 'master']);
  });

  it('refuses non-fast-forward updates and deleting a shared branch, nothing else', async () => {
    const updates = parsePushInput(
      [
        `refs/heads/main ${A} refs/heads/main ${B}`,
        `refs/heads/ok ${B} refs/heads/ok ${A}`,
        `(delete) ${Z} refs/heads/main ${A}`,
        `(delete) ${Z} refs/heads/topic ${A}`,
        `refs/heads/new ${A} refs/heads/new ${Z}`,
      ].join('\n'),
    );
    const problems = await pushProblems(
      updates,
      ['main'],
      async (ancestor, descendant) => ancestor === A && descendant === B,
    );
    assert.deepEqual(
      problems.map((p) => [p.kind, p.ref]),
      [
        ['force', 'refs/heads/main'],
        ['delete', 'refs/heads/main'],
      ],
    );
    assert.match(problems[0].message, /never force push/);
  });
});
