import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { territoryApi, waitFor } from '../support';

suite('status bar and active domain', () => {
  teardown(async () => (await territoryApi()).activeDomain.set(undefined));

  test('shows Lead when no domain is active', async () => {
    const api = await territoryApi();
    await api.activeDomain.set(undefined);
    await waitFor('status bar text Lead', () => api.statusBar.item.text === '$(shield) Lead');
    assert.equal(api.statusBar.item.command, 'territory.selectDomain');
  });

  test('Select Active Domain: picking CORE in the quick pick shows "CORE · T1"', async () => {
    const api = await territoryApi();
    await api.activeDomain.set(undefined);
    const picking = vscode.commands.executeCommand('territory.selectDomain');
    // The quick pick lists Lead first, then the domains in map order: move one down to CORE.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await picking;
    await waitFor('active domain CORE', () => api.activeDomain.id === 'CORE');
    // The text settles once the working-tree check (which may add a warning) has run.
    await api.workingTree.settled();
    await waitFor('status bar text "$(shield) CORE · T1"', () => api.statusBar.item.text === '$(shield) CORE · T1');
  });

  test('tooltip lists the active domain paths and prefixes', async () => {
    const api = await territoryApi();
    await api.activeDomain.set('TEST');
    await waitFor('status bar text TEST', () => api.statusBar.item.text === '$(shield) TEST · T5');
    const tooltip = api.statusBar.item.tooltip;
    const text = typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? '');
    for (const fact of ['`backend/tests/`', '`frontend/__tests__/`', '`docs/`', '`/*.md`', '`test:`', '`docs:`']) {
      assert.ok(text.includes(fact), `tooltip should mention ${fact}: ${text}`);
    }
  });

  test('the active domain is remembered in the workspace state', async () => {
    const api = await territoryApi();
    await api.activeDomain.set('API');
    assert.equal(api.activeDomain.domain?.name, 'Backend API');
    // The fixture's HANDOFF_FROM_CORE.md asks API for a blocking change: warning.
    await waitFor(
      'status bar text "$(shield) API · T2 $(warning)"',
      () => api.statusBar.item.text === '$(shield) API · T2 $(warning)',
    );
    assert.match(
      (api.statusBar.item.tooltip as vscode.MarkdownString).value,
      /1 open blocking handoff request for API/,
    );
  });
});
