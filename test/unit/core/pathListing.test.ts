import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { PathListing, sortedDifferences, sortPaths, sortPathsInSlices } from '../../../src/core/pathListing';

const pathArb = fc
  .array(fc.constantFrom('a', 'b', 'a b', 'é', 'z-1', '.x', '😀'), { minLength: 1, maxLength: 4 })
  .map((segments) => segments.join('/'));

/** Directories as the old listing computed them: every proper prefix ending before a `/`. */
function directoriesOf(files: Iterable<string>): Set<string> {
  const dirs = new Set<string>();
  for (const file of files)
    for (let i = file.indexOf('/'); i !== -1; i = file.indexOf('/', i + 1)) dirs.add(file.slice(0, i));
  return dirs;
}

describe('compact path listing', () => {
  it('answers has, isDirectory, within and someWithin as a Set of files and a Set of directories would', () => {
    fc.assert(
      fc.property(fc.array(pathArb), fc.array(fc.tuple(fc.boolean(), pathArb)), (initial, ops) => {
        const listing = new PathListing(sortPaths([...initial]));
        const files = new Set(initial);
        for (const [add, path] of ops)
          assert.equal(
            add ? listing.add(path) : listing.remove(path),
            add ? !files.has(path) && !!files.add(path) : files.delete(path),
          );
        assert.deepEqual([...listing], [...files].sort());
        assert.equal(listing.size, files.size);
        const dirs = directoriesOf(files);
        for (const [, path] of ops) {
          for (const probe of [path, path.slice(0, Math.max(0, path.lastIndexOf('/')))]) {
            if (probe === '') continue;
            assert.equal(listing.has(probe), files.has(probe), probe);
            assert.equal(listing.isDirectory(probe), dirs.has(probe), probe);
            assert.deepEqual(
              listing.within(probe),
              [...files].filter((f) => f === probe || f.startsWith(`${probe}/`)).sort(),
            );
            // someWithin: the first path under it that the test accepts, as a filter would find one.
            for (const name of ['a', 'b', 'a b']) {
              const test = (f: string) => f.endsWith(`/${name}`);
              assert.equal(
                listing.someWithin(probe, test),
                [...files].some((f) => f.startsWith(`${probe}/`) && test(f)),
                `${probe} ${name}`,
              );
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('stays equal to a sorted Set across block splits and emptied blocks (thousands of paths)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }),
        fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 4000 })), { maxLength: 3000 }),
        (initialCount, ops) => {
          const name = (n: number) => `d${n % 7}/f${String(n).padStart(5, '0')}`;
          const initial = Array.from({ length: initialCount }, (_, n) => name(n * 2));
          const listing = new PathListing(sortPaths([...initial]));
          const files = new Set(initial);
          for (const [add, n] of ops)
            assert.equal(
              add ? listing.add(name(n)) : listing.remove(name(n)),
              add ? !files.has(name(n)) && !!files.add(name(n)) : files.delete(name(n)),
            );
          const sorted = [...files].sort();
          assert.deepEqual([...listing], sorted);
          assert.deepEqual(listing.toArray(), sorted);
          assert.equal(listing.size, files.size);
          for (let d = 0; d < 8; d++) {
            assert.deepEqual(
              listing.within(`d${d}`),
              sorted.filter((f) => f.startsWith(`d${d}/`)),
            );
            assert.equal(
              listing.isDirectory(`d${d}`),
              sorted.some((f) => f.startsWith(`d${d}/`)),
            );
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('sorts in slices as in one go, giving the event loop a chance every few paths', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(pathArb, { maxLength: 200 }), fc.array(pathArb, { maxLength: 200 }), async (a, b) => {
        // Two sorted runs with repeats, as git ls-files prints them, or any order.
        for (const paths of [
          [...a.sort(), ...b.sort()],
          [...a, ...b],
        ]) {
          let pauses = 0;
          const sliced = await sortPathsInSlices([...paths], {
            due: () => true,
            pause: () => (pauses++, Promise.resolve()),
          });
          assert.deepEqual(sliced, sortPaths([...paths]));
          if (paths.length >= 64) assert.ok(pauses > 0);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('merges the two sorted runs git ls-files prints and drops repeated paths', () => {
    assert.deepEqual(sortPaths(['a/b', 'c', 'c', 'd/e', 'b', 'cc', 'z']), ['a/b', 'b', 'c', 'cc', 'd/e', 'z']);
    assert.deepEqual(sortPaths(['z', 'y', 'x']), ['x', 'y', 'z']);
  });

  it('keeps 100,000 paths in less heap than a Set of paths plus a Set of directories', function () {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) this.skip();
    const make = () =>
      Array.from({ length: 100_000 }, (_, i) => `backend/app/pkg${(i >> 3) % 50}/mod${(i >> 6) % 40}/file${i}.py`);
    const heapOf = (build: () => unknown): number => {
      gc!();
      const before = process.memoryUsage().heapUsed;
      const kept = build();
      gc!();
      const used = process.memoryUsage().heapUsed - before;
      assert.ok(kept);
      return used;
    };
    const listing = heapOf(() => new PathListing(sortPaths(make())));
    const sets = heapOf(() => {
      const files = make();
      return [new Set(files), directoriesOf(files)];
    });
    assert.ok(listing < sets * 0.9, `listing ${listing} bytes, sets ${sets} bytes`);
  });

  it('finds what a new listing added and removed, as set differences would', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(pathArb), fc.array(pathArb), async (before, after) => {
        const old = sortPaths([...before]);
        const fresh = sortPaths([...after]);
        const { added, removed } = await sortedDifferences(old, fresh, {
          due: () => true,
          pause: () => Promise.resolve(),
        });
        assert.deepEqual(
          added,
          fresh.filter((p) => !old.includes(p)),
        );
        assert.deepEqual(
          removed,
          old.filter((p) => !fresh.includes(p)),
        );
      }),
      { numRuns: 300 },
    );
  });
});
