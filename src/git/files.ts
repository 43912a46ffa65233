import { describeGitError, gitText } from './run';

export type FileListing = { readonly ok: true; readonly files: string[]; readonly source: 'git' } | { readonly ok: false; readonly reason: string };

/**
 * Every file git knows in the folder: tracked plus untracked-but-not-ignored, as relative
 * paths with `/`. Paths arrive NUL-separated so names with spaces, quotes or newlines survive.
 */
export async function listRepositoryFiles(root: string): Promise<FileListing> {
  try {
    // Two git processes side by side: the listing and where the folder sits in the work tree.
    const [output, prefixLine] = await Promise.all([
      gitText(root, ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--full-name', '--', '.']),
      gitText(root, ['rev-parse', '--show-prefix']),
    ]);
    const prefix = prefixLine.trim();
    const files = output
      .split('\0')
      .filter((f) => f !== '')
      .map((f) => (prefix !== '' && f.startsWith(prefix) ? f.slice(prefix.length) : f));
    return { ok: true, files: [...new Set(files)], source: 'git' };
  } catch (error) {
    return { ok: false, reason: describeGitError(error) };
  }
}
