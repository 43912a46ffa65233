import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** git in `cwd`, isolated from the machine's configuration; returns stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_AUTHOR_DATE: '2025-01-06T09:00:00Z',
      GIT_COMMITTER_DATE: '2025-01-06T09:00:00Z',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** An empty repository on branch `main` with an identity. */
export function emptyRepo(prefix = 'territory-git-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Test');
  git(dir, 'config', 'user.email', 'test@territory.invalid');
  git(dir, 'config', 'commit.gpgsign', 'false');
  return dir;
}

export function write(root: string, files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), content);
  }
}

/** Writes the files and commits them all. */
export function commitFiles(root: string, subject: string, files: Record<string, string>): string {
  write(root, files);
  git(root, 'add', '-A', '--', ...Object.keys(files));
  git(root, 'commit', '-q', '--no-verify', '-m', subject);
  return git(root, 'rev-parse', 'HEAD').trim();
}

/** `n` commits made at once with git fast-import (one file each), on top of HEAD of `branch`. */
export function fastImportCommits(
  root: string,
  n: number,
  subject: (i: number) => string,
  path: (i: number) => string,
  branch = 'main',
): void {
  const hasHead = (() => {
    try {
      git(root, 'rev-parse', '-q', '--verify', `refs/heads/${branch}`);
      return true;
    } catch {
      return false;
    }
  })();
  const chunks: string[] = [];
  for (let i = 0; i < n; i++) {
    const content = `line ${i}\n`;
    const message = subject(i);
    chunks.push(
      `commit refs/heads/${branch}\ncommitter Test <test@territory.invalid> ${1736150400 + i} +0000\n` +
        `data ${Buffer.byteLength(message)}\n${message}\n` +
        (i === 0 && hasHead ? `from refs/heads/${branch}^0\n` : '') +
        `M 100644 inline ${path(i)}\ndata ${Buffer.byteLength(content)}\n${content}\n`,
    );
  }
  execFileSync('git', ['fast-import', '--quiet'], {
    cwd: root,
    input: chunks.join(''),
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
  git(root, 'reset', '-q', '--hard', branch);
}
