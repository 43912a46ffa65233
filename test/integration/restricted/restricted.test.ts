// Restricted Mode in the real VS Code: the folder is untrusted and its .git/config names an
// fsmonitor program and a filter driver. Territory must start no process (neither program ever
// runs) while owners, decorations and the Domains view work from the file system; once the user
// trusts the folder, the git-backed views fill in without a reload.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { hostileMarkers } from '../../fixtures/hostileGitWorkspace';
import { ENV, RUNNER_REQUEST } from '../protocol';
import { labelOf, revertAllAndClose, territoryApi, waitFor, workspaceRoot, writeText } from '../support';

const USE_FOR_MS = 15_000;

function fileUri(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), relative);
}

function markers(): { fsmonitor: string; filter: string } {
  const workspace = process.env[ENV.workspace];
  if (!workspace) throw new Error(`${ENV.workspace} is not set`);
  return hostileMarkers(workspace);
}

function ran(marker: string): string {
  return existsSync(marker) ? readFileSync(marker, 'utf8') : '';
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

suite('Restricted Mode', () => {
  suiteTeardown(() => revertAllAndClose());

  test('untrusted: 15 s of use run none of the repository’s programs; owners, decorations and views work', async function () {
    this.timeout(USE_FOR_MS + 40_000);
    assert.equal(vscode.workspace.isTrusted, false, 'the scenario must open the folder untrusted');
    const api = await territoryApi();
    const started = Date.now();
    await api.maps.ready();

    // Owners and decorations, from the file system.
    const owner = (relative: string) => {
      const ownership = api.maps.ownerOf(fileUri(relative))?.ownership;
      return ownership?.kind === 'owned' ? ownership.domain.id : ownership?.kind;
    };
    assert.equal(owner('backend/app/api/routes.py'), 'API');
    assert.equal(owner('backend/app/models/untracked.py'), 'CORE');
    assert.equal(owner('Makefile'), 'unassigned');
    await api.activeDomain.set('CORE');
    assert.equal(api.decorations.provideFileDecoration(fileUri('backend/app/api/routes.py'))?.badge, 'AP');
    assert.equal(api.decorations.provideFileDecoration(fileUri('backend/app/models/assignment.py')), undefined);

    // The Domains view shows the map, and says what waits for trust.
    await vscode.commands.executeCommand('workbench.view.extension.territory');
    const roots = () => api.domainsView.getChildren();
    await waitFor('the five domains in the Domains view', () =>
      ['CORE', 'API', 'SCHED', 'FE', 'TEST'].every((id) => roots().some((n) => labelOf(n) === id)),
    );
    const waiting = await waitFor('"Uncommitted changes: waiting for workspace trust"', () =>
      roots().find((n) => n.contextValue === 'waitingForTrust'),
    );
    assert.equal(waiting.description, 'waiting for workspace trust');
    assert.equal(waiting.command?.command, 'workbench.trust.manage');
    const hooks = await waitFor('the Git hooks line waiting for trust', () =>
      roots().find((n) => n.contextValue === 'gitHooks.untrusted'),
    );
    assert.equal(hooks.description, 'waiting for workspace trust');
    const commits = await waitFor('Commits by Domain waiting for trust', () => api.commits.tree.getChildren()[0]);
    assert.equal(labelOf(commits), 'Restricted Mode');
    assert.equal(commits.command?.command, 'workbench.trust.manage');

    // Commands that would start a process refuse.
    const terminalsBefore = vscode.window.terminals.length;
    const launched = await vscode.commands.executeCommand<vscode.Terminal[]>('territory.launchDomainTerminals');
    assert.deepEqual(launched, []);
    assert.equal(vscode.window.terminals.length, terminalsBefore, 'no terminal was opened');

    // File events: edits, a new file, an off-limits file opened.
    await writeText(fileUri('backend/app/models/new_model.py'), 'class New: pass\n');
    await writeText(fileUri('frontend/src/added.ts'), 'export const added = 1;\n');
    await waitFor('the new file in the listing', () => api.maps.all()[0].files.has('frontend/src/added.ts'), 15_000);
    await vscode.window.showTextDocument(fileUri('backend/app/api/routes.py'));
    await vscode.commands.executeCommand('workbench.view.scm');
    await vscode.commands.executeCommand('workbench.view.extension.territory');

    await sleep(Math.max(0, USE_FOR_MS - (Date.now() - started)));
    assert.equal(ran(markers().fsmonitor), '', 'the repository’s fsmonitor program ran');
    assert.equal(ran(markers().filter), '', 'the repository’s filter driver ran');
  });

  test('trust granted: the git-backed views fill in without a reload, and fsmonitor still never runs', async function () {
    this.timeout(60_000);
    const api = await territoryApi();
    await vscode.commands.executeCommand('workbench.trust.manage');
    const granted = new Promise<void>((resolve) => vscode.workspace.onDidGrantWorkspaceTrust(() => resolve()));
    console.log(`${RUNNER_REQUEST}grant-trust`);
    await Promise.race([granted, sleep(30_000)]);
    assert.equal(vscode.workspace.isTrusted, true, 'the runner could not press Trust in the Workspace Trust editor');

    const roots = () => api.domainsView.getChildren();
    await waitFor(
      'the Git hooks line reads the repository',
      () => roots().find((n) => n.contextValue === 'gitHooks.missing'),
      20_000,
    );
    await waitFor(
      'no "waiting for trust" line',
      () => !roots().some((n) => n.contextValue === 'waitingForTrust'),
      20_000,
    );
    const groups = await waitFor(
      'Commits by Domain lists the seed commits',
      () => {
        const children = api.commits.tree.getChildren();
        return children.some((n) => labelOf(n).startsWith('CORE')) ? children : undefined;
      },
      20_000,
    );
    assert.ok(!groups.some((n) => labelOf(n) === 'Restricted Mode'));
    await api.activeDomain.set('API');
    await waitFor(
      'uncommitted CORE files show as outside API',
      () =>
        api.workingTree
          .outsideActive()
          .get('CORE')
          ?.some((e) => e.path === 'backend/app/models/untracked.py'),
      20_000,
    );
    assert.equal(
      ran(markers().fsmonitor),
      '',
      'Territory’s own git calls ran the fsmonitor program (core.fsmonitor=false missing)',
    );
  });
});
