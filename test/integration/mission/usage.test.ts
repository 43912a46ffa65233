import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runBundledCli, territoryApi, waitFor, workspaceRoot } from '../support';

interface HookGroup {
  hooks: { type: string; command: string }[];
}

/** An assistant message line as Claude Code writes it, one per content block. */
function assistant(id: string, block: string, usage: Record<string, number>): string {
  return `${JSON.stringify({ type: 'assistant', requestId: `req_${id}`, uuid: `${id}-${block}`, message: { id, role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [{ type: block }], usage } })}\n`;
}

// PermissionRequest (https://code.claude.com/docs/en/hooks#permissionrequest) through the exported
// hook command, as Claude Code runs it: the lane waits at once, the lead hears once per burst, and
// the tokens of the transcript the events name reach the lane and the summary. FE's hook events
// start here: this file runs after leadEdits.test.ts, which needs FE without any (mocha's file order).
suite('mission control: PermissionRequest waits at once, and tokens reach the board', () => {
  test('FE asks for permission, then works; its transcript tokens and cost show on the board and in territory session', async function () {
    this.timeout(180_000);
    const api = await territoryApi();
    const root = workspaceRoot().fsPath;
    // board.test.ts launched the domain terminals: the settings hold the event hooks.
    const settingsFile = path.join(root, '.territory', 'claude', 'FE.settings.json');
    if (!existsSync(settingsFile)) {
      await vscode.workspace
        .getConfiguration('territory')
        .update('agentCommand', 'true --settings {claudeSettings} {promptFile}', vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('territory.launchDomainTerminals');
      await waitFor('FE settings', () => existsSync(settingsFile), 60_000);
    }
    // The transcript lies in the work tree here (the other place allowed is the user's Claude folder).
    const transcript = path.join(root, '.territory', 'test-transcripts', 'fe-session.jsonl');
    mkdirSync(path.dirname(transcript), { recursive: true });
    writeFileSync(
      transcript,
      assistant('msg_a', 'text', {
        input_tokens: 1000,
        output_tokens: 200,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 5000,
      }) +
        assistant('msg_a', 'tool_use', {
          input_tokens: 1000,
          output_tokens: 200,
          cache_creation_input_tokens: 0,
          cache_read_input_tokens: 5000,
        }),
    );
    const env: NodeJS.ProcessEnv = { ...process.env, CLAUDE_PROJECT_DIR: root, TERRITORY_CLI: '' };
    delete env.TERRITORY_DOMAIN;
    const fire = (event: string, payload: Record<string, unknown>) => {
      const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as { hooks: Record<string, HookGroup[]> };
      const commands = (settings.hooks[event] ?? assert.fail(`no ${event} hook in the settings`))
        .flatMap((g) => g.hooks.map((h) => h.command))
        .filter((c) => c.includes('territory-agent-events'));
      assert.equal(commands.length, 1, `${event}: one event hook`);
      const run = spawnSync('sh', ['-c', commands[0]!], {
        cwd: root,
        env,
        input: JSON.stringify({
          session_id: 's-FE',
          transcript_path: transcript,
          cwd: root,
          permission_mode: 'default',
          hook_event_name: event,
          ...payload,
        }),
        encoding: 'utf8',
        timeout: 30_000,
      });
      assert.equal(run.status, 0, `${event}: ${run.stderr}`);
      assert.equal(run.stdout, '', 'the event hook prints nothing the model would read');
    };
    const territory = api.maps.all()[0]!;
    const stateOf = (id: string) => api.mission.control.stateOf(territory, id).state;
    const saidBefore = api.mission.control.said.length;

    fire('UserPromptSubmit', { prompt: 'Build the page' });
    fire('PreToolUse', { tool_name: 'Bash', tool_input: { command: 'npm run build' }, tool_use_id: 't1' });
    await waitFor('FE working', () => stateOf('FE') === 'working', 10_000);
    fire('PermissionRequest', {
      tool_name: 'Bash',
      tool_input: { command: 'npm run build' },
      permission_suggestions: [],
    });
    await waitFor('FE waiting from PermissionRequest alone', () => stateOf('FE') === 'waiting', 10_000);
    // ~6 s later Claude Code sends the Notification: the same burst, no second notification.
    fire('Notification', {
      message: 'Claude needs your permission to use Bash',
      notification_type: 'permission_prompt',
    });
    await waitFor(
      'the Notification read',
      () =>
        api.mission.control.stateOf(territory, 'FE').activity.waitingFor === 'Claude needs your permission to use Bash',
      10_000,
    );
    const said = api.mission.control.said.slice(saidBefore).filter((s) => s.domain === 'FE');
    assert.deepEqual(
      said.map((s) => s.attention),
      ['waiting'],
      JSON.stringify(said),
    );
    assert.match(said[0]!.text, /FE .* is waiting for input: permission to use Bash/);

    await vscode.commands.executeCommand('territory.showSessionBoard');
    const rendered = await waitFor(
      'the board shows FE waiting with its tokens',
      async () => {
        const r = await api.mission.board.rendered();
        const fe = r.lanes.find((l) => l.id === 'FE');
        return fe?.state === 'waiting' && /6\.2k tokens · \$0\.01/.test(fe.text) ? fe : undefined;
      },
      20_000,
    );
    assert.match(rendered.text, /Waiting: Claude needs your permission to use Bash/);
    // Sonnet 4.5 list prices: 1000 in × $3 + 200 out × $15 + 5000 cache read × $0.30, per million: $0.0075.
    const usage =
      api.mission.board.model?.lanes.find((l) => l.id === 'FE')?.usage ?? assert.fail('no FE usage in the model');
    assert.deepEqual(
      usage.tokens,
      { input: 1000, output: 200, cacheCreation: 0, cacheRead: 5000 },
      'the message of two lines counted once',
    );
    assert.ok(usage.costUsd !== null && Math.abs(usage.costUsd - 0.0075) < 1e-9, String(usage.costUsd));
    assert.ok(
      api.mission.board.model?.usage && api.mission.board.model.usage.total >= 6200,
      'the session summary counts it',
    );

    // The answer: the tool runs, the lane works again; a later message appended to the transcript is counted.
    fire('PostToolUse', {
      tool_name: 'Bash',
      tool_input: { command: 'npm run build' },
      tool_response: {},
      tool_use_id: 't1',
    });
    await waitFor('FE working again', () => stateOf('FE') === 'working', 10_000);
    writeFileSync(transcript, assistant('msg_b', 'text', { input_tokens: 10, output_tokens: 5 }), { flag: 'a' });
    fire('Stop', { stop_hook_active: false });
    await waitFor(
      'FE idle with the new tokens',
      () =>
        stateOf('FE') === 'idle' &&
        api.mission.board.model?.lanes.find((l) => l.id === 'FE')?.usage?.tokens.input === 1010,
      20_000,
    );

    // territory session --json prints the same tokens.
    const session = runBundledCli(['session', '--json', '--cwd', root], env);
    assert.equal(session.status, 0, session.stderr);
    const printed = JSON.parse(session.stdout) as {
      domains: { id: string; usage: { tokens: { input: number } } | null }[];
    };
    assert.equal(printed.domains.find((d) => d.id === 'FE')?.usage?.tokens.input, 1010);
  });

  test("a handoff requested and then ticked done shows on both lanes' timelines, one click from the request", async function () {
    this.timeout(60_000);
    const api = await territoryApi();
    const root = workspaceRoot().fsPath;
    const file = path.join(root, 'HANDOFF_FROM_FE.md');
    const request = (box: string) =>
      [
        '# Handoff from FE',
        '',
        '## Required Changes',
        '',
        '### For API:',
        `- [${box}] File: \`backend/app/api/pages.py\``,
        `- [${box}] Change needed: a route for the page`,
        `- [${box}] Reason: the page calls it`,
        `- [${box}] Blocking: No`,
        '',
      ].join('\n');
    const timeline = (id: string) => api.mission.board.buildModel()?.lanes.find((l) => l.id === id)?.timeline ?? [];
    const marks = (id: string) =>
      timeline(id)
        .filter((t) => t.kind === 'handoff')
        .map((t) => t.label);
    writeFileSync(file, request(' '));
    await waitFor(
      'the request on FE and API timelines',
      () =>
        marks('FE').includes('handoff requested: FE → API: backend/app/api/pages.py') &&
        marks('API').includes('handoff requested: FE → API: backend/app/api/pages.py'),
      20_000,
    );
    writeFileSync(file, request('x'));
    await waitFor(
      'done on the timeline',
      () => marks('API').includes('handoff done: FE → API: backend/app/api/pages.py'),
      20_000,
    );
    const item = timeline('API').find((t) => t.label.startsWith('handoff done')) ?? assert.fail('no done item');
    assert.deepEqual(item.target, { kind: 'handoff', file: 'HANDOFF_FROM_FE.md', line: 5 });
    // One click: the board opens the request's line.
    await api.mission.board.open(item.target!);
    await waitFor(
      'the handoff file open at the request',
      () =>
        vscode.window.activeTextEditor?.document.uri.fsPath === file &&
        vscode.window.activeTextEditor.selection.active.line === 5,
      10_000,
    );
    // The file took the board's place: bring the board back and read what it renders.
    await vscode.commands.executeCommand('territory.showSessionBoard');
    const rendered = await waitFor(
      'the board renders the marks',
      async () => {
        // A webview coming back asks for its model again: a report asked before it is ready goes unanswered.
        const r = await api.mission.board.rendered(3000).catch(() => undefined);
        const lane = r?.lanes.find((l) => l.id === 'API');
        return lane && /handoff done: FE → API/.test(lane.text) ? lane : undefined;
      },
      20_000,
    );
    assert.match(rendered.text, /handoff requested: FE → API/);
  });
});
