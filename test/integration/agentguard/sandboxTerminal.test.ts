import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAllTerminals, waitFor, workspaceRoot } from '../support';

// territory.sandboxTerminals: Launch Domain Terminals starts each domain's shell inside `territory
// sandbox` (the real srt, which the runner names in TERRITORY_SRT). What is typed into CORE's
// terminal — a shell's `>>`, no agent tool the guard could see — cannot change API's file.
suite('agent guard: a sandboxed domain terminal', () => {
  suiteTeardown(async () => {
    await vscode.workspace
      .getConfiguration('territory')
      .update('sandboxTerminals', undefined, vscode.ConfigurationTarget.Workspace);
    await closeAllTerminals();
  });

  test("CORE's shell writes its own file; its write into API's file fails", async function () {
    this.timeout(120_000);
    const root = workspaceRoot().fsPath;
    await closeAllTerminals();
    await vscode.workspace
      .getConfiguration('territory')
      .update('sandboxTerminals', true, vscode.ConfigurationTarget.Workspace);
    const terminals =
      (await vscode.commands.executeCommand<vscode.Terminal[]>('territory.launchDomainTerminals')) ?? [];
    assert.equal(terminals.length, 5);
    const core = terminals.find((t) => t.name.includes('CORE')) ?? assert.fail('no CORE terminal');
    const options = core.creationOptions as vscode.TerminalOptions;
    assert.deepEqual(options.shellArgs?.slice(1, 5), ['sandbox', '--domain', 'CORE', '--']);
    // Copilot CLI loads the repository's hooks in prompt mode only with this set.
    assert.equal(options.env?.GITHUB_COPILOT_PROMPT_MODE_REPO_HOOKS, 'true');
    assert.equal(options.env?.TERRITORY_DOMAIN, 'CORE');
    const routes = path.join(root, 'backend', 'app', 'api', 'routes.py');
    const model = path.join(root, 'backend', 'app', 'models', 'assignment.py');
    const before = readFileSync(routes, 'utf8');
    core.sendText('echo grabbed >> backend/app/api/routes.py; echo "# sandboxed" >> backend/app/models/assignment.py');
    await waitFor(
      "CORE's own file written from its sandboxed shell",
      () => readFileSync(model, 'utf8').includes('# sandboxed'),
      60_000,
    );
    assert.equal(readFileSync(routes, 'utf8'), before, "API's file is unchanged");
  });
});
