import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import { parseMarkdownMap } from '../../../src/core/map/markdownMap';
import { bundledCli, readText, revertAllAndClose, territoryApi, waitFor, workspaceRoot, writeText } from '../support';

const NASTY_TASK = `it's "$(touch PWNED)" \`touch PWNED2\`; rm -rf ./backend\nsecond line`;

suite('prompts and agents', () => {
  const territoryDir = () => vscode.Uri.joinPath(workspaceRoot(), '.territory');

  suiteTeardown(async () => {
    await vscode.workspace
      .getConfiguration('territory')
      .update('agentCommand', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.fs
      .delete(territoryDir(), { recursive: true, useTrash: false })
      .then(undefined, () => undefined);
    await vscode.workspace.fs
      .delete(vscode.Uri.joinPath(workspaceRoot(), '.vscode'), { recursive: true, useTrash: false })
      .then(undefined, () => undefined);
  });

  test('the session plan keeps what the user wrote in session.json', async () => {
    const api = await territoryApi();
    const territory = api.maps.all()[0];
    await vscode.workspace.fs.createDirectory(territoryDir());
    await writeText(
      vscode.Uri.joinPath(territoryDir(), 'session.json'),
      '{\n  // notes for the lead\n  "owner": "ana",\n  "goal": "old"\n}\n',
    );
    await api.prompts.savePlan(territory, 'Edge-case checklist', { CORE: NASTY_TASK, API: 'Rate limiting' });
    const text = await readText(vscode.Uri.joinPath(territoryDir(), 'session.json'));
    assert.ok(text.includes('// notes for the lead') && text.includes('"owner": "ana"'), text);
    assert.equal(api.prompts.plan(territory).goal, 'Edge-case checklist');
    assert.equal(api.prompts.plan(territory).tasks.CORE, NASTY_TASK);
    const core = api.domainsView.getChildren().find((n) => n.label === 'CORE');
    assert.ok(
      core?.children().some((n) => String(n.label).startsWith('Task: it')),
      'the Domains view shows the task',
    );
    const goal = api.domainsView.getChildren().find((n) => n.contextValue === 'goal');
    assert.equal(goal?.label, 'Goal: Edge-case checklist');
    assert.equal(goal?.description, '2 of 5 domains have a task');
    assert.equal(goal?.command?.command, 'territory.planSession');
  });

  test('a broken session.json is an error at its line, keeps the last good plan, and is never overwritten', async () => {
    const api = await territoryApi();
    const territory = api.maps.all()[0];
    const session = vscode.Uri.joinPath(territoryDir(), 'session.json');
    const good = await readText(session);
    const broken = '{\n  "goal": "half typed",\n  "tasks": { "CORE": \n';
    try {
      await writeText(session, broken);
      // The watcher may first see the file empty, mid-write: wait for the diagnostic of the whole text.
      const diagnostic = await waitFor('the syntax error on session.json', () =>
        vscode.languages
          .getDiagnostics(session)
          .find((d) => /not valid JSON/.test(d.message) && d.range.start.line === 3),
      );
      assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
      assert.equal(api.prompts.plan(territory).goal, 'Edge-case checklist', 'the last good plan stays in force');
      await assert.rejects(
        api.prompts.savePlan(territory, 'new goal', {}),
        /session\.json:4:1: .*not valid JSON.*fix it, then plan again/,
      );
      assert.equal(await readText(session), broken, 'the broken file is left as the user wrote it');
    } finally {
      await writeText(session, good);
    }
    await waitFor('the diagnostic to go', () => vscode.languages.getDiagnostics(session).length === 0);
    const editor = await vscode.window.showTextDocument(session);
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// unsaved note\n'));
    await assert.rejects(api.prompts.savePlan(territory, 'new goal', {}), /unsaved changes/);
    assert.equal(await readText(session), good);
    await revertAllAndClose();
  });

  test('Generate Prompts writes one prompt per domain; an unknown template placeholder is a diagnostic', async () => {
    const template = vscode.Uri.joinPath(territoryDir(), 'prompt-template.md');
    await writeText(template, 'Role: {{role}}\nTask: {{task}}\n{{nonsense}}\n');
    const files =
      (await vscode.commands.executeCommand<vscode.Uri[]>('territory.generatePrompts', '.territory/out')) ?? [];
    assert.deepEqual(
      files.map((f) => path.basename(f.fsPath)),
      ['CORE.md', 'API.md', 'SCHED.md', 'FE.md', 'TEST.md'],
    );
    assert.equal(await readText(files[1]), 'Role: BACKEND API\nTask: Rate limiting\n{{nonsense}}\n');
    const diagnostics = vscode.languages.getDiagnostics(template);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].range.start.line, 2);
    assert.match(diagnostics[0].message, /Unknown placeholder \{\{nonsense\}\}/);
    await vscode.workspace.fs.delete(template);
  });

  test('territory prompt and territory export-protocol give the text the editor gives', async () => {
    const api = await territoryApi();
    // session.json, written by the first test, is a new unassigned file: wait for the listing to know it.
    await api.maps.relist(api.maps.all()[0].folder);
    const territory = api.maps.all()[0];
    const cli = bundledCli();
    const run = async (...args: string[]) =>
      (await promisify(execFile)(process.execPath, [cli, ...args, '--json', '--cwd', workspaceRoot().fsPath])).stdout;
    for (const domain of territory.map?.domains ?? []) {
      const printed = JSON.parse(await run('prompt', domain.id)) as { prompt: string; task: string | null };
      assert.equal(
        printed.prompt,
        await api.prompts.prompt(territory, domain),
        `${domain.id}: the CLI's prompt is the editor's`,
      );
      assert.equal(
        printed.task,
        api.prompts.plan(territory).tasks[domain.id] ?? null,
        `${domain.id}: the session plan's task`,
      );
    }
    assert.match(
      (JSON.parse(await run('prompt', 'T2', '--task', NASTY_TASK)) as { prompt: string }).prompt,
      /YOUR TASK:\nit's "\$\(touch PWNED\)"/,
    );
    assert.equal(
      (JSON.parse(await run('export-protocol')) as { markdown: string }).markdown,
      api.prompts.exportProtocol(territory),
    );
  });

  test('Export Protocol writes a document whose table reads back to the same map', async () => {
    const api = await territoryApi();
    const target = vscode.Uri.joinPath(territoryDir(), 'PROTOCOL.md');
    await vscode.commands.executeCommand('territory.exportProtocol', target);
    const parsed = parseMarkdownMap(await readText(target));
    assert.deepEqual(parsed?.map?.domains, api.maps.all()[0].map?.domains);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
