// Two reads of the map that overlap and finish out of order (a save while the first one is still
// listing the files) must leave the newer map in force, and ready() must wait for the newer one.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
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
    // The test's handle on the listing step: the first read lists the files slowly.
    const maps = api.maps as unknown as { listFiles(folder: vscode.WorkspaceFolder): Promise<string[]> };
    const listFiles = maps.listFiles.bind(api.maps);
    let slowOnce = true;
    maps.listFiles = async (f) => {
      if (slowOnce) {
        slowOnce = false;
        await sleep(2_000);
      }
      return listFiles(f);
    };
    const coreName = () => api.maps.get(folder)?.map?.domains.find((d) => d.id === 'CORE')?.name;
    try {
      await writeText(mapUri, original.replace('Backend Core', 'Older Core'));
      const older = api.maps.load(folder);
      await sleep(300);
      await writeText(mapUri, original.replace('Backend Core', 'Newer Core'));
      const newer = api.maps.load(folder);
      await Promise.all([older, newer]);
      await api.maps.ready();
      assert.equal(coreName(), 'Newer Core');
    } finally {
      maps.listFiles = listFiles;
      await writeText(mapUri, original);
      await waitFor('the fixture map back in force', async () => {
        await api.maps.ready();
        return coreName() === 'Backend Core';
      });
    }
  });
});
