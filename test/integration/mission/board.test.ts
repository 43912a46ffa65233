import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RUNNER_REQUEST } from '../protocol';
import { closeAllTerminals, labelOf, runBundledCli, territoryApi, waitFor, workspaceRoot } from '../support';

/** A lane as the browser draws it (test/runner/runnerRequests.ts, board-dom). */
interface DomLane {
  id: string;
  state: string;
  text: string;
  buttons: number;
  top: number;
  bottom: number;
  viewportHeight: number;
  stateColor: string;
  borderColor: string;
  background: string;
  pageBackground: string;
  foreground: string;
}

/** The board's lanes read from the webview's DOM by the browser the runner drives. */
async function boardDom(): Promise<DomLane[]> {
  const domFile = path.join(os.tmpdir(), `territory-board-dom-${process.pid}.json`);
  rmSync(domFile, { force: true });
  console.log(`${RUNNER_REQUEST}board-dom ${domFile}`);
  const dom = await waitFor(
    'the runner read the board DOM',
    () => (existsSync(domFile) ? (JSON.parse(readFileSync(domFile, 'utf8')) as DomLane[]) : undefined),
    30_000,
  );
  assert.ok(Array.isArray(dom), JSON.stringify(dom));
  return dom;
}

async function screenshot(file: string): Promise<void> {
  console.log(`${RUNNER_REQUEST}screenshot ${file}`);
  await waitFor('the screenshot', () => existsSync(`${file}.done`), 30_000);
  rmSync(`${file}.done`, { force: true });
}

/** A colour as the browser computes it (rgb(), rgba(), or color(srgb …) for a color-mix()), to [r, g, b, a] in 0-255 and 0-1. */
function rgba(css: string): number[] {
  const srgb = /^color\(srgb ([^)]+)\)$/.exec(css)?.[1].split(/[ /]+/).filter(Boolean).map(Number);
  if (srgb) return [srgb[0] * 255, srgb[1] * 255, srgb[2] * 255, srgb[3] ?? 1];
  const parts =
    /rgba?\(([^)]+)\)/
      .exec(css)?.[1]
      .split(/[ ,/]+/)
      .filter(Boolean)
      .map(Number) ?? assert.fail(`not a colour: ${css}`);
  return [parts[0], parts[1], parts[2], parts[3] ?? 1];
}

