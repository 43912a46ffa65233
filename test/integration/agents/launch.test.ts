import { strict as assert } from 'node:assert';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAllTerminals, labelOf, territoryApi, waitFor, workspaceRoot } from '../support';

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
    await closeAllTerminals();
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
    await closeAllTerminals();
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

  test('Claude Code started without {claudeSettings} is said to run unguarded, and Add puts the guard in', async function () {
    this.timeout(120_000);
    const api = await territoryApi();
    const territory = api.maps.all()[0] ?? assert.fail('no map');
    const ids = (territory.map?.domains ?? []).map((d) => d.id);
    // A stand-in Claude Code: it records the arguments it was started with.
    const bin = mkdtempSync(path.join(tmpdir(), 'territory-claude-'));
    const claude = path.join(bin, 'claude');
    writeFileSync(claude, '#!/bin/sh\nprintf "%s\\n" "$@" > "$(dirname "$0")/$TERRITORY_DOMAIN.args"\n');
    chmodSync(claude, 0o755);
    await vscode.workspace
      .getConfiguration('territory')
      .update('agentCommand', `${claude} {promptFile}`, vscode.ConfigurationTarget.Workspace);
    const warned: { message: string; choices: string[] }[] = [];
    const answering = api.ui.launch.answerWith({
      warn: (message, ...choices) => {
        warned.push({ message, choices });
        return Promise.resolve(choices[0]);
      },
    });
    try {
      await closeAllTerminals();
      const first = (await vscode.commands.executeCommand<vscode.Terminal[]>('territory.launchDomainTerminals')) ?? [];
      assert.equal(first.length, 5);
      const reason = /^territory\.agentCommand starts Claude Code without --settings \{claudeSettings\}/;
      await waitFor(
        "every domain's guard shown NOT armed, for the missing settings",
        () =>
          ids.every((id) => {
            const state = api.guardArmed.of(territory, id);
            return state !== undefined && !state.checking && !state.armed && reason.test(state.problems[0] ?? '');
          })
            ? true
            : undefined,
        30_000,
      );
      const core = api.domainsView.getChildren().find((n) => labelOf(n) === 'CORE') ?? assert.fail('no CORE line');
      const notArmed =
        core.children().find((n) => n.contextValue === 'guardNotArmed') ?? assert.fail('no Guard NOT armed under CORE');
      assert.match(String(notArmed.description), reason);
      assert.equal(warned.length, 1, 'one warning for the launch, not one per terminal');
      assert.ok(
        (warned[0]?.message ?? '').startsWith(`The agents of ${ids.join(', ')} run WITHOUT Territory's guard`),
        warned[0]?.message,
      );
      assert.deepEqual(warned[0]?.choices, ['Add --settings {claudeSettings}']);
      // The answer added the placeholder where the setting is defined (the workspace).
      await waitFor(
        'the setting with --settings {claudeSettings}',
        () =>
          vscode.workspace.getConfiguration('territory').inspect<string>('agentCommand')?.workspaceValue ===
          `${claude} --settings {claudeSettings} {promptFile}`,
        15_000,
      );

      await closeAllTerminals();
      const second = (await vscode.commands.executeCommand<vscode.Terminal[]>('territory.launchDomainTerminals')) ?? [];
      assert.equal(second.length, 5);
      const settings = path.join(workspaceRoot().fsPath, '.territory', 'claude', 'CORE.settings.json');
      await waitFor(
        'CORE started with its settings',
        () => {
          const args = path.join(bin, 'CORE.args');
          return existsSync(args) && readFileSync(args, 'utf8').startsWith('--settings\n') ? true : undefined;
        },
        60_000,
      );
      assert.equal(readFileSync(path.join(bin, 'CORE.args'), 'utf8').split('\n')[1], settings);
      assert.ok(existsSync(settings), 'the settings it names exist');
      // The guard is now run on its canary, not marked unguarded.
      await waitFor(
        "CORE's guard checked from its settings",
        () => {
          const state = api.guardArmed.of(territory, 'CORE');
          return state !== undefined && !state.checking && state.command !== null ? true : undefined;
        },
        60_000,
      );
      assert.equal(warned.length, 1, 'no warning for a guarded launch');
      for (const terminal of second) terminal.dispose();
    } finally {
      answering.dispose();
    }
  });
});
