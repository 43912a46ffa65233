// Issue 12, "guardrails that cannot be walked through", for the git hooks: what a branch commits
// never runs as the checker, hooks chained from a hook manager (husky v9) still run, and a hook
// the user edited after Territory wrote it is never overwritten or deleted. Real git throughout.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hookScript } from '../../../src/core/guard/hookScript';
import { hooksContextValue, readHooksStatus } from '../../../src/git/hooks';
import { cli, git, gitRun, plant, seedRepo, terminalEnv, write } from '../support/guard';
import { REPO_ROOT } from '../../support/repoRoot';

const CORE = { TERRITORY_DOMAIN: 'CORE' };

describe("guard: a branch's own files never run as the checker (real git)", function () {
  this.timeout(60_000);
  let root: string;

  beforeEach(async () => {
    root = await seedRepo('territory-trust-');
    const installed = await cli('hooks', 'install', '--cwd', root);
    assert.equal(installed.code, 0, installed.err);
  });
  afterEach(() => rmSync(join(root, '..'), { recursive: true, force: true }));

  /** A CORE commit of an API file, which the real checker refuses. */
  function coreCommitOfApiFile() {
    write(root, { 'backend/app/api/routes.py': 'routes = 1\n' });
    git(root, 'add', 'backend/app/api/routes.py');
    return gitRun(root, ['commit', '-q', '-m', 'core: sneak'], CORE);
  }

  it('a committed .territory/bin/territory.cjs is not executed by the hooks', () => {
    const marker = join(root, '..', 'fake-ran');
    plant(root, 'ci: vendored cli', {
      '.territory/bin/territory.cjs': `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran');\nprocess.exit(0);\n`,
    });
    const commit = coreCommitOfApiFile();
    assert.equal(existsSync(marker), false, "the branch's script ran");
    assert.notEqual(commit.status, 0, 'the API file got through');
    assert.match(commit.stderr, /backend\/app\/api\/routes\.py — owned by API/);
  });

  it('a committed node_modules/.bin/territory is not executed by the hooks', () => {
    const marker = join(root, '..', 'fake-ran');
    // Ignored, so never committed: what an `npm install` of the branch's package.json would put there.
    write(root, { 'node_modules/.bin/territory': `#!/bin/sh\necho ran > '${marker}'\nexit 0\n` });
    chmodSync(join(root, 'node_modules/.bin/territory'), 0o755);
    const commit = coreCommitOfApiFile();
    assert.equal(existsSync(marker), false, "the branch's script ran");
    assert.notEqual(commit.status, 0, 'the API file got through');
  });

  it('a repository copy recorded with hooks install --cli runs only while it is the recorded file', async () => {
    const bundle = git(root, 'config', '--get', 'territory.cli').trim();
    plant(root, 'ci: vendored cli', { '.territory/bin/territory.cjs': readFileSync(bundle, 'utf8') });
    const recorded = await cli('hooks', 'install', '--cwd', root, '--cli', '.territory/bin/territory.cjs');
    assert.equal(recorded.code, 0, recorded.err);
    assert.equal(git(root, 'config', '--get', 'territory.cli').trim(), join(root, '.territory/bin/territory.cjs'));
    const checked = coreCommitOfApiFile();
    assert.notEqual(checked.status, 0);
    assert.match(checked.stderr, /owned by API/, 'the recorded copy is the checker');
    git(root, 'reset', '-q', '--hard');

    // A checkout changes the recorded copy: a domain terminal is refused, with the reason.
    const marker = join(root, '..', 'fake-ran');
    plant(root, 'ci: another cli', {
      '.territory/bin/territory.cjs': `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran');\n`,
    });
    const refused = coreCommitOfApiFile();
    assert.equal(existsSync(marker), false, 'the changed copy ran');
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /pre-commit refused for domain CORE: .*territory\.cjs is not the file recorded/);
    // The reason names the command to run; the hook never runs it (format 2 did, from PATH, through backquotes).
    assert.match(
      refused.stderr,
      /is not the file recorded by `territory hooks install --cli` \(a checkout or an edit changed it\)/,
    );
    assert.doesNotMatch(refused.stderr, /territory: not found/);
  });

  it('TERRITORY_CLI and git config territory.cli come before PATH; a domain terminal without any CLI is refused', () => {
    const bin = join(root, '..', 'bin');
    const marker = join(root, '..', 'path-ran');
    write(bin, { territory: `#!/bin/sh\necho ran > '${marker}'\nexit 0\n` });
    chmodSync(join(bin, 'territory'), 0o755);
    const viaPath = { ...CORE, PATH: `${bin}:/usr/bin:/bin` };
    write(root, { 'backend/app/api/routes.py': 'routes = 2\n' });
    git(root, 'add', 'backend');
    const recordedWins = gitRun(root, ['commit', '-q', '-m', 'core: x'], viaPath);
    assert.notEqual(recordedWins.status, 0, recordedWins.stderr);
    assert.equal(existsSync(marker), false, 'PATH came before the recorded CLI');
    git(root, 'config', '--unset', 'territory.cli');
    const noCli = gitRun(root, ['commit', '-q', '-m', 'core: x'], CORE);
    assert.equal(noCli.status, 1);
    assert.match(noCli.stderr, /pre-commit refused for domain CORE: the territory CLI was not found/);
  });
});

