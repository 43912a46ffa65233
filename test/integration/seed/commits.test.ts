// Commits by Domain, Commit Domain Changes and the reports in a real extension host, on the seed
// workspace (a git repository with prefixed commits). Commits, branches and files are made with the
// git command line, as a terminal would; every test puts the repository back at the fixture's commit.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import type {
  CommitFileNode,
  CommitGroupNode,
  CommitNode,
  Commits,
  CommitsNode,
  CommitsUi,
} from '../../../src/features/commits';
import type { DomainsNode } from '../../../src/features/model/domainsView';
import { resetSeedWorkspace } from '../../fixtures/seedWorkspace';
import { labelOf, revertAllAndClose, territoryApi, waitFor, workspaceRoot } from '../support';

const run = promisify(execFile);

function root(): string {
  return workspaceRoot().fsPath;
}

async function git(...args: string[]): Promise<string> {
  const { stdout } = await run('git', args, {
    cwd: root(),
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
  return stdout;
}

async function write(files: Record<string, string>): Promise<void> {
  for (const [file, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root(), file)), { recursive: true });
    await fs.writeFile(path.join(root(), file), content);
  }
}

async function commit(subject: string, files: Record<string, string>): Promise<void> {
  await write(files);
  await git('add', '--', ...Object.keys(files));
  await git('commit', '-q', '--no-verify', '-m', subject);
}

/** Back to the fixture: its commit on main, no other branch, no merge marker, no recorded test run. */
async function restore(): Promise<void> {
  await fs.rm(path.join(root(), '.git', 'MERGE_HEAD'), { force: true });
  await fs.rm(path.join(root(), '.git', 'territory'), { recursive: true, force: true });
  await resetSeedWorkspace(root());
  for (const branch of (await git('for-each-ref', '--format=%(refname:short)', 'refs/heads')).split('\n')) {
    if (branch !== '' && branch !== 'main') await git('branch', '-q', '-D', branch);
  }
}

/** The markdown preview tabs (Territory's reports open there). */
function previewTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('markdown.preview'));
}

async function commitsApi(): Promise<Commits> {
  const api = await territoryApi();
  const commits = (api as unknown as { commits?: Commits }).commits;
  assert.ok(commits, 'the extension API exposes commits');
  await commits.settled();
  return commits;
}

function roots(commits: Commits): CommitsNode[] {
  return commits.tree.getChildren();
}

function groups(commits: Commits): CommitGroupNode[] {
  return roots(commits).filter((n): n is CommitGroupNode => n.contextValue?.startsWith('commitGroup') === true);
}

function group(commits: Commits, label: string): CommitGroupNode {
  const found = groups(commits).find((g) => labelOf(g).startsWith(`${label} (`));
  assert.ok(found, `a group ${label} in ${groups(commits).map(labelOf).join(', ')}`);
  return found;
}

function tooltipText(item: vscode.TreeItem): string {
  return typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? '');
}

/** A UI that answers from a script and records every message. */
function scriptedUi(answers: {
  input?: string;
  pick?: (items: readonly vscode.QuickPickItem[]) => vscode.QuickPickItem | undefined;
  info?: string;
}): CommitsUi & { messages: string[] } {
  const messages: string[] = [];
  return {
    messages,
    inputBox: async () => answers.input,
    quickPick: async <T extends vscode.QuickPickItem>(items: readonly T[]) => answers.pick?.(items) as T | undefined,
    info: async (message) => (messages.push(`info: ${message}`), answers.info),
    warn: async (message) => (messages.push(`warn: ${message}`), undefined),
    error: async (message) => (messages.push(`error: ${message}`), undefined),
  };
}

