// The two ends of phase 4 that change something: merging the session branch into the base with a
// merge commit (never a fast-forward, never a force), and pushing it for a pull request (`gh`
// when it is installed). Argument arrays only; branch names are checked by git first.
import { startProgram } from './door';
import { currentBranch } from './guard';
import { gitFailure, runGit } from './run';
import { branchExists, branchNameProblem } from './sessionBranch';

export type Done<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/**
 * Checks out `base` and merges `head` into it with `--no-ff` and `message`. On any failure the
 * merge is aborted and the branch that was checked out before is checked out again.
 */
export async function mergeNoFastForward(
  root: string,
  base: string,
  head: string,
  message: string,
): Promise<Done<{ commit: string; previous: string | undefined }>> {
  for (const name of [base, head]) {
    const problem = await branchNameProblem(root, name);
    if (problem) return { ok: false, reason: problem };
    if (!(await branchExists(root, name))) return { ok: false, reason: `there is no local branch ${name}` };
  }
  const previous = await currentBranch(root);
  if (previous !== base) {
    const checkout = await runGit(root, ['switch', '--no-guess', base]);
    if (checkout.code !== 0) return { ok: false, reason: gitFailure(checkout, `git switch ${base}`) };
  }
  // The full ref name: a branch called like an option or a remote's branch cannot be misread.
  const merge = await runGit(root, ['merge', '--no-ff', '--no-edit', '-m', message, `refs/heads/${head}`]);
  if (merge.code !== 0) {
    await runGit(root, ['merge', '--abort']);
    if (previous !== undefined && previous !== base) await runGit(root, ['switch', '--no-guess', previous]);
    return { ok: false, reason: gitFailure(merge, 'git merge --no-ff') };
  }
  const commit = (await runGit(root, ['rev-parse', 'HEAD'])).stdout.trim();
  return { ok: true, value: { commit, previous } };
}

/** The remote to push `branch` to: its upstream's, else `origin`, else the only remote. */
export async function remoteFor(root: string, branch: string): Promise<Done<string>> {
  const configured = await runGit(root, ['config', '--get', `branch.${branch}.remote`]);
  const remotes = (await runGit(root, ['remote'])).stdout
    .split('\n')
    .map((r) => r.trim())
    .filter((r) => r !== '');
  const upstream = configured.stdout.trim();
  if (upstream !== '' && remotes.includes(upstream)) return { ok: true, value: upstream };
  if (remotes.includes('origin')) return { ok: true, value: 'origin' };
  if (remotes.length === 1) return { ok: true, value: remotes[0] };
  return {
    ok: false,
    reason:
      remotes.length === 0
        ? 'the repository has no remote to push to (git remote add origin URL)'
        : `several remotes (${remotes.join(', ')}) and none is origin: set the branch's upstream first`,
  };
}

export async function remoteUrl(root: string, remote: string): Promise<string | undefined> {
  if (remote.startsWith('-')) return undefined;
  const run = await runGit(root, ['remote', 'get-url', remote]);
  return run.code === 0 ? run.stdout.trim() : undefined;
}

/** A plain push of the branch to the same name (never --force); sets the upstream. */
export async function pushBranch(root: string, remote: string, branch: string): Promise<Done<void>> {
  const problem = await branchNameProblem(root, branch);
  if (problem) return { ok: false, reason: problem };
  if (remote.startsWith('-')) return { ok: false, reason: `"${remote}" would read as an option` };
  const run = await runGit(root, ['push', '--set-upstream', remote, `refs/heads/${branch}:refs/heads/${branch}`]);
  return run.code === 0 ? { ok: true, value: undefined } : { ok: false, reason: gitFailure(run, 'git push') };
}

/** `gh pr create` with the title and the body (on standard input); the pull request's URL. */
export async function createPullRequestWithGh(
  root: string,
  gh: string,
  pr: { base: string; head: string; title: string; body: string },
): Promise<Done<string>> {
  const run = await startProgram(
    root,
    gh,
    ['pr', 'create', '--base', pr.base, '--head', pr.head, '--title', pr.title, '--body-file', '-'],
    { input: pr.body },
  );
  if (run.code !== 0)
    return {
      ok: false,
      reason: `gh pr create: ${(run.stderr || run.stdout).trim().split('\n')[0] || `exit ${run.code}`}`,
    };
  const url = run.stdout
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /^https?:\/\//.test(l));
  return { ok: true, value: url ?? run.stdout.trim() };
}
