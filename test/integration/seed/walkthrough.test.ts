// The walkthrough's first step ticks when a map is in force, as the page shows it. The seed's map is
// in force long before the walkthrough registers its steps: the case `onContext:territory.hasMap`
// alone never ticked (src/features/model/walkthroughSignal.ts).
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { territoryApi } from '../support';
import { waitForWalkthroughTick } from '../walkthrough';

suite('walkthrough: step 1 with a map in force', () => {
  teardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('"Find or write the domain map" is ticked on the page', async function () {
    this.timeout(60_000);
    const api = await territoryApi();
    assert.ok(api.maps.all()[0]?.map, 'the seed map is in force');
    const steps = await waitForWalkthroughTick('map', 30_000);
    assert.equal(steps.length, 5, `the page shows the five steps: ${JSON.stringify(steps)}`);
  });
});
