// The Handoffs feature in a real extension host, on the seed workspace (which has
// HANDOFF_FROM_CORE.md, addressed to API). Files are written with node's fs, as a terminal would.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CreatedHandoff, HandoffNode, Handoffs } from '../../../src/features/handoffs';
import { requestKey } from '../../../src/core/handoffs/inbox';
import { claimLine } from '../../../src/core/handoffs/doneClaims';
import { labelOf, runBundledCli, territoryApi, waitFor, workspaceRoot } from '../support';

/** The live window: the spec asks for a second; CI machines get some slack. */
const LIVE_MS = 3000;

async function handoffsApi(): Promise<Handoffs> {
  const api = await territoryApi();
  const handoffs = (api as unknown as { handoffs?: Handoffs }).handoffs;
  assert.ok(handoffs, 'the extension API exposes handoffs');
  await handoffs.service.ready();
  return handoffs;
}

function file(name: string): string {
  return path.join(workspaceRoot().fsPath, name);
}

function groups(handoffs: Handoffs): HandoffNode[] {
  return handoffs.tree.getChildren();
}

function requestsOf(handoffs: Handoffs, group: string): HandoffNode[] {
  const node = groups(handoffs).find((g) => labelOf(g) === group);
  return node ? node.children() : [];
}

function findRequest(handoffs: Handoffs, group: string, label: string): HandoffNode | undefined {
  return requestsOf(handoffs, group).find((n) => labelOf(n) === label);
}

/** Offsets where two byte buffers differ. */
function differences(a: Buffer, b: Buffer): number[] {
  assert.equal(a.length, b.length, 'same length');
  const offsets: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) offsets.push(i);
  return offsets;
}

const TWO_REQUESTS = [
  '# Handoff from FE',
  '',
  'Notes the FE terminal wrote. [ ] is not a box here.',
  '',
  '## Required Changes',
  '',
  '### For api:',
  '- [ ] File: `backend/app/api/routes.py`',
  '- [ ] Change needed: Return 409 with the current version',
  '- [ ] Reason: The conflict UI needs it',
  '- [ ] Blocking: Yes',
  '',
  '### For T5:',
  '- [ ] File: frontend/__tests__/App.test.tsx',
  '- [x] Change needed: Cover the conflict dialog',
  '- [ ] Reason: New UI',
  '- [ ] Blocking: No',
  '',
].join('\r\n');

