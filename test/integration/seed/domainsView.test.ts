import { strict as assert } from 'node:assert';
import type { DomainsNode } from '../../../src/features/model/domainsView';
import * as vscode from 'vscode';
import { labelOf, territoryApi, waitFor, workspaceRoot } from '../support';

suite('Domains view', () => {
  test('lists the five domains of territory.json: short rows, the name, prefixes, files and commits in the tooltip and children', async () => {
    const api = await territoryApi();
    // Earlier suites moved HEAD and put it back: read the fixture's history again.
    await api.commits.service.refreshNow();
    const roots = api.domainsView.getChildren();
    const domains = roots.filter((n) => n.contextValue?.startsWith('domain'));
    assert.deepEqual(domains.map(labelOf), ['CORE', 'API', 'SCHED', 'FE', 'TEST']);
    const test = domains[4];
    assert.equal(test.description, 'T5');
    // A row fits the default 300 px sidebar (about 40 characters after the indent and the icon).
    for (const row of domains)
      assert.ok(
        labelOf(row).length + String(row.description ?? '').length <= 32,
        `short row: ${labelOf(row)} ${String(row.description)}`,
      );
    const tooltip = domains[4].tooltip;
    const tip = typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? '');
    assert.match(tip, /^\*\*Tests & Docs\*\* \(TEST, terminal T5\)/);
    assert.match(tip, /Prefixes: `test:`, `docs:`/);
    assert.match(tip, /\d+ files · 2 commits in last 200 commits of main/);
    const children = test
      .children()
      .filter((n: DomainsNode) => n.contextValue !== 'rule')
      .map((n: DomainsNode) => [labelOf(n), n.contextValue, n.description]);
    assert.deepEqual(children.slice(0, 7), [
      ['Prefixes', 'prefixes', 'test:, docs:'],
      ['backend/tests/', 'pattern', undefined],
      ['frontend/__tests__/', 'pattern', undefined],
      ['docs/', 'pattern', undefined],
      ['/*.md', 'pattern', undefined],
      ['Files', 'files', children[5]?.[2]],
      ['Commits', 'commits', '2 in last 200 commits of main'],
    ]);
    assert.match(String(children[5]?.[2]), /^\d+ files$/);
    assert.match(
      String(domains[1].children().find((n: DomainsNode) => n.contextValue === 'commits')?.description),
      /^1 in /,
    );
  });

  test('shows the unassigned files, which belong to the lead', async () => {
    const api = await territoryApi();
    const unassigned = api.domainsView.getChildren().find((n) => n.contextValue === 'unassigned');
    assert.ok(unassigned, 'an Unassigned entry');
    assert.match(String(unassigned.description), /^\d+ files? · lead$/);
    const dirs = unassigned.children().map(labelOf);
    assert.ok(dirs.includes('scripts/'), `unassigned directories: ${dirs.join(', ')}`);
  });

  test('a new unassigned folder shows under Unassigned as soon as it is created, and leaves when deleted', async function () {
    this.timeout(30_000);
    const api = await territoryApi();
    const unassigned = () => api.domainsView.getChildren().find((n) => n.contextValue === 'unassigned');
    const count = () => Number(/^(\d+) files?/.exec(String(unassigned()?.description))?.[1]);
    // Earlier suites created and deleted files: let the listing catch up before counting.
    await api.maps.relist(api.maps.all()[0].folder);
    const before = count();
    const dir = vscode.Uri.joinPath(workspaceRoot(), 'tools');
    try {
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, 'a.sh'), new TextEncoder().encode('echo a\n'));
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, 'b.sh'), new TextEncoder().encode('echo b\n'));
      await waitFor(`Unassigned to count the two new files (${before} before)`, () => count() === before + 2, 15_000);
      assert.ok(unassigned()?.children().map(labelOf).includes('tools/'), 'tools/ is listed under Unassigned');
      assert.ok(
        api.maps.all()[0].coverage?.unassignedCover.directories.includes('tools'),
        'OFF LIMITS of every prompt now names tools/',
      );
    } finally {
      await vscode.workspace.fs.delete(dir, { recursive: true, useTrash: false });
    }
    await waitFor('Unassigned back to its count', () => count() === before, 15_000);
  });

  test('marks the active domain', async () => {
    const api = await territoryApi();
    await api.activeDomain.set('SCHED');
    await waitFor('SCHED marked active', () =>
      api.domainsView.getChildren().some((n) => labelOf(n) === 'SCHED' && n.contextValue === 'domain.active'),
    );
    await api.activeDomain.set(undefined);
  });
});
