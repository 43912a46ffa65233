import { strict as assert } from 'node:assert';
import { groupCommits, type CommitRecord } from '../../../../src/core/commits/grouping';
import { openBlocking, openRequestsFrom, openRequestsTo } from '../../../../src/core/commits/handoffNeeds';
import { code, plain } from '../../../../src/core/commits/markdown';
import { buildMergeReport, renderMergeReport, type MergeOutcome } from '../../../../src/core/commits/mergeReport';
import {
  STATUS_RULE,
  buildDomainReport,
  decideStatus,
  describeTestRun,
  isTestDomain,
  renderDomainReport,
} from '../../../../src/core/commits/report';
import { analyzeHandoffFile } from '../../../../src/core/handoffs/validate';
import { OwnershipResolver } from '../../../../src/core/ownership/resolver';
import { SEED_MAP } from '../../../support/seedMap';

const resolver = OwnershipResolver.compile(SEED_MAP);
const context = { map: SEED_MAP, resolver };
const [CORE, API, SCHED, FE, TEST] = SEED_MAP.domains;
const NOW = new Date('2025-01-10T12:00:00Z');

let n = 0;
function commit(subject: string, files: string[], status = 'M'): CommitRecord {
  const hash = `${(++n).toString(16).padStart(7, '0')}${'0'.repeat(33)}`;
  return {
    hash,
    shortHash: hash.slice(0, 7),
    author: 'Ada',
    date: '2025-01-06T09:00:00Z',
    parents: ['p'],
    subject,
    files: files.map((path) => ({ status, path })),
  };
}

const HANDOFF_FROM_CORE = `# Handoff from CORE

## Required Changes

### For API:
- [ ] File: \`backend/app/api/routes.py\`
- [ ] Change needed: Return the \`version\` field
- [ ] Reason: optimistic locking
- [ ] Blocking: Yes

### For TEST:
- [x] File: \`backend/tests/test_models.py\`
- [x] Change needed: cover version
- [x] Reason: new field
- [x] Blocking: No
`;

const HANDOFF_FROM_FE = `# Handoff from FE

## Required Changes

### For API:
- [ ] File: \`backend/app/api/routes.py\`
- [ ] Change needed: 409 on stale update
- [ ] Reason: conflict UI
- [ ] Blocking: No
`;

const handoffs = [
  analyzeHandoffFile('HANDOFF_FROM_CORE.md', HANDOFF_FROM_CORE, context),
  analyzeHandoffFile('HANDOFF_FROM_FE.md', HANDOFF_FROM_FE, context),
];

const commits = [
  commit('api: adjust user model', ['backend/app/models/user.py']),
  // Newest first, as git log gives them.
  commit('core: touch model again', ['backend/app/models/assignment.py']),
  commit('core: add version', ['backend/app/models/assignment.py', 'backend/alembic/versions/0002.py'], 'A'),
  commit('fe: conflict dialog', ['frontend/src/Conflict.tsx']),
  commit('test: e2e', ['backend/tests/test_e2e.py']),
  commit('Initial scaffold', ['Makefile']),
];
const grouping = groupCommits(commits, SEED_MAP, resolver);
const range = { label: 'main..HEAD', spec: 'main..HEAD' };
const group = (id: string) => grouping.groups.find((g) => g.domain.id === id)!.commits;

describe('handoff requests for reports', () => {
  it('open requests from, to, and blocking', () => {
    assert.deepEqual(
      openRequestsFrom(handoffs, 'CORE').map((r) => [r.target, r.file, r.blocking, r.line]),
      [['API', 'backend/app/api/routes.py', true, 6]],
    );
    assert.deepEqual(
      openRequestsTo(handoffs, 'API').map((r) => r.source),
      ['CORE', 'FE'],
    );
    assert.deepEqual(openRequestsTo(handoffs, 'TEST'), [], 'the checked request is done');
    assert.deepEqual(
      openBlocking(handoffs).map((r) => `${r.source}→${r.target}`),
      ['CORE→API'],
    );
  });
});

