// The commit message rules: a known prefix, the domain's own prefix, and the configurable exemptions.
import { strict as assert } from 'node:assert';
import {
  checkSubject,
  EXEMPTIONS,
  messageSubject,
  parseExemptions,
  type Exemption,
} from '../../../../src/core/guard/messageRules';
import { SEED_MAP } from '../../../support/seedMap';

const domain = (id: string) => SEED_MAP.domains.find((d) => d.id === id);
const kinds = (subject: string, inForce?: string, exemptions: readonly Exemption[] = EXEMPTIONS, parents = 1) =>
  checkSubject(subject, SEED_MAP, inForce ? domain(inForce) : undefined, exemptions, parents).problems.map(
    (p) => p.kind,
  );

describe('guard: commit message rules', () => {
  it('a known prefix passes; any prefix of the map for the lead', () => {
    assert.deepEqual(kinds('core: add models'), []);
    assert.deepEqual(kinds('docs: readme'), []);
    assert.deepEqual(kinds('api(auth)!: drop v1'), []);
    const check = checkSubject('docs: guide', SEED_MAP, undefined, EXEMPTIONS);
    assert.equal(check.domain?.id, 'TEST');
    assert.equal(check.prefix, 'docs:');
  });

  it("one rule for case and spacing, the commitlint export's: the prefix as the map writes it, then one space", () => {
    for (const subject of [
      'Docs: guide',
      'CORE: x',
      'core:x',
      ' core: x',
      'core:',
      'core :x',
      'API(x)!: y',
      'sched(s)!:x',
      'core:  two spaces',
    ])
      assert.deepEqual(kinds(subject), ['no-prefix'], subject);
    for (const subject of ['api(x)!: y', 'api!: y', 'api(): y']) assert.deepEqual(kinds(subject), [], subject);
    for (const subject of ['revert "core: x"', 'FIXUP! core: x', 'Fixup! core: x'])
      assert.deepEqual(kinds(subject), ['no-prefix'], `${subject}: git writes its wrappers in one case`);
    assert.deepEqual(kinds('Revert "fixup! core: x"', undefined, ['revert']), [], 'the outermost wrapper decides');
  });

  it('no known prefix is refused, naming the prefixes to use', () => {
    const check = checkSubject('fix stuff', SEED_MAP, undefined, EXEMPTIONS);
    assert.deepEqual(
      check.problems.map((p) => p.kind),
      ['no-prefix'],
    );
    assert.match(check.problems[0].message, /use one of: core: api: sched: fe: test: docs:/);
    assert.deepEqual(kinds('coredump: analysis'), ['no-prefix']);
  });

  it("with a domain in force, only that domain's prefixes pass", () => {
    assert.deepEqual(kinds('core: x', 'CORE'), []);
    assert.deepEqual(kinds('test: x', 'TEST'), []);
    assert.deepEqual(kinds('docs: x', 'TEST'), []);
    const wrong = checkSubject('api: x', SEED_MAP, domain('CORE'), EXEMPTIONS);
    assert.deepEqual(
      wrong.problems.map((p) => p.kind),
      ['wrong-domain'],
    );
    assert.equal(wrong.problems[0].message, '"api:" is the prefix of API (T2); CORE commits use core:');
    assert.match(
      checkSubject('nothing', SEED_MAP, domain('CORE'), EXEMPTIONS).problems[0].message,
      /use one of: core:$/,
    );
  });

  it('merge commits (two parents) are exempt by default; a merge subject on one parent is not', () => {
    for (const subject of [
      "Merge branch 'feature'",
      'Merge pull request #12 from acme/api',
      "Merge remote-tracking branch 'origin/main'",
      "Merge tag 'v1'",
    ]) {
      const check = checkSubject(subject, SEED_MAP, domain('CORE'), EXEMPTIONS, 2);
      assert.equal(check.exempt, 'merge', subject);
      assert.deepEqual(check.problems, []);
      assert.deepEqual(kinds(subject, 'CORE'), ['no-prefix'], subject);
    }
    assert.equal(checkSubject('integrate the session', SEED_MAP, undefined, EXEMPTIONS, 2).exempt, 'merge');
    assert.deepEqual(kinds('Merge the branches by hand'), ['no-prefix'], "only git's own merge subjects");
  });

  it('Revert "…" and fixup!/squash!/amend! are exempt, yet keep the inner domain', () => {
    const revert = checkSubject('Revert "core: add models"', SEED_MAP, domain('CORE'), EXEMPTIONS);
    assert.equal(revert.exempt, 'revert');
    assert.equal(revert.domain?.id, 'CORE');
    assert.deepEqual(revert.problems, []);
    assert.deepEqual(kinds('Revert "Initial scaffold"'), [], 'an unprefixed revert is still exempt');
    for (const subject of ['fixup! core: add models', 'squash! core: x', 'amend! core: x'])
      assert.equal(checkSubject(subject, SEED_MAP, undefined, EXEMPTIONS).exempt, 'fixup', subject);
    // Reverting another domain's commit from CORE's terminal is still another domain's work.
    assert.deepEqual(kinds('Revert "api: add routes"', 'CORE'), ['wrong-domain']);
    assert.deepEqual(kinds('fixup! api: x', 'CORE'), ['wrong-domain']);
  });

  it('each exemption can be turned off', () => {
    assert.deepEqual(kinds("Merge branch 'x'", undefined, ['revert', 'fixup'], 2), ['no-prefix']);
    assert.deepEqual(
      kinds('whatever', undefined, ['revert', 'fixup'], 2),
      ['no-prefix'],
      'a real merge needs a prefix too',
    );
    assert.deepEqual(kinds('Revert "core: x"', undefined, ['merge', 'fixup']), ['no-prefix']);
    assert.deepEqual(kinds('fixup! core: x', undefined, ['merge']), ['no-prefix']);
    assert.deepEqual(kinds('fixup! core: x', undefined, []), ['no-prefix']);
    assert.deepEqual(kinds('core: x', undefined, []), []);
  });

  it('an empty message is reported (git aborts it anyway)', () => {
    assert.deepEqual(kinds('   '), ['empty']);
  });

  it('reads the subject as git records it: comments and the scissors line dropped', () => {
    assert.equal(messageSubject('# Please enter the commit message\n\ncore: models  \n\nbody\n'), 'core: models');
    assert.equal(
      messageSubject('  core: models\n'),
      '  core: models',
      'leading whitespace is recorded by git, so it stays',
    );
    assert.equal(messageSubject('; comment\ncore: x\n', ';'), 'core: x');
    assert.equal(messageSubject('#core\ncore: x\n'), 'core: x');
    assert.equal(messageSubject('# ------------------------ >8 ------------------------\ncore: x\n'), '');
    assert.equal(messageSubject('core: x\r\n\r\nbody'), 'core: x');
  });

  it('parses exemption lists', () => {
    assert.deepEqual(parseExemptions(['merge', ' Revert ', 'merge', '']), {
      exemptions: ['merge', 'revert'],
      unknown: [],
    });
    assert.deepEqual(parseExemptions(['cherry']), { exemptions: [], unknown: ['cherry'] });
  });
});
