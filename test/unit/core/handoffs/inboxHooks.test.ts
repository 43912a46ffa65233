// The handoff hooks in the exported Claude Code settings (src/core/handoffs/inboxHooks.ts): one
// entry each in SessionStart, UserPromptSubmit and Stop, beside the Session Board's, the user's
// hooks kept, idempotent; and the command itself, run through `sh -c` as Claude Code runs it,
// answers with the hook JSON (and with nothing, exit 0, when the CLI cannot be found).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { INBOX_HOOK_TIMEOUT, inboxHookCommand, mergeInboxHooks } from '../../../../src/core/handoffs/inboxHooks';
import { cli, git, seedRepo } from '../../support/guard';
import { REPO_ROOT } from '../../../support/repoRoot';

const entry = (domain: string) => ({
  hooks: [{ type: 'command', command: inboxHookCommand(domain), timeout: INBOX_HOOK_TIMEOUT }],
});

describe('handoff hooks in the exported Claude Code settings', function () {
  this.timeout(30_000);

  it('export permissions registers the hook for SessionStart, UserPromptSubmit and Stop; it runs through sh -c', async () => {
    const root = await seedRepo('territory-inbox-export-');
    const result = await cli('--cwd', root, 'export', 'permissions', '--domain', 'API');
    assert.equal(result.code, 0, result.err);
    const settings = JSON.parse(readFileSync(path.join(root, '.territory/claude/API.settings.json'), 'utf8')) as {
      hooks: Record<string, { hooks: { command: string }[] }[]>;
    };
    for (const event of ['SessionStart', 'UserPromptSubmit', 'Stop']) {
      const ours = settings.hooks[event]!.filter((g) =>
        g.hooks.some((h) => h.command.startsWith('# territory-handoff-inbox')),
      );
      assert.deepEqual(ours, [entry('API')], event);
    }
    assert.equal(
      Object.keys(settings.hooks).filter((e) =>
        settings.hooks[e]!.some((g) => g.hooks.some((h) => h.command.startsWith('# territory-handoff-inbox'))),
      ).length,
      3,
      'no other event runs it',
    );
    const command = entry('API').hooks[0]!.command;
    const run = (input: string, env: Record<string, string>) =>
      spawnSync('sh', ['-c', command], {
        cwd: root,
        input,
        encoding: 'utf8',
        env: {
          PATH: '/usr/bin:/bin',
          HOME: root,
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_CONFIG_GLOBAL: '/dev/null',
          CLAUDE_PROJECT_DIR: root,
          ...env,
        },
      });
    // No CLI anywhere: silent, exit 0 (the agent is never disturbed). The export recorded one: forget it first.
    for (const key of ['territory.cli', 'territory.node', 'territory.cliHash'])
      spawnSync('git', ['-C', root, 'config', '--unset-all', key]);
    const none = run('{"hook_event_name":"UserPromptSubmit","prompt":"x"}', {});
    assert.deepEqual([none.status, none.stdout], [0, '']);
    git(root, 'config', 'territory.cli', path.join(REPO_ROOT, 'dist', 'cli.js'));
    git(root, 'config', 'territory.node', process.execPath);
    const told = run('{"hook_event_name":"UserPromptSubmit","prompt":"x"}', {});
    assert.equal(told.status, 0, told.stderr);
    const output = JSON.parse(told.stdout) as {
      hookSpecificOutput: { hookEventName: string; additionalContext: string };
    };
    assert.equal(output.hookSpecificOutput.hookEventName, 'UserPromptSubmit');
    assert.match(output.hookSpecificOutput.additionalContext, /From CORE \(HANDOFF_FROM_CORE\.md, request 1/);
  });

  it("keeps the user's hooks, is idempotent, and removes only its own", () => {
    const user = {
      hooks: {
        Stop: [{ hooks: [{ type: 'command', command: 'say done' }] }],
        UserPromptSubmit: [{ hooks: [{ type: 'command', command: 'date' }] }],
      },
      model: 'opus',
    };
    const once = mergeInboxHooks(JSON.stringify(user, null, 2), inboxHookCommand('API'));
    assert.ok(once.ok);
    const twice = mergeInboxHooks(once.text, inboxHookCommand('API'));
    assert.ok(twice.ok);
    assert.equal(twice.changed, false);
    assert.equal(twice.text, once.text);
    const data = JSON.parse(once.text) as typeof user & { hooks: Record<string, unknown[]> };
    assert.deepEqual(data.hooks.Stop, [user.hooks.Stop[0], entry('API')]);
    assert.deepEqual(data.hooks.UserPromptSubmit, [user.hooks.UserPromptSubmit[0], entry('API')]);
    assert.deepEqual(data.hooks.SessionStart, [entry('API')]);
    assert.equal(data.model, 'opus');
    const removed = mergeInboxHooks(once.text, undefined);
    assert.ok(removed.ok);
    const back = JSON.parse(removed.text) as { hooks: Record<string, unknown[]> };
    assert.deepEqual(back.hooks.Stop, user.hooks.Stop);
    assert.deepEqual(back.hooks.UserPromptSubmit, user.hooks.UserPromptSubmit);
    assert.equal(
      mergeInboxHooks('{"hooks": {"Stop": {}}}', inboxHookCommand('API')).ok,
      false,
      'a Stop that is not a list is refused, not replaced',
    );
  });
});
