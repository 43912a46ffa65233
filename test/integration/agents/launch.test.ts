import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { territoryApi, waitFor, workspaceRoot } from '../support';

const NASTY_TASK = `it's "$(touch PWNED)" \`touch PWNED2\`; rm -rf ./backend\nsecond line`;

// A scenario of its own: the five domain terminals start fresh, in a window no other suite
// has already filled with terminals.
suite('agents in domain terminals', () => {
  suiteTeardown(async () => {
    await vscode.workspace
      .getConfiguration('territory')
      .update('agentCommand', undefined, vscode.ConfigurationTarget.Workspace);
  });

  suiteSetup(async () => {
    const api = await territoryApi();
    await api.prompts.savePlan(api.maps.all()[0], 'Edge-case checklist', { CORE: NASTY_TASK, API: 'Rate limiting' });
  });

  test('without an agent command, only the first prompt opens beside (on the clipboard); the others are written, not opened', async function () {
    this.timeout(60_000);
    const api = await territoryApi();
    // The plan suiteSetup wrote (.territory/session.json, a file no domain owns) reaches the listing
    // after its burst settles, and each prompt's off-limits list names it: the prompts compared below
    // are taken from the map in force once it is listed, not from an earlier one.
    await waitFor(
      'the plan file in the listing',
      () => api.maps.all()[0]?.coverage?.unassignedCover.directories.includes('.territory'),
      20_000,
    );
    await api.maps.ready();
    const territory = api.maps.all()[0];
    const domains = territory.map?.domains ?? [];
    for (const terminal of vscode.window.terminals) terminal.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.env.clipboard.writeText('clipboard before launch');
    const terminals =
      (await vscode.commands.executeCommand<vscode.Terminal[]>('territory.launchDomainTerminals')) ?? [];
    assert.deepEqual(
      terminals.map((t) => t.name),
      domains.map((d) => `${d.terminal} · ${d.id}`),
    );
    const first = domains[0];
    const expected = await api.prompts.prompt(territory, first);
    await waitFor(
      'the first prompt on the clipboard',
      async () => (await vscode.env.clipboard.readText()) === expected,
      20_000,
    );
    const promptTabs = () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .flatMap((t) =>
          t.input instanceof vscode.TabInputText && t.input.uri.fsPath.endsWith('.md')
            ? [{ tab: t, uri: t.input.uri }]
            : [],
        );
    await waitFor(
      "the first domain's prompt open",
      () => promptTabs().some(({ uri }) => path.basename(uri.fsPath) === `${first.id}.md`),
      20_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(
      promptTabs().map(({ uri }) => path.basename(uri.fsPath)),
      [`${first.id}.md`],
      'one prompt tab, not one per domain',
    );
    const dir = path.dirname(promptTabs()[0].uri.fsPath);
    for (const domain of domains) {
      const uri = vscode.Uri.file(path.join(dir, `${domain.id}.md`));
      assert.equal(readFileSync(uri.fsPath, 'utf8'), await api.prompts.prompt(territory, domain), `${domain.id}.md`);
      assert.ok(
        !uri.fsPath.startsWith(workspaceRoot().fsPath),
        `${domain.id}.md is kept out of the workspace, so it is no uncommitted change`,
      );
    }
    const inFront = promptTabs().find(({ tab }) => tab.isActive);
    assert.equal(
      inFront && path.basename(inFront.uri.fsPath),
      `${first.id}.md`,
      "the first domain's prompt is the tab in front",
    );
    for (const terminal of terminals) terminal.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Launch Domain Terminals starts the agent with each prompt, byte for byte, with nothing injected', async function () {
    // Five shells start and each runs node: slow on a loaded 2-core machine.
    this.timeout(90_000);
    const api = await territoryApi();
    const territory = api.maps.all()[0];
    for (const terminal of vscode.window.terminals) terminal.dispose();
    const record = mkdtempSync(path.join(tmpdir(), 'territory-agent-'));
    const recorder = path.join(record, 'recorder.js');
    // The prompt is copied then renamed: the test polls for .received and must never read it half-written.
    writeFileSync(
      recorder,
      "const fs = require('fs'); const path = require('path'); const out = path.join(__dirname, process.env.TERRITORY_DOMAIN);\n" +
        "fs.writeFileSync(out + '.args', JSON.stringify(process.argv.slice(3)));\n" +
        "fs.copyFileSync(process.argv[2], out + '.partial'); fs.renameSync(out + '.partial', out + '.received');\n",
    );
    await vscode.workspace
      .getConfiguration('territory')
      .update(
        'agentCommand',
        `node ${recorder} {promptFile} {domain} {claudeSettings}`,
        vscode.ConfigurationTarget.Workspace,
      );
    // The setting's file is new (.vscode/ appears among the unassigned places of OFF LIMITS): let the
    // listing take it in, so the prompts launched and the ones compared are made from the same files.
    await waitFor('.vscode/settings.json in the listing', async () => {
      await api.maps.ready();
      return api.maps.all()[0]?.files.has('.vscode/settings.json');
    });
    const terminals =
      (await vscode.commands.executeCommand<vscode.Terminal[]>('territory.launchDomainTerminals')) ?? [];
    assert.equal(terminals.length, 5);
    for (const domain of territory.map?.domains ?? []) {
      const received = path.join(record, `${domain.id}.received`);
      await waitFor(
        `the agent of ${domain.id} to receive its prompt`,
        () => existsSync(received) && readFileSync(received).length > 0,
        60_000,
      );
      const expected = await api.prompts.prompt(api.maps.all()[0] ?? territory, domain);
      assert.equal(readFileSync(received, 'utf8'), expected, `${domain.id} prompt`);
      const claudeSettings = path.join(workspaceRoot().fsPath, '.territory', 'claude', `${domain.id}.settings.json`);
      assert.deepEqual(
        JSON.parse(readFileSync(path.join(record, `${domain.id}.args`), 'utf8')),
        [domain.id, claudeSettings],
        `${domain.id} {domain} {claudeSettings}`,
      );
    }
    const coreSettings = JSON.parse(
      readFileSync(path.join(workspaceRoot().fsPath, '.territory', 'claude', 'CORE.settings.json'), 'utf8'),
    ) as { sandbox: { filesystem: { denyWrite: string[] } } };
    assert.ok(
      coreSettings.sandbox.filesystem.denyWrite.includes(path.join(workspaceRoot().fsPath, 'backend/app/api')),
      'the settings {claudeSettings} names were written before the agents started',
    );
    const core = readFileSync(path.join(record, 'CORE.received'), 'utf8');
    assert.ok(core.includes('YOUR TASK:\n' + NASTY_TASK), 'the task reached the prompt as written');
    const root = workspaceRoot().fsPath;
    assert.ok(
      !existsSync(path.join(root, 'PWNED')) && !existsSync(path.join(root, 'PWNED2')),
      'no shell syntax from the task ran',
    );
    assert.ok(existsSync(path.join(root, 'backend')));
    for (const terminal of terminals) terminal.dispose();
  });
});
