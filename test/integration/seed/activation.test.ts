// Smoke test: the extension loads in a real extension host and its main command exists
// both in the manifest (what the UI shows) and in the command registry (what runs).
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../protocol';

interface Manifest {
  contributes?: { commands?: { command: string }[] };
}

suite('activation', () => {
  const extension = (): vscode.Extension<unknown> => {
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `${EXTENSION_ID} is installed`);
    return found;
  };

  test('the extension is active', () => {
    assert.equal(extension().isActive, true);
  });

  test('package.json contributes territory.selectDomain', () => {
    const manifest = extension().packageJSON as Manifest;
    const commands = (manifest.contributes?.commands ?? []).map((c) => c.command);
    assert.ok(commands.includes('territory.selectDomain'), `contributed commands: ${commands.join(', ') || 'none'}`);
  });

  test('territory.selectDomain is registered', async () => {
    const registered = await vscode.commands.getCommands(true);
    assert.ok(
      registered.includes('territory.selectDomain'),
      'territory.selectDomain is in vscode.commands.getCommands(true)',
    );
  });
});
