// A workspace with no map and no protocol document: Territory activates (a map may appear later)
// but stays dormant (src/loader.ts): its own activation time recorded (the 15 ms budget is held by
// `npm run bench` over several runs, test/bench/dormant.ts: a timed assertion here would fail on a
// busy machine), no git process, one watcher for a map appearing. Woken by a command it still starts no git while there is no map. git's trace
// (test/fixtures/noMapWorkspace.ts) logs every git started in the extension host; Territory's own
// calls are the ones that pass -c core.fsmonitor=false.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { TerritoryExports } from '../../../src/extension';
import type { DormantTerritory } from '../../../src/loader';
import { GIT_SPY_LOG, gitCommandLines } from '../../fixtures/noMapWorkspace';
import { EXTENSION_ID, testHandle, waitFor, workspaceRoot, writeText } from '../support';

function territoryGitCalls(): string[] {
  const log = process.env[GIT_SPY_LOG];
  assert.ok(log, `${GIT_SPY_LOG} is set by the scenario`);
  return gitCommandLines(log)
    .filter((argv) => argv.includes('core.fsmonitor=false'))
    .map((argv) => argv.join(' '));
}

function exported(): TerritoryExports | DormantTerritory {
  const extension = vscode.extensions.getExtension<TerritoryExports | DormantTerritory>(EXTENSION_ID);
  assert.ok(extension?.isActive, `${EXTENSION_ID} is active`);
  return extension.exports;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 2500)); // past every debounce (file listing: 1.5 s)

suite('no map: cheap where it is not used', () => {
  test('dormant, its own activation time recorded (the bench holds it to 15 ms)', () => {
    const territory = exported();
    assert.ok('dormant' in territory, 'Territory loaded its whole bundle in a window without a map');
    const { loadMs, activateMs, cpuMs } = territory.activation;
    // The line test/bench/dormant.ts reads. CPU time is the budget: on a busy machine the wall clock
    // also counts other processes' turns.
    console.log(
      `      activation: ${cpuMs?.toFixed(1)} ms of CPU (wall clock ${(loadMs + activateMs).toFixed(1)} ms: bundle ${loadMs.toFixed(1)} ms, activate() ${activateMs.toFixed(1)} ms)`,
    );
    for (const [name, value] of Object.entries({ loadMs, activateMs, cpuMs }))
      assert.ok(value !== undefined && Number.isFinite(value) && value > 0, `${name}: ${value}`);
  });

  test('a file written outside the root and docs/ neither wakes it nor starts git', async () => {
    await writeText(vscode.Uri.joinPath(workspaceRoot(), 'src', 'new.js'), 'export {};\n');
    await settle();
    assert.ok('dormant' in exported());
    assert.deepEqual(territoryGitCalls(), []);
  });

  test('woken by a command, with no map it still starts no git (focus, refresh, file events)', async () => {
    await vscode.commands.executeCommand('territory.refresh'); // the stand-in wakes Territory, then runs it
    const territory = exported();
    assert.ok('dormant' in territory);
    const api = testHandle(await territory.wake());
    await api.maps.ready();
    assert.equal(api.maps.all()[0]?.map, undefined);
    assert.equal(api.statusBar.item.text, '', 'the status bar item is never shown without a map');
    await writeText(vscode.Uri.joinPath(workspaceRoot(), 'src', 'other.js'), 'export {};\n');
    await api.guard.service.refresh();
    await settle();
    await Promise.all([api.workingTree.settled(), api.commits.service.settled(), api.guard.service.settled()]);
    assert.deepEqual(territoryGitCalls(), []);
  });

  test('a territory.json written later is found; with a map, Territory does use git', async () => {
    const territory = exported();
    assert.ok('dormant' in territory);
    const api = testHandle(await territory.wake());
    const map = { domains: [{ id: 'CORE', terminal: 'T1', paths: ['src/'], prefixes: ['core:'] }] };
    const file = vscode.Uri.joinPath(workspaceRoot(), 'territory.json');
    await writeText(file, JSON.stringify(map, null, 2));
    try {
      await waitFor('the new map in force', () => api.maps.all()[0]?.map?.domains[0]?.id === 'CORE');
      // The trace sees Territory's git once there is a map: its silence above counts.
      await waitFor('git started by Territory once a map exists', () => territoryGitCalls().length > 0);
    } finally {
      await vscode.workspace.fs.delete(file);
    }
  });
});
