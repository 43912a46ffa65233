// Subject → domain cases beyond test/unit/commits.test.ts: what terminals and people actually write.
import { strict as assert } from 'node:assert';
import { attributeSubject } from '../../../../src/core/commits/attribution';
import type { Domain } from '../../../../src/core/types';
import { SEED_MAP } from '../../../support/seedMap';

const domains = SEED_MAP.domains;
const at = (subject: string, parents = 1) => attributeSubject(subject, domains, parents);
const idOf = (subject: string, parents = 1) => at(subject, parents).domain?.id;

describe('commit subject → domain (more cases)', () => {
  it("one rule, the commitlint export's: the prefix in the map's case, then one space", () => {
    for (const subject of ['CORE: x', 'Core: x', 'cOrE:x', 'core:x', 'core:  two spaces', 'DOCS: x', 'Test: x'])
      assert.equal(idOf(subject), undefined, subject);
    assert.equal(idOf('core: x'), 'CORE');
  });

  it('leading whitespace is no prefix (git records it), trailing text is free', () => {
    assert.equal(idOf('  fe: a11y: labels'), undefined);
    assert.equal(idOf('fe: a11y: labels'), 'FE');
    assert.equal(idOf('sched: fix "core: …" wording'), 'SCHED');
  });

  it('the prefix as written in the map is reported, not the subject casing', () => {
    const a = at('docs: guide');
    assert.equal(a.prefix, 'docs:');
    assert.equal(a.kind, 'prefixed');
  });

  it('conventional-commit scopes and breaking marks', () => {
    assert.equal(idOf('api(auth): rate limit'), 'API');
    assert.equal(idOf('api(auth)!: drop v1'), 'API');
    assert.equal(idOf('API(Auth): upper'), undefined);
    assert.equal(idOf('apis(auth): not api'), undefined);
    assert.equal(idOf('api (auth): space before scope'), undefined);
  });

  it('a word that merely starts with a prefix is not a prefix', () => {
    assert.equal(idOf('coredump: analysis'), undefined);
    assert.equal(idOf('tests: plural'), undefined);
    assert.equal(idOf('feature: fe is not a prefix of feature'), undefined);
    assert.equal(idOf('core'), undefined);
    assert.equal(idOf(''), undefined);
  });

  it('reverts of reverts, fixups of reverts, squash! and amend!', () => {
    assert.deepEqual(pick(at('Revert "Revert "core: add version""')), ['CORE', 'revert']);
    // The outermost wrapper names the kind, as the commitlint export reads it.
    assert.deepEqual(pick(at('fixup! Revert "fe: cache"')), ['FE', 'fixup']);
    assert.deepEqual(pick(at('squash! test: e2e')), ['TEST', 'fixup']);
    assert.deepEqual(pick(at('amend! docs: api')), ['TEST', 'fixup']);
    assert.deepEqual(pick(at('revert "api: lower case revert"')), [undefined, 'unprefixed'], 'git writes "Revert"');
    // git's own format of a revert of an unprefixed commit stays unattributed.
    assert.deepEqual(pick(at('Revert "Initial scaffold"')), [undefined, 'unprefixed']);
  });

  it('merge commits: never by subject, whatever their form', () => {
    for (const subject of [
      "Merge branch 'feature' into main",
      'Merge pull request #12 from x/core',
      'core: merge by hand',
      'Merge remote-tracking branch',
    ]) {
      assert.deepEqual(pick(at(subject, 2)), [undefined, 'merge'], subject);
    }
    assert.deepEqual(pick(at('Merge three', 3)), [undefined, 'merge']);
    // A single-parent commit that only says "Merge" is just unprefixed.
    assert.deepEqual(pick(at("Merge branch 'x'")), [undefined, 'unprefixed']);
  });

  it('prefixes of any shape from a map: without colon, with a slash, unicode', () => {
    const custom: Domain[] = [
      { id: 'UI', terminal: 'T1', name: 'UI', paths: ['ui/'], prefixes: ['[ui]'], rules: [] },
      { id: 'DB', terminal: 'T2', name: 'DB', paths: ['db/'], prefixes: ['db/'], rules: [] },
      { id: 'DOC', terminal: 'T3', name: 'Doc', paths: ['doc/'], prefixes: ['📝'], rules: [] },
      { id: 'OPS', terminal: 'T4', name: 'Ops', paths: ['ops/'], prefixes: ['ops'], rules: [] },
    ];
    assert.equal(attributeSubject('[ui] button', custom).domain?.id, 'UI');
    assert.equal(attributeSubject('db/ migrate', custom).domain?.id, 'DB');
    assert.equal(attributeSubject('📝 readme', custom).domain?.id, 'DOC');
    assert.equal(attributeSubject('ops deploy', custom).domain?.id, 'OPS');
    assert.equal(attributeSubject('ops: deploy', custom).domain?.id, 'OPS');
    assert.equal(attributeSubject('opsec review', custom).domain?.id, undefined);
  });

  it('is fast enough for 100,000 subjects (compiled scope tests are cached)', () => {
    const started = Date.now();
    for (let i = 0; i < 100_000; i++) at(i % 2 === 0 ? `fe(x${i % 7}): y` : `unprefixed ${i}`);
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });
});

function pick(a: ReturnType<typeof attributeSubject>): [string | undefined, string] {
  return [a.domain?.id, a.kind];
}