describe('guard: hooks chained from husky v9 (real husky, real git)', function () {
  this.timeout(60_000);
  let root: string;
  // husky's package exports only its index: its bin.js lies beside it.
  const husky = join(dirname(require.resolve('husky')), 'bin.js');

  beforeEach(async () => {
    root = await seedRepo('territory-husky-');
    write(root, { 'package.json': '{ "name": "husky-user", "private": true }\n' });
    plant(root, 'Add package.json', { 'package.json': '{ "name": "husky-user", "private": true }\n' });
    // `npx husky init`: core.hooksPath=.husky/_, husky's runner and one stub per hook there.
    const init = spawnSync(process.execPath, [husky, 'init'], { cwd: root, env: terminalEnv(), encoding: 'utf8' });
    assert.equal(init.status, 0, init.stderr);
    assert.equal(git(root, 'config', '--get', 'core.hooksPath').trim(), '.husky/_');
  });
  afterEach(() => rmSync(join(root, '..'), { recursive: true, force: true }));

  it('a blocking user hook still blocks after hooks install; an allowing one still runs, with its arguments', async () => {
    write(root, { '.husky/pre-commit': 'echo "my pre-commit says no" >&2\nexit 1\n' });
    write(root, { 'backend/app/models/a.py': 'a = 1\n' });
    git(root, 'add', 'backend');
    assert.notEqual(
      gitRun(root, ['commit', '-q', '-m', 'core: a'], CORE).status,
      0,
      'husky blocks before Territory is installed',
    );

    const install = await cli('hooks', 'install', '--cwd', root);
    assert.equal(install.code, 0, install.err);
    // husky's re-install rewrites .husky/_: Territory is a step at the top of .husky/<hook> instead (issue 25).
    assert.match(install.out, /pre-commit\s+territory — installed: a step of husky in \.husky\/pre-commit/);
    const blocked = gitRun(root, ['commit', '-q', '-m', 'core: a'], CORE);
    assert.notEqual(blocked.status, 0, "the user's husky hook no longer ran");
    assert.match(blocked.stderr, /my pre-commit says no/);

    const marker = join(root, '..', 'husky-ran');
    // The user's own lines change; Territory's step above them stays.
    const withStep = (file: string, user: string) =>
      readFileSync(join(root, file), 'utf8').replace(
        /(# <<< territory-step [a-z-]+\n)[^]*$/,
        (_, end: string) => end + user,
      );
    write(root, {
      '.husky/pre-commit': withStep('.husky/pre-commit', `echo pre-commit >> '${marker}'\n`),
      '.husky/commit-msg': withStep('.husky/commit-msg', `echo "commit-msg $(head -n1 "$1")" >> '${marker}'\n`),
    });
    const allowed = gitRun(root, ['commit', '-q', '-m', 'core: a'], CORE);
    assert.equal(allowed.status, 0, allowed.stderr);
    assert.equal(readFileSync(marker, 'utf8'), 'pre-commit\ncommit-msg core: a\n');

    // Territory's own check still runs after the user's hooks.
    write(root, { 'backend/app/api/routes.py': 'routes = 1\n' });
    git(root, 'add', 'backend');
    const refused = gitRun(root, ['commit', '-q', '-m', 'core: b'], CORE);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /owned by API/);

    const uninstall = await cli('hooks', 'uninstall', '--cwd', root);
    assert.equal(uninstall.code, 0, uninstall.err);
    assert.equal(
      readFileSync(join(root, '.husky/_/pre-commit'), 'utf8'),
      '#!/usr/bin/env sh\n. "$(dirname "$0")/h"',
      "husky's stub is as it was",
    );
    assert.equal(
      readFileSync(join(root, '.husky/pre-commit'), 'utf8'),
      `echo pre-commit >> '${marker}'\n`,
      "the user's own lines are left",
    );
    assert.equal(
      readFileSync(join(root, '.husky/commit-msg'), 'utf8'),
      `echo "commit-msg $(head -n1 "$1")" >> '${marker}'\n`,
    );
    assert.equal(existsSync(join(root, '.husky/pre-push')), false, 'the file Territory created is gone');
  });

  it('a chained bash script sees its own name and options; a script without #! runs as before', async () => {
    git(root, 'config', '--unset', 'core.hooksPath');
    const marker = join(root, '..', 'names');
    write(root, {
      '.git/hooks/pre-commit': `#!/bin/bash -e\n[[ $- == *e* ]] && echo "$(basename "$0") -e" >> '${marker}'\n`,
      '.git/hooks/commit-msg': `echo "$(basename "$0") $#" >> '${marker}'\n`,
    });
    chmodSync(join(root, '.git/hooks/pre-commit'), 0o755);
    chmodSync(join(root, '.git/hooks/commit-msg'), 0o755);
    assert.equal((await cli('hooks', 'install', '--cwd', root)).code, 0);
    write(root, { 'backend/app/models/b.py': 'b = 1\n' });
    git(root, 'add', 'backend');
    const commit = gitRun(root, ['commit', '-q', '-m', 'core: b'], CORE);
    assert.equal(commit.status, 0, commit.stderr);
    assert.equal(readFileSync(marker, 'utf8'), 'pre-commit -e\ncommit-msg.territory-chained 1\n');
  });
});

