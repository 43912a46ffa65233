// Two reads of the map that overlap and finish out of order (a save while the first one is still
// listing the files) must leave the newer map in force, and ready() must wait for the newer one.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { TerritoryMaps } from '../../../src/features/model/maps';
import { readText, territoryApi, waitFor, workspaceRoot, writeText } from '../support';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

suite('overlapping map reads', () => {
  test('the older read finishing last does not put the older map back in force', async function () {
    this.timeout(30_000);
    const api = await territoryApi();
    await api.maps.ready();
    const folder = vscode.workspace.workspaceFolders![0];
    const mapUri = vscode.Uri.joinPath(workspaceRoot(), 'territory.json');
    const original = await readText(mapUri);
    // Maps of the test's own, built with a listing step whose first run is slow (the extension's
    // maps are built with the production listing; no field is reassigned after construction).
    let slowOnce = false;
    const log = vscode.window.createOutputChannel('Territory map race', { log: true });
    const maps = new TerritoryMaps(log, {
      listFiles: async (_folder, list) => {
        if (slowOnce) {
          slowOnce = false;
          await sleep(2_000);
        }
        return list();
      },
    });
    await maps.reloadAll();
    slowOnce = true; // the next read's listing is the slow one
    const coreName = (of: TerritoryMaps = maps) => of.get(folder)?.map?.domains.find((d) => d.id === 'CORE')?.name;
    try {
      await writeText(mapUri, original.replace('Backend Core', 'Older Core'));
      const older = maps.load(folder);
      await sleep(300);
      await writeText(mapUri, original.replace('Backend Core', 'Newer Core'));
      const newer = maps.load(folder);
      await Promise.all([older, newer]);
      await maps.ready();
      assert.equal(coreName(), 'Newer Core');
    } finally {
      maps.dispose();
      log.dispose();
      await writeText(mapUri, original);
      await waitFor('the fixture map back in force', async () => {
        await api.maps.ready();
        return coreName(api.maps) === 'Backend Core';
      });
    }
  });
});
