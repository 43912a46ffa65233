// The CI workflow: valid for GitHub Actions (checked by @action-validator/core, a validator of the
// workflow schema, offline), on every way commits reach the shared remote, with pinned actions, no
// event text pasted into scripts, and judged by the checker committed at the base — run for real.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { ciWorkflowLines, PINNED_ACTIONS, VENDORED_CLI } from '../../../../src/core/guard/ciWorkflow';
import { findCliBundle } from '../../../../src/core/guard/cliBundle';
import { cli, git, plant, seedRepo, tempDir, terminalEnv, write } from '../../support/guard';
import { REPO_ROOT } from '../../../support/repoRoot';

/** The `run: |` script of the check step, as the runner's shell gets it. */
function runScript(workflow: string): string {
  const lines = workflow.split('\n');
  const start = lines.findIndex((l) => /^ {8}run: \|$/.test(l));
  assert.ok(start > 0, 'a run: | block');
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() !== '' && !line.startsWith('          ')) break;
    body.push(line.slice(10));
  }
  return body.join('\n');
}

describe('guard: the CI workflow', function () {
  this.timeout(60_000);

  it('is a valid GitHub Actions workflow, at the root and for a map in a subfolder', () => {
    for (const shape of [
      { folder: '' },
      { folder: 'packages/app', branch: 'session/shared' },
      { folder: 'my app', branch: 'claude/[session-branch-name]' },
    ]) {
      const text = ciWorkflowLines(shape).join('\n') + '\n';
      const result = validateWorkflow(text);
      assert.deepEqual(result.errors, [], `${JSON.stringify(shape)}\n${text}`);
    }
    // The validator does refuse what GitHub refuses: the same workflow with a misspelt key.
    assert.notDeepEqual(validateWorkflow(ciWorkflowLines().join('\n').replace('runs-on:', 'runs_on:')).errors, []);
  });

  it('runs on pull requests, the merge queue and pushes to the shared branch', () => {
    const text = ciWorkflowLines({ folder: '', branch: 'session/shared' }).join('\n');
    assert.match(text, /^ {2}pull_request:$/m);
    assert.match(text, /^ {2}merge_group:$/m);
    assert.match(text, /^ {2}push:\n {4}branches:\n {6}- session\/shared$/m);
    // The seed's branch is a placeholder: every pushed branch is checked then.
    const seed = ciWorkflowLines({ folder: '', branch: 'claude/[session-branch-name]' }).join('\n');
    assert.match(seed, /^ {2}push:$/m);
    assert.doesNotMatch(seed, /branches:/);
  });

  it('pins every action by full commit SHA, with the version in a comment', () => {
    const uses = ciWorkflowLines().filter((l) => /^\s*- uses:/.test(l));
    assert.equal(uses.length, 2);
    for (const line of uses) assert.match(line, /uses: [\w-]+\/[\w-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    assert.ok(uses[0].includes(PINNED_ACTIONS.checkout.uses));
    assert.ok(uses[1].includes(PINNED_ACTIONS.setupNode.uses));
  });

  it('passes event data through env:, never into the script text', () => {
    const text = ciWorkflowLines({ folder: 'packages/app' }).join('\n');
    const script = runScript(text);
    assert.doesNotMatch(script, /\$\{\{/);
    assert.match(text, /^ {10}PR_BASE: \$\{\{ github\.event\.pull_request\.base\.sha \}\}$/m);
    assert.match(text, /^ {10}PUSH_BEFORE: \$\{\{ github\.event\.before \}\}$/m);
    assert.match(text, /^ {10}QUEUE_BASE: \$\{\{ github\.event\.merge_group\.base_sha \}\}$/m);
    assert.match(text, /^ {8}working-directory: packages\/app$/m);
    assert.match(text, /^ {10}CHECKER: packages\/app\/\.territory\/bin\/territory\.cjs$/m);
    assert.match(script, /git show "\$AT:\$CHECKER" > "\$RUNNER_TEMP\/territory\.cjs"/);
    assert.doesNotMatch(script, /node \.territory/, "never the head's copy");
  });

  describe('the check step, run by bash in a repository', () => {
    let root: string;
    let base: string;
    let withChecker: string;
    const bundle = findCliBundle(join(REPO_ROOT, 'out', 'src'));
    const domainBefore = process.env.TERRITORY_DOMAIN;

    before(async function () {
      if (bundle === undefined) this.skip();
      delete process.env.TERRITORY_DOMAIN;
      root = await seedRepo('territory-ci-');
      base = git(root, 'rev-parse', 'HEAD').trim();
    });
    after(() => {
      if (domainBefore !== undefined) process.env.TERRITORY_DOMAIN = domainBefore;
      if (root) rmSync(join(root, '..'), { recursive: true, force: true });
    });

    function runStep(env: Record<string, string>): { status: number; out: string } {
      const workflow = readFileSync(join(root, '.github', 'workflows', 'territory.yml'), 'utf8');
      const temp = tempDir('territory-runner-');
      const script = join(temp, 'step.sh');
      writeFileSync(script, runScript(workflow));
      const run = spawnSync('bash', [script], {
        cwd: root,
        env: {
          ...terminalEnv({ PATH: `${process.execPath.replace(/\/node$/, '')}:/usr/bin:/bin` }),
          RUNNER_TEMP: temp,
          DEFAULT_BRANCH: 'main',
          CHECKER: VENDORED_CLI,
          ...env,
        },
        encoding: 'utf8',
      });
      rmSync(temp, { recursive: true, force: true });
      return { status: run.status ?? -1, out: run.stdout + run.stderr };
    }

    it('fails with the reason when the base has no committed checker', async () => {
      const written = await cli('ci-workflow', '--cwd', root, '--cli', bundle as string);
      assert.equal(written.code, 0, written.err);
      const head = plant(root, 'core: models', { 'backend/app/models/a.py': 'a = 1\n' });
      const run = runStep({ EVENT: 'pull_request', PR_BASE: base, PR_HEAD: head });
      assert.notEqual(run.status, 0, run.out);
      assert.match(run.out, /has no \.territory\/bin\/territory\.cjs; commit the checker/);
    });

    it("judges a pull request with the base's checker, even when the pull request replaces it", () => {
      git(root, 'add', '-A', '--', '.github', '.territory');
      git(root, 'commit', '-q', '--no-verify', '-m', 'Territory checker and workflow');
      withChecker = git(root, 'rev-parse', 'HEAD').trim();
      plant(root, 'core: answer API', { 'backend/app/api/routes.py': 'routes = 1\n' });
      // The pull request also swaps the checker for one that lets everything through.
      mkdirSync(join(root, '.territory', 'bin'), { recursive: true });
      const head = plant(root, 'Lead: a friendlier checker', { [VENDORED_CLI]: 'process.exit(0);\n' });
      const run = runStep({ EVENT: 'pull_request', PR_BASE: withChecker, PR_HEAD: head });
      assert.equal(run.status, 1, run.out);
      assert.match(run.out, /core: answer API/);
      const clean = runStep({ EVENT: 'push', PUSH_BEFORE: withChecker, PUSH_AFTER: withChecker });
      assert.equal(clean.status, 0, clean.out);
      const deleted = runStep({ EVENT: 'push', PUSH_BEFORE: withChecker, PUSH_AFTER: '0'.repeat(40) });
      assert.equal(deleted.status, 0, deleted.out);
    });

    it('a new branch pushed (all-zero before): its commits not on the default branch, with the checker of their fork point', () => {
      git(root, 'update-ref', 'refs/remotes/origin/main', withChecker);
      const head = git(root, 'rev-parse', 'HEAD').trim();
      const run = runStep({ EVENT: 'push', PUSH_BEFORE: '0'.repeat(40), PUSH_AFTER: head });
      assert.equal(run.status, 1, run.out);
      assert.match(run.out, /core: answer API/);
      const none = runStep({ EVENT: 'push', PUSH_BEFORE: '0'.repeat(40), PUSH_AFTER: withChecker });
      assert.equal(none.status, 0, none.out);
    });
  });

  it('a map in a subfolder: the workflow and CODEOWNERS go to the repository top, prefixed', async () => {
    const top = tempDir('territory-sub-');
    try {
      git(top, 'init', '-q', '-b', 'main');
      write(top, {
        'packages/app/territory.json': JSON.stringify({
          domains: [{ id: 'CORE', terminal: 'T1', name: 'Core', paths: ['/src/', '*.md'], prefixes: ['core:'] }],
        }),
      });
      const app = join(top, 'packages', 'app');
      const workflow = await cli('ci-workflow', '--cwd', app);
      assert.equal(workflow.code, 0, workflow.err);
      const text = readFileSync(join(top, '.github', 'workflows', 'territory.yml'), 'utf8');
      assert.match(text, /working-directory: packages\/app/);
      const owners = await cli('export', 'codeowners', '--cwd', app, '--owner', 'CORE=@core');
      assert.equal(owners.code, 0, owners.err);
      const codeowners = readFileSync(join(top, '.github', 'CODEOWNERS'), 'utf8');
      assert.match(codeowners, /^\/packages\/app\/src\/ +@core$/m);
      assert.match(codeowners, /^\/packages\/app\/\*\*\/\*\.md +@core$/m);
      assert.match(codeowners, /^\/packages\/app\/HANDOFF_FROM_CORE\.md +@core$/m);
      const commitlint = await cli('export', 'commitlint', '--cwd', app);
      assert.equal(commitlint.code, 0, commitlint.err);
      assert.ok(readFileSync(join(top, '.commitlintrc.json'), 'utf8').includes('headerPattern'));
    } finally {
      rmSync(top, { recursive: true, force: true });
    }
  });
});
