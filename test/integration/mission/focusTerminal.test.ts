import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { appendEvent } from '../../../src/core/mission/eventLog';
import { DOMAIN_ENV } from '../../../src/core/terminalNames';
import type { FocusTerminalUi } from '../../../src/features/mission/focusTerminal';
import { closeAllTerminals, territoryApi, waitFor, workspaceRoot } from '../support';

interface Asked {
  message: string;
  choices: string[];
}

/** Answers the messages as a user clicking would: `answer` picks the choice (undefined: dismissed). */
function scriptedUi(answer: (asked: Asked) => string | undefined): FocusTerminalUi & { asked: Asked[] } {
  const asked: Asked[] = [];
  return {
    asked,
    info: async (message, ...choices) => {
      asked.push({ message, choices });
      return answer({ message, choices });
    },
  };
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Focus Terminal (a waiting-for-input notification, a blocked-edit notification, the Session
// Board's button) focuses the domain's terminal or says it has none, offering Launch: never an
// empty shell, a prompt opened beside, the clipboard overwritten or the active domain switched.
suite('mission control: Focus Terminal does what it says', () => {
  const sentinel = `territory focus sentinel ${process.pid}`;
  let restoreUi: (() => void) | undefined;

  suiteTeardown(async () => {
    restoreUi?.();
    await vscode.workspace
      .getConfiguration('territory')
      .update('agentCommand', undefined, vscode.ConfigurationTarget.Workspace);
    await (await territoryApi()).activeDomain.set(undefined);
  });

  test('a waiting domain without a terminal: Focus Terminal says so and offers Launch; nothing is created, copied or switched', async function () {
    this.timeout(90_000);
    const api = await territoryApi();
    const territory = api.maps.all()[0];
    const root = workspaceRoot().fsPath;
    await closeAllTerminals();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await api.activeDomain.set('CORE');
    await vscode.env.clipboard.writeText(sentinel);
    assert.equal(
      await vscode.env.clipboard.readText(),
      sentinel,
      'the clipboard works here (the runner grants it), so its check below can fail',
    );
    const groupsBefore = vscode.window.tabGroups.all.length;
    const ui = scriptedUi((asked) => (asked.choices.includes('Focus Terminal') ? 'Focus Terminal' : undefined));
    restoreUi = () => api.ui.focusTerminal.reset();
    api.ui.focusTerminal.answerWith(ui);

    // SCHED's agent (its hook) starts, then asks for a person: the notification of mission control.
    appendEvent(root, { t: Date.now(), domain: 'SCHED', event: 'SessionStart', detail: 'startup' });
    await waitFor('SCHED idle', () => api.mission.control.stateOf(territory, 'SCHED').state === 'idle', 10_000);
    appendEvent(root, {
      t: Date.now(),
      domain: 'SCHED',
      event: 'Notification',
      detail: 'Claude needs your permission to use Bash',
    });
    await waitFor('the waiting notification, then the answer to Focus Terminal', () => ui.asked.length >= 2, 15_000);

    assert.equal(ui.asked[0].message, 'SCHED (T3) is waiting for input: Claude needs your permission to use Bash');
    assert.deepEqual(ui.asked[0].choices, ['Focus Terminal', 'Show Session Board']);
    assert.equal(
      ui.asked[1].message,
      'SCHED (T3) has no terminal open in this window. Launch it to start its agent there.',
    );
    assert.deepEqual(ui.asked[1].choices, ['Launch Terminal'], 'Launch is offered as a choice');
    // Whatever a late terminal, editor or clipboard write would do, it has done within this time.
    await settle(2_000);
    assert.equal(vscode.window.terminals.length, 0, 'no shell was created');
    assert.equal(await vscode.env.clipboard.readText(), sentinel, 'the clipboard is untouched');
    assert.equal(api.activeDomain.id, 'CORE', 'the active domain is unchanged');
    assert.equal(vscode.window.tabGroups.all.length, groupsBefore, 'no editor group was opened');
    assert.equal(
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).length,
      0,
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .map((t) => t.label)
        .join(', '),
    );

    // The blocked-edit notification's Focus Terminal goes the same way.
    api.guard.blocked.askFocusTerminal('SCHED');
    await waitFor('the same answer for a blocked edit', () => ui.asked.length >= 3, 5_000);
    assert.equal(ui.asked[2].message, ui.asked[1].message);
    await settle(500);
    assert.equal(vscode.window.terminals.length, 0, 'no shell was created');
  });

  test('with a terminal open, Focus Terminal (the board button) focuses it and keeps the active domain', async function () {
    this.timeout(60_000);
    const api = await territoryApi();
    await closeAllTerminals();
    const sched = vscode.window.createTerminal({ name: 'SCHED (T3)', env: { [DOMAIN_ENV]: 'SCHED' } });
    const other = vscode.window.createTerminal({ name: 'lead shell' });
    other.show();
    await waitFor('the lead shell active', () => vscode.window.activeTerminal === other, 15_000);
    await settle(500);
    await api.activeDomain.set('API');
    await vscode.env.clipboard.writeText(sentinel);

    await api.mission.board.open({ kind: 'terminal', domain: 'SCHED' });
    await waitFor("SCHED's terminal focused", () => vscode.window.activeTerminal === sched, 10_000);
    await settle(1_000);
    assert.equal(vscode.window.terminals.length, 2, 'no terminal was created');
    assert.equal(api.activeDomain.id, 'API', 'the active domain is unchanged');
    assert.equal(await vscode.env.clipboard.readText(), sentinel, 'the clipboard is untouched');

    // Focus that moves by the user's own hand still makes the terminal's domain active (the mark was used once).
    other.show();
    await waitFor('the lead shell active again', () => vscode.window.activeTerminal === other, 10_000);
    sched.show();
    await waitFor('SCHED followed by hand', () => api.activeDomain.id === 'SCHED', 10_000);
    await api.activeDomain.set('API');
  });

  test('Launch (asked) opens the one terminal of that domain, keeping the active domain', async function () {
    this.timeout(60_000);
    const api = await territoryApi();
    await closeAllTerminals();
    await vscode.workspace
      .getConfiguration('territory')
      .update('agentCommand', 'true {promptFile}', vscode.ConfigurationTarget.Workspace);
    await api.activeDomain.set('API');
    const ui = scriptedUi((asked) => (asked.choices.includes('Launch Terminal') ? 'Launch Terminal' : undefined));
    api.ui.focusTerminal.answerWith(ui);
    const territory = api.maps.all()[0];
    const fe = territory.map?.domains.find((d) => d.id === 'FE') ?? assert.fail('no FE');
    const launched = await api.mission.control.terminalFocus.focus(territory, fe);
    assert.equal(ui.asked.length, 1, 'asked once');
    assert.ok(launched, 'a terminal was launched');
    await waitFor(
      'the FE terminal',
      () => vscode.window.terminals.length === 1 && api.terminals.domainOf(vscode.window.terminals[0])?.id === 'FE',
      10_000,
    );
    await settle(1_000);
    assert.equal(api.activeDomain.id, 'API', 'the active domain is unchanged');
    assert.equal(vscode.window.terminals.length, 1);

    // The board's "Launch Terminal" (shown for a domain without one) launches without asking again.
    await api.mission.board.open({ kind: 'terminal', domain: 'SCHED', launch: true });
    await waitFor(
      'the SCHED terminal',
      () => vscode.window.terminals.some((t) => api.terminals.domainOf(t)?.id === 'SCHED'),
      10_000,
    );
    await settle(1_000);
    assert.equal(ui.asked.length, 1, 'no question for an explicit launch');
    assert.equal(vscode.window.terminals.length, 2);
    assert.equal(api.activeDomain.id, 'API', 'the active domain is unchanged');
    await closeAllTerminals();
  });
});