describe('guard: a Territory hook the user edited is kept (real git)', function () {
  this.timeout(60_000);
  let root: string;
  beforeEach(async () => {
    root = await seedRepo('territory-edited-');
    assert.equal((await cli('hooks', 'install', '--cwd', root)).code, 0);
  });
  afterEach(() => rmSync(join(root, '..'), { recursive: true, force: true }));

  it('hooks install and hooks uninstall refuse to overwrite or delete it, and say why', async () => {
    const hook = join(root, '.git', 'hooks', 'pre-commit');
    const edited = readFileSync(hook, 'utf8') + '\n# my addition\necho linted >&2\n';
    write(root, { '.git/hooks/pre-commit': edited });

    const status = JSON.parse((await cli('hooks', 'status', '--cwd', root, '--json')).out);
    assert.equal(status.hooks[0].state, 'edited');

    const install = await cli('hooks', 'install', '--cwd', root);
    assert.equal(install.code, 1);
    assert.match(install.err, /pre-commit: .*changed after Territory wrote it/);
    assert.equal(readFileSync(hook, 'utf8'), edited, 'install kept the edits');

    const uninstall = await cli('hooks', 'uninstall', '--cwd', root);
    assert.equal(uninstall.code, 1);
    assert.match(uninstall.err, /pre-commit: .*changed after Territory wrote it/);
    assert.equal(readFileSync(hook, 'utf8'), edited, 'uninstall kept the edits');
    assert.equal(existsSync(join(root, '.git', 'hooks', 'commit-msg')), false, 'the other hooks are removed');
  });

  it('an unedited hook of an earlier format is updated', async () => {
    const hook = join(root, '.git', 'hooks', 'commit-msg');
    write(root, { '.git/hooks/commit-msg': FORMAT_1_COMMIT_MSG });
    assert.equal(JSON.parse((await cli('hooks', 'status', '--cwd', root, '--json')).out).hooks[1].state, 'outdated');
    const install = await cli('hooks', 'install', '--cwd', root);
    assert.equal(install.code, 0, install.err);
    assert.match(install.out, /commit-msg\s+territory — updated/);
    assert.equal(readFileSync(hook, 'utf8'), hookScript('commit-msg'));
  });
});

