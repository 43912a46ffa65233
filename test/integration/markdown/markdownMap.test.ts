import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { labelOf, readText, territoryApi, waitFor, workspaceRoot } from '../support';

suite('zero-config: the seed markdown table as the map', () => {
  test('reads the five domains from PARALLEL_ORCHESTRATION.md', async () => {
    const api = await territoryApi();
    const territory = api.maps.all()[0];
    assert.equal(territory.source?.kind, 'markdown');
    assert.ok(territory.source?.file.endsWith('PARALLEL_ORCHESTRATION.md'));
    const test = territory.map?.domains.find((d) => d.id === 'TEST');
    assert.deepEqual(test?.paths, ['backend/tests/', 'frontend/__tests__/', 'docs/', '/*.md']);
    assert.deepEqual(test?.prefixes, ['test:', 'docs:']);
    const labels = api.domainsView
      .getChildren()
      .filter((n) => n.contextValue?.startsWith('domain'))
      .map(labelOf);
    assert.deepEqual(labels, ['CORE', 'API', 'SCHED', 'FE', 'TEST']);
  });

  test('Convert Markdown Map writes territory.json that reads back to the same domains', async () => {
    const api = await territoryApi();
    const before = api.maps.all()[0].map?.domains;
    await vscode.commands.executeCommand('territory.convertMarkdownMap');
    const target = vscode.Uri.joinPath(workspaceRoot(), 'territory.json');
    await waitFor('territory.json in force', () => api.maps.all()[0].source?.kind === 'json');
    const written = JSON.parse(await readText(target)) as { domains: { id: string }[] };
    assert.deepEqual(
      written.domains.map((d) => d.id),
      ['CORE', 'API', 'SCHED', 'FE', 'TEST'],
    );
    assert.deepEqual(api.maps.all()[0].map?.domains, before);
  });

  test('converting again leaves the existing territory.json untouched', async () => {
    const target = vscode.Uri.joinPath(workspaceRoot(), 'territory.json');
    const marked = (await readText(target)).replace('{', '{\n  // hand-written comment');
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(marked));
    await vscode.commands.executeCommand('territory.convertMarkdownMap');
    assert.equal(await readText(target), marked);
  });
});
