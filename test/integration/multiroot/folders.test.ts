import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { FolderNode } from '../../../src/features/model/domainsView';
import { labelOf, readText, territoryApi, waitFor, writeText } from '../support';

function folder(name: string): vscode.WorkspaceFolder {
  const found = vscode.workspace.workspaceFolders?.find((f) => f.name === name);
  if (!found) throw new Error(`no workspace folder ${name}`);
  return found;
}

suite('multi-root workspace: one map per folder', () => {
  test('each folder has its own map, shown under its folder in the Domains view', async () => {
    const api = await territoryApi();
    assert.deepEqual(
      api.maps.all().map((t) => [t.folder.name, t.map?.domains.map((d) => d.id)]),
      [
        ['app', ['CORE', 'API', 'SCHED', 'FE', 'TEST']],
        ['tools', ['CLI', 'OPS']],
      ],
    );
    const roots = api.domainsView.getChildren() as FolderNode[];
    assert.deepEqual(roots.map(labelOf), ['app', 'tools']);
    assert.deepEqual(
      roots[1]
        .children()
        .filter((n) => n.contextValue?.startsWith('domain'))
        .map(labelOf),
      ['CLI', 'OPS'],
    );
  });

  test('ownership is answered by the map of the file folder', async () => {
    const api = await territoryApi();
    const owner = (name: string, relative: string) => {
      const found = api.maps.ownerOf(vscode.Uri.joinPath(folder(name).uri, relative));
      return found?.ownership.kind === 'owned' ? found.ownership.domain.id : found?.ownership.kind;
    };
    assert.equal(owner('app', 'backend/app/models/assignment.py'), 'CORE');
    assert.equal(owner('app', 'README.md'), 'TEST');
    assert.equal(owner('tools', 'README.md'), 'OPS');
    assert.equal(owner('tools', 'cli/main.ts'), 'CLI');
    await api.activeDomain.set('CLI');
    assert.equal(
      api.decorations.provideFileDecoration(vscode.Uri.joinPath(folder('tools').uri, 'ops/deploy.yml'))?.tooltip,
      'Owned by OPS (T2) — read-only for CLI',
    );
    await api.activeDomain.set(undefined);
  });

  test('a broken map in one folder leaves the other folder alone', async () => {
    const api = await territoryApi();
    const map = vscode.Uri.joinPath(folder('tools').uri, 'territory.json');
    const original = await readText(map);
    try {
      await writeText(map, original.replace('"OPS"', '"CLI"'));
      await waitFor('the duplicate id in tools', () =>
        vscode.languages.getDiagnostics(map).some((d) => d.code === 'duplicate-id'),
      );
      const [app, tools] = api.maps.all();
      assert.equal(tools.stale, true);
      assert.deepEqual(
        tools.map?.domains.map((d) => d.id),
        ['CLI', 'OPS'],
        'last good map kept',
      );
      assert.equal(app.problem, undefined);
      assert.deepEqual(
        vscode.languages
          .getDiagnostics(vscode.Uri.joinPath(folder('app').uri, 'territory.json'))
          .filter((d) => d.severity === vscode.DiagnosticSeverity.Error),
        [],
      );
    } finally {
      await writeText(map, original);
      await waitFor('tools to recover', () => !api.maps.all()[1].stale);
    }
  });
});
