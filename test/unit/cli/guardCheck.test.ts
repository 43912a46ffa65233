// `territory guard-check`: the exported hook command run through sh as Claude Code runs it, on a
// canary Write to another domain's file, in real repositories with the built CLI recorded. Each
// way the guard would fail open or not run is a reason, never "armed".
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { BLOCKED_LOG } from '../../../src/core/guard/blockedLog';
import { claudeSandboxUnavailable } from '../../../src/git/agentGuardPlaces';
import { cli, git, seedRepo, tempDir } from '../support/guard';
import { payload, INPUTS } from '../support/hookPayloads';
import { REPO_ROOT } from '../../support/repoRoot';
import { spawnSync } from 'node:child_process';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

async function exportedRepo(prefix: string): Promise<string> {
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run node scripts/build.mjs first');
  const root = await seedRepo(prefix);
  const exported = await cli('--cwd', root, 'export', 'permissions', '--domain', 'CORE');
  assert.equal(exported.code, 0, exported.err);
  git(root, 'config', 'territory.cli', CLI);
  git(root, 'config', 'territory.node', process.execPath);
  return root;
}

type Report = { armed: boolean; problems: string[]; canary?: { file: string; exit: number; timedOut: boolean } };

async function check(root: string, ...extra: string[]): Promise<{ code: number; report: Report }> {
  const result = await cli('--cwd', root, '--json', 'guard-check', '--domain', 'CORE', ...extra);
  return { code: result.code, report: JSON.parse(result.out) as Report };
}

/** Whether this machine can start Claude Code's sandbox: the "armed" cases need it (scripts/install-agents.sh installs it). */
const sandboxHere = claudeSandboxUnavailable(REPO_ROOT);

