import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { labelOf, readText, territoryApi, waitFor, workspaceRoot, writeText } from '../support';

suite('a broken territory.json', () => {
  const mapUri = () => vscode.Uri.joinPath(workspaceRoot(), 'territory.json');
  let original = '';

  suiteSetup(async () => {
    original = await readText(mapUri());
  });

  teardown(async () => {
    await writeText(mapUri(), original);
    const api = await territoryApi();
    await waitFor('the map to recover', () => api.maps.all()[0]?.problem === undefined && !api.maps.all()[0]?.stale);
  });

  test('a truncated file gives a diagnostic at the right line and keeps the last good map', async () => {
    const api = await territoryApi();
    const lines = original.split('\n');
    const cut = lines.findIndex((l) => l.includes('"SCHED"'));
    assert.ok(cut > 0, 'fixture has a SCHED domain');
    const truncated = lines.slice(0, cut + 1).join('\n');
    await writeText(mapUri(), truncated);
    const diagnostics = await waitFor('a syntax error diagnostic', () => {
      const found = vscode.languages
        .getDiagnostics(mapUri())
        .filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
      return found.length > 0 ? found : undefined;
    });
    const lastLine = truncated.split('\n').length - 1;
    assert.ok(
      diagnostics.some((d) => d.range.start.line >= cut && d.range.start.line <= lastLine),
      `error line in ${cut}..${lastLine}: ${diagnostics.map((d) => d.range.start.line).join(',')}`,
    );
    const territory = api.maps.all()[0];
    assert.equal(territory.stale, true);
    assert.deepEqual(
      territory.map?.domains.map((d) => d.id),
      ['CORE', 'API', 'SCHED', 'FE', 'TEST'],
    );
    const roots = api.domainsView.getChildren();
    assert.equal(roots[0].contextValue, 'mapProblem', 'the error is shown in the view');
    assert.equal(labelOf(roots[0]), 'Map has errors — last good map in force');
    assert.equal(roots.filter((n) => n.contextValue?.startsWith('domain')).length, 5);
    await waitFor('the status bar warning', () => api.statusBar.item.text.endsWith('$(warning)'));
  });

  test('a duplicate domain id is reported on the line of the duplicate', async () => {
    const lines = original.split('\n');
    const apiLine = lines.findIndex((l) => l.includes('"id": "API"'));
    assert.ok(apiLine > 0, 'fixture has "id": "API" on its own line');
    lines[apiLine] = lines[apiLine].replace('"API"', '"CORE"');
    await writeText(mapUri(), lines.join('\n'));
    const duplicate = await waitFor('a duplicate-id diagnostic', () =>
      vscode.languages.getDiagnostics(mapUri()).find((d) => d.code === 'duplicate-id'),
    );
    assert.equal(duplicate.range.start.line, apiLine);
    const api = await territoryApi();
    assert.deepEqual(
      api.maps.all()[0].map?.domains.map((d) => d.id),
      ['CORE', 'API', 'SCHED', 'FE', 'TEST'],
      'last good map kept',
    );
  });
});
