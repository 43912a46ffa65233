// `territory guard-check --agent gemini|codex|copilot`: the project's shared hook file, run through sh
// as each agent runs it (TERRITORY_DOMAIN naming the terminal's domain), on a canary in the agent's
// own input format, in real repositories with the built CLI recorded. An answer the agent would not
// read as a block is "not armed", never "armed".
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { BLOCKED_LOG } from '../../../src/core/guard/blockedLog';
import {
  PROJECT_HOOK_AGENTS,
  PROJECT_HOOK_FILE,
  type ProjectHookAgent,
} from '../../../src/core/guard/projectHookCheck';
import { cli, git, seedRepo, tempDir } from '../support/guard';
import { agentBin } from '../support/agentCli';
import { listCodexHooks, trustCodexHooks } from '../../../src/git/codexHooks';
import { untrustedTerritoryHooks } from '../../../src/core/guard/codexTrust';
import { REPO_ROOT } from '../../support/repoRoot';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

async function exportedRepo(agent: ProjectHookAgent, ...extra: string[]): Promise<string> {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run node scripts/build.mjs first');
  const root = await seedRepo(`territory-guard-check-${agent}-`);
  const exported = await cli('--cwd', root, 'export', 'permissions', '--agent', agent, ...extra);
  assert.equal(exported.code, 0, exported.err);
  git(root, 'config', 'territory.cli', CLI);
  git(root, 'config', 'territory.node', process.execPath);
  return root;
}

interface Report {
  armed: boolean;
  problems: string[];
  settings: string;
  canary?: { file: string; owner: string; exit: number };
  own?: { file: string; exit: number };
}

/** The real Codex CLI on PATH, with a CODEX_HOME that trusts `root` (as its trust question does) and Territory's hooks in it (as Trust in Codex does). */
async function trustedByCodex(root: string, hooksToo = true): Promise<void> {
  const home = tempDir('territory-codex-home-');
  writeFileSync(path.join(home, 'config.toml'), `[projects.${JSON.stringify(root)}]\ntrust_level = "trusted"\n`);
  process.env.CODEX_HOME = home;
  process.env.PATH = `${path.dirname(agentBin('codex'))}${path.delimiter}${SAVED_PATH}`;
  if (!hooksToo) return;
  const listed = await listCodexHooks(agentBin('codex'), root);
  assert.ok(listed.ok, !listed.ok ? listed.reason : '');
  const trusted = await trustCodexHooks(agentBin('codex'), root, untrustedTerritoryHooks(listed.hooks, root, IDS));
  assert.ok(trusted.ok, !trusted.ok ? trusted.reason : '');
}

const SAVED_PATH = process.env.PATH ?? '';
const IDS = ['CORE', 'API', 'SCHED', 'FE', 'TEST'];

async function check(
  root: string,
  agent: ProjectHookAgent,
  domain = 'CORE',
): Promise<{ code: number; report: Report }> {
  const result = await cli('--cwd', root, '--json', 'guard-check', '--domain', domain, '--agent', agent);
  assert.ok(result.out.startsWith('{'), result.err);
  return { code: result.code, report: JSON.parse(result.out) as Report };
}

const has = (report: Report, pattern: RegExp) =>
  assert.ok(
    report.problems.some((p) => pattern.test(p)),
    `${pattern}: ${report.problems.join('\n') || 'no problem reported'}`,
  );