suite('Commits by Domain', () => {
  teardown(async () => {
    const api = await territoryApi();
    const commits = await commitsApi();
    (await territoryApi()).ui.commits.reset();
    await revertAllAndClose();
    await api.activeDomain.set(undefined);
    for (const key of ['testTask', 'baseBranch'])
      await vscode.workspace.getConfiguration('territory').update(key, undefined, vscode.ConfigurationTarget.Workspace);
    await restore();
    await commits.changeRange({ kind: 'default' });
    await api.workingTree.refresh();
  });

  test('groups the seed commits by domain prefix, with counts', async () => {
    const commits = await commitsApi();
    const [range] = roots(commits);
    assert.equal(labelOf(range), 'Range: last 200 commits of main');
    assert.equal(range.description, '8 commits');
    assert.deepEqual(groups(commits).map(labelOf), [
      'CORE (2)',
      'API (1)',
      'SCHED (1)',
      'FE (1)',
      'TEST (2)',
      'Unattributed (1)',
    ]);
    const test = group(commits, 'TEST');
    assert.equal(test.description, 'T5 · test: docs:');
    const rows = test.children() as CommitNode[];
    assert.deepEqual(rows.map(labelOf), ['docs: readme', 'test: add backend and frontend tests']);
    assert.match(String(rows[0].description), /^[0-9a-f]{7} · Territory Fixture · \d+ (day|week|month|year)s? ago$/);
    assert.deepEqual(
      rows[0].children().map((f) => [labelOf(f), f.description]),
      [
        ['CHANGELOG.md', 'A'],
        ['README.md', 'A'],
        ['api.md', 'docs A'],
        ['architecture.md', 'docs A'],
      ],
    );
    assert.equal(labelOf(groups(commits)[5].children()[0]), 'Initial scaffold');
    assert.equal(commits.view.badge, undefined, 'no violation in the fixture');
  });

  test('a commit outside its territory is marked on the file, the commit and the group, with the owner; HEAD moving refreshes the view', async () => {
    const commits = await commitsApi();
    await commit('api: adjust user model', { 'backend/app/models/user.py': 'class User:\n    id: int\n' });
    // No refresh call: the watcher on .git/HEAD and refs notices the commit.
    await waitFor('API (2) after the commit', () => groups(commits).some((g) => labelOf(g) === 'API (2)'), 15_000);
    const api = group(commits, 'API');
    assert.equal(api.contextValue, 'commitGroup.domain.violations');
    assert.equal(api.description, 'T2 · api: · 1 commit with violations');
    const [bad, good] = api.children() as CommitNode[];
    assert.equal(bad.contextValue, 'commit.violations');
    assert.equal(good.contextValue, 'commit');
    assert.match(tooltipText(bad), /`backend\/app\/models\/user\.py` — owned by CORE \(T1\)/);
    const [file] = bad.children() as CommitFileNode[];
    assert.equal(file.contextValue, 'commitFile.violation');
    assert.equal(file.tooltip, "backend/app/models/user.py (added) — owned by CORE (T1), outside API's territory");
    assert.match(String(file.description), /^backend\/app\/models A · ⚠ CORE \(T1\)$/);
    assert.equal(commits.view.badge?.value, 1);
    assert.equal(group(commits, 'CORE').contextValue, 'commitGroup.domain', 'the owner is not marked');
    const domainLine = (await territoryApi()).domainsView.getChildren().find((n) => labelOf(n) === 'API');
    assert.match(
      String(domainLine?.description),
      /^T2 · 1 outside( · |$)/,
      'the Domains view shows the violation on the row',
    );
    const commitsLine = domainLine?.children().find((n) => n.contextValue === 'commits');
    assert.match(String(commitsLine?.description), /^2 in .* \(1 outside\)$/, 'and counts the commit under it');
  });

  test('clicking a file opens its diff in that commit', async () => {
    const commits = await commitsApi();
    await commit('core: add version column', {
      'backend/app/models/assignment.py': 'class Assignment:\n    id: int\n    version: int = 1\n',
    });
    await commits.service.refreshNow();
    const [row] = group(commits, 'CORE').children() as CommitNode[];
    const [file] = row.children() as CommitFileNode[];
    assert.equal(labelOf(file), 'assignment.py');
    assert.ok(file.command);
    await vscode.commands.executeCommand(file.command.command, ...(file.command.arguments ?? []));
    const input = await waitFor('a diff editor', () => {
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      return tab?.input instanceof vscode.TabInputTextDiff ? tab.input : undefined;
    });
    assert.equal(input.original.scheme, 'territory-commit');
    const before = await vscode.workspace.openTextDocument(input.original);
    const after = await vscode.workspace.openTextDocument(input.modified);
    assert.equal(before.getText(), 'class Assignment:\n    id: int\n    person_id: int\n    version: int = 0\n');
    assert.equal(after.getText(), 'class Assignment:\n    id: int\n    version: int = 1\n');
    assert.match(
      vscode.window.tabGroups.activeTabGroup.activeTab?.label ?? '',
      /^assignment\.py \([0-9a-f]{7}: [0-9a-f]{7}\^ ↔ [0-9a-f]{7}\)$/,
    );
  });

  test('the range can be changed: a revision range, all commits through the picker, a bad range', async () => {
    const commits = await commitsApi();
    await commits.changeRange({ kind: 'range', range: 'HEAD~2..HEAD' });
    assert.equal(labelOf(roots(commits)[0]), 'Range: HEAD~2..HEAD');
    assert.deepEqual(groups(commits).map(labelOf), [
      'CORE (1)',
      'API (0)',
      'SCHED (0)',
      'FE (0)',
      'TEST (1)',
      'Unattributed (0)',
    ]);
    (await territoryApi()).ui.commits.answerWith(
      scriptedUi({ pick: (items) => items.find((i) => i.label.includes('All commits')) }),
    );
    await vscode.commands.executeCommand('territory.changeCommitRange');
    assert.equal(labelOf(roots(commits)[0]), 'Range: all commits of main');
    await commits.changeRange({ kind: 'range', range: 'nope..HEAD' });
    const [problem] = roots(commits);
    assert.deepEqual(
      [labelOf(problem), problem.description],
      ['Bad range', '"nope" names no commit in this repository'],
    );
    await commits.changeRange({ kind: 'branch', branch: 'main' });
    assert.equal(labelOf(roots(commits)[0]), 'Range: last 200 commits of main');
  });

  test('a feature branch shows its commits since main; a missing base branch says so', async () => {
    const commits = await commitsApi();
    await git('checkout', '-q', '-b', 'feature');
    await commit('fe: conflict dialog', { 'frontend/src/Conflict.tsx': 'export {};\n' });
    await commits.service.refreshNow();
    assert.equal(labelOf(roots(commits)[0]), 'Range: main..feature');
    assert.deepEqual(groups(commits).map(labelOf), [
      'CORE (0)',
      'API (0)',
      'SCHED (0)',
      'FE (1)',
      'TEST (0)',
      'Unattributed (0)',
    ]);
    await vscode.workspace
      .getConfiguration('territory')
      .update('baseBranch', 'develop', vscode.ConfigurationTarget.Workspace);
    await waitFor(
      'the missing base branch notice',
      () =>
        roots(commits).some((n) =>
          labelOf(n).startsWith('The base branch "develop" (territory.baseBranch) does not exist'),
        ),
      15_000,
    );
    assert.equal(labelOf(roots(commits)[0]), 'Range: last 200 commits of feature');
  });
});

