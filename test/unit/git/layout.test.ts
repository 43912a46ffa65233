import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { localConfigMayHaveFilters, worktreeLayout } from '../../../src/git/layout';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_DIR: undefined } as NodeJS.ProcessEnv,
  });
const CLEAN_ENV: NodeJS.ProcessEnv = { PATH: process.env.PATH };

describe('the work-tree layout read from the file system', () => {
  let root: string;
  before(() => {
    root = realpathSync(mkdtempSync(path.join(tmpdir(), 'territory-layout-')));
    mkdirSync(path.join(root, 'repo', 'sub', 'deeper'), { recursive: true });
    git(path.join(root, 'repo'), 'init', '-q', '-b', 'main');
    writeFileSync(path.join(root, 'repo', 'sub', 'deeper', 'f.txt'), 'x\n');
    git(path.join(root, 'repo'), 'add', '.');
    git(path.join(root, 'repo'), 'commit', '-q', '-m', 'init');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('answers what git rev-parse answers, at the top, below it, and through a link', () => {
    symlinkSync(path.join(root, 'repo', 'sub'), path.join(root, 'repo', 'link'));
    for (const folder of ['repo', 'repo/sub', 'repo/sub/deeper', 'repo/link']) {
      const dir = path.join(root, folder);
      const [prefix, gitDir] = git(dir, 'rev-parse', '--show-prefix', '--absolute-git-dir').split('\n');
      const layout = worktreeLayout(dir, CLEAN_ENV);
      assert.equal(layout?.prefix, prefix, folder);
      assert.equal(layout?.gitDir, gitDir, folder);
    }
  });

  it('leaves linked worktrees, submodules and git location variables to git', () => {
    git(path.join(root, 'repo'), 'worktree', 'add', '-q', path.join(root, 'wt'));
    assert.equal(worktreeLayout(path.join(root, 'wt'), CLEAN_ENV), undefined, 'a .git file');
    assert.equal(worktreeLayout(path.join(root, 'repo'), { ...CLEAN_ENV, GIT_DIR: '/elsewhere' }), undefined);
    assert.equal(worktreeLayout(path.join(root, 'repo'), { ...CLEAN_ENV, GIT_CEILING_DIRECTORIES: root }), undefined);
    assert.equal(worktreeLayout(tmpdir(), CLEAN_ENV)?.top, undefined, 'no repository');
  });

  it('says a repository config without filter or include sections needs no filter overrides', () => {
    const gitDir = path.join(root, 'repo', '.git');
    assert.equal(localConfigMayHaveFilters(gitDir), false);
    git(path.join(root, 'repo'), 'config', 'filter.lfs.clean', 'cat');
    assert.equal(localConfigMayHaveFilters(gitDir), true);
    git(path.join(root, 'repo'), 'config', '--unset', 'filter.lfs.clean');
    git(path.join(root, 'repo'), 'config', 'include.path', 'extra.cfg');
    assert.equal(localConfigMayHaveFilters(gitDir), true, 'an include could bring a filter in');
    assert.equal(localConfigMayHaveFilters(path.join(root, 'nowhere')), undefined);
  });
});
