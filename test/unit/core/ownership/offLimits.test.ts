import * as assert from 'node:assert/strict';
import { describeOwner, explorerMark, isOffLimits, offLimitsReason } from '../../../../src/core/ownership/offLimits';
import type { Ownership } from '../../../../src/core/ownership/resolver';
import type { Domain } from '../../../../src/core/types';

const domain = (id: string, terminal: string, name = id): Domain =>
  ({ id, terminal, name, paths: [], prefixes: [`${id.toLowerCase()}:`] }) as unknown as Domain;
const CORE = domain('CORE', 'T1', 'Backend Core');
const API = domain('API', 'T2', 'Backend API');
const owned = (d: Domain): Ownership => ({ kind: 'owned', domain: d, pattern: 'x/' }) as unknown as Ownership;
const contested: Ownership = { kind: 'contested', domains: [CORE, API], patterns: ['a/', 'b/'] };
const unassigned: Ownership = { kind: 'unassigned' };
const outside: Ownership = { kind: 'outside' };

describe('the off-limits rule', () => {
  it('is the same table for every ownership, domain and policy', () => {
    const table: [Ownership, string | undefined, 'locked' | 'shared', boolean][] = [
      [owned(CORE), 'CORE', 'locked', false],
      [owned(API), 'CORE', 'locked', true],
      [owned(API), 'CORE', 'shared', true],
      [contested, 'CORE', 'locked', false],
      [contested, 'SCHED', 'shared', true],
      [unassigned, 'CORE', 'locked', true],
      [unassigned, 'CORE', 'shared', false],
      [outside, 'CORE', 'locked', false],
      [owned(API), undefined, 'locked', false],
      [unassigned, undefined, 'locked', false],
    ];
    for (const [ownership, id, policy, expected] of table) {
      assert.equal(isOffLimits(ownership, id, policy), expected, `${ownership.kind} for ${id} (${policy})`);
      assert.equal(offLimitsReason(ownership, id, policy) !== undefined, expected);
    }
  });

  it('names the owner the same way in the editor and the checks', () => {
    assert.equal(offLimitsReason(owned(API), 'CORE', 'locked'), 'Owned by API (T2) — read-only for CORE');
    assert.equal(offLimitsReason(unassigned, 'CORE', 'locked'), "Unassigned (the lead's) — read-only for CORE");
    assert.equal(describeOwner(owned(API)), 'API (T2, Backend API)');
    assert.equal(describeOwner(contested), 'contested (CORE, API)');
  });

  it('marks the Explorer from the same rule: off-limits files muted, own files plain, the lead sees owners', () => {
    assert.deepEqual(explorerMark(owned(API), 'CORE', 'locked', false), {
      badge: 'AP',
      tooltip: 'Owned by API (T2) — read-only for CORE',
      tone: 'offLimits',
    });
    assert.equal(
      explorerMark(owned(API), 'CORE', 'locked', false, 'terminal')?.badge,
      'T2',
      'territory.badge: terminal',
    );
    assert.equal(explorerMark(owned(CORE), 'CORE', 'locked', false), undefined);
    assert.equal(explorerMark(unassigned, 'CORE', 'shared', false)?.tone, undefined);
    assert.equal(
      explorerMark(unassigned, 'CORE', 'locked', true),
      undefined,
      'a folder holding CORE files is not off-limits as a whole',
    );
    assert.deepEqual(explorerMark(owned(API), undefined, 'locked', false), {
      badge: 'AP',
      tooltip: 'Owned by API (T2)',
      tone: undefined,
    });
    assert.equal(explorerMark(contested, 'CORE', 'locked', false)?.tone, 'warning');
  });
});
