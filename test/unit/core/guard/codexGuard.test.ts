// Codex CLI's side of the agent guard without the agent (test/unit/agents/codex.test.ts runs the
// real one): the apply_patch envelope read, every file of a patch judged, shell commands that are
// no apply_patch passed to the OS sandbox, and the hooks file merge.
import { strict as assert } from 'node:assert';
import { PRE_TOOL_USE_FLAGS, preToolUseCommand } from '../../../../src/cli/agentGuard';
import { parseCommandLine } from '../../../../src/cli/flags';
import { patchTargets } from '../../../../src/core/guard/codexPatch';
import { codexHookEntry, mergeCodexHook } from '../../../../src/core/guard/codexHook';
import { seedRepo } from '../../support/guard';

/** Codex CLI 0.169.0's PreToolUse input, as its hook received it in the real-agent test. */
function codexPayload(tool: string, command: unknown, cwd: string): string {
  return JSON.stringify({
    session_id: 's',
    turn_id: 't',
    transcript_path: '/tmp/r.jsonl',
    cwd,
    hook_event_name: 'PreToolUse',
    model: 'gpt-5',
    permission_mode: 'bypassPermissions',
    tool_name: tool,
    tool_input: { command },
    tool_use_id: 'call_1',
  });
}

async function hook(root: string, stdin: string): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const options = {
    ...parseCommandLine(['pre-tool-use', '--domain', 'CORE', '--agent', 'codex'], () => PRE_TOOL_USE_FLAGS),
    cwd: root,
  };
  const code = await preToolUseCommand(
    options,
    { out: () => undefined, err: (t) => err.push(t), document: (t) => err.push(t), readStdin: async () => stdin },
    {},
  );
  return { code, err: err.join('\n') };
}

describe('agent guard: Codex CLI', function () {
  this.timeout(30_000);
  let root: string;
  before(async () => {
    root = await seedRepo('territory-codex-guard-');
  });

  it('reads every file of a patch, relative to the session or to a cd before it', () => {
    const patch =
      '*** Begin Patch\n*** Add File: a/new.py\n+x = 1\n*** Update File: b.py\n*** Move to: c/moved.py\n@@\n-old\n+new\n*** Delete File: d.py\n*** End Patch\n';
    const files = patchTargets('apply_patch', patch, '/w')?.map((t) => t.file);
    assert.deepEqual(files, ['/w/a/new.py', '/w/b.py', '/w/c/moved.py', '/w/d.py']);
    assert.deepEqual(
      patchTargets('Bash', `cd 'sub dir' && apply_patch <<'EOF'\n${patch}EOF\n`, '/w')?.map((t) => t.file),
      ['/w/sub dir/a/new.py', '/w/sub dir/b.py', '/w/sub dir/c/moved.py', '/w/sub dir/d.py'],
    );
    const added = patchTargets('apply_patch', patch, '/w')?.[0]?.change;
    assert.deepEqual(added, { kind: 'content', content: 'x = 1' });
    assert.equal(patchTargets('Bash', "python3 -c \"open('x','w')\"", '/w'), undefined);
    assert.equal(patchTargets('Bash', 'echo apply_patch', '/w'), undefined);
  });

  it('blocks a patch touching another domain (a move into it too), passes own patches and other shell commands', async () => {
    const into = `*** Begin Patch\n*** Update File: backend/app/models/user.py\n*** Move to: backend/app/api/user.py\n@@\n-a\n+b\n*** End Patch\n`;
    const moved = await hook(root, codexPayload('apply_patch', into, root));
    assert.equal(moved.code, 2);
    assert.match(moved.err, /^Territory: CORE may not edit this file\. backend\/app\/api\/user\.py belongs to API/);
    const own = await hook(
      root,
      codexPayload(
        'Bash',
        `apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: backend/app/models/n.py\n+n = 1\n*** End Patch\nEOF\n`,
        root,
      ),
    );
    assert.deepEqual(own, { code: 0, err: '' });
    const shell = await hook(root, codexPayload('Bash', "python3 -c \"open('backend/app/api/x.py','a')\"", root));
    assert.deepEqual(shell, { code: 0, err: '' }, 'not an apply_patch: the OS sandbox confines it');
    const empty = await hook(root, codexPayload('apply_patch', '*** Begin Patch\n*** End Patch\n', root));
    assert.equal(empty.code, 2);
    assert.match(empty.err, /the patch names no file/);
    const notString = await hook(root, codexPayload('apply_patch', 42, root));
    assert.equal(notString.code, 2);
    assert.match(notString.err, /tool_input\.command of apply_patch is not a non-empty string/);
  });

  it("merges into .codex/hooks.json keeping the user's hooks, idempotently", () => {
    const user = JSON.stringify(
      { hooks: { PreToolUse: [{ matcher: 'Bash', hooks: [{ type: 'command', command: 'audit.sh' }] }], Stop: [] } },
      null,
      2,
    );
    const first = mergeCodexHook(user, codexHookEntry(undefined));
    assert.ok(first.ok && first.changed);
    const hooks = (JSON.parse(first.text) as { hooks: { PreToolUse: unknown[]; Stop: unknown[] } }).hooks;
    assert.equal(hooks.PreToolUse.length, 2);
    assert.deepEqual(hooks.Stop, []);
    const again = mergeCodexHook(first.text, codexHookEntry(undefined));
    assert.ok(again.ok && !again.changed);
  });
});
