import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RUNNER_REQUEST, EXTENSION_ID } from '../protocol';
import { labelOf, territoryApi, waitFor, workspaceRoot } from '../support';

interface HookGroup {
  hooks: { type: string; command: string }[];
}

// Hook events written as Claude Code writes them: the exported settings' command strings, through
// sh -c, with the documented JSON on stdin (https://code.claude.com/docs/en/hooks).
suite('mission control: hook events change the Domains view and the Session Board', () => {
  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('territory').update('agentCommand', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('events from the exported hooks, the board in the browser, and territory session agree', async function () {
    this.timeout(180_000);
    const api = await territoryApi();
    const root = workspaceRoot().fsPath;
    for (const terminal of vscode.window.terminals) terminal.dispose();
    await vscode.workspace.getConfiguration('territory').update('agentCommand', 'true --settings {claudeSettings} {promptFile}', vscode.ConfigurationTarget.Workspace);
    const terminals = (await vscode.commands.executeCommand<vscode.Terminal[]>('territory.launchDomainTerminals')) ?? [];
    const settingsOf = (id: string) => path.join(root, '.territory', 'claude', `${id}.settings.json`);
    await waitFor('settings with the event hooks', () => ['CORE', 'API'].every((id) => existsSync(settingsOf(id)) && readFileSync(settingsOf(id), 'utf8').includes('SessionEnd')), 60_000);
    await waitFor('the CLI recorded for the hooks', () => spawnSync('git', ['config', '--get', 'territory.cli'], { cwd: root, encoding: 'utf8' }).stdout.trim() !== '', 30_000);

    const env: NodeJS.ProcessEnv = { ...process.env, CLAUDE_PROJECT_DIR: root, TERRITORY_CLI: '' };
    delete env.TERRITORY_DOMAIN;
    const fire = (id: string, event: string, payload: Record<string, unknown>) => {
      const settings = JSON.parse(readFileSync(settingsOf(id), 'utf8')) as { hooks: Record<string, HookGroup[]> };
      const commands = settings.hooks[event].flatMap((g) => g.hooks.map((h) => h.command));
      for (const command of commands) {
        const run = spawnSync('sh', ['-c', command], {
          cwd: root,
          env,
          input: JSON.stringify({ session_id: `s-${id}`, transcript_path: '/tmp/t.jsonl', cwd: root, permission_mode: 'default', hook_event_name: event, ...payload }),
          encoding: 'utf8',
          timeout: 30_000,
        });
        if (command.includes('territory-agent-events')) assert.equal(run.status, 0, `${event}: ${run.stderr}`);
        if (command.includes('territory-agent-events')) assert.equal(run.stdout, '', 'the event hook prints nothing the model would read');
      }
    };
    fire('CORE', 'SessionStart', { source: 'startup' });
    fire('CORE', 'UserPromptSubmit', { prompt: 'Write the models' });
    fire('CORE', 'PreToolUse', { tool_name: 'Write', tool_input: { file_path: path.join(root, 'backend/app/models/mission.py'), content: 'x\n' }, tool_use_id: 't1' });
    fire('CORE', 'PostToolUse', {
      tool_name: 'Write',
      tool_input: { file_path: path.join(root, 'backend/app/models/mission.py'), content: 'x\n' },
      tool_response: { success: true },
      tool_use_id: 't1',
    });
    // An off-limits edit: the guard's PreToolUse blocks it and logs it (the event hook records the attempt too).
    fire('CORE', 'PreToolUse', { tool_name: 'Edit', tool_input: { file_path: path.join(root, 'backend/app/api/routes.py'), old_string: 'a', new_string: 'b' }, tool_use_id: 't2' });
    fire('API', 'SessionStart', { source: 'startup' });
    fire('API', 'Notification', { message: 'Claude needs your permission to use Bash', notification_type: 'permission_prompt' });
    fire('SCHED', 'SessionStart', { source: 'startup' });
    fire('SCHED', 'UserPromptSubmit', { prompt: 'x' });
    fire('SCHED', 'Stop', { stop_hook_active: false });

    const territory = api.maps.all()[0];
    const stateOf = (id: string) => api.mission.control.stateOf(territory, id).state;
    await waitFor('CORE blocked, API waiting, SCHED idle', () => stateOf('CORE') === 'blocked' && stateOf('API') === 'waiting' && stateOf('SCHED') === 'idle', 10_000);
    const nodes = api.domainsView.getChildren();
    const describe = (id: string) => String(nodes.find((n) => labelOf(n) === id)?.description ?? '');
    await waitFor(
      'the Domains view shows the states',
      () => {
        const top = api.domainsView.getChildren();
        const d = (id: string) => String(top.find((n) => labelOf(n) === id)?.description ?? '');
        return d('API').startsWith('waiting for input · ') && d('CORE').startsWith('blocked · ') && d('SCHED').startsWith('idle · ');
      },
      10_000,
    );
    assert.ok(!describe('FE').includes('working'), 'a domain without events shows no state');

    await vscode.commands.executeCommand('territory.showSessionBoard');
    const rendered = await waitFor(
      'the board rendered the lanes',
      async () => {
        const r = await api.mission.board.rendered();
        return r.lanes.find((l) => l.id === 'CORE')?.state === 'blocked' ? r : undefined;
      },
      20_000,
    );
    const core = rendered.lanes.find((l) => l.id === 'CORE') ?? assert.fail('no CORE lane');
    assert.match(core.text, /backend\/app\/models\/mission\.py/);
    assert.match(core.text, /backend\/app\/api\/routes\.py \(API\)/, 'the off-limits attempt, with its owner');
    assert.match(rendered.lanes.find((l) => l.id === 'API')?.text ?? '', /Waiting: Claude needs your permission to use Bash/);

    // The same lanes, read from the webview's DOM by the browser the runner drives.
    const domFile = path.join(os.tmpdir(), `territory-board-dom-${process.pid}.json`);
    rmSync(domFile, { force: true });
    console.log(`${RUNNER_REQUEST}board-dom ${domFile}`);
    const dom = await waitFor(
      'the runner read the board DOM',
      () => (existsSync(domFile) ? (JSON.parse(readFileSync(domFile, 'utf8')) as { id: string; state: string; text: string; buttons: number }[]) : undefined),
      30_000,
    );
    assert.ok(Array.isArray(dom), JSON.stringify(dom));
    assert.deepEqual(
      dom.map((l) => l.id),
      ['CORE', 'API', 'SCHED', 'FE', 'TEST'],
    );
    assert.deepEqual(
      dom.slice(0, 3).map((l) => l.state),
      ['blocked', 'waiting', 'idle'],
    );
    assert.ok(dom[0].buttons >= 4, 'items are buttons: keyboard-reachable');

    const shot = process.env.TERRITORY_BOARD_SCREENSHOT ?? path.join(os.tmpdir(), `territory-board-${process.pid}.png`);
    console.log(`${RUNNER_REQUEST}screenshot ${shot}`);
    await waitFor('the screenshot', () => existsSync(`${shot}.done`), 30_000);
    rmSync(`${shot}.done`, { force: true });

    // territory session prints the same states.
    const cli = path.join(vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? assert.fail('no extension'), 'dist', 'cli.js');
    const session = spawnSync(process.execPath, [cli, 'session', '--json', '--cwd', root], { env: { ...env, ELECTRON_RUN_AS_NODE: '1' }, encoding: 'utf8' });
    assert.equal(session.status, 0, session.stderr);
    const printed = (JSON.parse(session.stdout) as { domains: { id: string; state: string }[] }).domains;
    assert.deepEqual(
      printed.slice(0, 3).map((d) => [d.id, d.state]),
      [
        ['CORE', 'blocked'],
        ['API', 'waiting'],
        ['SCHED', 'idle'],
      ],
    );

    fire('CORE', 'SessionEnd', { reason: 'prompt_input_exit' });
    await waitFor('CORE exited', () => stateOf('CORE') === 'exited', 5_000);
    for (const terminal of terminals) terminal.dispose();
  });
});
