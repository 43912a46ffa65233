// The guard in a real extension host on the seed workspace: "Install Git Hooks" puts hooks in
// place that refuse an agent's out-of-domain commit through the CLI the extension recorded, the
// Domains view says whether hooks are installed, and the exports write their files. Every test
// leaves the workspace as the fixture built it (hooks removed, files reset).
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { Guard } from '../../../src/features/guard';
import { resetSeedWorkspace } from '../../fixtures/seedWorkspace';
import { bundledCli, labelOf, revertAllAndClose, territoryApi, waitFor, workspaceRoot } from '../support';

const run = promisify(execFile);

function root(): string {
  return workspaceRoot().fsPath;
}

/** git as a domain terminal runs it: no node or territory on PATH, no user or system config. */
async function git(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('git', args, {
      cwd: root(),
      env: { PATH: '/usr/bin:/bin', HOME: root(), GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

async function guardApi(): Promise<Guard> {
  const api = await territoryApi();
  const guard = (api as unknown as { guard?: Guard }).guard;
  assert.ok(guard, 'the extension API exposes guard');
  return guard;
}

async function hooksNode(): Promise<vscode.TreeItem | undefined> {
  const api = await territoryApi();
  return api.domainsView.getChildren().find((n) => labelOf(n) === 'Git hooks');
}

suite('Guard: git hooks and exports', () => {
  suiteTeardown(async () => {
    const guard = await guardApi();
    await guard.uninstallHooks();
    await revertAllAndClose();
    await fs.rm(path.join(root(), '.git', 'territory'), { recursive: true, force: true });
    await resetSeedWorkspace(root());
  });

  test("Install Git Hooks: an agent's commit touching another domain is refused by the hook, naming the owner", async () => {
    const guard = await guardApi();
    await guard.service.refresh();
    assert.match(
      String((await hooksNode())?.description),
      /^not installed/,
      'the Domains view says the hooks are missing',
    );

    const outcome = await vscode.commands.executeCommand<{ ok: boolean; status?: { installed: boolean } }>(
      'territory.installGitHooks',
    );
    assert.ok(outcome?.ok, JSON.stringify(outcome));
    assert.equal(outcome.status?.installed, true);
    for (const name of ['pre-commit', 'commit-msg', 'pre-push'])
      assert.ok(existsSync(path.join(root(), '.git', 'hooks', name)), name);
    const recorded = (await git(['config', '--get', 'territory.cli'])).stdout.trim();
    assert.ok(existsSync(recorded), `the extension recorded its CLI: ${recorded}`);
    await waitFor('the Domains view to show the hooks installed', async () =>
      /^installed/.test(String((await hooksNode())?.description)),
    );

    await fs.writeFile(
      path.join(root(), 'backend/app/api/routes.py'),
      'def list_assignments():\n    return ["changed"]\n',
    );
    assert.equal((await git(['add', '-A'])).code, 0);
    const refused = await git(['commit', '-q', '-m', 'core: reach into the API'], { TERRITORY_DOMAIN: 'CORE' });
    assert.notEqual(refused.code, 0, 'the commit is refused');
    assert.match(refused.stderr, /backend\/app\/api\/routes\.py — owned by API \(T2, Backend API\)/);
    const allowed = await git(['commit', '-q', '-m', 'api: list changed'], { TERRITORY_DOMAIN: 'API' });
    assert.equal(allowed.code, 0, allowed.stderr);
    await resetSeedWorkspace(root());
  });

  test('Uninstall Git Hooks removes them and the Domains view follows', async () => {
    const guard = await guardApi();
    const outcome = await vscode.commands.executeCommand<{ ok: boolean; status?: { installed: boolean } }>(
      'territory.uninstallGitHooks',
    );
    assert.ok(outcome?.ok);
    for (const name of ['pre-commit', 'commit-msg', 'pre-push'])
      assert.equal(existsSync(path.join(root(), '.git', 'hooks', name)), false, name);
    await guard.service.settled();
    await waitFor('the Domains view to show the hooks missing', async () =>
      /^not installed/.test(String((await hooksNode())?.description)),
    );
  });

  test('hooks installed or removed from a terminal show in the Domains view without a refresh', async function () {
    this.timeout(30_000);
    await (await guardApi()).service.settled();
    const cli = bundledCli();
    await run(process.execPath, [cli, 'hooks', 'install'], { cwd: root() });
    await waitFor(
      'the Domains view to show the hooks installed',
      async () => /^installed/.test(String((await hooksNode())?.description)),
      15_000,
    );
    await run(process.execPath, [cli, 'hooks', 'uninstall'], { cwd: root() });
    await waitFor(
      'the Domains view to show the hooks missing',
      async () => /^not installed/.test(String((await hooksNode())?.description)),
      15_000,
    );
  });

  test('the exports write CODEOWNERS, commitlint, per-domain Claude Code settings and the CI workflow', async () => {
    const write = async (command: string) => {
      const result = await vscode.commands.executeCommand<{ ok: boolean; files: { file: string }[] }>(command);
      assert.ok(result?.ok, `${command}: ${JSON.stringify(result)}`);
      return result.files.map((f) => f.file);
    };
    assert.deepEqual(await write('territory.exportCodeowners'), ['.github/CODEOWNERS']);
    assert.match(await fs.readFile(path.join(root(), '.github/CODEOWNERS'), 'utf8'), /^\/backend\/app\/api\/ *$/m);
    // The config and the plugin it extends, whose rule reads the subject as git records it.
    assert.deepEqual(await write('territory.exportCommitlint'), ['.territory/commitlint.cjs', '.commitlintrc.json']);
    assert.deepEqual(
      await write('territory.exportClaudePermissions'),
      ['CORE', 'API', 'SCHED', 'FE', 'TEST'].map((id) => `.territory/claude/${id}.settings.json`),
    );
    const core = JSON.parse(await fs.readFile(path.join(root(), '.territory/claude/CORE.settings.json'), 'utf8'));
    assert.ok(
      core.sandbox.filesystem.denyWrite.includes(path.join(root(), 'backend/app/api')),
      core.sandbox.filesystem.denyWrite.join('\n'),
    );
    assert.equal(core.permissions, undefined, 'no Edit deny rule: it would refuse before the hook, without the owner');
    assert.deepEqual(await write('territory.writeCiWorkflow'), [
      '.github/workflows/territory.yml',
      '.territory/bin/territory.cjs',
    ]);
    await revertAllAndClose();
    await resetSeedWorkspace(root());
  });
});
