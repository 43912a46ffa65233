import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { readText, revertAllAndClose, territoryApi, typeInto, waitFor, workspaceRoot, writeText } from '../support';

const API_FILE = 'backend/app/api/routes.py';
const CORE_FILE = 'backend/app/models/assignment.py';

function fileUri(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), relative);
}

suite('editor territory', () => {
  teardown(async () => {
    const api = await territoryApi();
    await revertAllAndClose();
    await api.activeDomain.setPinned(false);
    await api.activeDomain.set(undefined);
    await api.sessionReadonly.revokeOverrides();
  });

  test('focus on a domain terminal makes its domain active: status bar and decorations follow', async () => {
    const api = await territoryApi();
    const terminals =
      (await vscode.commands.executeCommand<vscode.Terminal[]>('territory.launchDomainTerminals')) ?? [];
    assert.deepEqual(
      terminals.map((t) => t.name),
      ['T1 · CORE', 'T2 · API', 'T3 · SCHED', 'T4 · FE', 'T5 · TEST'],
    );
    const again = (await vscode.commands.executeCommand<vscode.Terminal[]>('territory.launchDomainTerminals')) ?? [];
    assert.deepEqual(again, terminals, 're-running reuses the open terminals');

    terminals[0].show();
    await waitFor('CORE active after focusing T1', () => api.activeDomain.id === 'CORE');
    await waitFor('status bar text "$(shield) CORE · T1"', () => api.statusBar.item.text === '$(shield) CORE · T1');
    const apiDecoration = api.decorations.provideFileDecoration(fileUri(API_FILE));
    assert.equal(apiDecoration?.badge, 'AP');
    assert.equal(apiDecoration?.tooltip, 'Owned by API (T2) — read-only for CORE');
    assert.equal(api.decorations.provideFileDecoration(fileUri(CORE_FILE)), undefined, 'own files stay clean');

    terminals[1].show();
    await waitFor('API active after focusing T2', () => api.activeDomain.id === 'API');
    // The fixture's HANDOFF_FROM_CORE.md asks API for a blocking change: warning.
    await waitFor(
      'status bar text "$(shield) API · T2 $(warning)"',
      () => api.statusBar.item.text === '$(shield) API · T2 $(warning)',
    );
    assert.match(
      (api.statusBar.item.tooltip as vscode.MarkdownString).value,
      /1 open blocking handoff request for API/,
    );
    assert.equal(api.decorations.provideFileDecoration(fileUri(API_FILE)), undefined);
    assert.equal(
      api.decorations.provideFileDecoration(fileUri(CORE_FILE))?.tooltip,
      'Owned by CORE (T1) — read-only for API',
    );

    await api.activeDomain.setPinned(true);
    terminals[4].show();
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(api.activeDomain.id, 'API', 'a pinned domain ignores terminal focus');
    assert.match(api.statusBar.item.text, /\$\(pinned\)/);
    for (const terminal of terminals) terminal.dispose();
  });

  test('a terminal opened by hand is recognised by its name', async () => {
    const api = await territoryApi();
    const terminal = vscode.window.createTerminal({ name: 'sched agent' });
    terminal.show();
    await waitFor('SCHED active', () => api.activeDomain.id === 'SCHED');
    terminal.dispose();
  });

  test('Lead mode shows owners without greying; unassigned files get their own mark', async () => {
    const api = await territoryApi();
    await api.activeDomain.set(undefined);
    const lead = api.decorations.provideFileDecoration(fileUri(API_FILE));
    assert.equal(lead?.badge, 'AP');
    assert.equal(lead?.color, undefined);
    assert.equal(api.decorations.provideFileDecoration(fileUri('Makefile'))?.badge, '·');
    await api.activeDomain.set('CORE');
    const unassigned = api.decorations.provideFileDecoration(fileUri('Makefile'));
    assert.equal(unassigned?.tooltip, "Unassigned (the lead's) — read-only for CORE");
    assert.equal(
      api.decorations.provideFileDecoration(fileUri('backend'))?.badge,
      undefined,
      'a folder holding CORE files is not off-limits',
    );
  });

  test('as CORE an API file cannot be edited; as API it can', async () => {
    const api = await territoryApi();
    api.ui.offLimitsWarning.answerWith(async () => undefined);
    await api.activeDomain.set('CORE');
    const uri = fileUri(API_FILE);
    const onDisk = await readText(uri);
    const editor = await vscode.window.showTextDocument(uri);
    await waitFor('the editor to be locked', async () => {
      await api.sessionReadonly.settled();
      return api.sessionReadonly.isLocked(uri);
    });
    assert.equal(await typeInto(editor, 'x'), false, 'typing changes nothing');
    assert.equal(editor.document.isDirty, false);
    assert.equal(await readText(uri), onDisk);

    await api.activeDomain.set('API');
    await waitFor('the editor to be writable', async () => {
      await api.sessionReadonly.settled();
      return !api.sessionReadonly.isLocked(uri);
    });
    assert.equal(await typeInto(editor, 'x'), true, 'typing edits the owner domain file');
    await revertAllAndClose();
    assert.equal(await readText(uri), onDisk);
  });

  test('the warning appears once with three actions; Edit Anyway makes the editor writable', async () => {
    const api = await territoryApi();
    const answers: string[][] = [];
    api.ui.offLimitsWarning.answerWith(async (_message, ...actions) => {
      answers.push(actions);
      return 'Edit Anyway';
    });
    await api.activeDomain.set('CORE');
    const before = api.offLimitsWarning.shown.length;
    const uri = fileUri('backend/app/services/assignments.py');
    const editor = await vscode.window.showTextDocument(uri);
    await waitFor('the warning', () => api.offLimitsWarning.shown.length === before + 1);
    const shown = api.offLimitsWarning.shown[before];
    assert.match(
      shown.message,
      /^backend\/app\/services\/assignments\.py is off-limits for CORE: it belongs to Backend API \(API, T2\)/,
    );
    assert.deepEqual(answers[0], ['Create Handoff', 'Switch Domain', 'Edit Anyway']);
    await waitFor('Edit Anyway to apply', async () => {
      await api.sessionReadonly.settled();
      return api.sessionReadonly.overridden().length === 1 && !api.sessionReadonly.isLocked(uri);
    });
    assert.equal(await typeInto(editor, 'y'), true);
    const tooltip = api.statusBar.item.tooltip as vscode.MarkdownString;
    assert.match(tooltip.value, /Edit Anyway in force for/);

    await vscode.window.showTextDocument(fileUri(CORE_FILE));
    await vscode.window.showTextDocument(uri);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(api.offLimitsWarning.shown.length, before + 1, 'not shown again for the same file and domain');
  });

  test('uncommitted changes of other domains turn the status bar to warning and are listed', async () => {
    const api = await territoryApi();
    const uri = fileUri('frontend/src/api/client.ts');
    const original = await readText(uri);
    try {
      await writeText(uri, original + '// touched\n');
      await api.activeDomain.set('CORE');
      await waitFor('FE change seen outside CORE', () =>
        api.workingTree
          .outsideActive()
          .get('FE')
          ?.some((e) => e.path === 'frontend/src/api/client.ts'),
      );
      await waitFor('warning colour', () => api.statusBar.item.backgroundColor !== undefined);
      const tooltip = (api.statusBar.item.tooltip as vscode.MarkdownString).value;
      assert.match(tooltip, /uncommitted changes? outside CORE/);
      const outside = api.domainsView.getChildren().find((n) => n.contextValue === 'outsideChanges');
      assert.ok(outside, 'the Domains view lists them');
      assert.deepEqual(
        outside.children().map((n) => n.label),
        ['FE'],
        'only the FE file is uncommitted',
      );
    } finally {
      await writeText(uri, original);
    }
  });

  test('workspace mode: files.readonlyInclude gets CORE off-limits globs and keeps the user entries', async () => {
    const api = await territoryApi();
    const settings = vscode.Uri.joinPath(workspaceRoot(), '.vscode', 'settings.json');
    const userText =
      '{\n  // my own comment\n  "editor.tabSize": 3,\n  "files.readonlyInclude": {\n    "secret/**": true\n  }\n}\n';
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(workspaceRoot(), '.vscode'));
    await writeText(settings, userText);
    await waitFor('settings to load', () => vscode.workspace.getConfiguration('editor').get('tabSize') === 3);
    await vscode.workspace
      .getConfiguration('territory')
      .update('readonly', 'workspace', vscode.ConfigurationTarget.Workspace);
    try {
      await api.activeDomain.set('CORE');
      await waitFor('Territory entries in settings.json', async () => {
        await api.workspaceReadonly.settled();
        return (await readText(settings)).includes('backend/app/api/**');
      });
      const written = await readText(settings);
      assert.ok(written.includes('// my own comment'), written);
      assert.ok(written.includes('"secret/**": true'), written);
      assert.ok(written.includes('"editor.tabSize": 3'), written);
      const include = vscode.workspace.getConfiguration('files').get<Record<string, boolean>>('readonlyInclude') ?? {};
      assert.equal(include['backend/app/api/**'], true);
      assert.equal(include['backend/app/models/**'], undefined, "CORE's own territory is not read-only");
      assert.equal(include['secret/**'], true);

      await api.activeDomain.set(undefined);
      await waitFor('Territory entries removed', async () => {
        await api.workspaceReadonly.settled();
        return !(await readText(settings)).includes('backend/app/api/**');
      });
      const back = await readText(settings);
      assert.ok(
        back.includes('// my own comment') &&
          back.includes('"secret/**": true') &&
          back.includes('"editor.tabSize": 3'),
        back,
      );
      assert.deepEqual(vscode.workspace.getConfiguration('files').get('readonlyInclude'), { 'secret/**': true });
    } finally {
      await vscode.workspace
        .getConfiguration('territory')
        .update('readonly', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), '.vscode'), { recursive: true });
    }
  });

  test('workspace mode with .vscode/ unassigned and locked: API → CORE → FE each get their globs, and typing follows', async function () {
    this.timeout(90_000);
    const api = await territoryApi();
    const dotVscode = vscode.Uri.joinPath(workspaceRoot(), '.vscode');
    const files = () => vscode.workspace.getConfiguration('files');
    await writeText(vscode.Uri.joinPath(dotVscode, 'extensions.json'), '{ "recommendations": [] }\n');
    await waitFor(
      '.vscode/ listed as unassigned',
      () => api.maps.all()[0].coverage?.unassignedCover.directories.includes('.vscode'),
      15_000,
    );
    await vscode.workspace
      .getConfiguration('territory')
      .update('readonly', 'workspace', vscode.ConfigurationTarget.Workspace);
    const files_ = { API: 'backend/app/api/routes.py', CORE: CORE_FILE, FE: 'frontend/src/App.tsx' } as const;
    try {
      for (const [id, own, other] of [
        ['API', 'backend/app/api/**', 'backend/app/models/**'],
        ['CORE', 'backend/app/models/**', 'backend/app/api/**'],
        ['FE', 'frontend/src/**', 'backend/app/api/**'],
      ] as const) {
        await api.activeDomain.set(id);
        let seen = '';
        const include = await waitFor(
          `${id}'s globs in files.readonlyInclude`,
          async () => {
            await api.workspaceReadonly.settled();
            const value = files().get<Record<string, boolean>>('readonlyInclude') ?? {};
            const keep = files().get<Record<string, boolean>>('readonlyExclude') ?? {};
            seen = JSON.stringify({
              include: Object.keys(value),
              exclude: Object.keys(keep),
              failure: api.workspaceReadonly.failure,
              file: await readText(vscode.Uri.joinPath(dotVscode, 'settings.json')).catch(() => ''),
            });
            return value[other] === true && value[own] === undefined && keep['.vscode/settings.json'] === true
              ? value
              : undefined;
          },
          20_000,
        ).catch((error: Error) => {
          throw new Error(`${error.message}; last seen ${seen}`);
        });
        assert.equal(include['.vscode/**'], true, 'the unassigned .vscode/ is locked');
        assert.equal(api.workspaceReadonly.failure, undefined);
        assert.doesNotMatch(
          (api.statusBar.item.tooltip as vscode.MarkdownString).value,
          /could not update files\.readonlyInclude/,
        );
        const ownEditor = await vscode.window.showTextDocument(fileUri(files_[id]));
        assert.equal(await typeInto(ownEditor, '# own\n'), true, `${id} can type into its own ${files_[id]}`);
        const otherFile = id === 'API' ? CORE_FILE : API_FILE;
        const otherEditor = await vscode.window.showTextDocument(fileUri(otherFile));
        assert.equal(await typeInto(otherEditor, '# not mine\n'), false, `${id} cannot type into ${otherFile}`);
        await revertAllAndClose();
      }
    } finally {
      await revertAllAndClose();
      await api.activeDomain.set(undefined);
      await vscode.workspace
        .getConfiguration('territory')
        .update('readonly', undefined, vscode.ConfigurationTarget.Workspace);
      await api.workspaceReadonly.settled();
      await vscode.workspace.fs.delete(dotVscode, { recursive: true });
    }
  });
});