/** WCAG contrast ratio of two opaque colours. */
function contrast(a: number[], b: number[]): number {
  const lum = (c: number[]) => {
    const [r, g, bl] = c
      .slice(0, 3)
      .map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** One colour per state (the same for the same state, another for another), drawn visibly, and "waiting" set apart. */
function checkAtAGlance(dom: DomLane[], theme: string): void {
  const byState = new Map<string, string>();
  for (const l of dom) {
    const known = byState.get(l.state);
    assert.ok(
      known === undefined || known === l.stateColor,
      `${theme}: ${l.state} has one colour (${known} and ${l.stateColor})`,
    );
    byState.set(l.state, l.stateColor);
    assert.equal(l.borderColor, l.stateColor, `${theme}: ${l.id}'s lane edge has its state's colour`);
    const background = rgba(l.background)[3] === 0 ? rgba(l.pageBackground) : rgba(l.background);
    console.log(
      `  ${theme}: ${l.id} ${l.state} ${l.stateColor} on ${l.background} (contrast ${contrast(rgba(l.stateColor), background).toFixed(2)}), text ${l.foreground} (${contrast(rgba(l.foreground), background).toFixed(2)})`,
    );
    assert.ok(contrast(rgba(l.foreground), background) >= 4.5, `${theme}: ${l.id}'s state label is readable`);
  }
  const colours = [...byState].filter(([state]) => state !== 'exited' && state !== 'none');
  assert.equal(
    new Set(colours.map(([, c]) => c)).size,
    colours.length,
    `${theme}: every active state has a colour of its own: ${JSON.stringify(colours)}`,
  );
  const waiting = dom.filter((l) => l.state === 'waiting');
  for (const w of waiting)
    for (const other of dom.filter((l) => l.state !== 'waiting'))
      assert.notEqual(w.background, other.background, `${theme}: the waiting lane stands out from ${other.id}`);
}

interface HookGroup {
  hooks: { type: string; command: string }[];
}

// Hook events written as Claude Code writes them: the exported settings' command strings, through
// sh -c, with the documented JSON on stdin (https://code.claude.com/docs/en/hooks).
suite('mission control: hook events change the Domains view and the Session Board', () => {
  suiteTeardown(async () => {
    await vscode.workspace
      .getConfiguration('territory')
      .update('agentCommand', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('events from the exported hooks, the board in the browser, and territory session agree', async function () {
    this.timeout(180_000);
    const api = await territoryApi();
    const root = workspaceRoot().fsPath;
    await closeAllTerminals();
    await vscode.workspace
      .getConfiguration('territory')
      .update('agentCommand', 'true --settings {claudeSettings} {promptFile}', vscode.ConfigurationTarget.Workspace);
    const terminals =
      (await vscode.commands.executeCommand<vscode.Terminal[]>('territory.launchDomainTerminals')) ?? [];
    const settingsOf = (id: string) => path.join(root, '.territory', 'claude', `${id}.settings.json`);
    await waitFor(
      'settings with the event hooks',
      () =>
        ['CORE', 'API'].every(
          (id) => existsSync(settingsOf(id)) && readFileSync(settingsOf(id), 'utf8').includes('SessionEnd'),
        ),
      60_000,
    );
    await waitFor(
      'the CLI recorded for the hooks',
      () =>
        spawnSync('git', ['config', '--get', 'territory.cli'], { cwd: root, encoding: 'utf8' }).stdout.trim() !== '',
      30_000,
    );

    const env: NodeJS.ProcessEnv = { ...process.env, CLAUDE_PROJECT_DIR: root, TERRITORY_CLI: '' };
    delete env.TERRITORY_DOMAIN;
    const fire = (id: string, event: string, payload: Record<string, unknown>) => {
      const settings = JSON.parse(readFileSync(settingsOf(id), 'utf8')) as { hooks: Record<string, HookGroup[]> };
      const commands = settings.hooks[event].flatMap((g) => g.hooks.map((h) => h.command));
      for (const command of commands) {
        const run = spawnSync('sh', ['-c', command], {
          cwd: root,
          env,
          input: JSON.stringify({
            session_id: `s-${id}`,
            transcript_path: '/tmp/t.jsonl',
            cwd: root,
            permission_mode: 'default',
            hook_event_name: event,
            ...payload,
          }),
          encoding: 'utf8',
          timeout: 30_000,
        });
        if (command.includes('territory-agent-events')) assert.equal(run.status, 0, `${event}: ${run.stderr}`);
        if (command.includes('territory-agent-events'))
          assert.equal(run.stdout, '', 'the event hook prints nothing the model would read');
      }
    };
    fire('CORE', 'SessionStart', { source: 'startup' });
    fire('CORE', 'UserPromptSubmit', { prompt: 'Write the models' });
    fire('CORE', 'PreToolUse', {
      tool_name: 'Write',
      tool_input: { file_path: path.join(root, 'backend/app/models/mission.py'), content: 'x\n' },
      tool_use_id: 't1',
    });
    fire('CORE', 'PostToolUse', {
      tool_name: 'Write',
      tool_input: { file_path: path.join(root, 'backend/app/models/mission.py'), content: 'x\n' },
      tool_response: { success: true },
      tool_use_id: 't1',
    });
    // An off-limits edit: the guard's PreToolUse blocks it and logs it (the event hook records the attempt too).
    fire('CORE', 'PreToolUse', {
      tool_name: 'Edit',
      tool_input: { file_path: path.join(root, 'backend/app/api/routes.py'), old_string: 'a', new_string: 'b' },
      tool_use_id: 't2',
    });
    fire('API', 'SessionStart', { source: 'startup' });
    fire('API', 'Notification', {
      message: 'Claude needs your permission to use Bash',
      notification_type: 'permission_prompt',
    });
    fire('SCHED', 'SessionStart', { source: 'startup' });
    fire('SCHED', 'UserPromptSubmit', { prompt: 'x' });
    fire('SCHED', 'Stop', { stop_hook_active: false });
    // Five domains in five states: TEST at work, FE's terminal closed (FE itself never reports: no hook events).
    fire('TEST', 'SessionStart', { source: 'startup' });
    fire('TEST', 'UserPromptSubmit', { prompt: 'Write the tests' });
    fire('TEST', 'PreToolUse', { tool_name: 'Bash', tool_input: { command: 'pytest -q' }, tool_use_id: 't3' });
    terminals.find((t) => api.terminals.domainOf(t)?.id === 'FE')?.dispose();

    const territory = api.maps.all()[0];
    const stateOf = (id: string) => api.mission.control.stateOf(territory, id).state;
    await waitFor(
      'CORE blocked, API waiting, SCHED idle, FE exited, TEST working',
      () =>
        stateOf('CORE') === 'blocked' &&
        stateOf('API') === 'waiting' &&
        stateOf('SCHED') === 'idle' &&
        stateOf('FE') === 'exited' &&
        stateOf('TEST') === 'working',
      10_000,
    );
    const nodes = api.domainsView.getChildren();
    const describe = (id: string) => String(nodes.find((n) => labelOf(n) === id)?.description ?? '');
    await waitFor(
      'the Domains view shows the states',
      () => {
        const top = api.domainsView.getChildren();
        const d = (id: string) => String(top.find((n) => labelOf(n) === id)?.description ?? '');
        return (
          d('API').startsWith('waiting for input · ') &&
          d('CORE').startsWith('blocked · ') &&
          d('SCHED').startsWith('idle · ')
        );
      },
      10_000,
    );
    assert.ok(describe('FE').startsWith('exited · '), 'a domain whose terminal closed');

    // territory session prints the same states.
    const session = runBundledCli(['session', '--json', '--cwd', root], env);
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

    // The board where a user looks at it: the editor area of a 1440x900 window, the panel closed.
    await vscode.commands.executeCommand('workbench.action.closePanel');
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
    assert.match(
      rendered.lanes.find((l) => l.id === 'API')?.text ?? '',
      /Waiting: Claude needs your permission to use Bash/,
    );

    // The same lanes, read from the webview's DOM by the browser the runner drives.
    const dom = await boardDom();
    assert.deepEqual(
      dom.map((l) => l.id),
      ['CORE', 'API', 'SCHED', 'FE', 'TEST'],
    );
    assert.deepEqual(
      dom.map((l) => l.state),
      ['blocked', 'waiting', 'idle', 'exited', 'working'],
    );
    assert.ok(dom[0].buttons >= 4, 'items are buttons: keyboard-reachable');
    checkAtAGlance(dom, 'the default theme');
    // Compact lanes: all five on screen at 1440x900, their details folded.
    for (const l of dom)
      assert.ok(
        l.bottom <= l.viewportHeight,
        `${l.id}'s lane ends at ${Math.round(l.bottom)} px, below the ${l.viewportHeight} px the board has`,
      );
    assert.ok(
      dom.every((l) => l.bottom - l.top <= 110),
      `lanes are compact: ${dom.map((l) => Math.round(l.bottom - l.top)).join(', ')} px`,
    );

    // The summary strip counts what the lanes show; plurals; dates on older items; the scale is the session's.
    const seen = await api.mission.board.rendered();
    const count = (state: string) => seen.lanes.filter((l) => l.state === state).length;
    assert.deepEqual(
      seen.summary,
      { working: count('working'), waiting: count('waiting'), blocked: count('blocked'), stalled: count('stalled') },
      seen.summaryText,
    );
    assert.equal(seen.summary.waiting, 1);
    assert.doesNotMatch(seen.summaryText, /none/, seen.summaryText);
    const coreText = seen.lanes.find((l) => l.id === 'CORE')?.text ?? '';
    assert.match(coreText, /2 tool calls · 1 edit · 1 blocked · \d+ commits?/);
    assert.doesNotMatch(coreText, /\b1 (edits|commits|tool calls)\b/);
    const model = api.mission.board.model ?? assert.fail('no model');
    const coreLane = model.lanes.find((l) => l.id === 'CORE') ?? assert.fail('no CORE');
    const oldCommit = coreLane.commits[0] ?? assert.fail('the seed has CORE commits');
    assert.match(
      coreText,
      new RegExp(`${oldCommit.shortHash} [^·]+ · [^·]*${new Date(oldCommit.time).getFullYear()}`),
      'an old commit with its date (and year)',
    );
    const firstEvent = Math.min(...model.lanes.flatMap((l) => (l.started !== undefined ? [l.started] : [])));
    assert.ok(
      model.from >= firstEvent - 10 * 60_000 && model.from > oldCommit.time,
      `the timeline starts with the session (${new Date(model.from).toISOString()}), not the 2025 commits`,
    );
    assert.doesNotMatch(seen.scale, /2025/, seen.scale);
    assert.match(
      coreText,
      new RegExp(`(^|\\D)${coreLane.commits.length} earlier`),
      `the 2025 commits: one "earlier" button before the bar, not a pile at its edge: ${coreText}`,
    );

    await screenshot(
      process.env.TERRITORY_BOARD_SCREENSHOT ?? path.join(os.tmpdir(), `territory-board-${process.pid}.png`),
    );

    // Readable in light, dark and both high-contrast themes: one colour per state in each.
    const workbench = vscode.workspace.getConfiguration('workbench');
    const theme = workbench.inspect<string>('colorTheme')?.globalValue;
    try {
      for (const name of [
        'Default Dark Modern',
        'Default Light Modern',
        'Default High Contrast',
        'Default High Contrast Light',
      ]) {
        await workbench.update('colorTheme', name, vscode.ConfigurationTarget.Global);
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        const themed = await boardDom();
        checkAtAGlance(themed, name);
        if (process.env.TERRITORY_BOARD_THEME_SHOTS)
          await screenshot(path.join(process.env.TERRITORY_BOARD_THEME_SHOTS, `board-${name.replace(/ /g, '-')}.png`));
      }
    } finally {
      await workbench.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
    }

    // Last (it covers the board): the blocked Edit's item opens the change CORE meant: the patch the guard kept, named by its record.
    const blockedTarget =
      coreLane.timeline.find((t) => t.kind === 'block')?.target ?? assert.fail('no blocked item with a target');
    assert.equal(blockedTarget.kind, 'file');
    const patchRel = blockedTarget.kind === 'file' ? blockedTarget.path : '';
    assert.match(patchRel, /^\.territory\/patches\/\d{8}T\d{6}Z-CORE-[0-9a-f]{6}\.patch$/);
    assert.match(
      readFileSync(path.join(root, patchRel), 'utf8'),
      /^\+def list_bssignments\(\):$/m,
      "the patch holds the Edit's change ('a' → 'b')",
    );
    await api.mission.board.open(blockedTarget);
    await waitFor(
      'the patch open in an editor',
      () => vscode.window.activeTextEditor?.document.uri.fsPath === path.join(root, patchRel),
      10_000,
    );

    fire('CORE', 'SessionEnd', { reason: 'prompt_input_exit' });
    await waitFor('CORE exited', () => stateOf('CORE') === 'exited', 5_000);
    for (const terminal of terminals) terminal.dispose();
  });
});
