// Which commits to look at: the choices the view's "Change Range" command and `territory commits
// --range` offer, and the validation every revision typed by a user passes before git sees it.

export type RangeChoice =
  /** The current branch since its merge-base with the base branch (else the last 200 commits). */
  | { readonly kind: 'default' }
  /** A branch's commits since its merge-base with the base branch. */
  | { readonly kind: 'branch'; readonly branch: string }
  /** HEAD's commits since a date (anything `git log --since` reads: `2025-01-31`, `2 weeks ago`). */
  | { readonly kind: 'since'; readonly date: string }
  /** All of HEAD's history (the view caps how many it loads). */
  | { readonly kind: 'all' }
  /** A revision range as typed: `main..HEAD`, `v1.2...HEAD`, `HEAD~20..`. */
  | { readonly kind: 'range'; readonly range: string };

/** Commits shown when there is no base branch to compare with. */
export const FALLBACK_COUNT = 200;

/**
 * What every view and the CLI say of a branch that was just made from the base branch (Plan Session
 * creates the session branch at main): it points at the base's commit, so none of the base's history
 * is the session's, there is nothing to merge, and nothing to finish.
 */
export const NO_SESSION_COMMITS = 'no session commits yet';

/** The one sentence for such a branch: `no session commits yet: claude/x is at main`. */
export function noSessionCommits(branch: string, base: string): string {
  return `${NO_SESSION_COMMITS}: ${branch} is at ${base}`;
}

/** Default cap of commits the view (and the CLI) load for one range. */
export const DEFAULT_MAX_COMMITS = 2000;

// A revision as users write them: names, hashes, `HEAD~2`, `main^`, `@{u}`, `origin/main`.
// No whitespace, no control characters, no `:` (that would name a file), and never a leading `-`,
// which git would read as an option.
const REVISION = /^(?!-)[A-Za-z0-9._/@{}~^+-]+$/;

/** Why `revision` is not acceptable, or undefined when it is. */
export function checkRevision(revision: string): string | undefined {
  if (revision === '') return 'a revision is empty';
  if (revision.length > 255) return 'a revision is longer than 255 characters';
  if (!REVISION.test(revision))
    return `"${revision}" is not a revision (letters, digits and . _ / @ { } ~ ^ + - only, not starting with -)`;
  if (revision.includes('..')) return `"${revision}" is not a single revision`;
  return undefined;
}

/** The two ends of `A..B` or `A...B` (an empty end means HEAD), or one revision. */
export function splitRange(
  range: string,
): { from: string | undefined; to: string; symmetric: boolean } | { single: string } {
  const match = /^(.*?)(\.{2,3})(.*)$/.exec(range);
  if (!match) return { single: range };
  const [, from, dots, to] = match;
  return { from: from || 'HEAD', to: to || 'HEAD', symmetric: dots === '...' };
}

/** The all-zero name git and CI give a commit that does not exist: a new branch's "before", a deleted one's "after". */
export const ZERO_COMMIT = /^(0{40}|0{64})$/;

/**
 * Why `range` cannot be a range to check, though git would read it: an empty end (`..B`, `A..`,
 * `..`), which git fills in with HEAD, so that CI handed an empty variable checks nothing and passes.
 */
export function emptyRangeEnd(range: string): string | undefined {
  const match = /^(.*?)(\.{2,3})(.*)$/.exec(range);
  if (!match || (match[1] !== '' && match[3] !== '')) return undefined;
  return `"${range}" has an empty end: give both commits, A..B (a push event has no pull-request SHAs: use the push's before and after)`;
}

/** Why `range` is not acceptable as a revision range, or undefined when it is. */
export function checkRange(range: string): string | undefined {
  const trimmed = range.trim();
  if (trimmed === '') return 'the range is empty';
  if (trimmed !== range) return 'the range has spaces around it';
  const parts = splitRange(range);
  if ('single' in parts) return checkRevision(parts.single);
  if (/\.{4,}/.test(range)) return `"${range}" is not a range (use A..B or A...B)`;
  return checkRevision(parts.from ?? 'HEAD') ?? checkRevision(parts.to);
}

/** Why `name` is not a usable branch name, or undefined (a stricter subset of git check-ref-format). */
export function checkBranchName(name: string): string | undefined {
  if (name === '') return 'the branch name is empty';
  if (!/^(?!-)(?!.*\.\.)(?!.*\/\/)(?!.*@\{)[A-Za-z0-9._/+-]+(?<![./])$/.test(name) || name.endsWith('.lock')) {
    return `"${name}" is not a valid branch name`;
  }
  return undefined;
}

/** Why `date` is not something to give `git log --since`, or undefined. */
export function checkSinceDate(date: string): string | undefined {
  if (date.trim() === '') return 'the date is empty';
  if (date.length > 64 || !/^(?!-)[\w .:,+/-]+$/.test(date))
    return `"${date}" is not a date (try 2025-01-31 or "2 weeks ago")`;
  return undefined;
}

/** Why a choice is invalid, before any git is run. */
export function checkChoice(choice: RangeChoice): string | undefined {
  switch (choice.kind) {
    case 'default':
    case 'all':
      return undefined;
    case 'branch':
      return checkRevision(choice.branch);
    case 'since':
      return checkSinceDate(choice.date);
    case 'range':
      return checkRange(choice.range);
  }
}

/** A short description of the choice, for pickers and logs. */
export function describeChoice(choice: RangeChoice): string {
  switch (choice.kind) {
    case 'default':
      return 'current branch since the base branch';
    case 'branch':
      return `branch ${choice.branch}`;
    case 'since':
      return `since ${choice.date}`;
    case 'all':
      return 'all commits';
    case 'range':
      return choice.range;
  }
}
