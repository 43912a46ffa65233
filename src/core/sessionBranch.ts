// The seed's rule 4, "Push to the designated branch - All terminals push to the same branch": which
// branch that is, and what the hooks say to a domain terminal that is elsewhere. Pure: the reading
// of .territory/session.json and of git lives in src/git/sessionBranch.ts.
import { concreteBranch } from './guard/push';

/** The branch in force: Plan Session's, else the map's when it names a real branch, else none. */
export type DesignatedBranch =
  | { readonly branch: string; readonly source: 'session' | 'map' }
  | { readonly branch: undefined; readonly source: 'none'; readonly reason: string };

export function designatedBranch(sessionBranch: string | undefined, mapBranch: string | undefined): DesignatedBranch {
  const session = concreteBranch(sessionBranch);
  if (session !== undefined) return { branch: session, source: 'session' };
  const fromMap = concreteBranch(mapBranch);
  if (fromMap !== undefined) return { branch: fromMap, source: 'map' };
  const reason =
    mapBranch === undefined || mapBranch.trim() === ''
      ? 'no session branch is set (Plan Session, or "branch" in .territory/session.json) and the map names none'
      : `no session branch is set (Plan Session, or "branch" in .territory/session.json) and the map's branch "${mapBranch.trim()}" is a placeholder`;
  return { branch: undefined, source: 'none', reason };
}

/** Said once per repository when a domain terminal pushes and no branch is designated: nothing is limited. */
export function unlimitedNote(designated: DesignatedBranch): string | undefined {
  return designated.source === 'none'
    ? `note: ${designated.reason}: pushes from domain terminals are not limited to one branch (said once)`
    : undefined;
}

/** The pre-commit warning for a domain terminal committing on another branch; undefined when all is well. */
export function wrongBranchWarning(
  domainId: string,
  current: string | undefined,
  designated: DesignatedBranch,
): string | undefined {
  if (designated.branch === undefined || current === designated.branch) return undefined;
  const where = current === undefined ? 'a detached HEAD' : `branch ${current}`;
  return `warning: ${domainId} is committing on ${where}, but every terminal works on the designated branch ${designated.branch} (rule 4): git switch ${designated.branch}`;
}

/** A branch name Plan Session proposes: the map's real branch, else `claude/<goal in a few words>`. */
export function suggestBranchName(goal: string, mapBranch: string | undefined): string {
  const fromMap = concreteBranch(mapBranch);
  if (fromMap !== undefined) return fromMap;
  const words = goal
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '')
    .slice(0, 6);
  return `claude/${words.length > 0 ? words.join('-') : 'session'}`;
}
