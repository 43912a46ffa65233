// The exported settings carry the hook (a short command: the script in git's directory and the
// domain id) and the sandbox's write limits, no Edit deny rules; a settings file's other hooks and
// keys are kept.
import { strict as assert } from 'node:assert';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import {
  AGENT_HOOK_MARKER,
  agentGuardScript,
  agentHookCommand,
  agentHookEntry,
  mergeAgentHook,
} from '../../../../src/core/guard/claudeHook';
import { cli, git, seedRepo, write } from '../../support/guard';
import { EVENT_HOOK_TIMEOUT, eventHookCommand } from '../../../../src/core/mission/eventHooks';

function eventEntry(domain: string): unknown {
  return { hooks: [{ type: 'command', command: eventHookCommand(domain), timeout: EVENT_HOOK_TIMEOUT }] };
}

describe('agent guard: exported settings', () => {
  it('export permissions writes the short hook command, the sandbox limits and no Edit deny rule, for every domain', async function () {
    this.timeout(30_000);
    const root = await seedRepo('territory-guard-export-(paren)-');
    write(root, { 'backend/app/api/v1 (old)/routes.py': 'x\n' });
    git(root, 'add', '-A');
    const result = await cli('--cwd', root, 'export', 'permissions');
    assert.equal(result.code, 0, result.err);
    const script = path.join(root, '.git/territory/agent-guard.sh');
    assert.equal(readFileSync(script, 'utf8'), agentGuardScript());
    assert.equal(statSync(script).mode & 0o111, 0o111, 'the script is executable');
    // A settings file whose command lost or mangled the id: blocked with the reason, never run with it.
    for (const args of [[], [''], ['core'], ['CORE;touch x'], ['-h']]) {
      const run = spawnSync(script, args, { cwd: root, input: '{}', encoding: 'utf8' });
      assert.equal(run.status, 2, `${JSON.stringify(args)}: ${run.stderr}`);
      assert.match(run.stderr, /called without a domain id/);
    }
    const settings = JSON.parse(readFileSync(path.join(root, '.territory/claude/CORE.settings.json'), 'utf8')) as {
      permissions?: { deny: string[] };
      hooks: { PreToolUse: unknown[] };
      sandbox: {
        enabled: boolean;
        failIfUnavailable: boolean;
        allowUnsandboxedCommands: boolean;
        filesystem: { denyWrite: string[]; allowWrite?: string[] };
      };
    };
    assert.equal(settings.permissions, undefined, 'no deny rule: it would refuse before the hook, without the owner');
    // The Session Board's event hook follows the guard's, in every event list (src/core/mission/eventHooks.ts).
    assert.deepEqual(settings.hooks.PreToolUse, [agentHookEntry('CORE', script), eventEntry('CORE')]);
    assert.equal(agentHookCommand('CORE', script), `'${script}' CORE`, 'a path with parentheses is quoted for sh');
    assert.equal(agentHookCommand('CORE', '/r/.git/territory/agent-guard.sh'), '/r/.git/territory/agent-guard.sh CORE');
    assert.deepEqual(
      {
        enabled: settings.sandbox.enabled,
        failIfUnavailable: settings.sandbox.failIfUnavailable,
        allowUnsandboxedCommands: settings.sandbox.allowUnsandboxedCommands,
      },
      { enabled: true, failIfUnavailable: true, allowUnsandboxedCommands: false },
    );
    const deny = settings.sandbox.filesystem.denyWrite;
    for (const p of [
      'backend/app/api',
      'backend/app/api/v1 (old)',
      'frontend/src',
      'HANDOFF_FROM_API.md',
      'README.md',
      'territory.json',
      '.territory',
      '.git/hooks',
      '.git/config',
      '.git/territory',
    ])
      assert.ok(
        deny.includes(path.join(root, p)) ||
          (p.startsWith('backend/app/api/') && deny.includes(path.join(root, 'backend/app/api'))),
        `${p} denied: ${deny.join(', ')}`,
      );
    for (const p of ['backend/app/models', 'HANDOFF_FROM_CORE.md', '.git'])
      assert.ok(!deny.includes(path.join(root, p)), `${p} stays writable`);
    assert.equal(settings.sandbox.filesystem.allowWrite, undefined, 'git lies inside the folder');
  });

  it("keeps the user's own hooks and keys, rewrites only Territory's entry, and is idempotent", async function () {
    this.timeout(30_000);
    const root = await seedRepo('territory-guard-export-merge-');
    const out = path.join(root, '.claude/settings.local.json');
    const user = {
      model: 'opus',
      permissions: { allow: ['Bash(npm test)'], deny: ['Read(./.env)'] },
      hooks: {
        PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'echo mine' }] }],
        PostToolUse: [{ matcher: 'Write', hooks: [{ type: 'command', command: 'prettier --write' }] }],
      },
    };
    write(root, { '.claude/settings.local.json': JSON.stringify(user, null, 2) });
    for (let i = 0; i < 2; i++) {
      const result = await cli(
        '--cwd',
        root,
        'export',
        'permissions',
        '--domain',
        'CORE',
        '--out',
        '.claude/settings.local.json',
      );
      assert.equal(result.code, 0, result.err);
    }
    const data = JSON.parse(readFileSync(out, 'utf8')) as typeof user & { hooks: { PreToolUse: unknown[] } };
    assert.equal(data.model, 'opus');
    assert.deepEqual(data.permissions.allow, ['Bash(npm test)']);
    assert.equal(data.permissions.deny[0], 'Read(./.env)');
    assert.deepEqual(data.hooks.PostToolUse, [...user.hooks.PostToolUse, eventEntry('CORE')]);
    const script = path.join(root, '.git/territory/agent-guard.sh');
    assert.deepEqual(
      data.hooks.PreToolUse,
      [user.hooks.PreToolUse[0], agentHookEntry('CORE', script), eventEntry('CORE')],
      'one Territory entry of each after two exports',
    );
    // An entry sharing a group with the user's hook: only Territory's hook is replaced.
    const shared = {
      hooks: {
        PreToolUse: [
          {
            matcher: 'Edit',
            hooks: [
              { type: 'command', command: 'echo keep' },
              { type: 'command', command: agentHookCommand('OLD', '/elsewhere/.git/territory/agent-guard.sh') },
              // Format 1 wrote the whole script inline: replaced too.
              { type: 'command', command: `${AGENT_HOOK_MARKER} format 1: Territory's agent guard\ndomain='OLD'\n` },
              { type: 'command', command: 'my-agent-guard.sh --strict' },
            ],
          },
        ],
      },
    };
    const merged = mergeAgentHook(JSON.stringify(shared), agentHookEntry('CORE', script));
    assert.ok(merged.ok);
    assert.deepEqual(JSON.parse(merged.text).hooks.PreToolUse, [
      {
        matcher: 'Edit',
        hooks: [
          { type: 'command', command: 'echo keep' },
          { type: 'command', command: 'my-agent-guard.sh --strict' },
        ],
      },
      agentHookEntry('CORE', script),
    ]);
    assert.equal(
      mergeAgentHook('{"hooks": {"PreToolUse": {}}}', agentHookEntry('CORE', script)).ok,
      false,
      'a PreToolUse that is not a list is refused, not replaced',
    );
    assert.equal(mergeAgentHook('{"hooks": []}', agentHookEntry('CORE', script)).ok, false);
    writeFileSync(out, '{ "hooks": ');
    const broken = await cli(
      '--cwd',
      root,
      'export',
      'permissions',
      '--domain',
      'CORE',
      '--out',
      '.claude/settings.local.json',
    );
    assert.equal(broken.code, 2, 'a broken settings file is left for the user to fix');
  });
});
