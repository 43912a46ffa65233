import { strict as assert } from 'node:assert';
import { attributeSubject, violationsOf } from '../../../../src/core/commits/attribution';
import { OwnershipResolver } from '../../../../src/core/ownership/resolver';
import { parseLog } from '../../../../src/git/log';
import { SEED_MAP } from '../../../support/seedMap';

const domains = SEED_MAP.domains;
const idOf = (subject: string, parents = 1) => attributeSubject(subject, domains, parents).domain?.id;

describe('commit subject → domain', () => {
  it('reads the seed prefixes as the map writes them, followed by one space', () => {
    assert.equal(idOf('core: add version field'), 'CORE');
    assert.equal(idOf('API: rate limiting'), undefined);
    assert.equal(idOf('sched:tighten solver'), undefined);
  });
  it('a domain with several prefixes', () => {
    assert.equal(idOf('test: e2e for 409'), 'TEST');
    assert.equal(idOf('docs: update API docs'), 'TEST');
  });
  it('conventional-commit scopes', () => assert.equal(idOf('fe(ui): conflict dialog'), 'FE'));
  it('reverts and fixups belong to the domain of the commit they undo', () => {
    const revert = attributeSubject('Revert "core: add version field"', domains);
    assert.equal(revert.domain?.id, 'CORE');
    assert.equal(revert.kind, 'revert');
    assert.equal(idOf('Revert "Revert "api: x""'), 'API');
    assert.equal(attributeSubject('fixup! fe: cache', domains).kind, 'fixup');
  });
  it('merge commits and unprefixed subjects are unattributed', () => {
    assert.equal(attributeSubject('Merge branch main', domains, 2).kind, 'merge');
    assert.equal(attributeSubject('core: looks prefixed but is a merge', domains, 2).domain, undefined);
    assert.equal(attributeSubject('Initial scaffold', domains).kind, 'unprefixed');
    assert.equal(idOf('corel: not a prefix'), undefined);
    assert.equal(idOf('docsite: not docs'), undefined);
  });
  it('the longest prefix wins', () => {
    const map = [
      { ...domains[3], prefixes: ['fe'] },
      { ...domains[0], id: 'FEAT', prefixes: ['feat:'] },
    ];
    assert.equal(attributeSubject('feat: x', map).domain?.id, 'FEAT');
    assert.equal(attributeSubject('fe: x', map).domain?.id, 'FE');
  });
});

describe('violations', () => {
  const resolver = OwnershipResolver.compile(SEED_MAP);
  it('files outside the commit domain, with their owner', () => {
    const files = [
      'backend/app/models/a.py',
      'backend/app/api/routes.py',
      'Makefile',
      'HANDOFF_FROM_CORE.md',
      'README.md',
    ];
    assert.deepEqual(violationsOf(domains[0], files, resolver), [
      { path: 'backend/app/api/routes.py', owner: 'API' },
      { path: 'Makefile', owner: 'unassigned' },
      { path: 'README.md', owner: 'TEST' },
    ]);
    assert.deepEqual(violationsOf(domains[0], ['Makefile'], resolver, 'shared'), []);
  });
});

describe('git log parsing', () => {
  const A = 'a'.repeat(40);
  const B = 'b'.repeat(40);
  const C = 'c'.repeat(40);
  it('reads NUL-separated fields and files, names with spaces included', () => {
    const output =
      `${A}\0a1\0Ada\x1e\x1f\x002026-11-23T20:40:53+00:00\0${B}\0api: two\x1e${C}\x1fMerge\0\nD\0a\0A\0b\0M\0d/sp ace.txt\0` +
      `${B}\0b1\0Ada\x002026-11-23T20:40:53+00:00\0\0core: one\0\nA\0a\0`;
    const commits = parseLog(output)!;
    assert.equal(commits.length, 2);
    assert.deepEqual(commits[0].files, [
      { status: 'D', path: 'a' },
      { status: 'A', path: 'b' },
      { status: 'M', path: 'd/sp ace.txt' },
    ]);
    assert.equal(commits[0].author, 'Ada\x1e\x1f');
    assert.equal(commits[0].subject, `api: two\x1e${C}\x1fMerge`);
    assert.deepEqual(commits[1].parents, []);
    assert.equal(commits[1].subject, 'core: one');
  });
  it('a commit without files, and output of another shape is refused', () => {
    const commits = parseLog(`${C}\0c1\0Bo\x002026-01-01T00:00:00Z\0${A} ${B}\0Merge branch x\0`)!;
    assert.deepEqual(commits[0].files, []);
    assert.deepEqual(commits[0].parents, [A, B]);
    assert.equal(commits[0].subject, 'Merge branch x');
    assert.equal(parseLog('ccc\0c1\0Bo\0date\0\0x\0'), undefined);
  });
});