describe('status rule', () => {
  it('Blocked beats everything; Partial lists its reasons; Complete needs a commit', () => {
    assert.equal(decideStatus({ blockingFrom: 1, uncommitted: 3, requestsTo: 2, commits: 0 }, 'X').status, 'Blocked');
    const partial = decideStatus({ blockingFrom: 0, uncommitted: 2, requestsTo: 1, commits: 0 }, 'X');
    assert.equal(partial.status, 'Partial');
    assert.equal(
      partial.reason,
      "2 uncommitted files in X's territory; 1 open request addressed to X; no commit in the range",
    );
    assert.equal(decideStatus({ blockingFrom: 0, uncommitted: 0, requestsTo: 0, commits: 0 }, 'X').status, 'Partial');
    assert.equal(decideStatus({ blockingFrom: 0, uncommitted: 0, requestsTo: 0, commits: 1 }, 'X').status, 'Complete');
  });

  it('on fixtures: CORE blocked, API partial (requests for it), SCHED partial (no commit), FE complete, TEST partial (uncommitted)', () => {
    const report = (id: string, uncommitted: { path: string }[] = []) =>
      buildDomainReport({
        domain: SEED_MAP.domains.find((d) => d.id === id)!,
        range,
        commits: group(id),
        uncommitted: uncommitted.map((u) => ({ ...u, index: '?', workTree: '?', conflicted: false })),
        handoffs,
        generatedAt: NOW,
      });
    assert.equal(report('CORE').status, 'Blocked');
    const api = report('API');
    assert.equal(api.status, 'Partial');
    assert.equal(api.statusReason, '2 open requests addressed to API');
    assert.equal(report('SCHED').statusReason, 'no commit in the range');
    assert.equal(report('FE').status, 'Complete');
    assert.equal(report('TEST', [{ path: 'docs/new.md' }]).status, 'Partial');
    assert.equal(report('FE').statusRule, STATUS_RULE);
  });
});

