import { strict as assert } from 'node:assert';
import { count as reportCount } from '../../../src/core/commits/markdown';
import { count, pluralOf } from '../../../src/core/plural';

describe('count and pluralOf (one plural helper for every message)', () => {
  it('says "1 violation", "2 violations", "0 violations": never "(s)"', () => {
    assert.equal(count(1, 'violation'), '1 violation');
    assert.equal(count(2, 'violation'), '2 violations');
    assert.equal(count(0, 'violation'), '0 violations');
    assert.equal(count(1, 'tool call'), '1 tool call');
    assert.equal(count(3, 'tool call'), '3 tool calls');
  });

  it('forms -es and -ies plurals, and takes an irregular one', () => {
    assert.equal(pluralOf('match'), 'matches');
    assert.equal(pluralOf('box'), 'boxes');
    assert.equal(pluralOf('dependency'), 'dependencies');
    assert.equal(pluralOf('day'), 'days', 'a vowel before y keeps it');
    assert.equal(count(2, 'person', 'people'), '2 people');
    assert.equal(count(1, 'person', 'people'), '1 person');
  });

  it('is what the reports count with (no second helper)', () => {
    assert.equal(reportCount(1, 'match'), '1 match');
    assert.equal(reportCount(2, 'match'), '2 matches', 'the reports used to say "2 matchs"');
  });
});
