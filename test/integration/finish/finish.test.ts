// Finish Session in the real VS Code, on the seed project: it refuses with an open blocking
// handoff, a violating commit, a dirty tree and a conflicting base (each named); with all clear it
// runs the test task and, once confirmed, merges with the report as the message or pushes and hands
// `gh` (a stand-in on PATH) the title and the merge report. The dialogs are answered through the
// feature's replaceable ui, like a lead would.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { FinishOutcome, FinishUi } from '../../../src/features/commits/finish';
import { defaultFinishUi } from '../../../src/features/commits/finish';
import { resetSeedWorkspace } from '../../fixtures/seedWorkspace';
import * as vscode from 'vscode';
import { labelOf, revertAllAndClose, territoryApi, waitFor, workspaceRoot } from '../support';

const run = promisify(execFile);
const SESSION = 'claude/edge-cases';

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

async function commit(subject: string, files: Record<string, string>): Promise<void> {
  for (const [file, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root(), file)), { recursive: true });
    await fs.writeFile(path.join(root(), file), content);
  }
  await git('add', '--', ...Object.keys(files));
  await git('commit', '-q', '--no-verify', '-m', subject);
}

/** What the dialogs were asked, and how they are answered. */
interface Script {
  pick?: 'merge' | 'pr';
  confirm?: boolean;
  errors: string[];
  confirms: string[];
  copied: string[];
}

async function finishWith(script: Script): Promise<FinishOutcome> {
  const api = await territoryApi();
  const ui: FinishUi = {
    ...defaultFinishUi(),
    pick: async (items) => items.find((i) => (i as unknown as { action: string }).action === script.pick),
    confirm: async (message) => (script.confirms.push(message), script.confirm ?? false),
    info: async () => undefined,
    error: async (message) => (script.errors.push(message), undefined),
    copy: async (text) => void script.copied.push(text),
    openExternal: async () => true,
  };
  api.ui.finish.answerWith(ui);
  try {
    return await api.finish.run();
  } finally {
    api.ui.finish.reset();
  }
}

const script = (extra: Partial<Script> = {}): Script => ({ errors: [], confirms: [], copied: [], ...extra });

/** The fixture, a settled handoff on main, and the session branch with one CORE commit. */
async function session(settleHandoff = true): Promise<void> {
  if (settleHandoff) {
    const text = await fs.readFile(path.join(root(), 'HANDOFF_FROM_CORE.md'), 'utf8');
    await commit('core: handoff settled', { 'HANDOFF_FROM_CORE.md': text.replace(/- \[ \]/g, '- [x]') });
  }
  await git('checkout', '-q', '-b', SESSION);
  await fs.mkdir(path.join(root(), '.territory'), { recursive: true });
  await fs.writeFile(
    path.join(root(), '.territory', 'session.json'),
    JSON.stringify({ goal: 'Edge-case checklist', branch: SESSION, tasks: {} }, null, 2) + '\n',
  );
  await commit('core: version column', {
    'backend/app/models/assignment.py': 'class Assignment:\n    version: int = 1\n',
  });
}

