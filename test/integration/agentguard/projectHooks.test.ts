import { strict as assert } from 'node:assert';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAllTerminals, labelOf, territoryApi, waitFor, workspaceRoot } from '../support';
import { agentBin } from '../../unit/support/agentCli';
import { listCodexHooks } from '../../../src/git/codexHooks';

const HOOKS_FILE = '.codex/hooks.json';
/** A hook of the user's own, which Launch must keep when it adds Territory's beside it. */
const USERS_OWN = { hooks: [{ type: 'command', command: 'echo the-users-own-hook', timeout: 5 }] };

interface CodexHooks {
  hooks: Record<string, { matcher?: string; hooks: { command: string }[] }[]>;
}

/** The domains whose Domains-view line has a child with `contextValue`, and CORE's such child. */
async function guardRows(contextValue: string) {
  const api = await territoryApi();
  const lines = api.domainsView
    .getChildren()
    .filter((n) => n.contextValue?.startsWith('domain') && n.children().some((c) => c.contextValue === contextValue));
  const core = lines
    .find((n) => labelOf(n) === 'CORE')
    ?.children()
    .find((c) => c.contextValue === contextValue);
  return { count: lines.length, core };
}

/** Resolves once every domain's guard was checked for Codex CLI, with the outcome `armed`. */
async function codexChecked(armed: boolean): Promise<void> {
  const api = await territoryApi();
  const territory = api.maps.all()[0] ?? assert.fail('no map');
  await waitFor(
    `every domain's Codex guard checked: ${armed ? 'armed' : 'not armed'}`,
    () =>
      (territory.map?.domains ?? []).every((d) => {
        const state = api.guardArmed.of(territory, d.id);
        return state !== undefined && !state.checking && state.agent === 'codex' && state.armed === armed;
      })
        ? true
        : undefined,
    90_000,
  );
}

