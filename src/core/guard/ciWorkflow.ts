// The GitHub Actions job that keeps the protocol on the shared remote: every commit that reaches
// GitHub — through a pull request, a merge queue, or pushed straight to the shared branch as the
// seed's protocol has every terminal do — is checked against the map by `territory check --range`.
//
// The job judges with the rules in force before the change (DESIGN §7): it runs the CLI copy
// committed at the range's base (`git show BASE:.territory/bin/territory.cjs`), never the head's,
// and the CLI judges with the map as it is at the base; a change that brings its own checker or
// widens the map is judged by the old ones. A base without a committed checker fails the job:
// a change cannot introduce the checker that judges it.
//
// GitHub facts relied on (docs.github.com, "Events that trigger workflows" and "Security hardening
// for GitHub Actions"): `push` carries `before`/`after` (`before` is forty zeros for a new branch,
// `after` for a deleted one), `pull_request` carries `pull_request.base.sha`/`head.sha`,
// `merge_group` carries `merge_group.base_sha`/`head_sha`; `${{ }}` expressions are substituted
// into a `run:` script's text before the shell reads it, so event data reaches the script only
// through `env:`; third-party actions are pinned by full commit SHA.

export const WORKFLOW_FILE = '.github/workflows/territory.yml';
export const VENDORED_CLI = '.territory/bin/territory.cjs';

/** Actions pinned by the commit their release tag points at (looked up in the actions' repositories). */
export const PINNED_ACTIONS = {
  checkout: { uses: 'actions/checkout@11d5960a326750d5838078e36cf38b85af677262', version: 'v4.4.0' },
  setupNode: { uses: 'actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020', version: 'v4.4.0' },
} as const;

export interface WorkflowShape {
  /** The map's folder relative to the repository root (`packages/app`), `` at the root. */
  readonly folder: string;
  /** The shared branch from the map, when it is a plain branch name; else every pushed branch is checked. */
  readonly branch?: string;
}

/** A branch name GitHub's `branches:` filter reads literally (its filters are globs: `*`, `?`, `[`, `!`, `+`). */
function literalBranch(branch: string | undefined): string | undefined {
  if (branch === undefined) return undefined;
  const name = branch.trim();
  return /^[A-Za-z0-9._/-]+$/.test(name) && !name.startsWith('/') && !name.endsWith('/') ? name : undefined;
}

/** A YAML plain scalar is safe for these characters only; anything else is single-quoted. */
function yamlString(text: string): string {
  return /^[A-Za-z0-9._/-]+$/.test(text) ? text : `'${text.replace(/'/g, "''")}'`;
}

/** The workflow's lines (they go inside the marked block; YAML comments use `#`). */
export function ciWorkflowLines(shape: WorkflowShape = { folder: '' }): string[] {
  const folder = shape.folder.replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
  const cliPath = folder === '' ? VENDORED_CLI : `${folder}/${VENDORED_CLI}`;
  const branch = literalBranch(shape.branch);
  const zeros = '0000000000000000000000000000000000000000';
  return [
    'name: Territory',
    '',
    'on:',
    '  pull_request:',
    '  merge_group:',
    ...(branch !== undefined
      ? [
          '  # The protocol has every terminal push to the shared branch, often with no pull request.',
          '  push:',
          '    branches:',
          `      - ${yamlString(branch)}`,
        ]
      : ['  # The map names no plain shared branch: every pushed branch is checked.', '  push:']),
    '',
    'permissions:',
    '  contents: read',
    '',
    'jobs:',
    '  territory:',
    '    name: Commits stay inside their domains',
    '    runs-on: ubuntu-latest',
    '    steps:',
    `      - uses: ${PINNED_ACTIONS.checkout.uses} # ${PINNED_ACTIONS.checkout.version}`,
    '        with:',
    '          # The whole history, so both ends of the range and the base branch are present.',
    '          fetch-depth: 0',
    '          persist-credentials: false',
    `      - uses: ${PINNED_ACTIONS.setupNode.uses} # ${PINNED_ACTIONS.setupNode.version}`,
    '        with:',
    '          node-version: 20',
    '      - name: territory check --range, with the checker and the map of the base',
    ...(folder !== '' ? [`        working-directory: ${yamlString(folder)}`] : []),
    '        # Event data comes in through the environment, never pasted into the script.',
    '        env:',
    '          EVENT: ${{ github.event_name }}',
    '          PR_BASE: ${{ github.event.pull_request.base.sha }}',
    '          PR_HEAD: ${{ github.event.pull_request.head.sha }}',
    '          QUEUE_BASE: ${{ github.event.merge_group.base_sha }}',
    '          QUEUE_HEAD: ${{ github.event.merge_group.head_sha }}',
    '          PUSH_BEFORE: ${{ github.event.before }}',
    '          PUSH_AFTER: ${{ github.event.after }}',
    '          DEFAULT_BRANCH: ${{ github.event.repository.default_branch }}',
    `          CHECKER: ${yamlString(cliPath)}`,
    '        run: |',
    '          set -eu',
    '          case "$EVENT" in',
    '            pull_request) BASE="$PR_BASE"; HEAD="$PR_HEAD" ;;',
    '            merge_group) BASE="$QUEUE_BASE"; HEAD="$QUEUE_HEAD" ;;',
    '            push) BASE="$PUSH_BEFORE"; HEAD="$PUSH_AFTER" ;;',
    '            *) echo "territory: no commit range for a $EVENT event" >&2; exit 2 ;;',
    '          esac',
    `          ZEROS=${zeros}`,
    '          if [ "$HEAD" = "$ZEROS" ]; then echo "territory: the branch was deleted; nothing to check"; exit 0; fi',
    '          BASE_OPTION=""',
    '          AT="$BASE"',
    '          if [ "$BASE" = "$ZEROS" ]; then',
    '            # A new branch: its commits not yet on the default branch, judged as of their fork point.',
    '            AT=$(git merge-base "origin/$DEFAULT_BRANCH" "$HEAD") || { echo "::error::territory: $HEAD shares no history with origin/$DEFAULT_BRANCH" >&2; exit 1; }',
    '            BASE_OPTION="--base=origin/$DEFAULT_BRANCH"',
    '          fi',
    '          # The checker as committed at the base: a change cannot replace the program that judges it.',
    '          if ! git cat-file -e "$AT:$CHECKER" 2>/dev/null; then',
    '            echo "::error::territory: $AT has no $CHECKER; commit the checker (territory ci-workflow) to the base branch first: a change cannot bring the checker that judges it" >&2',
    '            exit 1',
    '          fi',
    '          git show "$AT:$CHECKER" > "$RUNNER_TEMP/territory.cjs"',
    '          node "$RUNNER_TEMP/territory.cjs" check --range "$BASE..$HEAD" $BASE_OPTION',
  ];
}
