// The walkthrough's first step ticks when a map is in force, the second when a domain is active, as the page shows it. The seed's map is
// in force long before the walkthrough registers its steps: the case `onContext:territory.hasMap`
// alone never ticked (src/features/model/walkthroughSignal.ts).
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { territoryApi } from '../support';
import { waitForWalkthroughTick } from '../walkthrough';

suite('walkthrough: steps 1 and 2 with a map in force and a domain active', () => {
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await (await territoryApi()).activeDomain.set(undefined);
  });

  test('"Find or write the domain map" and "Choose your domain" are ticked on the page', async function () {
    this.timeout(60_000);
    const api = await territoryApi();
    assert.ok(api.maps.all()[0]?.map, 'the seed map is in force');
    // Before the walkthrough first opens: the state holds when its steps register.
    await api.activeDomain.set('CORE');
    await waitForWalkthroughTick('domain', 30_000);
    const steps = await waitForWalkthroughTick('map', 30_000);
    assert.equal(steps.length, 5, `the page shows the five steps: ${JSON.stringify(steps)}`);
  });
});
