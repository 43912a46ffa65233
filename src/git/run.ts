import { RESTRICTED_MODE_REASON, startGit, type GitFailure, type GitOptions, type ProcessRun } from './door';

export type GitRun = ProcessRun;

/**
 * git whose exit code is the answer (`merge-base --is-ancestor`: 0 yes, 1 no, 128 unknown commit)
 * or whose failure is expected (`config --get` of an unset key). Never throws.
 */
export function runGit(cwd: string, args: readonly string[], input?: string): Promise<GitRun> {
  return startGit(cwd, args, { input });
}

/** A git call that failed: git's stderr (or why it did not start) as the message. */
export class GitError extends Error {
  constructor(
    message: string,
    readonly run: GitRun,
  ) {
    super(message);
    this.name = 'GitError';
  }
}

/** The door refused to start git: the workspace is not trusted (Restricted Mode). */
export class RestrictedModeError extends GitError {
  constructor(run: GitRun) {
    super(RESTRICTED_MODE_REASON, run);
    this.name = 'RestrictedModeError';
  }
}

/**
 * git's standard output. Rejects with a GitError when git could not start (or was refused), or
 * when it failed and said why on stderr; a silent non-zero exit (`symbolic-ref -q` on a detached
 * HEAD, `merge-tree` with conflicts) still answers with its output.
 */
export async function gitText(cwd: string, args: readonly string[], options?: GitOptions): Promise<string> {
  const run = await startGit(cwd, args, options);
  if (run.refused) throw new RestrictedModeError(run);
  if (run.code === -1) throw new GitError(`spawn git: ${run.stderr}`, run);
  if (run.code !== 0 && run.stderr.trim() !== '') throw new GitError(run.stderr, run);
  return run.stdout;
}

/** The first line of a failed run's stderr, for a one-line reason. */
export function gitFailure(run: GitRun, what: string): string {
  if (run.refused) return RESTRICTED_MODE_REASON;
  if (run.code === -1) return 'git is not installed or not on PATH';
  const line =
    run.stderr
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.replace(/^(fatal|error): /, '') ?? `exit ${run.code}`;
  return `${what}: ${line}`;
}

/** One line saying why a git call failed; the Restricted Mode reason is kept as it is, for the views. */
export function describeGitError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof RestrictedModeError) return message;
  if (/ENOENT|spawn git/i.test(message)) return 'git is not installed or not on PATH';
  if (/not a git repository/i.test(message)) return 'not a git repository';
  return message.split('\n')[0];
}

/** A failed read as a result: describeGitError's reason, and Restricted Mode as a code (`restricted`). */
export function gitFailureOf(error: unknown): GitFailure {
  const reason = describeGitError(error);
  return error instanceof RestrictedModeError ? { ok: false, reason, restricted: true } : { ok: false, reason };
}

/** `gitFailure` for a run whose failure a caller returns as a result. */
export function runFailure(run: GitRun, what: string): GitFailure {
  const reason = gitFailure(run, what);
  return run.refused ? { ok: false, reason, restricted: true } : { ok: false, reason };
}