describe('domain report', () => {
  it('fills the seed REPORT FORMAT from commits and handoffs', () => {
    const report = buildDomainReport({
      domain: CORE,
      range,
      commits: group('CORE'),
      uncommitted: [],
      handoffs,
      generatedAt: NOW,
    });
    assert.equal(report.variant, 'domain');
    assert.deepEqual(
      report.filesModified.map((f) => [f.path, f.status, f.commits]),
      [
        ['backend/alembic/versions/0002.py', 'A', 1],
        ['backend/app/models/assignment.py', 'M', 2],
      ],
    );
    assert.deepEqual(
      report.commits.map((c) => c.subject),
      ['core: touch model again', 'core: add version'],
    );
    assert.equal(report.handoffsNeeded.length, 1);
    const md = renderDomainReport(report);
    const lines = md.split('\n');
    const seedLines = lines
      .filter((l) => /^- (Files modified|Commits made|Handoffs needed|Test results|Status):/.test(l))
      .map((l) => l.split(':')[0]);
    assert.deepEqual(
      seedLines,
      ['- Files modified', '- Commits made', '- Handoffs needed', '- Status'],
      'the seed order',
    );
    assert.match(md, /^# Report: CORE \(T1 · Backend Core\)$/m);
    assert.match(md, /^- Handoffs needed: Yes, 1 open request$/m);
    assert.match(
      md,
      /^ {2}- For API: `backend\/app\/api\/routes\.py` — Return the \\`version\\` field \(Blocking: Yes\) — `HANDOFF_FROM_CORE\.md:6`$/m,
    );
    assert.match(md, /^- Status: Blocked — 1 open blocking request from CORE$/m);
    assert.match(md, /^Status rule: Blocked when/m);
    assert.match(md, new RegExp(`^ {2}- \`${commits[2].shortHash}\` core: add version$`, 'm'));
  });

  it('marks files and commits outside the territory', () => {
    const report = buildDomainReport({
      domain: API,
      range,
      commits: group('API'),
      uncommitted: [],
      handoffs: [],
      generatedAt: NOW,
    });
    assert.deepEqual(
      report.violations.map((v) => [v.path, v.owner]),
      [['backend/app/models/user.py', 'CORE']],
    );
    const md = renderDomainReport(report);
    assert.match(md, /`backend\/app\/models\/user\.py` — outside API's territory \(owner: CORE\)/);
    assert.match(md, /^- Handoffs needed: No$/m);
    assert.match(md, /## Details/);
  });

  it('TEST reports test results instead of handoffs: known and unknown', () => {
    assert.ok(isTestDomain(TEST));
    assert.ok(!isTestDomain(FE));
    const unknown = renderDomainReport(
      buildDomainReport({ domain: TEST, range, commits: group('TEST'), uncommitted: [], handoffs, generatedAt: NOW }),
    );
    assert.match(unknown, /^- Test results: not known — no run of the test task is recorded/m);
    assert.doesNotMatch(unknown, /Handoffs needed/);
    const run = { task: 'test', exitCode: 3, startedAt: '2025-01-10T11:00:00Z', endedAt: '2025-01-10T11:05:00Z' };
    const failed = buildDomainReport({
      domain: TEST,
      range,
      commits: group('TEST'),
      uncommitted: [],
      handoffs,
      testRun: run,
      generatedAt: NOW,
    });
    assert.deepEqual(
      { passed: failed.testResults?.passed, exitCode: failed.testResults?.exitCode, task: failed.testResults?.task },
      { passed: false, exitCode: 3, task: 'test' },
    );
    assert.match(
      renderDomainReport(failed),
      /^- Test results: failed \(exit code 3\) — task "test", 2025-01-10 11:05 UTC$/m,
    );
    assert.equal(describeTestRun({ ...run, exitCode: 0 }).text, 'passed — task "test", 2025-01-10 11:05 UTC');
  });

  it('nothing at all: none, No, Partial', () => {
    const md = renderDomainReport(
      buildDomainReport({ domain: SCHED, range, commits: [], uncommitted: [], handoffs: [], generatedAt: NOW }),
    );
    assert.match(md, /^- Files modified: none$/m);
    assert.match(md, /^- Commits made: none$/m);
    assert.match(md, /^- Status: Partial — no commit in the range$/m);
  });

  it('says when the range was capped', () => {
    const md = renderDomainReport(
      buildDomainReport({
        domain: FE,
        range: { ...range, capped: { loaded: 2000, total: 100000 } },
        commits: group('FE'),
        uncommitted: [],
        handoffs: [],
        generatedAt: NOW,
      }),
    );
    assert.match(md, /the newest 2000 of 100000 commits/);
  });
});

describe('merge report', () => {
  const clean: MergeOutcome = { state: 'clean', conflicts: [], messages: [], method: 'merge-tree' };
  const base = { range, grouping, handoffs, head: 'feature', base: 'main', testTask: 'test', generatedAt: NOW };

  it('commits by prefix, unattributed, violations, shared files, blocking handoffs', () => {
    const report = buildMergeReport({ ...base, merge: clean });
    assert.deepEqual(
      report.byDomain.map((g) => [g.domain, g.commits.length]),
      [
        ['CORE', 2],
        ['API', 1],
        ['FE', 1],
        ['TEST', 1],
      ],
    );
    assert.deepEqual(
      report.unattributed.map((c) => c.subject),
      ['Initial scaffold'],
    );
    assert.deepEqual(
      report.violations.map((v) => [v.domain, v.path, v.owner]),
      [['API', 'backend/app/models/user.py', 'CORE']],
    );
    assert.deepEqual(
      report.openBlockingHandoffs.map((h) => h.handoffFile),
      ['HANDOFF_FROM_CORE.md'],
    );
    assert.equal(report.ready, false);
    const md = renderMergeReport(report);
    assert.match(md, /^# Merge report: feature → main$/m);
    assert.match(md, /^### CORE — `core:` \(2\)$/m);
    assert.match(md, new RegExp(`^${commits[0].shortHash} api: adjust user model {3}\\(1 file outside API\\)$`, 'm'));
    assert.match(
      md,
      /^\*\*Clean\*\*: `feature` into `main` merges cleanly \(checked with `git merge-tree --write-tree`/m,
    );
    assert.match(md, /^## Open blocking handoffs \(1\)$/m);
    assert.match(md, /^- CORE → API: `backend\/app\/api\/routes\.py`/m);
    assert.match(md, /^Task `test` \(setting `territory\.testTask`\)/m);
  });

  it('files changed by two domains', () => {
    const g = groupCommits(
      [commit('core: a', ['backend/app/models/x.py']), commit('api: b', ['backend/app/models/x.py'])],
      SEED_MAP,
      resolver,
    );
    const report = buildMergeReport({ ...base, grouping: g, handoffs: [], merge: clean });
    assert.deepEqual(report.sharedFiles, [{ path: 'backend/app/models/x.py', domains: ['CORE', 'API'], commits: 2 }]);
    assert.match(renderMergeReport(report), /^- `backend\/app\/models\/x\.py` — CORE, API \(2 commits\)$/m);
  });

  it('conflicts, an unknown merge, and ready', () => {
    const conflicts = buildMergeReport({
      ...base,
      merge: {
        state: 'conflicts',
        conflicts: ['a b.py'],
        messages: ['CONFLICT (content): Merge conflict in a b.py'],
        method: 'merge-tree',
      },
    });
    assert.match(renderMergeReport(conflicts), /\*\*Conflicts\*\*: merging `feature` into `main` conflicts in 1 file/);
    const unknown = buildMergeReport({ ...base, merge: { state: 'unknown', reason: 'no base branch' } });
    assert.match(renderMergeReport(unknown), /^Not checked: no base branch\.$/m);
    const g = groupCommits([commit('core: a', ['backend/app/models/x.py'])], SEED_MAP, resolver);
    const ready = buildMergeReport({ ...base, grouping: g, handoffs: [], merge: clean, testTask: '' });
    assert.equal(ready.ready, true);
    assert.match(renderMergeReport(ready), /\*\*Ready to merge\*\*/);
    assert.match(renderMergeReport(ready), /No test task configured/);
  });
});

describe('report markdown helpers', () => {
  it('keeps text from git and handoffs inert', () => {
    assert.equal(code('a`b'), '``a`b``');
    assert.equal(code('`x'), '`` `x ``');
    assert.equal(plain('fix *all* [links](x) <b>\n#1'), 'fix \\*all\\* \\[links\\](x) \\<b\\> \\#1');
  });
});