suite('Finish Session (real VS Code, real git)', function () {
  this.timeout(60_000);

  setup(async () => {
    await revertAllAndClose();
    await fs.rm(path.join(root(), '.git', 'territory'), { recursive: true, force: true });
    await resetSeedWorkspace(root());
    for (const branch of (await git('for-each-ref', '--format=%(refname:short)', 'refs/heads')).split('\n')) {
      if (branch !== '' && branch !== 'main') await git('branch', '-q', '-D', branch);
    }
    for (const remote of (await git('remote')).split('\n')) if (remote !== '') await git('remote', 'remove', remote);
  });

  test('refuses with an open blocking handoff, naming it', async () => {
    await session(false);
    const answers = script({ pick: 'merge', confirm: true });
    const outcome = await finishWith(answers);
    assert.equal(outcome.checks?.failed?.id, 'handoffs');
    assert.match(outcome.checks?.failed?.details?.[0] ?? '', /CORE → API: backend\/app\/api\/routes\.py/);
    assert.match(answers.errors[0], /Finish Session stopped at "Open blocking handoffs": 1 open blocking handoff/);
    assert.deepEqual(answers.confirms, [], 'nothing is offered');
    assert.equal(outcome.done, undefined);
  });

  test('refuses with a commit that breaks the map, naming it', async () => {
    await session();
    await commit('api: adjust user model', { 'backend/app/models/user.py': 'class User:\n    pass\n' });
    const answers = script({ pick: 'merge', confirm: true });
    const outcome = await finishWith(answers);
    assert.equal(outcome.checks?.failed?.id, 'commits');
    assert.match(
      outcome.checks?.failed?.details?.[0] ?? '',
      /api: adjust user model — backend\/app\/models\/user\.py belongs to CORE/,
    );
    assert.match(answers.errors[0], /stopped at "Commits that break the map"/);
  });

  test('refuses with a dirty tree, naming the files by owner', async () => {
    await session();
    await fs.writeFile(path.join(root(), 'frontend', 'src', 'App.tsx'), 'changed\n');
    const answers = script({ pick: 'merge', confirm: true });
    const outcome = await finishWith(answers);
    assert.equal(outcome.checks?.failed?.id, 'uncommitted');
    assert.deepEqual(outcome.checks?.failed?.details, ['FE: frontend/src/App.tsx']);
    assert.match(answers.errors[0], /stopped at "Uncommitted changes"/);
  });

  test('refuses with a base that conflicts, naming the file', async () => {
    await session();
    await git('checkout', '-q', 'main');
    await commit('core: another version', {
      'backend/app/models/assignment.py': 'class Assignment:\n    version: str = "x"\n',
    });
    await git('checkout', '-q', SESSION);
    const answers = script({ pick: 'merge', confirm: true });
    const outcome = await finishWith(answers);
    assert.equal(outcome.checks?.failed?.id, 'merge');
    assert.deepEqual(outcome.checks?.failed?.details, ['backend/app/models/assignment.py']);
    assert.match(answers.errors[0], /stopped at "Clean merge into the base branch"/);
  });

  test('the checklist view: a row per check with its state, the handoff at its line, the next action; a rerun updates the same view', async () => {
    await session(false);
    const api = await territoryApi();
    const refused = await finishWith(script({ pick: 'merge', confirm: true }));
    assert.equal(refused.checks?.failed?.id, 'handoffs');
    const checklist = api.finish.checklist;
    await waitFor('the Finish Session view shown in the sidebar', () => api.finish.view?.visible, 10_000);
    // (The session file is not committed here: its notes come between the status and the checks.)
    assert.deepEqual(
      checklist
        .rows()
        .filter((r) => r.label !== 'Note')
        .map((r) => [r.label, r.state]),
      [
        ['claude/edge-cases → main', 'failed'],
        ['Open blocking handoffs', 'failed'],
        ['Commits that break the map', 'not run'],
        ['Uncommitted changes', 'not run'],
        ['Clean merge into the base branch', 'not run'],
        ['Full test suite', 'not run'],
        ['Open Handoff', 'info'],
        ['Run the Checks Again', 'info'],
      ],
    );
    const nodes = checklist.getChildren();
    const handoffs = nodes.find((n) => n.row?.key === 'step:handoffs');
    assert.ok(handoffs);
    assert.equal(
      handoffs.collapsibleState,
      vscode.TreeItemCollapsibleState.Expanded,
      'a failed check shows what it found',
    );
    assert.equal((handoffs.iconPath as vscode.ThemeIcon).id, 'error');
    assert.equal(((handoffs.iconPath as vscode.ThemeIcon).color as vscode.ThemeColor).id, 'testing.iconFailed');
    const [location] = checklist.getChildren(handoffs);
    const line = Number(/^HANDOFF_FROM_CORE\.md:(\d+)$/.exec(labelOf(location))?.[1]);
    assert.ok(line > 0, labelOf(location));
    assert.ok(location.command);
    await vscode.commands.executeCommand(location.command.command, ...(location.command.arguments ?? []));
    const editor = await waitFor('HANDOFF_FROM_CORE.md open at the request', () => vscode.window.activeTextEditor);
    assert.equal(path.basename(editor.document.uri.fsPath), 'HANDOFF_FROM_CORE.md');
    assert.equal(editor.selection.active.line, line - 1);
    assert.match(editor.document.lineAt(line - 1).text, /^- \[ \] File: `backend\/app\/api\/routes\.py`/);
    const open = nodes.find((n) => n.row?.action?.kind === 'open');
    assert.equal(open?.contextValue, 'finishAction.open');
    assert.equal(open?.description, `HANDOFF_FROM_CORE.md:${line}`);
    assert.deepEqual(
      vscode.workspace.textDocuments.filter((d) => d.isUntitled || d.isDirty).map((d) => d.uri.toString()),
      [],
      'no Untitled or dirty document',
    );

    // Settled on the branch: the same view now says all passed and offers Merge / Open Pull Request.
    const text = await fs.readFile(path.join(root(), 'HANDOFF_FROM_CORE.md'), 'utf8');
    await commit('core: handoff settled', { 'HANDOFF_FROM_CORE.md': text.replace(/- \[ \]/g, '- [x]') });
    const passed = await finishWith(script({}));
    assert.equal(passed.checks?.ok, true, JSON.stringify(passed.checks?.failed));
    assert.equal(api.finish.checklist, checklist);
    assert.deepEqual(
      checklist
        .rows()
        .filter((r) => r.label !== 'Note')
        .map((r) => r.state),
      ['ready', 'passed', 'passed', 'passed', 'passed', 'passed', 'info', 'info'],
    );
    const merge = checklist.getChildren().find((n) => n.row?.action?.kind === 'merge');
    assert.equal(labelOf(merge!), 'Merge into main');
    assert.equal(merge?.contextValue, 'finishAction.merge');
    assert.equal(checklist.getChildren().find((n) => n.row?.action?.kind === 'pr')?.contextValue, 'finishAction.pr');

    // The row's action merges, after the confirmation, without asking Merge-or-PR again.
    const answers = script({ confirm: true });
    api.ui.finish.answerWith({
      ...defaultFinishUi(),
      pick: async () => assert.fail('no picker from the view'),
      confirm: async (m) => (answers.confirms.push(m), true),
      info: async () => undefined,
      error: async (m) => (answers.errors.push(m), undefined),
    });
    try {
      const outcome = (await vscode.commands.executeCommand(
        merge!.command!.command,
        ...(merge!.command!.arguments ?? []),
      )) as FinishOutcome;
      assert.equal(outcome.done?.kind, 'merge');
    } finally {
      api.ui.finish.reset();
    }
    assert.match(answers.confirms[0], /Merge claude\/edge-cases into main\?/);
    assert.equal((await git('symbolic-ref', '--short', 'HEAD')).trim(), 'main');
    const finished = checklist.rows();
    assert.deepEqual(
      [finished[0].state, finished[0].description.replace(/\([0-9a-f]{7}\)/, '(…)')],
      ['passed', 'merged into main (…)'],
    );
    assert.ok(
      finished.every((r) => r.action === undefined),
      'nothing offered twice',
    );
  });

  test('right after Plan Session made the branch: "no session commits yet" in Commits by Domain, the Merge Report and Finish Session', async () => {
    await git('checkout', '-q', '-b', SESSION);
    await fs.mkdir(path.join(root(), '.territory'), { recursive: true });
    await fs.writeFile(
      path.join(root(), '.territory', 'session.json'),
      JSON.stringify({ goal: 'Fresh', branch: SESSION, tasks: {} }, null, 2) + '\n',
    );
    const api = await territoryApi();
    const commits = api.commits;
    await commits.service.refreshNow();
    const nodes = commits.tree.getChildren();
    const range = nodes.find((n) => n.contextValue === 'commitsRange');
    assert.equal(labelOf(range!), 'Range: main..claude/edge-cases');
    assert.equal(range?.description, 'no session commits yet');
    const notice = nodes.find((n) => n.contextValue === 'commitsNotice');
    assert.equal(labelOf(notice!), 'No session commits yet: claude/edge-cases is at main');
    assert.equal((notice?.iconPath as vscode.ThemeIcon).id, 'info');
    assert.deepEqual(
      nodes.filter((n) => n.contextValue?.startsWith('commitGroup')).map(labelOf),
      ['CORE (0)', 'API (0)', 'SCHED (0)', 'FE (0)', 'TEST (0)', 'Unattributed (0)'],
      "none of main's commits counted as the session's",
    );

    const info: string[] = [];
    const savedUi = api.ui.commits.current;
    api.ui.commits.answerWith({
      ...savedUi,
      info: async (message: string) => (info.push(message), undefined),
      error: async (message: string) => assert.fail(message),
    });
    try {
      const opened = await commits.mergeReport();
      assert.ok(opened);
      assert.equal(opened.report.noSessionCommits, true);
      assert.match(
        opened.markdown,
        /^\*\*No session commits yet\*\*: `claude\/edge-cases` is at `main`, so there is nothing to merge\./m,
      );
      assert.match(
        opened.markdown,
        /^Not checked: no session commits yet: claude\/edge-cases is at main: there is nothing to merge\.$/m,
      );
      assert.doesNotMatch(opened.markdown, /is the base branch|last 200/);
      assert.equal(info[0], 'Merge Report: no session commits yet: claude/edge-cases is at main: nothing to merge.');
    } finally {
      api.ui.commits.reset();
    }

    const answers = script({ pick: 'merge', confirm: true });
    const outcome = await finishWith(answers);
    assert.equal(outcome.reason, 'no session commits yet: claude/edge-cases is at main: nothing to finish');
    assert.equal(outcome.checks, undefined, 'no check ran, so none failed');
    assert.deepEqual(answers.errors, [], 'said as information, not as an error');
    const rows = api.finish.checklist.rows();
    assert.deepEqual(
      [rows[0].state, rows[0].description],
      ['info', 'no session commits yet: claude/edge-cases is at main: nothing to finish'],
    );
    assert.ok(rows.every((r) => r.state !== 'failed'));
  });

  test('all clear: runs the test task, and merges only once confirmed, with the report as the message', async () => {
    await session();
    const tip = (await git('rev-parse', 'HEAD')).trim();
    const declined = script({ pick: 'merge', confirm: false });
    const notConfirmed = await finishWith(declined);
    assert.equal(notConfirmed.checks?.ok, true, JSON.stringify(notConfirmed.checks?.failed));
    assert.match(declined.confirms[0], /Merge claude\/edge-cases into main\?/);
    assert.equal(notConfirmed.done, undefined);
    assert.equal((await git('rev-parse', 'HEAD')).trim(), tip, 'nothing merged without the confirmation');
    const answers = script({ pick: 'merge', confirm: true });
    const outcome = await finishWith(answers);
    assert.deepEqual(answers.errors, []);
    assert.equal(outcome.checks?.steps.find((s) => s.id === 'tests')?.state, 'passed');
    assert.equal(outcome.done?.kind, 'merge');
    assert.equal((await git('symbolic-ref', '--short', 'HEAD')).trim(), 'main');
    assert.deepEqual(
      (await git('log', '-1', '--format=%P')).trim().split(' ').slice(1),
      [tip],
      'a --no-ff merge of the session',
    );
    const message = await git('log', '-1', '--format=%B');
    assert.match(message, /^Merge branch 'claude\/edge-cases' into main\n/);
    assert.match(
      message,
      /claude\/edge-cases is ready to merge into main: clean merge, no violation, no blocking handoff\./,
    );
    assert.match(message, /CORE \(core:\)\n {2}[0-9a-f]{7} core: version column/);
  });

  test('pull request: pushes the branch and gives gh the title and the merge report', async () => {
    await session();
    const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'territory-finish-pr-'));
    const remote = path.join(scratch, 'origin.git');
    await run('git', ['init', '-q', '--bare', remote]);
    await git('remote', 'add', 'origin', remote);
    const bin = path.join(scratch, 'bin');
    await fs.mkdir(bin);
    const log = path.join(scratch, 'gh.log');
    await fs.writeFile(
      path.join(bin, 'gh'),
      `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a" >> "${log}"; done\nprintf -- '--body--\\n' >> "${log}"\ncat >> "${log}"\necho https://github.com/acme/app/pull/9\n`,
      { mode: 0o755 },
    );
    const savedPath = process.env.PATH;
    process.env.PATH = `${bin}${path.delimiter}${savedPath ?? ''}`;
    try {
      const answers = script({ pick: 'pr', confirm: true });
      const outcome = await finishWith(answers);
      assert.deepEqual(answers.errors, []);
      assert.match(answers.confirms[0], /Push claude\/edge-cases to origin and open a pull request into main\?/);
      assert.deepEqual(outcome.done, { kind: 'pr', via: 'gh', url: 'https://github.com/acme/app/pull/9' });
      const recorded = await fs.readFile(log, 'utf8');
      assert.match(recorded, /^pr\ncreate\n--base\nmain\n--head\nclaude\/edge-cases\n--title\n/);
      assert.match(recorded, /--body--\n# Merge report: claude\/edge-cases → main\n/);
      assert.match(recorded, /core: version column/);
      const { stdout } = await run('git', ['rev-parse', `refs/heads/${SESSION}`], { cwd: remote });
      assert.equal(stdout.trim(), (await git('rev-parse', SESSION)).trim(), 'the session branch was pushed');
    } finally {
      process.env.PATH = savedPath;
      await fs.rm(scratch, { recursive: true, force: true });
    }
  });
});
