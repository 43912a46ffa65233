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
    await vscode.workspace.getConfiguration('territory').update('agentCommand', undefined, vscode.ConfigurationTarget.Workspace);
  });

  suiteSetup(async () => {
    const api = await territoryApi();
    await api.prompts.savePlan(api.maps.all()[0], 'Edge-case checklist', { CORE: NASTY_TASK, API: 'Rate limiting' });
  });

  test('Launch Domain Terminals starts the agent with each prompt, byte for byte, with nothing injected', async function () {
    // Five shells start and each runs node: slow on a loaded 2-core machine.
    this.timeout(90_000);
    const api = await territoryApi();
    const territory = api.maps.all()[0];
    for (const terminal of vscode.window.terminals) terminal.dispose();
    const record = mkdtempSync(path.join(tmpdir(), 'territory-agent-'));
    const recorder = path.join(record, 'recorder.js');
    writeFileSync(recorder, "const fs = require('fs'); const path = require('path');\nfs.copyFileSync(process.argv[2], path.join(__dirname, process.env.TERRITORY_DOMAIN + '.received'));\n");
    await vscode.workspace.getConfiguration('territory').update('agentCommand', `node ${recorder} {promptFile}`, vscode.ConfigurationTarget.Workspace);
    const terminals = (await vscode.commands.executeCommand<vscode.Terminal[]>('territory.launchDomainTerminals')) ?? [];
    assert.equal(terminals.length, 5);
    for (const domain of territory.map?.domains ?? []) {
      const received = path.join(record, `${domain.id}.received`);
      await waitFor(`the agent of ${domain.id} to receive its prompt`, () => existsSync(received) && readFileSync(received).length > 0, 60_000);
      const expected = await api.prompts.prompt(territory, domain);
      assert.equal(readFileSync(received, 'utf8'), expected, `${domain.id} prompt`);
    }
    const core = readFileSync(path.join(record, 'CORE.received'), 'utf8');
    assert.ok(core.includes('YOUR TASK:\n' + NASTY_TASK), 'the task reached the prompt as written');
    const root = workspaceRoot().fsPath;
    assert.ok(!existsSync(path.join(root, 'PWNED')) && !existsSync(path.join(root, 'PWNED2')), 'no shell syntax from the task ran');
    assert.ok(existsSync(path.join(root, 'backend')));
    for (const terminal of terminals) terminal.dispose();
  });

});
