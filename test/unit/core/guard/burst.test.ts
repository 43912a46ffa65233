import { strict as assert } from 'node:assert';
import { BurstGate } from '../../../../src/core/guard/burst';

describe('agent guard: one notification per burst', () => {
  it('announces the first block of a burst only, and again after a quiet gap', () => {
    const gate = new BurstGate(30_000);
    const seen = [0, 1_000, 20_000, 45_000, 74_000, 104_001, 104_500].map((t) => gate.note(t));
    // 45 s and 74 s are each less than 30 s after the block before: still the first burst.
    assert.deepEqual(seen, [true, false, false, false, false, true, false]);
  });
});
