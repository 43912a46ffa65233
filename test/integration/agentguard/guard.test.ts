import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DomainsNode } from '../../../src/features/model/domainsView';
import { closeAllTerminals, labelOf, territoryApi, waitFor, workspaceRoot } from '../support';

interface HookGroup {
  matcher: string;
  hooks: { type: string; command: string; timeout: number }[];
}

/** The PreToolUse payload Claude Code writes on the hook's stdin (https://code.claude.com/docs/en/hooks). */
function payload(root: string, tool: string, file: string): string {
  return JSON.stringify({
    session_id: 's1',
    transcript_path: '/tmp/t.jsonl',
    cwd: root,
    permission_mode: 'acceptEdits',
    hook_event_name: 'PreToolUse',
    tool_name: tool,
    tool_input: { file_path: path.join(root, file), content: 'x\n' },
    tool_use_id: 'toolu_1',
  });
}

function gitConfig(root: string, key: string): string {
  return spawnSync('git', ['config', '--get', key], { cwd: root, encoding: 'utf8' }).stdout.trim();
}

// A scenario of its own: Launch Domain Terminals with `{claudeSettings}` writes the settings the
// agents start with, and the hook in them, run exactly as Claude Code runs it, guards the territory.
suite('agent guard: the PreToolUse hook of the settings Launch writes', () => {
  suiteTeardown(async () => {
    await vscode.workspace
      .getConfiguration('territory')
      .update('agentCommand', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('the hook blocks an off-limits edit, allows an own one, and the Domains view shows the block', async function () {
    this.timeout(120_000);
    const api = await territoryApi();
    const root = workspaceRoot().fsPath;
    const settingsFile = path.join(root, '.territory', 'claude', 'CORE.settings.json');
    assert.ok(!existsSync(settingsFile), 'no settings before the launch');
    await closeAllTerminals();
    // A stand-in agent: the launch must write the file {claudeSettings} names before typing the command.
    await vscode.workspace
      .getConfiguration('territory')
      .update('agentCommand', 'true --settings {claudeSettings} {promptFile}', vscode.ConfigurationTarget.Workspace);
    const terminals =
      (await vscode.commands.executeCommand<vscode.Terminal[]>('territory.launchDomainTerminals')) ?? [];
    assert.equal(terminals.length, 5);
    await waitFor(
      'CORE.settings.json with the hook',
      () => existsSync(settingsFile) && readFileSync(settingsFile, 'utf8').includes('PreToolUse'),
      60_000,
    );
    await waitFor(
      'the CLI recorded for the hook (git config territory.cli)',
      () => gitConfig(root, 'territory.cli') !== '',
      30_000,
    );
    const recorded = gitConfig(root, 'territory.cli');
    // Each guard proved itself on its canary as the agents started: "guard armed" on every domain's line.
    // The row stays short (only "guard off" shows there); "Guard armed" is its first child.
    const armedLine = () =>
      api.domainsView
        .getChildren()
        .filter(
          (n) => n.contextValue?.startsWith('domain') && n.children().some((c) => c.contextValue === 'guardArmed'),
        );
    await waitFor(
      "every domain's guard armed in the Domains view",
      () => (armedLine().length === 5 ? true : undefined),
      60_000,
    );
    const coreLine = api.domainsView.getChildren().find((n) => labelOf(n) === 'CORE') ?? assert.fail('no CORE node');
    const armedNode =
      coreLine.children().find((n) => n.contextValue === 'guardArmed') ?? assert.fail('no Guard armed node under CORE');
    assert.match(String(armedNode.description), /^a Write to \S+ blocked in \d+ ms$/);
    // And on the Session Board, on each domain's lane.
    await vscode.commands.executeCommand('territory.showSessionBoard');
    await waitFor(
      "the Session Board's CORE lane says guard armed",
      async () =>
        (await api.mission.board.rendered()).lanes.some((l) => l.id === 'CORE' && /guard armed/.test(l.text))
          ? true
          : undefined,
      30_000,
    );
    assert.ok(
      existsSync(recorded) && !recorded.startsWith(root),
      `the extension's own CLI is recorded, not a file of the work tree: ${recorded}`,
    );

    const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as {
      permissions?: unknown;
      sandbox: { enabled: boolean; filesystem: { denyWrite: string[] } };
      hooks: { PreToolUse: HookGroup[] };
    };
    assert.equal(
      settings.permissions,
      undefined,
      'no Edit deny rule: it would refuse before the hook, without the owner',
    );
    assert.equal(settings.sandbox.enabled, true, "Bash runs in Claude Code's sandbox");
    assert.ok(
      settings.sandbox.filesystem.denyWrite.includes(path.join(root, 'backend/app/api')),
      settings.sandbox.filesystem.denyWrite.join('\n'),
    );
    // The Session Board's event hook sits beside the guard in every event list (src/core/mission/eventHooks.ts).
    const groups = settings.hooks.PreToolUse.filter(
      (g) => !g.hooks.some((h) => h.command.startsWith('# territory-agent-events')),
    );
    assert.equal(groups.length, 1);
    assert.equal(settings.hooks.PreToolUse.length, 2, 'the guard and the event hook');
    assert.equal(groups[0].matcher, '^(Edit|Write|MultiEdit|NotebookEdit)$');
    const { command, type } = groups[0].hooks[0];
    assert.equal(type, 'command');
    // As Claude Code runs a command hook: the string through sh -c, the JSON on stdin, in the project.
    const env: NodeJS.ProcessEnv = { ...process.env, CLAUDE_PROJECT_DIR: root, TERRITORY_CLI: '' };
    delete env.TERRITORY_DOMAIN;
    const run = (tool: string, file: string) =>
      spawnSync('sh', ['-c', command], {
        cwd: root,
        env,
        input: payload(root, tool, file),
        encoding: 'utf8',
        timeout: 30_000,
      });
    const own = run('Write', 'backend/app/models/new_model.py');
    assert.equal(own.status, 0, own.stderr);
    assert.equal(own.stderr, '');
    const off = run('Edit', 'backend/app/api/routes.py');
    assert.equal(off.status, 2, off.stderr);
    assert.match(off.stderr, /backend\/app\/api\/routes\.py belongs to API \(T2/);
    assert.match(off.stderr, /HANDOFF_FROM_CORE\.md/);
    assert.match(off.stderr, /### For API:/);
    const newMarkdown = run('Write', 'NOTES_FROM_CORE.md');
    assert.equal(newMarkdown.status, 2, "a new root markdown file is TEST's: the hook closes what the deny rules miss");

    const territory = api.maps.all()[0];
    await waitFor(
      'the blocked edits under CORE in the Domains view',
      () => (api.guard.blocked.of(territory.folder, 'CORE').length >= 2 ? true : undefined),
      30_000,
    );
    const top = api.domainsView.getChildren();
    const core = top.find((n) => labelOf(n) === 'CORE') ?? assert.fail('no CORE node');
    assert.match(String(core.description), /2 blocked/);
    // By contextValue: the extension's classes come from its bundle, not from these compiled sources.
    const blocked =
      core.children().find((n) => n.contextValue === 'blockedEdits') ?? assert.fail('no Blocked edits node under CORE');
    const items: DomainsNode[] = blocked.children();
    assert.deepEqual(items.map(labelOf), ['NOTES_FROM_CORE.md', 'backend/app/api/routes.py'], 'newest first');
    assert.match(String(items[1].description), /^API · /);
    assert.equal(items[1].command?.command, 'vscode.open');
    assert.equal((items[1].command?.arguments?.[0] as vscode.Uri).fsPath, path.join(root, 'backend/app/api/routes.py'));
    assert.ok(
      !top.some((n) => labelOf(n) === 'API' && /blocked/.test(String(n.description))),
      'only the domain that was blocked',
    );
    for (const terminal of terminals) terminal.dispose();
  });

  test('a blocked Write keeps its change; the command the reason prints files it, and the Handoffs view shows the request', async function () {
    this.timeout(60_000);
    const api = await territoryApi();
    const root = workspaceRoot().fsPath;
    const settings = JSON.parse(
      readFileSync(path.join(root, '.territory', 'claude', 'CORE.settings.json'), 'utf8'),
    ) as { hooks: { PreToolUse: HookGroup[] } };
    const guard =
      settings.hooks.PreToolUse.find((g) => !g.hooks.some((h) => h.command.startsWith('# territory-agent-events'))) ??
      assert.fail('no guard entry');
    const env: NodeJS.ProcessEnv = { ...process.env, CLAUDE_PROJECT_DIR: root, TERRITORY_CLI: '' };
    delete env.TERRITORY_DOMAIN;
    const blocked = spawnSync('sh', ['-c', guard.hooks[0].command], {
      cwd: root,
      env,
      input: payload(root, 'Write', 'backend/app/api/v2_routes.py'),
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(blocked.status, 2, blocked.stderr);
    const kept =
      /kept in (\.territory\/patches\/(\S+)\.patch) /.exec(blocked.stderr) ??
      assert.fail(`no patch named: ${blocked.stderr}`);
    assert.match(
      readFileSync(path.join(root, kept[1]), 'utf8'),
      /^--- \/dev\/null\n\+\+\+ b\/backend\/app\/api\/v2_routes\.py\n@@ -0,0 \+1,1 @@\n\+x$/m,
    );
    const command =
      /^territory handoff add .*$/m.exec(blocked.stderr)?.[0] ?? assert.fail(`no command: ${blocked.stderr}`);
    // The agent fills in the placeholders and runs it in its terminal (TERRITORY_DOMAIN=CORE), with the CLI the extension recorded.
    const filled = command
      .replace('<what needs to change>', 'add the v2 routes')
      .replace('<why you need it>', 'the v2 models are in')
      .replace(/^territory /, `ELECTRON_RUN_AS_NODE=1 '${process.execPath}' '${gitConfig(root, 'territory.cli')}' `);
    const filed = spawnSync('sh', ['-c', filled], {
      cwd: root,
      env: { ...env, TERRITORY_DOMAIN: 'CORE' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(filed.status, 0, filed.stderr);
    const handoffs = (api as unknown as { handoffs: { tree: { getChildren(): { children(): DomainsNode[] }[] } } })
      .handoffs;
    const shown = await waitFor(
      'the filed request under API in the Handoffs view',
      () =>
        handoffs.tree
          .getChildren()
          .filter((g) => labelOf(g as unknown as DomainsNode) === 'API')
          .flatMap((g) => g.children())
          .find((n) => String(n.description).includes('add the v2 routes')),
      10_000,
    );
    assert.equal(labelOf(shown), 'backend/app/api/v2_routes.py');
    assert.match(
      String(shown.description),
      new RegExp(`^blocking · from CORE · add the v2 routes \\(patch: \\.territory/patches/${kept[2]}\\.patch\\)`),
    );
  });
});