suite('Commit Domain Changes', () => {
  teardown(async () => {
    const api = await territoryApi();
    const commits = await commitsApi();
    (await territoryApi()).ui.commits.reset();
    await api.activeDomain.set(undefined);
    await restore();
    await commits.service.refreshNow();
    await api.workingTree.refresh();
  });

  test("commits only the active domain's files, prefixed; another domain's staged file stays staged and unchanged", async () => {
    const api = await territoryApi();
    const commits = await commitsApi();
    const coreFiles = [
      'backend/app/models/assignment.py',
      'backend/app/models/new model ü.py',
      'backend/app/db/-dash.py',
    ];
    await write({
      [coreFiles[0]]: 'class Assignment:\n    version: int = 2\n',
      [coreFiles[1]]: 'x = 1\n',
      [coreFiles[2]]: 'y = 2\n',
    });
    await write({
      'backend/app/api/routes.py': 'def list_assignments():\n    return ["staged by API"]\n',
      'frontend/src/Draft.tsx': 'draft\n',
      Makefile: 'changed by the lead\n',
    });
    await git('add', '--', 'backend/app/api/routes.py');
    const stagedBefore = await git('diff', '--cached');
    const headBefore = (await git('rev-parse', 'HEAD')).trim();

    await api.activeDomain.set('CORE');
    const ui = scriptedUi({ input: 'add version column' });
    (await territoryApi()).ui.commits.answerWith(ui);
    const outcome = await vscode.commands.executeCommand<{ ok: boolean; subject?: string; files?: string[] }>(
      'territory.commitDomainChanges',
    );
    assert.ok(outcome?.ok, ui.messages.join('\n'));
    assert.equal(outcome.subject, 'core: add version column');
    assert.deepEqual([...(outcome.files ?? [])].sort(), [...coreFiles].sort());

    assert.equal((await git('rev-parse', 'HEAD~1')).trim(), headBefore, 'one new commit');
    assert.equal(await git('log', '-1', '--format=%s'), 'core: add version column\n');
    assert.deepEqual(
      (await git('diff-tree', '--no-commit-id', '--name-only', '-r', '-z', 'HEAD')).split('\0').filter(Boolean).sort(),
      [...coreFiles].sort(),
    );
    assert.equal(await git('diff', '--cached'), stagedBefore, "API's staged change is still staged, byte for byte");
    assert.equal(
      await git('status', '--porcelain', '--', 'frontend/src/Draft.tsx', 'Makefile'),
      ' M Makefile\n?? frontend/src/Draft.tsx\n',
    );
    assert.ok(
      ui.messages.some((m) => /^info: Committed [0-9a-f]{7} "core: add version column" — 3 files of CORE/.test(m)),
      ui.messages.join('\n'),
    );
    await commits.service.refreshNow();
    assert.equal(labelOf(group(commits, 'CORE')), 'CORE (3)');
  });

  test('a message that already carries one of the prefixes keeps it (TEST: docs:)', async () => {
    const api = await territoryApi();
    const commits = await commitsApi();
    await write({ 'docs/guide.md': '# Guide\n' });
    await api.activeDomain.set('TEST');
    (await territoryApi()).ui.commits.answerWith(scriptedUi({}));
    const outcome = await commits.commitDomainChanges({ message: 'docs: add a guide' });
    assert.ok(outcome.ok);
    assert.equal(outcome.subject, 'docs: add a guide');
  });

  test('refuses with a clear message: no active domain, nothing to commit, a merge in progress', async () => {
    const api = await territoryApi();
    const commits = await commitsApi();
    const ui = scriptedUi({ input: 'x' });
    (await territoryApi()).ui.commits.answerWith(ui);
    await write({ 'backend/app/api/routes.py': 'changed\n' });

    const lead = await commits.commitDomainChanges();
    assert.equal(lead.ok, false);
    assert.match(ui.messages.pop() ?? '', /^warn: Commit Domain Changes: no active domain/);

    await api.activeDomain.set('SCHED');
    const nothing = await commits.commitDomainChanges();
    assert.equal(nothing.ok, false);
    assert.match(
      ui.messages.pop() ?? '',
      /^warn: Commit Domain Changes: nothing of SCHED to commit: no changed file in its territory \(changed files: 1 of API, left alone\)\.$/,
    );

    await api.activeDomain.set('API');
    await fs.writeFile(path.join(root(), '.git', 'MERGE_HEAD'), `${(await git('rev-parse', 'HEAD~1')).trim()}\n`);
    const merging = await commits.commitDomainChanges();
    assert.equal(merging.ok, false);
    assert.match(
      ui.messages.pop() ?? '',
      /^warn: Commit Domain Changes: cannot commit API's changes now: a merge is in progress/,
    );
    assert.equal(
      await git('status', '--porcelain'),
      ' M backend/app/api/routes.py\n',
      'nothing was committed or staged',
    );
  });
});

