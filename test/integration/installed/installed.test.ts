// Territory as a user gets it: installed from the .vsix that `npm run package` builds (the runner
// installs it with the server's --install-extension; the development extension is an empty one),
// on a repository that holds only the seed's protocol document.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type { TerritoryExports } from '../../../src/extension';
import { EXTENSION_ID, labelOf, territoryApi, waitFor, workspaceRoot } from '../support';

const run = promisify(execFile);

interface Manifest {
  version: string;
  contributes: {
    commands: { command: string }[];
    walkthroughs?: { steps: { media: { image?: string; markdown?: string } }[] }[];
  };
}

function installed(): vscode.Extension<TerritoryExports> {
  const extension = vscode.extensions.getExtension<TerritoryExports>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return extension;
}

/** Every file of a folder, relative, with `/`. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(path.join(dir, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`],
  );
}

suite('installed from the .vsix', () => {
  test('runs from its installed copy: the bundles, media and pictures, no sources, maps or node_modules', () => {
    const extension = installed();
    const root = extension.extensionPath;
    assert.equal(
      path.basename(path.dirname(root)),
      'extensions',
      `loaded from ${root}, not from the server's extensions folder`,
    );
    const files = filesUnder(root);
    assert.ok(files.includes('dist/extension.js') && files.includes('dist/cli.js'), files.join(', '));
    for (const file of files) {
      assert.ok(
        !file.endsWith('.map') &&
          !file.endsWith('.ts') &&
          !file.startsWith('node_modules/') &&
          !file.startsWith('src/'),
        `${file} should not be installed`,
      );
    }
    const manifest = extension.packageJSON as Manifest;
    const media = (manifest.contributes.walkthroughs ?? []).flatMap((w) =>
      w.steps.flatMap((s) => [s.media.image, s.media.markdown]),
    );
    for (const file of media.filter((m): m is string => m !== undefined))
      assert.ok(files.includes(file), `walkthrough media ${file} is installed`);
  });

  test('activated by itself on a repository holding only the protocol document, reading its table', async () => {
    assert.equal(installed().isActive, true);
    const api = await territoryApi();
    const territory = api.maps.all()[0];
    assert.equal(territory.source?.kind, 'markdown');
    assert.equal(path.basename(territory.source?.file ?? ''), 'PARALLEL_ORCHESTRATION.md');
    assert.deepEqual(
      territory.map?.domains.map((d) => d.id),
      ['CORE', 'API', 'SCHED', 'FE', 'TEST'],
    );
  });

  test('other extensions get the small versioned API: folders, owners, the active domain', async () => {
    const api = await installed().activate();
    assert.ok(!('dormant' in api), 'a window with a map has the whole extension');
    await api.ready();
    assert.equal(api.version, 1);
    const [folder] = api.folders();
    assert.equal(folder?.kind, 'markdown');
    assert.deepEqual(
      folder?.domains.map((d) => d.id),
      ['CORE', 'API', 'SCHED', 'FE', 'TEST'],
    );
    const models = vscode.Uri.joinPath(workspaceRoot(), 'backend', 'app', 'models', 'user.py');
    const routes = vscode.Uri.joinPath(workspaceRoot(), 'backend', 'app', 'api', 'routes.py');
    assert.deepEqual(api.ownerOf(models), { owner: 'CORE', domain: folder?.domains[0], offLimits: false });
    const handle = await territoryApi();
    let fired = 0;
    const listening = api.onDidChange(() => fired++);
    await handle.activeDomain.set('CORE');
    try {
      assert.equal(api.activeDomain()?.id, 'CORE');
      assert.equal(api.ownerOf(routes)?.offLimits, true, "API's file is off-limits for CORE");
      assert.equal(api.ownerOf(models)?.offLimits, false);
      assert.ok(fired > 0, 'onDidChange fired for the new active domain');
    } finally {
      listening.dispose();
      await handle.activeDomain.set(undefined);
    }
    assert.equal(api.ownerOf(routes)?.offLimits, false, 'nothing is off-limits for the lead');
  });

  test('every contributed command is registered', async () => {
    await territoryApi();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = (installed().packageJSON as Manifest).contributes.commands
      .map((c) => c.command)
      .filter((c) => !registered.has(c));
    assert.deepEqual(missing, []);
  });

  test('the status bar and the Domains view show the map', async () => {
    const api = await territoryApi();
    await api.activeDomain.set('CORE');
    try {
      await waitFor('status bar "CORE · T1"', () => api.statusBar.item.text.startsWith('$(shield) CORE · T1'));
      const labels = api.domainsView
        .getChildren()
        .filter((n) => n.contextValue?.startsWith('domain'))
        .map(labelOf);
      assert.deepEqual(labels, ['CORE', 'API', 'SCHED', 'FE', 'TEST']);
      await vscode.commands.executeCommand('territory.domains.focus');
    } finally {
      await api.activeDomain.set(undefined);
    }
  });

  test('the packaged CLI runs from the unpacked extension, with no node_modules above it', async () => {
    const root = installed().extensionPath;
    for (let dir = root; ; dir = path.dirname(dir)) {
      assert.ok(
        !existsSync(path.join(dir, 'node_modules')),
        `${dir} holds a node_modules folder the CLI could lean on`,
      );
      if (path.dirname(dir) === dir) break;
    }
    const cli = path.join(root, 'dist', 'cli.js');
    const cwd = workspaceRoot().fsPath;
    const owner = await run(process.execPath, [
      cli,
      'owner',
      '--json',
      '--cwd',
      cwd,
      'backend/app/models/user.py',
      'HANDOFF_FROM_API.md',
    ]);
    assert.deepEqual(
      (JSON.parse(owner.stdout) as { owner: string }[]).map((a) => a.owner),
      ['CORE', 'API'],
    );
    await run(process.execPath, [cli, 'validate', '--cwd', cwd]); // rejects on a non-zero exit
    const domains = await run(process.execPath, [cli, 'domains', '--cwd', cwd]);
    for (const id of ['CORE', 'API', 'SCHED', 'FE', 'TEST']) assert.match(domains.stdout, new RegExp(`\\b${id}\\b`));
  });
});