describe('territory guard-check --agent: the project hook of Gemini, Codex and Copilot CLI proves itself', function () {
  this.timeout(60_000);
  afterEach(() => {
    process.env.PATH = SAVED_PATH;
    delete process.env.CODEX_HOME;
  });

  for (const agent of PROJECT_HOOK_AGENTS) {
    it(`${agent}: armed for every domain from one shared file; the canary is not recorded as a blocked edit`, async () => {
      const root = await exportedRepo(agent);
      // Codex runs the hooks only once it trusts the folder and them: the real Codex CLI is asked.
      if (agent === 'codex') await trustedByCodex(root);
      for (const domain of ['CORE', 'API']) {
        const { code, report } = await check(root, agent, domain);
        assert.deepEqual(report.problems, [], domain);
        assert.equal(report.armed, true);
        assert.equal(code, 0);
        assert.equal(report.settings, path.join(root, ...PROJECT_HOOK_FILE[agent].split('/')));
        assert.notEqual(report.canary?.owner, domain, 'the canary is another domain’s file');
        assert.equal(report.own?.exit, 0, 'the domain’s own handoff file passes');
      }
      assert.equal(existsSync(path.join(root, ...BLOCKED_LOG.split('/'))), false);
      const human = await cli('--cwd', root, 'guard-check', '--domain', 'CORE', '--agent', agent);
      assert.match(
        human.out,
        new RegExp(
          `^guard armed for CORE: a write to HANDOFF_FROM_API\\.md \\(API's\\) was blocked .* read from ${PROJECT_HOOK_FILE[agent].replace(/[./]/g, '\\$&')}`,
        ),
      );
    });
  }

  it('not armed: no export yet, or a CLI the hook cannot find', async () => {
    const root = await seedRepo('territory-guard-check-none-');
    const none = await check(root, 'codex');
    assert.equal(none.code, 1);
    has(
      none.report,
      /\.codex\/hooks\.json does not exist: add the guard \(territory export permissions --agent codex\)/,
    );
    const exported = await exportedRepo('gemini');
    git(exported, 'config', 'territory.cli', path.join(exported, 'nowhere/cli.js'));
    const lost = await check(exported, 'gemini');
    assert.equal(lost.report.armed, false);
    has(lost.report, /^the hook ended with exit 2: .*the territory CLI was not found/);
    has(lost.report, /^the hook blocks the domain's own HANDOFF_FROM_CORE\.md too/);
  });

  it('codex: not armed while Codex CLI would skip the hook, or cannot be asked, each said', async () => {
    const root = await exportedRepo('codex');
    process.env.PATH = path.dirname(process.execPath);
    has((await check(root, 'codex')).report, /^Territory cannot ask Codex CLI .*: codex is not on PATH$/);
    await trustedByCodex(root, false);
    const untrusted = await check(root, 'codex');
    assert.equal(untrusted.code, 1);
    assert.equal(untrusted.report.canary?.exit, 2, 'the hook itself blocks: only Codex’s trust is missing');
    assert.deepEqual(untrusted.report.problems, [
      "Codex CLI skips Territory's guard until it is trusted (Trust in Codex, territory guard-check --agent codex --trust, or /hooks in Codex)",
    ]);
    // --trust records Codex's trust in exactly Territory's hooks; then Codex runs the guard.
    const trusting = await cli('--cwd', root, 'guard-check', '--domain', 'CORE', '--agent', 'codex', '--trust');
    assert.equal(trusting.code, 0, trusting.out);
    assert.match(trusting.err, /^territory: Codex CLI trusts Territory's \d+ hooks in /);
    assert.match(trusting.out, /^guard armed for CORE/);
    assert.equal((await check(root, 'codex')).report.armed, true);
    process.env.CODEX_HOME = tempDir('territory-codex-home-');
    has(
      (await check(root, 'codex')).report,
      /^Codex CLI does not trust this folder, so it loads none of \.codex\/hooks\.json/,
    );
  });

  it('not armed: a hook pinned to another domain blocks the domain’s own file and lets the canary through', async () => {
    const root = await exportedRepo('codex', '--domain', 'API');
    const { code, report } = await check(root, 'codex', 'CORE');
    assert.equal(code, 1);
    has(report, /blocks the domain's own HANDOFF_FROM_CORE\.md too/);
  });

  it('not armed: Gemini with hooks switched off, Copilot answering only with an exit code', async () => {
    const gemini = await exportedRepo('gemini');
    const settingsFile = path.join(gemini, '.gemini/settings.json');
    const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as { hooksConfig: { enabled: boolean } };
    settings.hooksConfig.enabled = false;
    writeFileSync(settingsFile, JSON.stringify(settings));
    has((await check(gemini, 'gemini')).report, /does not set hooksConfig\.enabled: Gemini CLI runs no hook/);

    const copilot = await exportedRepo('copilot');
    const hooksFile = path.join(copilot, '.github/hooks/territory.json');
    const hooks = JSON.parse(readFileSync(hooksFile, 'utf8')) as { hooks: { preToolUse: { bash: string }[] } };
    // Claude Code's and Codex's way of blocking: Copilot lets the call through (only a JSON deny blocks).
    hooks.hooks.preToolUse[0]!.bash =
      '# territory-agent-guard format 1\necho "Territory: $TERRITORY_DOMAIN may not edit this file." >&2; exit 2';
    writeFileSync(hooksFile, JSON.stringify(hooks));
    const { code, report } = await check(copilot, 'copilot');
    assert.equal(code, 1);
    has(report, /Copilot CLI would not read the hook's answer as a block/);
  });

  it('refuses --settings with another agent than Claude Code, --trust without Codex, and an unknown agent', async () => {
    const root = await seedRepo('territory-guard-check-usage-');
    const settings = await cli('--cwd', root, 'guard-check', '--domain', 'CORE', '--agent', 'codex', '--settings', 'x');
    assert.equal(settings.code, 2);
    assert.match(settings.err, /--settings goes with Claude Code/);
    const trust = await cli('--cwd', root, 'guard-check', '--domain', 'CORE', '--agent', 'gemini', '--trust');
    assert.equal(trust.code, 2);
    assert.match(trust.err, /--trust goes with --agent codex/);
    const unknown = await cli('--cwd', root, 'guard-check', '--domain', 'CORE', '--agent', 'aider');
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /--agent aider: one of claude, gemini, codex, copilot/);
  });
});
