import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { startGit } from './door';
import { describeGitError, gitFailure, gitText } from './run';
import { resolveCommit } from './range';

export type MergeMethod = 'merge-tree' | 'worktree';

export type MergeCheck =
  | {
      readonly ok: true;
      readonly clean: boolean;
      /** Paths (top-relative) that would conflict. */
      readonly conflicts: readonly string[];
      /** git's own conflict messages (`CONFLICT (content): Merge conflict in f`). */
      readonly messages: readonly string[];
      readonly method: MergeMethod;
      readonly base: string;
      readonly head: string;
      readonly baseHash: string;
      readonly headHash: string;
    }
  | { readonly ok: false; readonly reason: string };

/**
 * Whether `head` merges into `base` without conflicts, computed by git for real and without
 * touching the work tree, the index or any ref: `git merge-tree --write-tree` (git ≥ 2.38) writes
 * the merged tree into the object store only. Older git falls back to a merge in a temporary
 * linked worktree that is removed afterwards (`method: 'worktree'` forces that path).
 */
export async function checkMerge(top: string, base: string, head: string, method?: MergeMethod): Promise<MergeCheck> {
  const baseHash = await resolveCommit(top, base);
  if (!baseHash) return { ok: false, reason: `the base "${base}" names no commit` };
  const headHash = await resolveCommit(top, head);
  if (!headHash) return { ok: false, reason: `"${head}" names no commit` };
  const common = { base, head, baseHash, headHash };
  if (method !== 'worktree') {
    const result = await mergeTree(top, baseHash, headHash);
    if (result.ok) return { ok: true, ...result.value, method: 'merge-tree', ...common };
    if (method === 'merge-tree' || !result.unsupported) return { ok: false, reason: result.reason };
  }
  const fallback = await mergeInWorktree(top, baseHash, headHash);
  if (!fallback.ok) return fallback;
  return { ok: true, ...fallback.value, method: 'worktree', ...common };
}

type Outcome = { clean: boolean; conflicts: string[]; messages: string[] };

async function mergeTree(
  top: string,
  baseHash: string,
  headHash: string,
): Promise<{ ok: true; value: Outcome } | { ok: false; reason: string; unsupported: boolean }> {
  let output: string;
  try {
    // Exit 1 with the conflicts on stdout and nothing on stderr: gitText returns the output.
    output = await gitText(top, [
      'merge-tree',
      '--write-tree',
      '-z',
      '--name-only',
      '--allow-unrelated-histories',
      baseHash,
      headHash,
    ]);
  } catch (error) {
    const reason = describeGitError(error);
    return {
      ok: false,
      reason,
      unsupported: /usage: git merge-tree|unknown option|unrecognized/i.test(
        error instanceof Error ? error.message : String(error),
      ),
    };
  }
  return { ok: true, value: parseMergeTree(output) };
}

/**
 * `merge-tree --write-tree -z --name-only` output: the tree, then (on conflicts) the conflicted
 * paths, an empty field, and messages as `<n>\0<path>…\0<type>\0<message>\0`.
 */
export function parseMergeTree(output: string): Outcome {
  const fields = output.split('\0');
  const conflicts: string[] = [];
  let i = 1;
  for (; i < fields.length && fields[i] !== ''; i++) conflicts.push(fields[i]);
  const messages: string[] = [];
  for (i++; i < fields.length;) {
    const count = Number(fields[i]);
    if (!Number.isInteger(count) || count < 0) break;
    const message = fields[i + count + 2];
    if (message === undefined) break;
    const type = fields[i + count + 1];
    if (type.startsWith('CONFLICT')) messages.push(message.trim());
    i += count + 3;
  }
  return { clean: conflicts.length === 0, conflicts: [...new Set(conflicts)], messages };
}

/** The fallback: merge in a throw-away linked worktree, read the unmerged paths, remove it. */
async function mergeInWorktree(
  top: string,
  baseHash: string,
  headHash: string,
): Promise<{ ok: true; value: Outcome } | { ok: false; reason: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'territory-merge-'));
  let added = false;
  try {
    await gitText(top, ['worktree', 'add', '--detach', '--quiet', dir, baseHash]);
    added = true;
    // No commit is made, but some git versions want an identity for any merge.
    const identity = { config: ['user.name=Territory', 'user.email=territory@localhost'] };
    // A conflicted merge exits 1: its CONFLICT lines are the answer, on either stream.
    const merge = await startGit(
      dir,
      ['merge', '--no-commit', '--no-ff', '--allow-unrelated-histories', '--quiet', headHash],
      identity,
    );
    if (merge.code === -1) return { ok: false, reason: gitFailure(merge, 'git merge') };
    const unmerged = (await gitText(dir, ['diff', '--name-only', '--diff-filter=U', '-z'], identity))
      .split('\0')
      .filter((p) => p !== '');
    const messages = `${merge.stdout}\n${merge.stderr}`
      .split('\n')
      .filter((line) => line.startsWith('CONFLICT'))
      .map((line) => line.trim());
    return { ok: true, value: { clean: unmerged.length === 0, conflicts: unmerged, messages } };
  } catch (error) {
    return { ok: false, reason: describeGitError(error) };
  } finally {
    if (added) await gitText(top, ['worktree', 'remove', '--force', dir]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    if (added) await gitText(top, ['worktree', 'prune']).catch(() => undefined);
  }
}
