// The faster reads of the CLI against real repositories: the listing in two parts (validate) answers
// exactly what the one-process listing answers, in the same order; the status read answers exactly
// what `git status --untracked-files=all` answers, at the top without a pathspec.
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { listRepositoryFiles, listRepositoryFilesInParts } from '../../../src/git/files';
import { parsePorcelain, readStatus } from '../../../src/git/status';
import { commitFiles, emptyRepo, git, write } from '../support/commits';

/** A repository with what a listing must get right: ignored and untracked files, odd names, a conflict. */
function busyRepo(): string {
  const root = emptyRepo('territory-listing-');
  commitFiles(root, 'base', {
    '.gitignore': '*.log\nbuild/\n',
    'README.md': '# x\n',
    'src/a.ts': 'a\n',
    'src/sub/b.ts': 'b\n',
    'src/conflict.txt': 'base\n',
    'docs/guide.md': 'g\n',
  });
  git(root, 'checkout', '-q', '-b', 'other');
  commitFiles(root, 'other', { 'src/conflict.txt': 'other\n' });
  git(root, 'checkout', '-q', 'main');
  commitFiles(root, 'main', { 'src/conflict.txt': 'main\n' });
  try {
    git(root, 'merge', '-q', 'other');
  } catch {
    // The conflict is the point: the index holds three stages of src/conflict.txt.
  }
  write(root, {
    'new.txt': 'n\n',
    'src/new dir/with space.ts': 's\n',
    'src/new dir/deeper/x.ts': 'x\n',
    'src/only-ignored/a.log': 'l\n',
    'build/out.js': 'o\n',
    'src/sub/c.ts': 'c\n',
    'src/line\nbreak.ts': 'z\n',
    'zz/ü.md': 'u\n',
    'app.log': 'l\n',
    'fresh/one/two/three.ts': '3\n',
    'fresh/one/ignored.log': 'l\n',
    'fresh/[glob]*?/x.ts': 'g\n',
    ':(top)odd/y.ts': 'y\n',
  });
  // Nested repositories: git lists each as one `dir/` entry, never its files.
  git(root, 'init', '-q', join(root, 'nested'));
  write(root, { 'nested/inner.txt': 'i\n', 'fresh/two/repo/f.txt': 'f\n' });
  git(root, 'init', '-q', join(root, 'fresh', 'two', 'repo'));
  return root;
}

describe('git listings for the CLI', function () {
  this.timeout(60_000);
  let root: string;
  before(() => (root = busyRepo()));
  after(() => rmSync(root, { recursive: true, force: true }));

  for (const folder of ['', 'src']) {
    it(`the listing in two parts, joined, is the one-process listing (${folder === '' ? 'top' : 'a subfolder'})`, async () => {
      const dir = join(root, folder);
      const whole = await listRepositoryFiles(dir);
      const parts = listRepositoryFilesInParts(dir);
      const [untracked, tracked] = await Promise.all([parts.untracked, parts.tracked]);
      assert.ok(whole.ok && untracked.ok && tracked.ok);
      assert.deepEqual([...untracked.files, ...tracked.files], whole.files);
      assert.ok(tracked.files.filter((f) => f.endsWith('conflict.txt')).length === 1, 'a conflicted path once');
      assert.ok(
        untracked.files.some((f) => f.includes('\n')),
        'a name with a line break survives',
      );
    });
  }

  it('status at the top answers as --untracked-files=all, folders git would fold listed file by file', async () => {
    const status = await readStatus(root);
    assert.ok(status.ok);
    const all = parsePorcelain(git(root, 'status', '--porcelain=v1', '-z', '--untracked-files=all'));
    assert.deepEqual(status, { ok: true, entries: all, prefix: '' });
    assert.ok(
      git(root, 'status', '--porcelain=v1', '-z', '--untracked-files=normal').includes('?? fresh/\0'),
      'a folder git folds by default',
    );
    for (const path of [
      'fresh/one/two/three.ts',
      'fresh/[glob]*?/x.ts',
      ':(top)odd/y.ts',
      'nested/',
      'fresh/two/repo/',
      'src/line\nbreak.ts',
    ]) {
      assert.ok(
        status.entries.some((e) => e.path === path),
        `${path} listed`,
      );
    }
    assert.ok(!status.entries.some((e) => e.path.endsWith('.log')), 'ignored files stay out');
  });

  it('status of a subfolder is unchanged: paths relative to it', async () => {
    const status = await readStatus(join(root, 'src'));
    assert.ok(status.ok);
    const all = parsePorcelain(
      git(join(root, 'src'), 'status', '--porcelain=v1', '-z', '--untracked-files=all', '--', '.'),
    ).map((e) => ({ ...e, path: e.path.replace(/^src\//, '') }));
    assert.deepEqual(status.entries, all);
  });

  it('status with 1,200 new folders answers as --untracked-files=all', async () => {
    const many = emptyRepo('territory-listing-many-');
    try {
      commitFiles(many, 'base', { 'README.md': '# x\n' });
      const files: Record<string, string> = {};
      for (let i = 0; i < 1200; i++) files[`d${String(i).padStart(4, '0')}/f.txt`] = 'x\n';
      write(many, files);
      const status = await readStatus(many);
      assert.ok(status.ok);
      assert.equal(status.entries.length, 1200);
      assert.deepEqual(
        status.entries,
        parsePorcelain(git(many, 'status', '--porcelain=v1', '-z', '--untracked-files=all')),
      );
    } finally {
      rmSync(many, { recursive: true, force: true });
    }
  });
});
