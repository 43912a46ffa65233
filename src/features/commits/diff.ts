import * as path from 'node:path';
import * as vscode from 'vscode';
import { showFileAt } from '../../git/show';

/**
 * Read-only documents of a file at a commit, served from git by Territory itself: the diff of a
 * commit's file works whether or not VS Code's git extension is enabled or has opened the
 * repository, and for any file name.
 */
export const COMMIT_FILE_SCHEME = 'territory-commit';

interface CommitFileQuery {
  /** Work-tree top. */
  readonly top: string;
  /** A commit hash, or `<hash>^` for its first parent. */
  readonly ref: string;
  /** Top-relative path. */
  readonly path: string;
}

export function commitFileUri(top: string, ref: string, topRelativePath: string): vscode.Uri {
  const query: CommitFileQuery = { top, ref, path: topRelativePath };
  // The path part gives the editor its title and language; the query says what to read.
  return vscode.Uri.from({ scheme: COMMIT_FILE_SCHEME, path: `/${topRelativePath}`, query: JSON.stringify(query) });
}

export class CommitFileProvider implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    let query: CommitFileQuery;
    try {
      query = JSON.parse(uri.query) as CommitFileQuery;
    } catch {
      throw new Error(`Territory: not a commit file address: ${uri.toString()}`);
    }
    const result = await showFileAt(query.top, query.ref, query.path);
    if (!result.ok) throw new Error(`Territory: cannot read ${query.path} at ${query.ref}: ${result.reason}`);
    return result.text;
  }
}

export interface CommitFileTarget {
  readonly top: string;
  readonly hash: string;
  readonly shortHash: string;
  /** Top-relative. */
  readonly path: string;
  /** `A`, `M`, `D` … */
  readonly status: string;
}

/** Opens "the file before ↔ after the commit" in a diff editor (first parent for merges). */
export async function openCommitFileDiff(target: CommitFileTarget): Promise<void> {
  // An added file reads as empty before (the parent, or a root commit's missing parent, lacks
  // it); a deleted one reads as empty after.
  const before = commitFileUri(target.top, `${target.hash}^`, target.path);
  const after = commitFileUri(target.top, target.hash, target.path);
  const name = path.posix.basename(target.path);
  const what =
    target.status === 'A' ? 'added' : target.status === 'D' ? 'deleted' : `${target.shortHash}^ ↔ ${target.shortHash}`;
  await vscode.commands.executeCommand('vscode.diff', before, after, `${name} (${target.shortHash}: ${what})`, {
    preview: true,
  });
}
