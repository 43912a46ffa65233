import { describeGitError, gitText } from './run';

export type ShowResult =
  | { readonly ok: true; readonly text: string; readonly exists: boolean }
  | { readonly ok: false; readonly reason: string };

/**
 * A file's content at a commit (`git cat-file blob <commit>:<path>`); `exists: false` with empty
 * text when the file is not in that commit (added or deleted by the commit being shown).
 * `path` is relative to the work-tree top.
 */
export async function showFileAt(top: string, commit: string, path: string): Promise<ShowResult> {
  if (!/^[0-9a-f]{4,64}$/i.test(commit) && !/^[0-9a-f]{4,64}\^$/i.test(commit))
    return { ok: false, reason: `"${commit}" is not a commit hash` };
  const object = `${commit}:${path}`;
  try {
    const kind = (await gitText(top, ['cat-file', '-t', object]).catch(() => '')).trim();
    if (kind !== 'blob') return { ok: true, text: '', exists: false };
    return { ok: true, text: await gitText(top, ['cat-file', 'blob', object]), exists: true };
  } catch (error) {
    return { ok: false, reason: describeGitError(error) };
  }
}

/** The first parent of a commit, or undefined for a root commit. */
export async function firstParent(top: string, commit: string): Promise<string | undefined> {
  try {
    const hash = (await gitText(top, ['rev-parse', '-q', '--verify', `${commit}^1^{commit}`])).trim();
    return hash === '' ? undefined : hash;
  } catch {
    return undefined;
  }
}
