// The faster reads of the CLI against real repositories: the listing in two parts (validate) answers
// exactly what the one-process listing answers, in the same order.
import { strict as assert } from 'node:assert';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { listRepositoryFiles, listRepositoryFilesInParts } from '../../../src/git/files';
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
  });
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
});