suite('Domain and merge reports', () => {
  teardown(async () => {
    // The task's terminal: other suites count and recognise terminals by name.
    for (const terminal of vscode.window.terminals) if (terminal.name.includes('full-suite')) terminal.dispose();
    const api = await territoryApi();
    const commits = await commitsApi();
    (await territoryApi()).ui.commits.reset();
    await revertAllAndClose();
    await api.activeDomain.set(undefined);
    await vscode.workspace
      .getConfiguration('territory')
      .update('testTask', undefined, vscode.ConfigurationTarget.Workspace);
    await restore();
    await commits.service.refreshNow();
  });

  test('Domain Report opens the seed REPORT FORMAT as markdown', async () => {
    const commits = await commitsApi();
    const opened = await vscode.commands.executeCommand<{ document: vscode.TextDocument; report: { status: string } }>(
      'territory.domainReport',
      'CORE',
    );
    assert.ok(opened);
    assert.equal(opened.document.languageId, 'markdown');
    // A read-only report document shown in the markdown preview: never an Untitled editor.
    assert.equal(opened.document.uri.toString(), 'territory-report:/CORE%20Report.md');
    assert.deepEqual([opened.document.isUntitled, opened.document.isDirty], [false, false]);
    await waitFor('the preview tab "Preview CORE Report.md"', () =>
      previewTabs().some((t) => t.label === 'Preview CORE Report.md'),
    );
    const text = opened.document.getText();
    assert.match(text, /^# Report: CORE \(T1 · Backend Core\)$/m);
    assert.match(text, /^- Commits made: 2$/m);
    assert.match(text, /^- Handoffs needed: Yes, 1 open request$/m);
    assert.match(text, /^- Status: Blocked — 1 open blocking request from CORE$/m);
    assert.match(text, /^Status rule: /m);
    // From the Domains view: the node carries its domain.
    const api = await territoryApi();
    const node = api.domainsView.getChildren().find((n: DomainsNode) => labelOf(n) === 'API');
    const fromNode = await commits.domainReport(node);
    assert.match(fromNode?.markdown ?? '', /^- Status: Partial — 1 open request addressed to API$/m);
  });

  test('Merge Report: a real merge check, conflicts named, the work tree untouched', async () => {
    const commits = await commitsApi();
    await git('checkout', '-q', '-b', 'feature');
    await commit('fe: conflict dialog', {
      'frontend/src/App.tsx': 'export function App() {\n  return "feature";\n}\n',
    });
    const info: string[] = [];
    (await territoryApi()).ui.commits.answerWith({
      ...scriptedUi({}),
      info: async (message) => (info.push(message), undefined),
    });
    const clean = await commits.mergeReport();
    assert.ok(clean);
    assert.equal(clean.report.merge.state, 'clean');
    assert.match(clean.markdown, /^\*\*Clean\*\*: `feature` into `main` merges cleanly/m);
    assert.match(info[0], /^Merge Report: feature: 1 open blocking handoff\.$/);
    // The handoff's location is a link to its line in the preview.
    const handoff = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'HANDOFF_FROM_CORE.md').toString();
    assert.ok(clean.markdown.includes(`[\`HANDOFF_FROM_CORE.md:6\`](<${handoff}#L6>)`), clean.markdown);
    assert.doesNotMatch(clean.markdown, /[\u2705\u274c\u26a0]/u, 'no emoji status glyphs');
    await waitFor('the preview tab "Preview Merge Report.md"', () =>
      previewTabs().some((t) => t.label === 'Preview Merge Report.md'),
    );

    await git('checkout', '-q', 'main');
    await commit('fe: main side', { 'frontend/src/App.tsx': 'export function App() {\n  return "main";\n}\n' });
    await git('checkout', '-q', 'feature');
    const statusBefore = await git('status', '--porcelain');
    const conflict = await commits.mergeReport();
    assert.ok(conflict);
    assert.deepEqual(conflict.report.merge.state === 'conflicts' ? conflict.report.merge.conflicts : [], [
      'frontend/src/App.tsx',
    ]);
    assert.match(conflict.markdown, /^\*\*Conflicts\*\*: merging `feature` into `main` conflicts in 1 file/m);
    // The second run reuses the first's document and preview: its text replaced, one tab, nothing to save.
    assert.equal(conflict.document, clean.document);
    assert.equal(conflict.document.getText(), conflict.markdown);
    assert.equal(previewTabs().filter((t) => t.label === 'Preview Merge Report.md').length, 1);
    assert.deepEqual(
      vscode.workspace.textDocuments.filter((d) => d.isUntitled || d.isDirty).map((d) => d.uri.toString()),
      [],
    );
    assert.equal(await git('status', '--porcelain'), statusBefore, 'the work tree was not touched');
  });

  test("the Merge Report's Run Test Suite button runs territory.testTask; TEST's report shows the result", async function () {
    this.timeout(90_000);
    const commits = await commitsApi();
    // A shell task that fails with exit code 3.
    await write({
      '.vscode/tasks.json': JSON.stringify({
        version: '2.0.0',
        tasks: [{ label: 'full-suite', type: 'shell', command: 'exit 3' }],
      }),
    });
    await vscode.workspace
      .getConfiguration('territory')
      .update('testTask', 'full-suite', vscode.ConfigurationTarget.Workspace);
    await waitFor(
      'VS Code to know the task',
      async () => (await vscode.tasks.fetchTasks()).some((t) => t.name === 'full-suite'),
      30_000,
    );
    (await territoryApi()).ui.commits.answerWith({ ...scriptedUi({}), info: async () => 'Run Test Suite' });
    await commits.mergeReport();
    const folder = vscode.workspace.workspaceFolders![0];
    const last = await waitFor(
      'the test run to end',
      async () => {
        const r = await commits.tests.lastRun(folder);
        return r?.task === 'full-suite' ? r : undefined;
      },
      60_000,
    );
    assert.equal(last.exitCode, 3);
    const test = await commits.domainReport('TEST');
    assert.match(test?.markdown ?? '', /^- Test results: failed \(exit code 3\) — task "full-suite"/m);
    assert.ok(existsSync(path.join(root(), '.git', 'territory', 'last-test-run.json')));
  });
});

suite('Uncommitted changes by domain (Domains view)', () => {
  teardown(async () => {
    const api = await territoryApi();
    await restore();
    await api.workingTree.refresh();
  });

  test('renames are listed under both owners; unassigned and conflicted files are shown in Lead mode', async () => {
    const api = await territoryApi();
    await git('mv', 'docs/api.md', 'backend/app/api/api.md');
    await write({ Makefile: 'changed\n' });
    await api.workingTree.refresh();
    const children = api.domainsView.getChildren();
    const changesOf = (label: string) =>
      children
        .find((n) => labelOf(n) === label)
        ?.children()
        .find((n) => labelOf(n) === 'Uncommitted changes')
        ?.children()
        .map((n) => [labelOf(n), n.description]);
    assert.deepEqual(changesOf('TEST'), [['docs/api.md', 'renamed to backend/app/api/api.md']]);
    assert.deepEqual(changesOf('API'), [['backend/app/api/api.md', 'R from docs/api.md']]);
    assert.deepEqual(changesOf('Unassigned'), [['Makefile', 'M']]);
    assert.match(String(children.find((n) => labelOf(n) === 'Unassigned')?.description), /· 1 uncommitted$/);
  });
});
