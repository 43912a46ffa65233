// Generate Prompts asks for its folder once per workspace, then writes there without asking again.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { territoryApi, waitFor, workspaceRoot } from '../support';

suite('Generate Prompts: the folder is asked once', () => {
  teardown(() => vscode.commands.executeCommand('workbench.action.closeQuickOpen'));

  test('the first run asks (the setting as the default), the second writes to the same folder without asking', async function () {
    this.timeout(60_000);
    const api = await territoryApi();
    const domains = api.maps.all()[0]?.map?.domains ?? [];
    let done = false;
    const first = Promise.resolve(vscode.commands.executeCommand<vscode.Uri[]>('territory.generatePrompts')).finally(
      () => (done = true),
    );
    // Enter in the input box, repeated until the command finishes.
    await waitFor(
      'the folder accepted',
      async () => {
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        await new Promise((resolve) => setTimeout(resolve, 300));
        return done;
      },
      20_000,
    );
    const written = (await first) ?? [];
    assert.equal(written.length, domains.length, 'one prompt per domain');
    const folder = path.dirname(written[0].fsPath);
    assert.equal(
      path.relative(workspaceRoot().fsPath, folder),
      vscode.workspace.getConfiguration('territory').get<string>('promptFolder')?.replace(/\/+$/, ''),
    );

    // Asked again, the command would wait for the user: it must finish by itself.
    const again = await Promise.race([
      Promise.resolve(vscode.commands.executeCommand<vscode.Uri[]>('territory.generatePrompts')),
      new Promise<'asked'>((resolve) => setTimeout(() => resolve('asked'), 10_000)),
    ]);
    if (again === 'asked') assert.fail('the second run asked for the folder again');
    assert.deepEqual(
      (again ?? []).map((u) => u.fsPath),
      written.map((u) => u.fsPath),
    );
  });
});
