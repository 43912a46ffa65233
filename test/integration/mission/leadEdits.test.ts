// The Session Board credits a domain with the edits its agent made, never with the lead's own:
// ticking a checkbox in a HANDOFF file through the Handoffs view, or saving one of the domain's
// files in an editor, while that domain's terminal is open.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { appendEvent } from '../../../src/core/mission/eventLog';
import { DOMAIN_ENV } from '../../../src/core/terminalNames';
import { closeAllTerminals, labelOf, revertAllAndClose, territoryApi, waitFor, workspaceRoot } from '../support';

const HANDOFF = [
  '# Handoff from FE',
  '',
  '## Required Changes',
  '',
  '### For API:',
  '- [ ] File: `backend/app/api/routes.py`',
  '- [ ] Change needed: Return 409 on a stale update',
  '- [ ] Blocking: Yes',
  '',
].join('\n');

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

suite("mission control: the lead's own edits are not a domain's", () => {
  const root = () => workspaceRoot().fsPath;
  const created = ['HANDOFF_FROM_FE.md', 'frontend/src/agentWrote.ts', 'backend/app/models/leadScript.py'];

  suiteTeardown(async () => {
    await revertAllAndClose();
    // Waited for: a close reported late would mark FE exited in the middle of the next suite (usage.test.ts).
    await closeAllTerminals();
    for (const rel of created) fs.rmSync(path.join(root(), rel), { force: true });
    const app = path.join(root(), 'frontend', 'src', 'App.tsx');
    fs.writeFileSync(app, 'export function App() {\n  return null;\n}\n');
  });

  test("a checkbox ticked in the Handoffs view and a file saved in an editor are not credited to the domain whose terminal is open; its agent's write on disk is", async function () {
    this.timeout(120_000);
    const api = await territoryApi();
    const territory = api.maps.all()[0];
    const fe = territory.map?.domains.find((d) => d.id === 'FE') ?? assert.fail('no FE');
    const lane = (id: string) =>
      api.mission.board.buildModel()?.lanes.find((l) => l.id === id) ?? assert.fail(`no ${id} lane`);
    for (const terminal of vscode.window.terminals) terminal.dispose();
    await waitFor('no terminal', () => vscode.window.terminals.length === 0, 15_000);
    assert.equal(
      api.mission.control.laneInput(territory, fe).events.length,
      0,
      'FE reports no hook events: its edits are seen on disk only',
    );

    // FE's handoff file, before FE's terminal opens.
    fs.writeFileSync(path.join(root(), 'HANDOFF_FROM_FE.md'), HANDOFF);
    await api.handoffs.service.settled();
    const request = await waitFor(
      'the FE request in the Handoffs view',
      () => {
        const group = api.handoffs.tree.getChildren().find((g) => labelOf(g) === 'API');
        return group?.children().find((n) => String(n.description).includes('from FE'));
      },
      10_000,
    );
    await settle(1_500);

    // FE's terminal (an agent without hooks could run there).
    vscode.window.createTerminal({ name: 'FE (T4)', env: { [DOMAIN_ENV]: 'FE' } });
    await waitFor("FE's terminal seen", () => api.mission.control.laneInput(territory, fe).hasTerminal, 10_000);
    assert.ok(!lane('FE').ownFiles.includes('HANDOFF_FROM_FE.md'));

    // The lead ticks the request in the Handoffs view: a WorkspaceEdit and a save of FE's file.
    await api.handoffs.onCheckboxChange({ items: [[request, vscode.TreeItemCheckboxState.Checked]] });
    assert.match(
      fs.readFileSync(path.join(root(), 'HANDOFF_FROM_FE.md'), 'utf8'),
      /- \[x\] File: `backend\/app\/api\/routes\.py`/,
      'the box is ticked on disk',
    );
    // The lead edits and saves one of FE's files in an editor.
    const editor = await vscode.window.showTextDocument(
      vscode.Uri.file(path.join(root(), 'frontend', 'src', 'App.tsx')),
    );
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '// lead\n'));
    assert.ok(await editor.document.save(), 'saved');
    await settle(2_500);
    await api.mission.control.refreshNow();
    const after = lane('FE');
    assert.deepEqual(after.ownFiles, [], `nothing credited to FE: ${after.ownFiles.join(', ')}`);
    assert.notEqual(after.state, 'working', 'FE did not start working');

    // FE's agent writing on disk (no hooks): credited, so the checks above could fail.
    fs.writeFileSync(path.join(root(), 'frontend', 'src', 'agentWrote.ts'), 'export const x = 1;\n');
    await waitFor(
      'the agent write credited to FE',
      () => lane('FE').ownFiles.includes('frontend/src/agentWrote.ts') && lane('FE').state === 'working',
      10_000,
    );
    assert.deepEqual(lane('FE').ownFiles, ['frontend/src/agentWrote.ts'], 'and only it');

    // CORE's agent reports through hooks: its edits come from its events, so a CORE file changing
    // on disk beside them (the lead's script, a git command) is not credited to it.
    appendEvent(root(), { t: Date.now(), domain: 'CORE', event: 'SessionStart', detail: 'startup' });
    await waitFor('CORE idle', () => api.mission.control.stateOf(territory, 'CORE').state === 'idle', 10_000);
    vscode.window.createTerminal({ name: 'CORE (T1)', env: { [DOMAIN_ENV]: 'CORE' } });
    const core = territory.map?.domains.find((d) => d.id === 'CORE') ?? assert.fail('no CORE');
    await waitFor("CORE's terminal seen", () => api.mission.control.laneInput(territory, core).hasTerminal, 10_000);
    fs.writeFileSync(path.join(root(), 'backend', 'app', 'models', 'leadScript.py'), 'x = 1\n');
    await settle(2_500);
    await api.mission.control.refreshNow();
    assert.ok(!lane('CORE').ownFiles.includes('backend/app/models/leadScript.py'), lane('CORE').ownFiles.join(', '));
    assert.equal(api.mission.control.stateOf(territory, 'CORE').state, 'idle');
  });
});
