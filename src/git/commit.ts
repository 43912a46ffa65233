import { describeGitError, gitText } from './run';

export interface CommitPathsInput {
  /** Paths relative to the work-tree top, `/`-separated: exactly what the commit may contain. */
  readonly paths: readonly string[];
  /** Of those, the untracked ones: they are recorded with intent-to-add first, so git knows them. */
  readonly untracked: readonly string[];
  readonly message: string;
}

export type CommitPathsResult =
  | { readonly ok: true; readonly hash: string; readonly shortHash: string; readonly files: string[] }
  | { readonly ok: false; readonly reason: string };

/**
 * Commits the working-tree state of `paths` and nothing else: `git commit --only -- <paths>`,
 * which builds the commit from HEAD plus those paths and leaves every other entry of the index
 * (other terminals' staged changes) and of the work tree exactly as it was. Paths are literal
 * (`--literal-pathspecs`: `*`, `[`, `:` in names are not patterns) and always follow `--`, so
 * names with spaces, unicode or a leading dash survive. Returns the files the commit changed.
 */
export async function commitPaths(top: string, input: CommitPathsInput): Promise<CommitPathsResult> {
  if (input.paths.length === 0) return { ok: false, reason: 'nothing to commit' };
  if (input.message.trim() === '') return { ok: false, reason: 'the commit message is empty' };
  const literal = ['--literal-pathspecs'];
  let intentAdded = false;
  try {
    if (input.untracked.length > 0) {
      await gitText(top, [...literal, 'add', '--intent-to-add', '--', ...input.untracked]);
      intentAdded = true;
    }
    await gitText(top, [
      ...literal,
      'commit',
      '--only',
      '--quiet',
      '--no-edit',
      `--message=${input.message}`,
      '--',
      ...input.paths,
    ]);
  } catch (error) {
    // Put untracked files back as they were: an intent-to-add entry would show up as a staged add.
    if (intentAdded)
      await gitText(top, [...literal, 'rm', '--cached', '--quiet', '--ignore-unmatch', '--', ...input.untracked]).catch(
        () => undefined,
      );
    return { ok: false, reason: describeCommitError(error) };
  }
  try {
    const hash = (await gitText(top, ['rev-parse', 'HEAD'])).trim();
    const files = await filesOfCommit(top, hash);
    return { ok: true, hash, shortHash: hash.slice(0, 7), files };
  } catch (error) {
    return { ok: false, reason: `committed, but reading the commit failed: ${describeGitError(error)}` };
  }
}

/** The paths a commit changed against its first parent (all its files for a root commit), top-relative. */
export async function filesOfCommit(top: string, hash: string): Promise<string[]> {
  const output = await gitText(top, [
    'diff-tree',
    '--no-commit-id',
    '--name-only',
    '-r',
    '-z',
    '--root',
    '--no-renames',
    hash,
    '--',
  ]);
  return output.split('\0').filter((p) => p !== '');
}

function describeCommitError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/ENOENT|spawn git/i.test(message)) return 'git is not installed or not on PATH';
  if (/index\.lock/.test(message))
    return 'another git process holds the index (index.lock exists): try again in a moment';
  if (/partial commit during a merge/i.test(message)) return 'a merge is in progress: a partial commit is not possible';
  if (/unmerged files|unresolved conflict/i.test(message)) return 'the index has unresolved conflicts';
  if (/Please tell me who you are|user\.email/i.test(message))
    return 'git does not know who you are: set user.name and user.email';
  // Hook output and git's own reasons can run over several lines: keep the first few.
  return message
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .slice(0, 4)
    .join(' — ');
}
