// The subject git records for a message file, as the commit-msg hook must judge it: git's
// core.commentChar=auto rule and its cleanup modes, checked against real git on a generated corpus.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { autoCommentChar, recordedSubject } from '../../../../src/core/guard/commitMessage';
import { git, tempDir, terminalEnv, write } from '../../support/guard';

/** A repository to commit messages in, inside a temporary folder of its own. */
function scratchRepo(prefix: string): string {
  const dir = join(tempDir(prefix), 'repo');
  git(join(dir, '..'), 'init', '-q', '-b', 'main', dir);
  git(dir, 'config', 'user.name', 'T');
  git(dir, 'config', 'user.email', 't@territory.invalid');
  return dir;
}

describe('guard: the subject git records', function () {
  this.timeout(60_000);

  it('core.commentChar=auto picks what git picks', () => {
    assert.equal(autoCommentChar('core: x\n'), '#');
    assert.equal(autoCommentChar('#core: x\n'), ';');
    assert.equal(autoCommentChar('core: x #1\n'), '#', 'a # inside a line starts no line');
    assert.equal(autoCommentChar('#a\n;b\n@c\n'), '!');
    assert.equal(autoCommentChar('#a\r;b\n'), '@');
    assert.equal(autoCommentChar([...'#;@!$%^&|:'].map((c) => `${c}x`).join('\n')), undefined);
  });

  it('matches real git for every first character, with and without an editor, for "#" and auto', () => {
    const dir = scratchRepo('territory-msg-');
    try {
      const firsts = ['#', ';', '@', '!', ' ', 'c'];
      for (const setting of ['', 'auto']) {
        if (setting === '') spawnSync('git', ['config', '--unset', 'core.commentChar'], { cwd: dir });
        else git(dir, 'config', 'core.commentChar', setting);
        for (const first of firsts) {
          for (const editing of [false, true]) {
            const started = Date.now();
            const message = `${first}api: one\n\ncore: two\n`;
            write(dir, { MSG: message, f: `${setting}${first}${editing}\n` });
            git(dir, 'add', 'f');
            const args = ['commit', '-q', '--allow-empty', '-F', 'MSG', ...(editing ? ['-e'] : [])];
            const run = spawnSync('git', args, {
              cwd: dir,
              env: terminalEnv({ GIT_EDITOR: 'true' }),
              encoding: 'utf8',
            });
            assert.equal(run.status, 0, run.stderr);
            const recorded = git(dir, 'log', '-1', '--format=%s').replace(/\n$/, '');
            const judged = recordedSubject(message, { commentSetting: setting, cleanup: '', editing });
            assert.equal(
              judged,
              recorded,
              `core.commentChar=${setting || 'unset'} first=${JSON.stringify(first)} editing=${editing}`,
            );
            assert.ok(Date.now() - started < 5_000);
          }
        }
      }
    } finally {
      rmSync(join(dir, '..'), { recursive: true, force: true });
    }
  });

  it('a line of whitespace git does not know (NBSP, U+2028, \\v, \\f, BOM) is the subject git records, not a blank line', () => {
    const dir = scratchRepo('territory-msg-blank-');
    try {
      // git's cleanup trims and skips only space, tab, CR and LF (its own isspace): the rest stays.
      for (const first of ['\u00a0', '\u2028', '\u000b', '\f', '\u3000', '\ufeff', ' \t\r', '\t']) {
        for (const editing of [false, true]) {
          const started = Date.now();
          const message = `${first}\ncore: two\n`;
          write(dir, { MSG: message });
          const args = [
            'commit',
            '-q',
            '--allow-empty',
            '--allow-empty-message',
            '-F',
            'MSG',
            ...(editing ? ['-e'] : []),
          ];
          const run = spawnSync('git', args, { cwd: dir, env: terminalEnv({ GIT_EDITOR: 'true' }), encoding: 'utf8' });
          assert.equal(run.status, 0, run.stderr);
          const recorded = git(dir, 'log', '-1', '--format=%B').split('\n')[0];
          const judged = recordedSubject(message, { commentSetting: '', cleanup: '', editing });
          assert.equal(judged, recorded, `first line ${JSON.stringify(first)} editing=${editing}`);
          assert.ok(Date.now() - started < 5_000);
        }
      }
    } finally {
      rmSync(join(dir, '..'), { recursive: true, force: true });
    }
  });
});
