// The last run of the configured test task, remembered in the repository's git directory (never in
// the work tree) so that the extension and `territory finish` / `territory report TEST` in a
// terminal both know it. Sealed with the user's test-run key (src/core/testRunSeal.ts): a record
// Territory did not write — hand-written, edited, copied from elsewhere — is refused, with why.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { TestRun } from '../core/commits/report';
import { readTestRunKey, sealHolds, sealTestRun, testRunKeyFile } from '../core/testRunSeal';
import type { RepoState } from './repoState';

const FILE = path.join('territory', 'last-test-run.json');

/** The places a key must stay out of: the work tree and the git directories. */
export type TestRunRepository = Pick<RepoState, 'top' | 'gitDir' | 'commonDir'>;

/** A record read: its run when Territory sealed it, else why it is refused. Undefined: no record. */
export type TestRunRecord =
  { readonly run: TestRun; readonly refused?: undefined } | { readonly run?: undefined; readonly refused: string };

export function testRunFile(gitDir: string): string {
  return path.join(gitDir, FILE);
}

/** What finish says of a record it cannot trust. */
export const NOT_TERRITORYS = 'the test record was not written by Territory for this commit; run the test task';

export async function readTestRecord(
  repo: TestRunRepository,
  keyFile: string | undefined = testRunKeyFile(),
): Promise<TestRunRecord | undefined> {
  let text: string;
  try {
    text = await readFile(testRunFile(repo.gitDir), 'utf8');
  } catch {
    return undefined;
  }
  const refused = (why: string): TestRunRecord => ({ refused: `${NOT_TERRITORYS} (${why})` });
  let data: Partial<TestRun> & { seal?: unknown };
  try {
    data = JSON.parse(text) as typeof data;
  } catch {
    return refused(`${testRunFile(repo.gitDir)} is not valid JSON`);
  }
  if (
    typeof data !== 'object' ||
    data === null ||
    typeof data.task !== 'string' ||
    typeof data.endedAt !== 'string' ||
    typeof data.startedAt !== 'string'
  ) {
    return refused(`${testRunFile(repo.gitDir)} lacks the task or its times`);
  }
  const run: TestRun = {
    task: data.task,
    exitCode: typeof data.exitCode === 'number' ? data.exitCode : undefined,
    startedAt: data.startedAt,
    endedAt: data.endedAt,
    ...(typeof data.head === 'string' && /^[0-9a-f]{40,64}$/.test(data.head) ? { head: data.head } : {}),
  };
  if (typeof data.seal !== 'string') return refused('it carries no seal');
  const key = readTestRunKey(keyFile, { create: false, repository: places(repo) });
  if (!key.ok) return refused(key.reason);
  // Every field of the file must be the one sealed: a head the reader drops (not a hash) is a change too.
  if (data.head !== run.head || data.exitCode !== run.exitCode || !sealHolds(run, data.seal, key.key))
    return refused('its seal does not match its content');
  return { run };
}

/** The last run, when Territory recorded it (a record it cannot trust counts as none). */
export async function readTestRun(repo: TestRunRepository, keyFile?: string): Promise<TestRun | undefined> {
  return (await readTestRecord(repo, keyFile))?.run;
}

/** Seals and records `run`; creates the key on first use. Throws when the key is refused (why, in the message). */
export async function writeTestRun(
  repo: TestRunRepository,
  run: TestRun,
  keyFile: string | undefined = testRunKeyFile(),
): Promise<void> {
  const key = readTestRunKey(keyFile, { create: true, repository: places(repo) });
  if (!key.ok) throw new Error(key.reason);
  const file = testRunFile(repo.gitDir);
  await mkdir(path.dirname(file), { recursive: true });
  // Written whole, then renamed: a reader never sees half a file. The temporary file is created
  // anew (O_EXCL): a link planted under its name is removed, never written through.
  const temporary = `${file}.${process.pid}.tmp`;
  await rm(temporary, { force: true });
  await writeFile(temporary, JSON.stringify({ ...run, seal: sealTestRun(run, key.key) }, null, 2) + '\n', {
    encoding: 'utf8',
    flag: 'wx',
  });
  await rename(temporary, file);
}

function places(repo: TestRunRepository): string[] {
  return [...new Set([repo.top, repo.gitDir, repo.commonDir])];
}
