import { execFile } from 'node:child_process';

export interface GitRun {
  /** The exit code; -1 when git could not be started. */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * git with an argument array (never a shell line), for the guard's calls whose exit code is the
 * answer (`merge-base --is-ancestor`: 0 yes, 1 no, 128 unknown commit) or whose failure is expected
 * (`config --get` of an unset key). Inherits the environment, so inside a hook GIT_INDEX_FILE holds.
 */
export function runGit(cwd: string, args: readonly string[], input?: string): Promise<GitRun> {
  return new Promise((resolve) => {
    const child = execFile('git', [...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : -1;
      resolve({ code, stdout: stdout ?? '', stderr: stderr ?? (error?.message ?? '') });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** The first line of a failed run's stderr, for a one-line reason. */
export function gitFailure(run: GitRun, what: string): string {
  if (run.code === -1) return 'git is not installed or not on PATH';
  const line = run.stderr.split('\n').find((l) => l.trim() !== '')?.replace(/^(fatal|error): /, '') ?? `exit ${run.code}`;
  return `${what}: ${line}`;
}
