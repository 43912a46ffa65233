// The last run of the configured test task, remembered in the repository's git directory (never in
// the work tree) so that the extension and `territory report TEST` in a terminal both know it.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { TestRun } from '../core/commits/report';

const FILE = path.join('territory', 'last-test-run.json');

export function testRunFile(gitDir: string): string {
  return path.join(gitDir, FILE);
}

export async function readTestRun(gitDir: string): Promise<TestRun | undefined> {
  try {
    const data = JSON.parse(await readFile(testRunFile(gitDir), 'utf8')) as Partial<TestRun>;
    if (typeof data.task !== 'string' || typeof data.endedAt !== 'string' || typeof data.startedAt !== 'string') return undefined;
    return {
      task: data.task,
      exitCode: typeof data.exitCode === 'number' ? data.exitCode : undefined,
      startedAt: data.startedAt,
      endedAt: data.endedAt,
      ...(typeof data.head === 'string' && /^[0-9a-f]{40,64}$/.test(data.head) ? { head: data.head } : {}),
    };
  } catch {
    return undefined;
  }
}

export async function writeTestRun(gitDir: string, run: TestRun): Promise<void> {
  const file = testRunFile(gitDir);
  await mkdir(path.dirname(file), { recursive: true });
  // Written whole, then renamed: a reader never sees half a file.
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(run, null, 2) + '\n', 'utf8');
  await rename(temporary, file);
}
