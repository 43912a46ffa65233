import { describeGitError, gitText } from './run';

export interface CommitFile {
  /** `A`, `M`, `D`, `T` … (renames are split into a delete and an add). */
  readonly status: string;
  readonly path: string;
}

export interface CommitRecord {
  readonly hash: string;
  readonly shortHash: string;
  readonly author: string;
  /** Author date, ISO 8601. */
  readonly date: string;
  readonly parents: readonly string[];
  readonly subject: string;
  readonly files: readonly CommitFile[];
}

export type LogResult = { readonly ok: true; readonly commits: CommitRecord[] } | { readonly ok: false; readonly reason: string };

const FORMAT = '%x1e%H%x1f%h%x1f%an%x1f%aI%x1f%P%x1f%s';

/**
 * The commits of `range` (anything `git log` accepts: `main..HEAD`, `-n 200` style limits are
 * passed as `maxCount`) with their changed files, in one git call. Renames are reported as a delete
 * and an add, since moving a file out of a territory touches both places. Paths arrive NUL-separated.
 */
export async function readLog(root: string, range: string | undefined, options: { maxCount?: number; since?: string } = {}): Promise<LogResult> {
  const args = ['log', '-z', '--name-status', '--no-renames', '--no-color', `--format=${FORMAT}`];
  if (options.maxCount !== undefined) args.push(`--max-count=${options.maxCount}`);
  if (options.since !== undefined) args.push(`--since=${options.since}`);
  if (range !== undefined && range !== '') {
    if (range.startsWith('-')) return { ok: false, reason: `invalid range "${range}"` };
    args.push(range);
  }
  args.push('--');
  try {
    const output = await gitText(root, args);
    return { ok: true, commits: parseLog(output) };
  } catch (error) {
    return { ok: false, reason: describeGitError(error) };
  }
}

export function parseLog(output: string): CommitRecord[] {
  const commits: CommitRecord[] = [];
  for (const chunk of output.split('\x1e')) {
    if (chunk === '') continue;
    const headerEnd = chunk.indexOf('\0');
    const header = headerEnd === -1 ? chunk.replace(/\n+$/, '') : chunk.slice(0, headerEnd);
    const [hash, shortHash, author, date, parents, subject] = header.split('\x1f');
    const files: CommitFile[] = [];
    if (headerEnd !== -1) {
      const fields = chunk.slice(headerEnd + 1).replace(/^\n/, '').split('\0');
      for (let i = 0; i + 1 < fields.length; i += 2) {
        const status = fields[i].replace(/^\n/, '');
        if (status === '') break;
        files.push({ status: status[0], path: fields[i + 1] });
      }
    }
    commits.push({ hash, shortHash, author, date, parents: parents ? parents.split(' ') : [], subject: subject ?? '', files });
  }
  return commits;
}