suite('Handoffs', () => {
  let originalCore: Buffer;
  suiteSetup(() => {
    originalCore = fs.readFileSync(file('HANDOFF_FROM_CORE.md'));
  });

  teardown(async () => {
    // Unsaved buffers (a dirty handoff file, the untitled summary) would make closing ask.
    for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const name of ['HANDOFF_FROM_FE.md', 'HANDOFF_FROM_SCHED.md', 'HANDOFF_FROM_API.md', 'HANDOFF_NOTES.md'])
      fs.rmSync(file(name), { force: true });
    fs.writeFileSync(file('HANDOFF_FROM_CORE.md'), originalCore);
    const api = await territoryApi();
    await api.activeDomain.set(undefined);
    const handoffs = await handoffsApi();
    await waitFor('handoffs back to the fixture', () => handoffs.service.documents().length === 1, LIVE_MS);
  });

  test("shows the fixture's request from CORE under API, blocking, with its badge for API", async () => {
    const handoffs = await handoffsApi();
    const node = await waitFor('the CORE → API request', () =>
      findRequest(handoffs, 'API', 'backend/app/api/routes.py'),
    );
    assert.equal(node.contextValue, 'handoffRequest.blocking');
    assert.equal(node.checkboxState, vscode.TreeItemCheckboxState.Unchecked);
    assert.match(String(node.description), /^blocking · from CORE · Return the new `version` field/);
    assert.equal(handoffs.service.openBlockingFor('API'), 1);

    const api = await territoryApi();
    await api.activeDomain.set('API');
    await waitFor('badge 1 for API', () => handoffs.view.badge?.value === 1);
    await api.activeDomain.set('FE');
    await waitFor('no badge for FE', () => handoffs.view.badge === undefined);
  });

  test("a request its owner marked done (territory handoff done in API's terminal) shows done and leaves API's counts; a forged claim does not", async () => {
    const handoffs = await handoffsApi();
    const api = await territoryApi();
    await api.activeDomain.set('API');
    const request = await waitFor(
      'the CORE → API request',
      () =>
        handoffs.service.entries().find((e) => e.request.source === 'CORE' && e.request.target?.domain === 'API')
          ?.request,
    );
    const tooltip = () => String((api.statusBar.item.tooltip as vscode.MarkdownString | undefined)?.value ?? '');
    await waitFor(
      'badge 1 and the status bar warning for API',
      () => handoffs.view.badge?.value === 1 && /1 open blocking handoff request for API/.test(tooltip()),
      LIVE_MS,
    );

    // SCHED writes the claim in its own file: SCHED is not the target, so nothing changes.
    fs.writeFileSync(
      file('HANDOFF_FROM_SCHED.md'),
      `# Handoff from SCHED\n\n${claimLine('CORE', requestKey(request))}\n`,
    );
    await waitFor("SCHED's file read", () => handoffs.service.documents().length === 2, LIVE_MS);
    assert.equal(handoffs.service.openBlockingFor('API'), 1, 'a claim outside the target’s own file is ignored');
    assert.equal(findRequest(handoffs, 'API', 'backend/app/api/routes.py')?.contextValue, 'handoffRequest.blocking');

    // API marks it done from its terminal, as its agent is told to: the claim lands in API's own file.
    const done = runBundledCli(['handoff', 'done', '--from', 'CORE', '--index', '1', '--cwd', workspaceRoot().fsPath], {
      ...process.env,
      TERRITORY_DOMAIN: 'API',
    });
    assert.equal(done.status, 0, done.stderr);
    assert.equal(
      fs.readFileSync(file('HANDOFF_FROM_CORE.md')).toString(),
      originalCore.toString(),
      "CORE's file is CORE's hook's to tick",
    );
    const node = await waitFor(
      'the request shown done',
      () => requestsOf(handoffs, 'API').find((n) => n.contextValue === 'handoffRequest.done'),
      LIVE_MS,
    );
    assert.match(
      String(node.description),
      /^from CORE · done \(claimed by API, to be ticked at CORE's next turn\) · Return the new `version` field/,
    );
    assert.equal(handoffs.service.openBlockingFor('API'), 0);
    assert.equal(handoffs.service.openFor('API'), 0);
    await waitFor(
      'no badge and no status bar warning for API',
      () => handoffs.view.badge === undefined && !/open blocking handoff/.test(tooltip()),
      LIVE_MS,
    );
    assert.match(String(groups(handoffs).find((g) => labelOf(g) === 'API')?.description), /0 open/);
  });

  test('a handoff file written on disk appears, changes and disappears in the view', async () => {
    const handoffs = await handoffsApi();
    let started = Date.now();
    fs.writeFileSync(file('HANDOFF_FROM_FE.md'), TWO_REQUESTS);
    const node = await waitFor(
      'the FE request to API',
      () => findRequest(handoffs, 'API', 'backend/app/api/routes.py') && requestsOf(handoffs, 'API').length === 2,
      LIVE_MS,
    );
    assert.ok(node);
    console.log(`      (appeared after ${Date.now() - started} ms)`);
    const test = await waitFor('the FE request to TEST', () =>
      findRequest(handoffs, 'TEST', 'frontend/__tests__/App.test.tsx'),
    );
    assert.match(String(test.description), /from FE · partly done/);

    started = Date.now();
    fs.writeFileSync(file('HANDOFF_FROM_FE.md'), TWO_REQUESTS.replace(/- \[ \]/g, '- [x]'));
    await waitFor(
      'the TEST request checked',
      () =>
        findRequest(handoffs, 'TEST', 'frontend/__tests__/App.test.tsx')?.checkboxState ===
        vscode.TreeItemCheckboxState.Checked,
      LIVE_MS,
    );
    console.log(`      (changed after ${Date.now() - started} ms)`);
    // Issue #27: the FE request to API said "Blocking: Yes"; done, it blocks nothing and must not say so.
    const done = await waitFor(
      'the FE request to API done',
      () =>
        requestsOf(handoffs, 'API').find(
          (n) => String(n.description).includes('from FE') && n.contextValue === 'handoffRequest.done',
        ),
      LIVE_MS,
    );
    assert.equal(String(done.description), 'from FE · done · Return 409 with the current version');
    assert.doesNotMatch(String((done.tooltip as vscode.MarkdownString).value), /Blocking/);

    started = Date.now();
    fs.rmSync(file('HANDOFF_FROM_FE.md'));
    await waitFor(
      'the FE requests gone',
      () => requestsOf(handoffs, 'TEST').length === 0 && requestsOf(handoffs, 'API').length === 1,
      LIVE_MS,
    );
    console.log(`      (disappeared after ${Date.now() - started} ms)`);
  });

  test('a HANDOFF_*.md that names no domain is reported, in the view and as diagnostics', async () => {
    const handoffs = await handoffsApi();
    fs.writeFileSync(
      file('HANDOFF_NOTES.md'),
      '# Handoff from SCHED\n\n### For CORE:\n- [ ] Change needed: an index on assignments\n',
    );
    const problems = await waitFor(
      'the malformed files node',
      () => groups(handoffs).find((g) => g.contextValue === 'handoffProblems'),
      LIVE_MS,
    );
    assert.deepEqual(problems.children().map(labelOf), ['HANDOFF_NOTES.md']);
    const uri = vscode.Uri.file(file('HANDOFF_NOTES.md'));
    const codes = handoffs.service.diagnostics.get(uri)?.map((d) => `${d.range.start.line}:${String(d.code)}`) ?? [];
    assert.deepEqual(codes, ['0:unknown-source', '3:missing-field', '3:no-file']);
  });

  test('toggling a request through the tree changes exactly its checkbox characters on disk', async () => {
    const handoffs = await handoffsApi();
    fs.writeFileSync(file('HANDOFF_FROM_FE.md'), TWO_REQUESTS);
    const node = await waitFor(
      'the FE request to API',
      () => requestsOf(handoffs, 'API').find((n) => String(n.description).includes('from FE')),
      LIVE_MS,
    );
    const before = fs.readFileSync(file('HANDOFF_FROM_FE.md'));

    await handoffs.onCheckboxChange({ items: [[node, vscode.TreeItemCheckboxState.Checked]] });
    const after = fs.readFileSync(file('HANDOFF_FROM_FE.md'));
    const changed = differences(before, after);
    const boxes = [
      ...TWO_REQUESTS.matchAll(/\[ \] (File: `backend|Change needed: Return|Reason: The conflict|Blocking: Yes)/g),
    ].map((m) => (m.index ?? 0) + 1);
    assert.deepEqual(changed, boxes, 'only the four boxes of the request changed');
    assert.ok(changed.every((offset) => after[offset] === 0x78 /* x */));
    await handoffs.service.settled();
    const checked = await waitFor('the request shown checked', () =>
      requestsOf(handoffs, 'API').find((n) => String(n.description).includes('from FE')),
    );
    assert.equal(checked.checkboxState, vscode.TreeItemCheckboxState.Checked);

    // Unchecking through the command restores the exact bytes.
    await vscode.commands.executeCommand('territory.toggleHandoffRequest', checked);
    assert.deepEqual(fs.readFileSync(file('HANDOFF_FROM_FE.md')), before);
  });

  test('toggling while the file is dirty in an editor edits the buffer only, undoably, keeping the unsaved text', async () => {
    const handoffs = await handoffsApi();
    // The web workbench auto-saves after a delay by default; this test needs a buffer that stays dirty.
    const files = vscode.workspace.getConfiguration('files');
    const autoSave = files.inspect<string>('autoSave')?.globalValue;
    await files.update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    try {
      await toggleInDirtyEditor(handoffs);
    } finally {
      await files.update('autoSave', autoSave, vscode.ConfigurationTarget.Global);
    }
  });

  async function toggleInDirtyEditor(handoffs: Handoffs): Promise<void> {
    fs.writeFileSync(file('HANDOFF_FROM_FE.md'), TWO_REQUESTS);
    const uri = vscode.Uri.file(file('HANDOFF_FROM_FE.md'));
    const editor = await vscode.window.showTextDocument(uri);
    await editor.edit((b) => b.insert(new vscode.Position(2, 0), 'Unsaved: '));
    await handoffs.service.settled();
    const node = await waitFor(
      'the FE request to API',
      () => requestsOf(handoffs, 'API').find((n) => String(n.description).includes('from FE')),
      LIVE_MS,
    );
    await handoffs.onCheckboxChange({ items: [[node, vscode.TreeItemCheckboxState.Checked]] });

    const text = editor.document.getText();
    assert.ok(text.includes('Unsaved: Notes the FE terminal wrote.'), 'the unsaved edit is kept');
    assert.equal(text.match(/- \[x\]/g)?.length, 5, 'four boxes checked, plus the one that was');
    assert.equal(fs.readFileSync(uri.fsPath, 'utf8'), TWO_REQUESTS, 'nothing saved behind the user');
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText().match(/- \[x\]/g)?.length, 1, 'one undo reverts the toggle');
    assert.ok(editor.document.getText().includes('Unsaved: '));
  }

  test('Create Handoff appends to the existing file of the active domain, keeping user content', async () => {
    const handoffs = await handoffsApi();
    const api = await territoryApi();
    const withNotes =
      originalCore.toString('utf8') +
      '\nNotes CORE wrote by hand: keep them.\n\n### For FE:\n- [ ] File: `frontend/src/App.tsx`\n';
    fs.writeFileSync(file('HANDOFF_FROM_CORE.md'), withNotes);
    await api.activeDomain.set('CORE');
    const created = await vscode.commands.executeCommand<CreatedHandoff>('territory.createHandoff', {
      target: 'api',
      file: 'backend/app/api/deps.py',
      change: 'Expose the assignment version',
      reason: 'Optimistic locking',
      blocking: false,
    });
    assert.equal(created.target, 'API');
    assert.equal(created.ownershipWarning, undefined);
    const text = fs.readFileSync(file('HANDOFF_FROM_CORE.md'), 'utf8');
    const added = [
      '- [ ] File: `backend/app/api/deps.py`',
      '- [ ] Change needed: Expose the assignment version',
      '- [ ] Reason: Optimistic locking',
      '- [ ] Blocking: No',
    ].join('\n');
    // One insertion and nothing else: text = before + inserted + after, with before + after the old file.
    let k = 0;
    while (k < withNotes.length && text[k] === withNotes[k]) k++;
    const inserted = text.slice(k, k + text.length - withNotes.length);
    assert.equal(text.slice(k + inserted.length), withNotes.slice(k), 'everything after the insertion is intact');
    assert.equal(inserted.trim(), added, 'only the request was added');
    assert.ok(
      text.indexOf(added) > text.indexOf('### For API:') && text.indexOf(added) < text.indexOf('### For FE:'),
      'in the existing ### For API: section',
    );
    assert.equal(text.split('\n')[created.line], added.split('\n')[0]);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, file('HANDOFF_FROM_CORE.md'));
    assert.equal(vscode.window.activeTextEditor?.selection.active.line, created.line);
    await waitFor(
      'the new request in the view',
      () => findRequest(handoffs, 'API', 'backend/app/api/deps.py'),
      LIVE_MS,
    );
  });

  test('Create Handoff as the lead, for a source without a file: creates it with the seed header', async () => {
    const handoffs = await handoffsApi();
    const created = await vscode.commands.executeCommand<CreatedHandoff>(
      'territory.createHandoff',
      vscode.Uri.file(file('backend/app/models/assignment.py')),
      {
        source: 'T3',
        target: 'CORE',
        change: 'Add generation_lock',
        reason: 'The solver must not run twice',
        blocking: true,
      },
    );
    assert.equal(created.source, 'SCHED');
    const text = fs.readFileSync(file('HANDOFF_FROM_SCHED.md'), 'utf8');
    assert.equal(
      text,
      '# Handoff from SCHED\n\n## Required Changes\n\n### For CORE:\n- [ ] File: `backend/app/models/assignment.py`\n- [ ] Change needed: Add generation_lock\n- [ ] Reason: The solver must not run twice\n- [ ] Blocking: Yes\n',
    );
    await waitFor('CORE has one open blocking request', () => handoffs.service.openBlockingFor('CORE') === 1, LIVE_MS);
  });

  test('a committed HANDOFF_FROM_FE.md linking out of the folder is neither written through nor read', async () => {
    const handoffs = await handoffsApi();
    const outside = path.join(path.dirname(workspaceRoot().fsPath), 'outside-handoff.md');
    const outsideText =
      '# Handoff from FE\n\n### For API:\n- [ ] File: `backend/app/api/routes.py`\n- [ ] Change needed: planted outside\n';
    fs.writeFileSync(outside, outsideText);
    fs.symlinkSync(outside, file('HANDOFF_FROM_FE.md'));
    try {
      const created = await vscode.commands.executeCommand<CreatedHandoff | undefined>(
        'territory.createHandoff',
        vscode.Uri.file(file('backend/app/api/routes.py')),
        {
          source: 'FE',
          target: 'API',
          change: 'Must not land outside',
          reason: 'The link leaves the folder',
          blocking: false,
        },
      );
      assert.equal(created, undefined, 'Create Handoff refused the path');
      assert.equal(fs.readFileSync(outside, 'utf8'), outsideText, 'nothing was written through the link');
      await new Promise((resolve) => setTimeout(resolve, LIVE_MS));
      const fromLink = handoffs.service.entries().filter((e) => e.document.parsed.path === 'HANDOFF_FROM_FE.md');
      assert.deepEqual(
        fromLink.map((e) => e.request.change),
        [],
        'the linked file was not read',
      );
    } finally {
      fs.rmSync(file('HANDOFF_FROM_FE.md'), { force: true });
      fs.rmSync(outside, { force: true });
    }
  });

  test('Collect Handoffs opens a markdown summary in one reused read-only preview', async () => {
    const handoffs = await handoffsApi();
    const document = await vscode.commands.executeCommand<vscode.TextDocument>('territory.collectHandoffs');
    assert.equal(document.languageId, 'markdown');
    assert.equal(document.uri.toString(), 'territory-report:/Handoff%20Collection.md');
    assert.match(document.getText(), /^# Handoff collection\n\n1 open request \(1 blocking\) in 1 handoff file\./);
    assert.match(document.getText(), /## For API \(T2, Backend API\) — 1 open, 1 blocking/);
    const handoff = vscode.Uri.joinPath(workspaceRoot(), 'HANDOFF_FROM_CORE.md').toString();
    assert.ok(document.getText().includes(`([\`HANDOFF_FROM_CORE.md:6\`](<${handoff}#L6>))`), document.getText());
    const previews = () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .filter((t) => t.input instanceof vscode.TabInputWebview && t.label === 'Preview Handoff Collection.md');
    await waitFor('the preview tab', () => previews().length === 1);

    // A second run after a change: the same document takes the new text, still one preview, nothing dirty or untitled.
    fs.writeFileSync(file('HANDOFF_FROM_CORE.md'), originalCore.toString('utf8').replace(/- \[ \]/g, '- [x]'));
    await waitFor('the request done', () => handoffs.service.openBlockingFor('API') === 0, LIVE_MS);
    const again = await vscode.commands.executeCommand<vscode.TextDocument>('territory.collectHandoffs');
    assert.equal(again, document);
    assert.match(again.getText(), /^# Handoff collection\n\n0 open requests \(0 blocking\)/);
    assert.equal(previews().length, 1);
    assert.deepEqual(
      vscode.workspace.textDocuments.filter((d) => d.isUntitled || d.isDirty).map((d) => d.uri.toString()),
      [],
    );
  });

  test('grouping by source', async () => {
    const handoffs = await handoffsApi();
    await vscode.commands.executeCommand('territory.groupHandoffsBySource');
    try {
      assert.deepEqual(groups(handoffs).map(labelOf), ['CORE']);
      assert.match(String(requestsOf(handoffs, 'CORE')[0].description), /to API/);
    } finally {
      await vscode.commands.executeCommand('territory.groupHandoffsByTarget');
    }
  });
});
