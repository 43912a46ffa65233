// First run in a plain repository (src/, docs/, README.md, package.json; no map): the no-map welcome
// offers one primary action, Create Map proposes domains from the folders that are really there and
// names the project after the folder, and the walkthrough's map step ticks once the map is in force.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../protocol';
import { closeAllTerminals, readText, territoryApi, waitFor, workspaceRoot } from '../support';
import { waitForWalkthroughTick, walkthroughSteps } from '../walkthrough';

interface WelcomeContent {
  view: string;
  contents: string;
  when?: string;
}

function welcomeWithoutMap(): WelcomeContent[] {
  const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
    contributes: { viewsWelcome: WelcomeContent[] };
  };
  return manifest.contributes.viewsWelcome.filter((w) => w.when === '!territory.hasMap');
}

/** A line that is only a link is drawn as a button; links inside a sentence stay links. */
const buttonsOf = (contents: string) =>
  contents.split('\n').filter((line) => /^\[[^\]]+\]\([^)]+\)$/.test(line.trim()));

suite('first run: no map yet', () => {
  teardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  test('the no-map welcome shows one primary action, Create Map, and no literal backticks', async () => {
    const shown = welcomeWithoutMap();
    assert.deepEqual(shown.map((w) => w.view).sort(), ['territory.commits', 'territory.domains', 'territory.handoffs']);
    const buttons = shown.flatMap((w) => buttonsOf(w.contents).map((b) => `${w.view}: ${b}`));
    assert.deepEqual(buttons, ['territory.domains: [Create Map](command:territory.createMap)']);
    for (const w of shown) assert.ok(!w.contents.includes('`'), `no backticks in the ${w.view} welcome: ${w.contents}`);
    // Every link runs a command that exists.
    const commands = new Set(await vscode.commands.getCommands(true));
    for (const w of shown)
      for (const m of w.contents.matchAll(/\(command:([\w.]+)\)/g))
        assert.ok(commands.has(m[1]), `${w.view} links to ${m[1]}`);
  });

  test('Create Map proposes the real top-level folders, names the project after the folder, ticks the walkthrough and offers the next step', async function () {
    this.timeout(90_000);
    const root = workspaceRoot();
    const file = vscode.Uri.joinPath(root, 'territory.json');
    assert.ok(!existsSync(file.fsPath), 'no map before');
    // Earlier suites may have had a map in force: start from an unticked walkthrough.
    await vscode.commands.executeCommand('resetGettingStartedProgress');
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#gettingStarted`);
    const before = await waitFor(
      'the walkthrough shown',
      async () => ((await walkthroughSteps()).length > 0 ? walkthroughSteps() : undefined),
      20_000,
    );
    assert.equal(
      before.find((s) => s.id.endsWith('#map'))?.checked,
      false,
      `the map step starts unticked: ${JSON.stringify(before)}`,
    );

    // The next step the notification offers, answered like a user: Launch Terminals.
    const asked: { message: string; choices: string[] }[] = [];
    const answering = (await territoryApi()).ui.mapCommands.answerWith({
      info: (message, ...choices) => {
        asked.push({ message, choices });
        return Promise.resolve('Launch Terminals');
      },
    });
    const creating = vscode.commands.executeCommand('territory.createMap');
    try {
      // Enter in the proposal's quick pick (every proposed folder ticked): repeated until the map is written.
      await waitFor(
        'territory.json written from the quick pick',
        async () => {
          await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
          await new Promise((resolve) => setTimeout(resolve, 300));
          return existsSync(file.fsPath);
        },
        30_000,
      );
      await creating;
      const written = JSON.parse(await readText(file)) as {
        project: string;
        domains: { id: string; terminal: string; paths: string[]; prefixes: string[] }[];
      };
      assert.equal(written.project, path.basename(root.fsPath), 'the project is the folder, not "my-project"');
      assert.deepEqual(
        written.domains.map((d) => [d.id, d.terminal, d.paths, d.prefixes]),
        [
          ['DOCS', 'T1', ['/docs/'], ['docs:']],
          ['SRC', 'T2', ['/src/'], ['src:']],
        ],
      );
      for (const d of written.domains)
        for (const p of d.paths) assert.ok(existsSync(path.join(root.fsPath, p)), `${p} exists`);
      const api = await territoryApi();
      await waitFor('the new map in force', () => api.maps.all()[0]?.map?.domains.length === 2, 15_000);
      const owner = api.maps.all()[0]?.resolver?.resolve('src/index.js');
      assert.ok(
        owner?.kind === 'owned' && owner.domain.id === 'SRC',
        `src/index.js belongs to SRC: ${JSON.stringify(owner)}`,
      );
      await waitForWalkthroughTick('map', 30_000);
      const [next] = asked;
      assert.equal(asked.length, 1, 'one next-step notification');
      assert.match(
        next?.message ?? '',
        /^Map written with 2 domains \(DOCS, SRC\), in force now\..* Next: plan the session \(a goal and one task per domain\), then launch one terminal per domain\.$/,
      );
      assert.deepEqual(next?.choices, ['Plan Session', 'Launch Terminals', 'Open Walkthrough']);
      await waitFor(
        "the new map's terminals, launched from the notification",
        () => {
          const names = vscode.window.terminals.map((t) => t.name).sort();
          return names.join() === 'T1 · DOCS,T2 · SRC' ? true : undefined;
        },
        20_000,
      );
    } finally {
      answering.dispose();
      await closeAllTerminals();
      await creating.then(undefined, () => undefined);
      await vscode.workspace.fs.delete(file).then(undefined, () => undefined);
    }
  });
});
