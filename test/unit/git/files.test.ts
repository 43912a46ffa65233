import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { listRepositoryPaths, listRepositoryPathsInTwo, type PathListingResult } from '../../../src/git/files';
import { sortPaths } from '../../../src/core/pathListing';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd, encoding: 'utf8' });

function write(root: string, file: string, text = 'x\n'): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

function sortedFiles(listing: PathListingResult): string[] {
  assert.ok(listing.ok, JSON.stringify(listing));
  return sortPaths([...listing.files]);
}

describe('the folder listing in two halves (tracked first, untracked after)', () => {
  let root: string;
  before(() => {
    root = realpathSync(mkdtempSync(path.join(tmpdir(), 'territory-files-')));
    git(root, 'init', '-q', '-b', 'main');
    write(root, '.gitignore', '*.log\nbuild/\n');
    for (const file of ['sub/a.py', 'sub/deeper/b.py', 'top.md', 'sub/kept.log', 'name with space.txt'])
      write(root, file);
    git(root, 'add', '-f', '.');
    git(root, 'commit', '-q', '-m', 'init');
    // Untracked, ignored, deleted but still in the index, and a path in a merge conflict.
    for (const file of ['sub/new.py', 'sub/deeper/new.md', 'fresh/c.py', 'sub/ignored.log', 'build/out.js'])
      write(root, file);
    rmSync(path.join(root, 'top.md'));
    git(root, 'checkout', '-q', '-b', 'other');
    write(root, 'sub/a.py', 'other\n');
    git(root, 'commit', '-q', '-am', 'other');
    git(root, 'checkout', '-q', 'main');
    write(root, 'sub/a.py', 'main\n');
    git(root, 'commit', '-q', '-am', 'main');
    try {
      git(root, 'merge', '-q', 'other');
    } catch {
      // The conflict is the point: sub/a.py is listed once per stage.
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  for (const folder of ['', 'sub']) {
    it(`together list what one listing lists, with the same layout${folder ? ' (a folder below the top)' : ''}`, async () => {
      const dir = path.join(root, folder);
      const whole = await listRepositoryPaths(dir);
      const { tracked, untracked } = listRepositoryPathsInTwo(dir);
      const [first, second] = await Promise.all([tracked, untracked]);
      assert.deepEqual(sortPaths([...sortedFiles(first), ...sortedFiles(second)]), sortedFiles(whole));
      assert.ok(whole.ok && first.ok && second.ok);
      for (const half of [first, second]) assert.deepEqual([half.prefix, half.gitDir], [whole.prefix, whole.gitDir]);
      assert.ok(
        sortedFiles(second).every((file) => !sortedFiles(first).includes(file)),
        'a file in both halves',
      );
      assert.ok(!sortedFiles(whole).some((file) => file.endsWith('ignored.log') || file.startsWith('build/')));
    });
  }

  it('answers a failure in each half outside a repository', async () => {
    const outside = realpathSync(mkdtempSync(path.join(tmpdir(), 'territory-files-none-')));
    try {
      const { tracked, untracked } = listRepositoryPathsInTwo(outside);
      assert.equal((await tracked).ok, false);
      assert.equal((await untracked).ok, false);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
