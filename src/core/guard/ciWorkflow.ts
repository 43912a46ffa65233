// The GitHub Actions job that keeps the protocol on the shared remote: every pull request's
// commits are checked against the map by the same `territory check --range` the hooks run.
// The workflow runs the copy of the CLI committed at VENDORED_CLI (one self-contained file), so
// CI needs no registry and runs the same version the team committed.

export const WORKFLOW_FILE = '.github/workflows/territory.yml';
export const VENDORED_CLI = '.territory/bin/territory.cjs';

/** The workflow's lines (they go inside the marked block; YAML comments use `#`). */
export function ciWorkflowLines(): string[] {
  return [
    'name: Territory',
    '',
    'on:',
    '  pull_request:',
    '',
    'permissions:',
    '  contents: read',
    '',
    'jobs:',
    '  territory:',
    '    name: Commits stay inside their domains',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '        with:',
    '          # The whole history, so both ends of the pull request\'s range are present.',
    '          fetch-depth: 0',
    '      - uses: actions/setup-node@v4',
    '        with:',
    '          node-version: 20',
    '      - name: territory check --range',
    '        # The shas come in through the environment, never pasted into the script.',
    '        env:',
    '          BASE_SHA: ${{ github.event.pull_request.base.sha }}',
    '          HEAD_SHA: ${{ github.event.pull_request.head.sha }}',
    `        run: node ${VENDORED_CLI} check --range "$BASE_SHA..$HEAD_SHA"`,
  ];
}