// Launch Domain Terminals with Codex CLI as the agent (the program's name says which agent it is):
// Territory's guard goes into the project's hooks file every terminal shares, and proves itself on
// each domain's canary in Codex's own input format before the lead leaves the agents to it.
suite('agent guard: Launch puts the guard of Gemini, Codex and Copilot CLI in place', () => {
  const root = () => workspaceRoot().fsPath;
  const hooksFile = () => path.join(root(), ...HOOKS_FILE.split('/'));

  let answering: vscode.Disposable | undefined;
  suiteTeardown(async () => {
    answering?.dispose();
    await vscode.workspace
      .getConfiguration('territory')
      .update('agentCommand', undefined, vscode.ConfigurationTarget.Workspace);
    rmSync(path.join(root(), '.codex'), { recursive: true, force: true });
  });

  test('with codex as the agent: the hook is merged into .codex/hooks.json, the user’s own kept, every domain armed', async function () {
    this.timeout(120_000);
    mkdirSync(path.dirname(hooksFile()), { recursive: true });
    writeFileSync(hooksFile(), JSON.stringify({ hooks: { PostToolUse: [USERS_OWN] } }, null, 2) + '\n');
    // A stand-in Codex: started in a terminal, it records its domain and whether the guard was in the
    // hooks file when it started (its cwd is the folder); asked `codex app-server`, it is the real Codex
    // CLI, with a CODEX_HOME that trusts the folder (as the user does when Codex first asks).
    const bin = mkdtempSync(path.join(tmpdir(), 'territory-codex-'));
    const home = mkdtempSync(path.join(tmpdir(), 'territory-codex-home-'));
    writeFileSync(path.join(home, 'config.toml'), `[projects.${JSON.stringify(root())}]\ntrust_level = "trusted"\n`);
    const codex = path.join(bin, 'codex');
    writeFileSync(
      codex,
      `#!/bin/sh\nif [ "$1" = app-server ]; then CODEX_HOME='${home}' exec '${agentBin('codex')}' "$@"; fi\n` +
        'state=unguarded; grep -q territory-agent-guard .codex/hooks.json && state=guarded\n' +
        'printf "%s %s" "$TERRITORY_DOMAIN" "$state" > "$(dirname "$0")/$TERRITORY_DOMAIN.started"\n',
    );
    chmodSync(codex, 0o755);
    // Codex would skip the new hooks until they are trusted: the warning offers it, answered as a user would.
    const warned: string[] = [];
    answering = (await territoryApi()).ui.guardArmed.answerWith({
      warn: (message, ...choices) => {
        warned.push(message);
        return Promise.resolve(choices.includes('Trust in Codex') ? 'Trust in Codex' : undefined);
      },
    });
    await closeAllTerminals();
    await vscode.workspace
      .getConfiguration('territory')
      .update('agentCommand', `${codex} {promptFile}`, vscode.ConfigurationTarget.Workspace);
    const terminals =
      (await vscode.commands.executeCommand<vscode.Terminal[]>('territory.launchDomainTerminals')) ?? [];
    assert.equal(terminals.length, 5);
    // The agents start once their guard is in place: the file is merged before the first command is typed.
    const hooks = await waitFor(
      "Territory's hook in .codex/hooks.json",
      () => {
        const text = readFileSync(hooksFile(), 'utf8');
        return text.includes('# territory-agent-guard') ? (JSON.parse(text) as CodexHooks) : undefined;
      },
      60_000,
    );
    const guard = hooks.hooks.PreToolUse?.find((g) =>
      g.hooks.some((h) => h.command.startsWith('# territory-agent-guard')),
    );
    assert.ok(guard, `Territory's PreToolUse hook was written before the agents started: ${JSON.stringify(hooks)}`);
    assert.equal(guard.matcher, '^(apply_patch|Bash)$');
    assert.deepEqual(hooks.hooks.PostToolUse?.[0], USERS_OWN, "the user's own hook is kept as it was");
    assert.ok(hooks.hooks.SessionStart?.length, "the Session Board's event hooks are beside the guard");

    // The Claude Code launch before this one left its own reports: wait for Codex's, every domain checked.
    await codexChecked(true);
    assert.equal(warned.length, 1, warned.join('\n'));
    assert.match(
      warned[0] ?? '',
      /^Codex CLI skips Territory's guard in \S+ until it is trusted: .* Trust Territory's \d+ hooks in Codex/,
    );
    // Codex itself now says it runs the guard.
    const listed = await listCodexHooks(codex, root(), { ...process.env, CODEX_HOME: home });
    assert.ok(listed.ok, !listed.ok ? listed.reason : '');
    const guardHook = listed.hooks.find(
      (h) => h.event === 'preToolUse' && h.command.startsWith('# territory-agent-guard'),
    );
    assert.equal(guardHook?.trust, 'trusted');
    assert.equal((await guardRows('guardArmed')).count, 5, "every domain's Codex guard armed in the Domains view");
    const armed = (await guardRows('guardArmed')).core ?? assert.fail('no Guard armed node under CORE');
    assert.match(String(armed.description), /^a write to \S+ blocked in \d+ ms$/);
    assert.match(String(armed.tooltip), /exactly as Codex CLI will run it, from \.codex\/hooks\.json/);
    // The stand-in agents were started, each in its own domain's terminal.
    for (const id of ['CORE', 'API'])
      await waitFor(
        `the agent of ${id} started with TERRITORY_DOMAIN=${id}, its guard already in place`,
        () =>
          existsSync(path.join(bin, `${id}.started`)) &&
          readFileSync(path.join(bin, `${id}.started`), 'utf8') === `${id} guarded`,
        30_000,
      );
    for (const terminal of terminals) terminal.dispose();
  });

  test('a hooks file that is not JSON is left byte for byte, and every domain shows its guard NOT armed with why', async function () {
    this.timeout(120_000);
    const broken = '{ "hooks": { "PreToolUse": [ // the lead was editing this\n';
    writeFileSync(hooksFile(), broken);
    await closeAllTerminals();
    const terminals =
      (await vscode.commands.executeCommand<vscode.Terminal[]>('territory.launchDomainTerminals')) ?? [];
    assert.equal(terminals.length, 5);
    await codexChecked(false);
    assert.equal((await guardRows('guardNotArmed')).count, 5, "every domain's guard NOT armed in the Domains view");
    const notArmed = (await guardRows('guardNotArmed')).core ?? assert.fail('no Guard NOT armed node under CORE');
    assert.match(
      String(notArmed.description),
      /^\.codex\/hooks\.json: not valid JSON \(\w+ at offset \d+\); fix it first$/,
    );
    assert.equal(readFileSync(hooksFile(), 'utf8'), broken, 'the file Territory could not read is not overwritten');
    // Codex, asked, says the same of the file.
    const api = await territoryApi();
    const core = api.guardArmed.of(api.maps.all()[0] ?? assert.fail('no map'), 'CORE');
    assert.ok(
      core && !core.checking && core.problems.some((p) => p.startsWith('Codex CLI cannot load .codex/hooks.json: ')),
      JSON.stringify(core),
    );
    for (const terminal of terminals) terminal.dispose();
  });
});
