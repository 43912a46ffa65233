import { strict as assert } from 'node:assert';
import {
  allViolations,
  cachedLookup,
  groupCommits,
  relativeDate,
  sharedFiles,
  type CommitRecord,
} from '../../../../src/core/commits/grouping';
import { OwnershipResolver } from '../../../../src/core/ownership/resolver';
import { SEED_MAP } from '../../../support/seedMap';

const resolver = OwnershipResolver.compile(SEED_MAP);

let counter = 0;
function commit(subject: string, files: string[], parents = 1): CommitRecord {
  const hash = (++counter).toString(16).padStart(40, '0');
  return {
    hash,
    shortHash: hash.slice(-7),
    author: 'Ada',
    date: '2025-01-06T09:00:00Z',
    parents: Array.from({ length: parents }, (_, i) => `p${i}`),
    subject,
    files: files.map((path) => ({ status: 'M', path })),
  };
}

describe('grouping commits by domain', () => {
  const commits = [
    commit('api: adjust user model', ['backend/app/models/user.py', 'backend/app/api/users.py']),
    commit('core: add models', ['backend/app/models/assignment.py', 'backend/app/db/base.py']),
    commit("Merge branch 'fe'", [], 2),
    commit('fe: shell', ['frontend/src/App.tsx', 'Makefile']),
    commit('docs: readme', ['README.md', 'docs/api.md', 'HANDOFF_FROM_CORE.md']),
    commit('core: handoff', ['HANDOFF_FROM_CORE.md']),
    commit('wip', ['backend/app/api/users.py']),
    commit('chore: deps', ['package.json']),
  ];
  const grouping = groupCommits(commits, SEED_MAP, resolver);

  it('one group per domain in map order, empty ones included, and the unattributed', () => {
    assert.deepEqual(
      grouping.groups.map((g) => [g.domain.id, g.commits.length]),
      [
        ['CORE', 2],
        ['API', 1],
        ['SCHED', 0],
        ['FE', 1],
        ['TEST', 1],
      ],
    );
    assert.deepEqual(
      grouping.unattributed.map((c) => [c.commit.subject, c.attribution.kind]),
      [
        ["Merge branch 'fe'", 'merge'],
        ['wip', 'unprefixed'],
        ['chore: deps', 'unprefixed'],
      ],
    );
    assert.equal(grouping.total, commits.length);
  });

  it('marks files outside the commit domain, with their owner; the handoff file is its source domain', () => {
    const api = grouping.groups[1].commits[0];
    assert.deepEqual(api.violations, [{ path: 'backend/app/models/user.py', owner: 'CORE' }]);
    const fe = grouping.groups[3].commits[0];
    assert.deepEqual(fe.violations, [{ path: 'Makefile', owner: 'unassigned' }]);
    const docs = grouping.groups[4].commits[0];
    assert.deepEqual(
      docs.violations,
      [{ path: 'HANDOFF_FROM_CORE.md', owner: 'CORE' }],
      'TEST may not edit HANDOFF files of others',
    );
    assert.deepEqual(
      grouping.groups[0].commits.map((c) => c.violations.length),
      [0, 0],
    );
    assert.equal(grouping.violatingCommits, 3);
    assert.equal(grouping.violations, 3);
    assert.deepEqual(
      grouping.groups.map((g) => g.violatingCommits),
      [0, 1, 0, 1, 1],
    );
  });

  it("with territory.unassigned = shared, the lead's files are no violation", () => {
    const shared = groupCommits(commits, SEED_MAP, resolver, { unassignedPolicy: 'shared' });
    assert.deepEqual(shared.groups[3].commits[0].violations, []);
    assert.equal(shared.violations, 2);
  });

  it('lists every violation and the files changed by more than one domain', () => {
    assert.deepEqual(
      allViolations(grouping).map((v) => [v.domain.id, v.violation.path]),
      [
        ['API', 'backend/app/models/user.py'],
        ['FE', 'Makefile'],
        ['TEST', 'HANDOFF_FROM_CORE.md'],
      ],
    );
    assert.deepEqual(sharedFiles(grouping), [{ path: 'HANDOFF_FROM_CORE.md', domains: ['CORE', 'TEST'], commits: 2 }]);
  });

  it('a commit touching a contested file it shares is no violation', () => {
    const map = {
      ...SEED_MAP,
      domains: [
        { ...SEED_MAP.domains[0], paths: ['shared/'] },
        { ...SEED_MAP.domains[1], paths: ['shared/'] },
      ],
    };
    const r = OwnershipResolver.compile(map);
    const g = groupCommits(
      [commit('core: x', ['shared/a.py']), commit('Revert "api: y"', ['shared/b.py', 'other.txt'])],
      map,
      r,
    );
    assert.deepEqual(g.groups[0].commits[0].violations, []);
    assert.deepEqual(g.groups[1].commits[0].violations, [{ path: 'other.txt', owner: 'unassigned' }]);
    assert.equal(g.groups[1].commits[0].attribution.kind, 'revert');
  });

  it('resolves each distinct path once', () => {
    let calls = 0;
    const counting = { resolve: (p: string) => (calls++, resolver.resolve(p)) };
    const lookup = cachedLookup(counting);
    for (let i = 0; i < 5; i++) lookup.resolve('backend/app/api/x.py');
    lookup.resolve('docs/a.md');
    assert.equal(calls, 2);
    const many = Array.from({ length: 500 }, (_, i) =>
      commit(`fe: ${i}`, ['frontend/src/App.tsx', 'frontend/src/api/client.ts']),
    );
    calls = 0;
    groupCommits(many, SEED_MAP, counting);
    assert.equal(calls, 2);
  });
});

describe('relative dates', () => {
  const now = new Date('2025-03-01T12:00:00Z');
  const ago = (seconds: number) => relativeDate(new Date(now.getTime() - seconds * 1000).toISOString(), now);
  it('reads as people say it', () => {
    assert.equal(ago(10), 'just now');
    assert.equal(ago(90), '2 minutes ago');
    assert.equal(ago(3600), '1 hour ago');
    assert.equal(ago(5 * 3600), '5 hours ago');
    assert.equal(ago(86400), '1 day ago');
    assert.equal(ago(10 * 86400), '10 days ago');
    assert.equal(ago(21 * 86400), '3 weeks ago');
    assert.equal(ago(62 * 86400), '2 months ago');
    assert.equal(ago(400 * 86400), '1 year ago');
    assert.equal(ago(-3600), 'in the future');
    assert.equal(relativeDate('not a date', now), '');
  });
});