/** The commit-msg hook exactly as format 1 wrote it (before issue 12). */
const FORMAT_1_COMMIT_MSG =
  '#!/bin/sh\n# territory-hook commit-msg format 1\n# Installed by Territory ("Territory: Install Git Hooks" or `territory hooks install`); removed by\n# `territory hooks uninstall`, which puts back the hook this one replaced, byte for byte.\n#\n# Emergency bypass: TERRITORY_SKIP_HOOKS=1 git ... skips Territory\'s checks (hooks it chains still run);\n# git commit --no-verify / git push --no-verify skips every hook.\nhook_name=commit-msg\nhook_dir=$(dirname -- "$0")\nchained="$hook_dir/$hook_name.territory-chained"\n\n# The hook that was here before runs first, with the same arguments.\nif [ -x "$chained" ]; then\n  "$chained" "$@" || exit $?\nfi\n\nif [ "${TERRITORY_SKIP_HOOKS:-}" = 1 ]; then\n  echo "territory: TERRITORY_SKIP_HOOKS=1, Territory\'s $hook_name check skipped" >&2\n  exit 0\nfi\n\n# The CLI, looked up at every run: TERRITORY_CLI, the repository\'s own node_modules, a copy\n# committed by `territory ci-workflow`, `territory` on PATH, and last the path the extension\n# records in `git config territory.cli` each time it starts (so an update or a move heals itself).\ntop=$(git rev-parse --show-toplevel 2>/dev/null)\ncli=\nif [ -n "${TERRITORY_CLI:-}" ]; then\n  cli=$TERRITORY_CLI\nelif [ -n "$top" ] && [ -x "$top/node_modules/.bin/territory" ]; then\n  cli="$top/node_modules/.bin/territory"\nelif [ -n "$top" ] && [ -f "$top/.territory/bin/territory.cjs" ]; then\n  cli="$top/.territory/bin/territory.cjs"\nelif command -v territory >/dev/null 2>&1; then\n  cli=territory\nelse\n  cli=$(git config --get territory.cli 2>/dev/null)\nfi\n\nrun_cli() {\n  case "$cli" in\n    "") return 127 ;;\n    *.js | *.cjs | *.mjs)\n      [ -f "$cli" ] || return 127\n      # The extension records the Node.js it runs on; VS Code\'s own binary acts as Node with ELECTRON_RUN_AS_NODE.\n      node_bin=$(git config --get territory.node 2>/dev/null)\n      if [ -n "$node_bin" ] && [ -x "$node_bin" ]; then\n        ELECTRON_RUN_AS_NODE=1 "$node_bin" "$cli" "$@"\n      elif command -v node >/dev/null 2>&1; then\n        node "$cli" "$@"\n      else\n        return 127\n      fi\n      ;;\n    *) command -v "$cli" >/dev/null 2>&1 || [ -x "$cli" ] || return 127\n      "$cli" "$@" ;;\n  esac\n}\n\nrun_cli check --message "$1" --staged --hook\nstatus=$?\ncase $status in\n  0 | 1) exit $status ;;\nesac\n\n# The check could not run (no CLI: 127, or an unreadable map: 2). An agent\'s terminal, which\n# carries TERRITORY_DOMAIN, must not commit unchecked; the lead is warned and not stopped, so\n# a moved or removed extension never locks a person out of git.\nif [ $status -eq 127 ]; then\n  reason="the territory CLI was not found (TERRITORY_CLI, node_modules/.bin/territory, .territory/bin/territory.cjs, PATH, git config territory.cli)"\nelse\n  reason="the check ended with status $status (see above)"\nfi\nif [ -n "${TERRITORY_DOMAIN:-}" ]; then\n  echo "territory: $hook_name refused for domain $TERRITORY_DOMAIN: $reason." >&2\n  echo "territory: open the repository in VS Code with Territory (it records the CLI) or set TERRITORY_CLI; in an emergency, TERRITORY_SKIP_HOOKS=1 or --no-verify." >&2\n  exit 1\nfi\necho "territory: warning: $hook_name not checked: $reason." >&2\nexit 0\n';

describe('guard: the Domains view offers both Install and Uninstall for partly installed hooks', function () {
  this.timeout(60_000);

  /** The commands package.json's view/item/context menu shows on the Git hooks line with this contextValue. */
  function menuCommands(contextValue: string): string[] {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      contributes: { menus: Record<string, { command: string; when?: string }[]> };
    };
    return manifest.contributes.menus['view/item/context']
      .filter((entry) => {
        const when = entry.when ?? '';
        if (!when.includes('view == territory.domains')) return false;
        const equal = / viewItem == ([\w.]+)/.exec(when);
        const match = / viewItem =~ \/(.+)\/$/.exec(when);
        return equal ? equal[1] === contextValue : match ? new RegExp(match[1]).test(contextValue) : false;
      })
      .map((entry) => entry.command);
  }

  it('one hook removed by hand: the line is partial, with both commands', async () => {
    const root = await seedRepo('territory-partial-');
    try {
      assert.equal((await cli('hooks', 'install', '--cwd', root)).code, 0);
      rmSync(join(root, '.git', 'hooks', 'commit-msg'));
      const status = await readHooksStatus(root);
      assert.ok(status.ok);
      const context = hooksContextValue(status.value);
      assert.equal(context, 'gitHooks.partial');
      const commands = menuCommands(context);
      assert.ok(commands.includes('territory.installGitHooks'), commands.join(', '));
      assert.ok(commands.includes('territory.uninstallGitHooks'), commands.join(', '));
      assert.deepEqual(menuCommands('gitHooks.installed'), ['territory.uninstallGitHooks']);
      assert.deepEqual([...new Set(menuCommands('gitHooks.missing'))], ['territory.installGitHooks']);
      assert.ok((await cli('hooks', 'uninstall', '--cwd', root)).code === 0);
      const none = await readHooksStatus(root);
      assert.ok(none.ok);
      assert.equal(hooksContextValue(none.value), 'gitHooks.missing');
    } finally {
      rmSync(join(root, '..'), { recursive: true, force: true });
    }
  });
});
