// One watcher per thing: with the seed folder mapped and every feature running (commits, mission
// control, blocked edits, session plans, uncommitted changes), the hub holds the workspace's one
// recursive watcher and one watcher of the folder's git directory (before the hub: eight, among them
// two recursive ones per folder and HEAD watched twice). commits.test.ts sees a commit made by git on
// the command line reach the Commits view through the hub's git-state event. Settings changes reach
// every subscriber as one typed change from one configuration listener.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { onDidChangeSettings, type SettingsChange } from '../../../src/features/base/config';
import { territoryApi, waitFor } from '../support';

suite('One watcher per thing, one settings listener', () => {
  test('the mapped seed folder is watched by one recursive watcher and one git-state watcher', async () => {
    const api = await territoryApi();
    await api.maps.ready();
    await api.commits.service.settled();
    assert.equal(api.maps.files.watcherCount(), 2);
  });

  test('a settings change reaches every subscriber as the same typed change, naming the keys; other sections never', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const first: SettingsChange[] = [];
    const second: SettingsChange[] = [];
    const subscriptions = [onDidChangeSettings((c) => first.push(c)), onDidChangeSettings((c) => second.push(c))];
    try {
      await vscode.workspace.getConfiguration('editor').update('tabSize', 3, vscode.ConfigurationTarget.Workspace);
      await vscode.workspace
        .getConfiguration('territory')
        .update('badge', 'terminal', vscode.ConfigurationTarget.Workspace);
      const change = await waitFor('the badge change', () => first[0], 10_000);
      assert.equal(first.length, 1, "the editor.tabSize change is not one of Territory's settings");
      assert.equal(second[0], change, 'both subscribers get the one change the one listener made');
      assert.deepEqual([...change.keys], ['badge']);
      assert.ok(change.affects('badge', folder));
      assert.ok(!change.affects('unassigned', folder));
    } finally {
      subscriptions.forEach((s) => s.dispose());
      await vscode.workspace
        .getConfiguration('territory')
        .update('badge', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.workspace
        .getConfiguration('editor')
        .update('tabSize', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
