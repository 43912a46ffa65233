import type { CommitFile, CommitRecord } from '../core/commits/grouping';
import type { GitFailure } from './door';
import { gitFailureOf, gitText } from './run';

// One type with the core's: grouping and the checks take what the log reads.
export type { CommitFile, CommitRecord };

export type LogResult = { readonly ok: true; readonly commits: CommitRecord[] } | GitFailure;

// Fields separated by NUL, the one byte no commit text can hold (git's formats stop a message at
// its first NUL), so a subject or author full of \x1e, \x1f or newlines stays one field. With -z
// each commit ends with a NUL too, and --name-status adds its `status\0path\0` pairs after it.
const FIELDS = ['%H', '%h', '%an', '%aI', '%P', '%s'];
const FORMAT = FIELDS.join('%x00');

/**
 * The commits of `range` (anything `git log` accepts: `main..HEAD`, `-n 200` style limits are
 * passed as `maxCount`) with their changed files, in one git call. Renames are reported as a delete
 * and an add, since moving a file out of a territory touches both places. Every field arrives
 * NUL-terminated and is read by position, never by searching for a separator a message could hold.
 */
export async function readLog(
  root: string,
  range: string | undefined,
  options: { maxCount?: number; since?: string } = {},
): Promise<LogResult> {
  const args = ['log', '-z', '--name-status', '--no-renames', '--no-color', `--format=${FORMAT}`];
  if (options.maxCount !== undefined) args.push(`--max-count=${options.maxCount}`);
  if (options.since !== undefined) args.push(`--since=${options.since}`);
  if (range !== undefined && range !== '') {
    if (range.startsWith('-')) return { ok: false, reason: `invalid range "${range}"` };
    args.push(range);
  }
  args.push('--');
  let output: string;
  try {
    output = await gitText(root, args);
  } catch (error) {
    return gitFailureOf(error);
  }
  const commits = parseLog(output);
  return commits === undefined
    ? { ok: false, reason: 'git log printed something Territory cannot read as commits' }
    : { ok: true, commits };
}

/**
 * Only the hashes of `range`'s commits (the same selection as readLog with the same options): no
 * diff is made, so git answers a ref change in milliseconds, and the commits view reads the files
 * of the new commits alone (readCommits).
 */
export async function readLogHashes(
  root: string,
  range: string,
  options: { maxCount?: number; since?: string } = {},
): Promise<{ readonly ok: true; readonly hashes: string[] } | { readonly ok: false; readonly reason: string }> {
  if (range === '' || range.startsWith('-')) return { ok: false, reason: `invalid range "${range}"` };
  const args = ['log', '--format=%H'];
  if (options.maxCount !== undefined) args.push(`--max-count=${options.maxCount}`);
  if (options.since !== undefined) args.push(`--since=${options.since}`);
  args.push(range, '--');
  try {
    const hashes = (await gitText(root, args)).split('\n').filter((line) => line !== '');
    return hashes.every((hash) => HASH.test(hash))
      ? { ok: true, hashes }
      : { ok: false, reason: 'git log printed something Territory cannot read as commit hashes' };
  } catch (error) {
    return gitFailureOf(error);
  }
}

/** The commits named by `hashes`, each with its files as readLog reads them, in the order given. */
export async function readCommits(root: string, hashes: readonly string[]): Promise<LogResult> {
  if (hashes.length === 0) return { ok: true, commits: [] };
  if (!hashes.every((hash) => HASH.test(hash))) return { ok: false, reason: 'not a commit hash' };
  let output: string;
  try {
    // The hashes on standard input: a few thousand would not fit every system's command line.
    output = await gitText(
      root,
      [
        'log',
        '-z',
        '--name-status',
        '--no-renames',
        '--no-color',
        `--format=${FORMAT}`,
        '--no-walk=unsorted',
        '--stdin',
      ],
      { input: hashes.join('\n') + '\n' },
    );
  } catch (error) {
    return gitFailureOf(error);
  }
  const commits = parseLog(output);
  return commits === undefined
    ? { ok: false, reason: 'git log printed something Territory cannot read as commits' }
    : { ok: true, commits };
}

const HASH = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
const PARENTS = /^([0-9a-f]{40}([0-9a-f]{24})?( |$))*$/;
/** A --name-status letter (with a score for copies); the first of a commit follows a newline. */
const STATUS = /^\n?[A-Z][0-9]{0,3}$/;

/**
 * Reads the output of readLog's git call; undefined when it does not have the expected shape (a
 * hash where a hash must be), so that an odd output is an error rather than a different history.
 */
export function parseLog(output: string): CommitRecord[] | undefined {
  const fields = output.split('\0');
  const commits: CommitRecord[] = [];
  let i = 0;
  // The output ends with a NUL, which leaves one empty field after the last commit.
  while (i < fields.length - 1) {
    if (i + FIELDS.length > fields.length) return undefined;
    const [hash, shortHash, author, date, parents, subject] = fields.slice(i, i + FIELDS.length);
    if (!HASH.test(hash) || !PARENTS.test(parents)) return undefined;
    i += FIELDS.length;
    const files: CommitFile[] = [];
    while (i + 1 < fields.length && STATUS.test(fields[i])) {
      files.push({ status: fields[i].replace(/^\n/, '')[0], path: fields[i + 1] });
      i += 2;
    }
    commits.push({ hash, shortHash, author, date, parents: parents === '' ? [] : parents.split(' '), subject, files });
  }
  return commits;
}