describe('territory guard-check: the guard proves itself', function () {
  this.timeout(60_000);

  it('armed: the canary Write to API’s handoff file is blocked with the reason, CORE’s own passes, and no blocked edit is recorded', async () => {
    assert.equal(
      sandboxHere,
      undefined,
      `this test needs the sandbox's tools (bash scripts/install-agents.sh): ${sandboxHere}`,
    );
    const root = await exportedRepo('territory-guard-check-armed-');
    const { code, report } = await check(root);
    assert.deepEqual(report.problems, []);
    assert.equal(report.armed, true);
    assert.equal(code, 0);
    assert.equal(report.canary?.file, 'HANDOFF_FROM_API.md');
    assert.equal(report.canary?.exit, 2);
    assert.equal(
      existsSync(path.join(root, ...BLOCKED_LOG.split('/'))),
      false,
      'the canary is not an agent’s blocked edit',
    );
    // The same call from an agent is recorded (the assertion above can fail).
    const agent = spawnSync('sh', ['-c', `${path.join(root, '.git/territory/agent-guard.sh')} CORE`], {
      cwd: root,
      input: payload('Write', INPUTS.Write(path.join(root, 'HANDOFF_FROM_API.md')), root),
      env: { ...process.env, CLAUDE_PROJECT_DIR: root },
      encoding: 'utf8',
    });
    assert.equal(agent.status, 2, agent.stderr);
    assert.ok(existsSync(path.join(root, ...BLOCKED_LOG.split('/'))));
    const human = await cli('--cwd', root, 'guard-check', '--domain', 'CORE');
    assert.match(human.out, /^guard armed for CORE: a Write to HANDOFF_FROM_API\.md \(API's\) was blocked/);
  });

  it('not armed: a hook path that is wrong, a CLI that cannot be found, settings that were never exported', async () => {
    const root = await exportedRepo('territory-guard-check-broken-');
    rmSync(path.join(root, '.git/territory/agent-guard.sh'));
    const moved = await check(root);
    assert.equal(moved.code, 1);
    assert.equal(moved.report.armed, false);
    assert.ok(
      moved.report.problems.some((p) => /the hook command cannot run \(exit 127\)/.test(p)),
      moved.report.problems.join('\n'),
    );
    assert.equal(
      (await cli('--cwd', root, 'export', 'permissions', '--domain', 'CORE')).code,
      0,
      'export writes the script again',
    );
    git(root, 'config', 'territory.cli', path.join(root, 'nowhere/cli.js'));
    const noCli = await check(root);
    assert.ok(
      noCli.report.problems.some((p) => /the territory CLI was not found/.test(p)),
      noCli.report.problems.join('\n'),
    );
    const api = await cli('--cwd', root, 'guard-check', '--domain', 'API');
    assert.equal(api.code, 1);
    assert.match(api.out, /guard NOT armed for API:\n {2}- .*API\.settings\.json does not exist: export the settings/);
  });

  it('not armed: a guard that outlives its timeout, a hook without onFailure "block", no sandbox', async () => {
    const root = await exportedRepo('territory-guard-check-slow-');
    const settings = JSON.parse(readFileSync(path.join(root, '.territory/claude/CORE.settings.json'), 'utf8')) as {
      hooks: { PreToolUse: { hooks: { command: string; timeout: number; onFailure?: string }[] }[] };
      sandbox: { enabled: boolean };
    };
    const slow = path.join(root, '.git/territory/agent-guard.sh');
    writeFileSync(slow, '#!/bin/sh\nsleep 5\nexit 0\n', { mode: 0o755 });
    const hook = settings.hooks.PreToolUse[0]!.hooks[0]!;
    hook.timeout = 1;
    delete hook.onFailure;
    settings.sandbox.enabled = false;
    const file = path.join(tempDir('territory-guard-check-settings-'), 'slow.json');
    writeFileSync(file, JSON.stringify(settings));
    const started = Date.now();
    const { code, report } = await check(root, '--settings', file);
    assert.equal(code, 1);
    assert.ok(Date.now() - started < 4_000, 'the check itself keeps to the hook’s timeout');
    assert.equal(report.canary?.timedOut, true);
    for (const expected of [
      /did not answer within its timeout of 1 s/,
      /no "onFailure": "block"/,
      /do not turn on Claude Code's sandbox/,
    ])
      assert.ok(
        report.problems.some((p) => expected.test(p)),
        `${expected}: ${report.problems.join('\n')}`,
      );
  });

  it('says which of the sandbox’s tools are missing from PATH, and nothing when all are there', () => {
    const bin = tempDir('territory-guard-check-path-');
    mkdirSync(bin, { recursive: true });
    const workspace = tempDir('territory-guard-check-ws-');
    const missing = claudeSandboxUnavailable(workspace, { PATH: bin }, 'linux') ?? '';
    assert.match(
      missing,
      /bwrap \(Debian package bubblewrap\), socat \(Debian package socat\), rg \(Debian package ripgrep\)/,
    );
    assert.match(missing, /Claude Code refuses to start a domain's agent/);
    for (const tool of ['bwrap', 'socat', 'rg']) symlinkSync('/bin/sh', path.join(bin, tool));
    assert.equal(claudeSandboxUnavailable(workspace, { PATH: bin }, 'linux'), undefined);
    assert.equal(claudeSandboxUnavailable(workspace, { PATH: '' }, 'darwin'), undefined);
    assert.match(claudeSandboxUnavailable(workspace, { PATH: '' }, 'win32') ?? '', /sandbox\.windows\.backend/);
  });

  it('export permissions warns on stderr when the sandbox cannot start here, and still writes the settings', async () => {
    const root = await seedRepo('territory-guard-check-nobwrap-');
    const bin = tempDir('territory-guard-check-gitonly-');
    symlinkSync(spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim(), path.join(bin, 'git'));
    const saved = process.env.PATH;
    process.env.PATH = bin;
    let result;
    try {
      result = await cli('--cwd', root, 'export', 'permissions', '--domain', 'CORE');
    } finally {
      process.env.PATH = saved;
    }
    assert.equal(result.code, 0, result.err);
    assert.match(
      result.err,
      /^territory: warning: the sandbox needs bwrap \(Debian package bubblewrap\).*Claude Code refuses to start a domain's agent/m,
    );
    assert.ok(existsSync(path.join(root, '.territory/claude/CORE.settings.json')));
  });
});
