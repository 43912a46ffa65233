// `territory check --pre-push`: the seed's "Never force push", and no deleting the branch every
// terminal pushes to. git hands the pre-push hook one line per ref to update on stdin.

export interface RefUpdate {
  readonly localRef: string;
  readonly localSha: string;
  readonly remoteRef: string;
  readonly remoteSha: string;
}

export type UpdateKind = 'create' | 'delete' | 'update';

const ZERO = /^0+$/;

/** The `<local ref> <local sha> <remote ref> <remote sha>` lines of pre-push's stdin; malformed lines are skipped. */
export function parsePushInput(text: string): RefUpdate[] {
  const updates: RefUpdate[] = [];
  for (const line of text.split(/\r?\n/)) {
    const fields = line.trim().split(/\s+/);
    const [localRef, localSha, remoteRef, remoteSha] = fields;
    if (fields.length !== 4 || !localRef || !localSha || !remoteRef || !remoteSha) continue;
    if (!/^[0-9a-f]{4,64}$/i.test(localSha) || !/^[0-9a-f]{4,64}$/i.test(remoteSha)) continue;
    updates.push({ localRef, localSha, remoteRef, remoteSha });
  }
  return updates;
}

export function updateKind(update: RefUpdate): UpdateKind {
  if (ZERO.test(update.localSha)) return 'delete';
  if (ZERO.test(update.remoteSha)) return 'create';
  return 'update';
}

/** `refs/heads/main` → `main`; other refs (tags, notes) → undefined. */
export function branchOf(ref: string): string | undefined {
  return ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
}

/** A branch name as the map writes it, if it is one: `claude/[session-branch-name]` is a placeholder, not a branch. */
export function concreteBranch(name: string | undefined): string | undefined {
  const trimmed = name?.trim();
  if (!trimmed || /[\s[\]*?{}<>]/.test(trimmed)) return undefined;
  return trimmed;
}

/**
 * The branches a push may not delete: the map's `branch` when it names a real branch, the branch
 * checked out here (the terminals share it), the configured base branch, and main/master.
 */
export function sharedBranches(
  mapBranch: string | undefined,
  current: string | undefined,
  base: string | undefined,
): string[] {
  const names = [concreteBranch(mapBranch), current, concreteBranch(base)?.replace(/^origin\//, ''), 'main', 'master'];
  return [...new Set(names.filter((n): n is string => n !== undefined && n !== ''))];
}

export interface PushProblem {
  readonly ref: string;
  readonly kind: 'force' | 'delete' | 'branch';
  readonly message: string;
}

/**
 * The refused updates. `isAncestor(remoteSha, localSha)` answers whether the update fast-forwards:
 * false also when the remote commit is unknown here, since then the local one cannot contain it.
 */
export async function pushProblems(
  updates: readonly RefUpdate[],
  shared: readonly string[],
  isAncestor: (ancestor: string, descendant: string) => Promise<boolean>,
): Promise<PushProblem[]> {
  const problems: PushProblem[] = [];
  for (const update of updates) {
    const kind = updateKind(update);
    const branch = branchOf(update.remoteRef);
    if (kind === 'delete') {
      if (branch !== undefined && shared.includes(branch)) {
        problems.push({
          ref: update.remoteRef,
          kind: 'delete',
          message: `refusing to delete the shared branch ${branch}: every terminal pushes to it`,
        });
      }
    } else if (kind === 'update' && !(await isAncestor(update.remoteSha, update.localSha))) {
      problems.push({
        ref: update.remoteRef,
        kind: 'force',
        message: `refusing a force push to ${update.remoteRef}: ${update.localSha.slice(0, 7)} does not contain the remote's ${update.remoteSha.slice(0, 7)} (never force push: pull, merge or rebase onto it, then push)`,
      });
    }
  }
  return problems;
}

/**
 * Rule 4 for a domain terminal: every ref it pushes must be the designated branch. Anything else
 * (main, a branch of its own, a tag, deleting another branch) is refused with the branch to use.
 * The lead (no domain in force) is not limited, and neither is anyone when no branch is designated.
 */
export function branchRuleProblems(
  updates: readonly RefUpdate[],
  designated: string | undefined,
  domainId: string | undefined,
): PushProblem[] {
  if (designated === undefined || domainId === undefined) return [];
  const problems: PushProblem[] = [];
  for (const update of updates) {
    if (branchOf(update.remoteRef) === designated) continue;
    const what = updateKind(update) === 'delete' ? `deleting ${update.remoteRef}` : `a push to ${update.remoteRef}`;
    problems.push({
      ref: update.remoteRef,
      kind: 'branch',
      message: `refusing ${what} from domain ${domainId}: every terminal pushes to the designated branch ${designated} (rule 4); push there instead (git push <remote> HEAD:${designated})`,
    });
  }
  return problems;
}
