import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { CreatedHandoff } from '../../../src/features/handoffs/create';
import { readText, revertAllAndClose, territoryApi, typeInto, waitFor, workspaceRoot, writeText } from '../support';

const API_FILE = 'backend/app/api/routes.py';
const CORE_FILE = 'backend/app/models/assignment.py';
const GREY = 'gitDecoration.ignoredResourceForeground';
const WARNING = 'list.warningForeground';

function fileUri(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), relative);
}

function colorOf(decoration: vscode.FileDecoration | undefined): string | undefined {
  return decoration?.color instanceof vscode.ThemeColor ? decoration.color.id : undefined;
}

/** The CodeLenses VS Code shows on the first line of `uri`, as titles and commands. */
async function lensesOn(uri: vscode.Uri): Promise<{ title: string; command: string; arguments: unknown[] }[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
  return lenses
    .filter((l) => l.range.start.line === 0 && l.command)
    .map((l) => ({ title: l.command!.title, command: l.command!.command, arguments: l.command!.arguments ?? [] }))
    .filter((l) => /Owned|Editing|Handoff|Edit Anyway|Unassigned/.test(l.title));
}

suite('explorer ownership and read-only editors', () => {
  teardown(async () => {
    const api = await territoryApi();
    await revertAllAndClose();
    await api.sessionReadonly.revokeOverrides();
    await api.activeDomain.set(undefined);
  });

  test("as CORE, frontend/ (only FE's and TEST's files) shows as theirs, mixed and greyed, not as the lead's", async () => {
    const api = await territoryApi();
    await api.activeDomain.set('CORE');
    const frontend = await waitFor('frontend/ counted by the coverage', () => {
      const decoration = api.decorations.provideFileDecoration(fileUri('frontend'));
      return decoration?.badge === '+' ? decoration : undefined;
    });
    assert.equal(frontend.tooltip, 'Mixed: FE, TEST — read-only for CORE');
    assert.equal(colorOf(frontend), GREY);
    const src = api.decorations.provideFileDecoration(fileUri('frontend/src'));
    assert.deepEqual([src?.badge, src?.tooltip, colorOf(src)], ['FE', 'Owned by FE (T4) — read-only for CORE', GREY]);
    assert.equal(
      api.decorations.provideFileDecoration(fileUri('backend'))?.color,
      undefined,
      'backend/ holds CORE files: not greyed',
    );
    await api.activeDomain.set('FE');
    assert.equal(
      colorOf(api.decorations.provideFileDecoration(fileUri('frontend'))),
      undefined,
      'as FE, frontend/ holds its own files',
    );
    await api.activeDomain.set(undefined);
    const lead = api.decorations.provideFileDecoration(fileUri('frontend'));
    assert.deepEqual([lead?.badge, lead?.tooltip, colorOf(lead)], ['+', 'Mixed: FE, TEST', undefined]);
  });

  test('badges show the domain id; territory.badge: terminal switches them to T2, and the Explorer is told', async () => {
    const api = await territoryApi();
    await api.activeDomain.set('CORE');
    const uri = fileUri(API_FILE);
    assert.equal(api.decorations.provideFileDecoration(uri)?.badge, 'AP');
    const told = new Promise<vscode.Uri[]>((resolve) => {
      const listener = api.decorations.onDidChangeFileDecorations((uris) => {
        if (uris.some((u) => u.toString() === uri.toString())) {
          listener.dispose();
          resolve(uris);
        }
      });
    });
    const dotVscode = fileUri('.vscode');
    try {
      await vscode.workspace
        .getConfiguration('territory')
        .update('badge', 'terminal', vscode.ConfigurationTarget.Workspace);
      await told;
      assert.equal(api.decorations.provideFileDecoration(uri)?.badge, 'T2');
      assert.equal(api.decorations.provideFileDecoration(fileUri('frontend/src'))?.badge, 'T4');
      await vscode.workspace
        .getConfiguration('territory')
        .update('badge', undefined, vscode.ConfigurationTarget.Workspace);
      await waitFor('the id badge back', () => api.decorations.provideFileDecoration(uri)?.badge === 'AP');
    } finally {
      // The setting wrote .vscode/settings.json: the later suites commit with `git add -A`.
      await vscode.workspace
        .getConfiguration('territory')
        .update('badge', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.workspace.fs.delete(dotVscode, { recursive: true });
    }
  });

  test('an open off-limits editor names its owner (status bar, CodeLens) and offers Create Handoff', async function () {
    this.timeout(60_000);
    const api = await territoryApi();
    api.ui.offLimitsWarning.answerWith(async () => undefined);
    await api.activeDomain.set('CORE');
    const uri = fileUri(API_FILE);
    await vscode.window.showTextDocument(uri);
    await waitFor('the editor locked', async () => {
      await api.sessionReadonly.settled();
      return api.sessionReadonly.isLocked(uri);
    });
    await waitFor(
      'the owner in the status bar',
      () => api.editorOwner.visible && api.editorOwner.item.text === "$(lock) API's file",
    );
    assert.equal((api.editorOwner.item.command as vscode.Command).command, 'territory.createHandoff');
    const tooltip = (api.editorOwner.item.tooltip as vscode.MarkdownString).value.replace(/\\(?=[^\\])/g, '');
    assert.match(tooltip, /\*\*Backend API \(API, T2\)\*\*: Owned by API \(T2\) — read-only for CORE/);
    assert.match(tooltip, /\[Create Handoff\]\(command:territory\.createHandoff\?/);

    const lenses = await lensesOn(uri);
    assert.deepEqual(
      lenses.map((l) => [l.title, l.command]),
      [
        ['$(lock) Owned by API (T2) — read-only for CORE', ''],
        ['Create Handoff', 'territory.createHandoff'],
        ['Edit Anyway', 'territory.editAnyway'],
      ],
    );
    // The lens's Create Handoff, answered like a user would: the request goes to the file's owner.
    const handoffFile = fileUri('HANDOFF_FROM_CORE.md');
    const before = await readText(handoffFile);
    try {
      let created: CreatedHandoff | undefined;
      const pending = vscode.commands.executeCommand<CreatedHandoff>(lenses[1].command, ...lenses[1].arguments, {
        change: 'Add a route',
        reason: 'CORE needs it',
        blocking: false,
      });
      void pending.then((c) => (created = c));
      // The target is asked with the file's owner first: Enter picks it.
      await waitFor('the handoff written', async () => {
        if (!created) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        await new Promise((resolve) => setTimeout(resolve, 150));
        return created;
      });
      assert.ok(created);
      assert.deepEqual([created.source, created.target], ['CORE', 'API']);
      assert.match(
        await readText(handoffFile),
        /### For API:\n[\s\S]*- \[ \] File: `backend\/app\/api\/routes\.py`\n- \[ \] Change needed: Add a route/,
      );
    } finally {
      await revertAllAndClose();
      await writeText(handoffFile, before);
    }

    await vscode.window.showTextDocument(fileUri(CORE_FILE));
    await waitFor('no owner shown on an own file', () => !api.editorOwner.visible);
    assert.deepEqual(await lensesOn(fileUri(CORE_FILE)), []);
  });

  test('Edit Anyway leaves a revocable mark (status bar, CodeLens, Explorer) until it is revoked', async () => {
    const api = await territoryApi();
    api.ui.offLimitsWarning.answerWith(async () => undefined);
    await api.activeDomain.set('CORE');
    const uri = fileUri(API_FILE);
    const editor = await vscode.window.showTextDocument(uri);
    await waitFor('the editor locked', async () => {
      await api.sessionReadonly.settled();
      return api.sessionReadonly.isLocked(uri);
    });
    const editAnyway = (await lensesOn(uri)).find((l) => l.title === 'Edit Anyway');
    assert.ok(editAnyway);
    await vscode.commands.executeCommand(editAnyway.command, ...editAnyway.arguments);
    await waitFor(
      'the mark in the status bar',
      () => api.editorOwner.item.text === "$(unlock) Editing API's file — Revoke",
    );
    assert.equal(
      (api.editorOwner.item.backgroundColor as vscode.ThemeColor | undefined)?.id,
      'statusBarItem.warningBackground',
    );
    assert.equal(await typeInto(editor, '# anyway\n'), true, 'the file is writable');
    assert.deepEqual(
      (await lensesOn(uri)).map((l) => l.title),
      ["$(unlock) Editing API's file as CORE (Edit Anyway)", 'Revoke Edit Anyway', 'Create Handoff'],
    );
    const marked = api.decorations.provideFileDecoration(uri);
    assert.deepEqual(
      [marked?.badge, marked?.tooltip, colorOf(marked)],
      ['AP', 'Owned by API (T2) — Edit Anyway: writable for CORE until revoked', WARNING],
    );

    await vscode.window.showTextDocument(fileUri(CORE_FILE));
    await waitFor(
      'the mark stays on another editor',
      () => api.editorOwner.visible && api.editorOwner.item.text === '$(unlock) Edit Anyway on 1 file — Revoke',
    );

    const revoke = api.editorOwner.item.command as vscode.Command;
    assert.equal(revoke.command, 'territory.revokeEditAnyway');
    await vscode.commands.executeCommand(revoke.command, ...(revoke.arguments ?? []));
    await waitFor('the mark gone', () => !api.editorOwner.visible);
    assert.equal(colorOf(api.decorations.provideFileDecoration(uri)), GREY);
    await vscode.window.showTextDocument(uri);
    await waitFor('locked again', async () => {
      await api.sessionReadonly.settled();
      return api.sessionReadonly.isLocked(uri);
    });
    await waitFor('the owner shown again', () => api.editorOwner.item.text === "$(lock) API's file");
  });
});
