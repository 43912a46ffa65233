// The real bundled hook as Claude Code runs it: `node dist/cli.js pre-tool-use` (and the small
// dist/pre-tool-use.js) as a child process, JSON on stdin, exit 0 or 2, the reason on stderr.
// And the command string the exported settings carry, run through `sh -c` as Claude Code runs it.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { agentHookCommand } from '../../../../src/core/guard/claudeHook';
import { INPUTS, payload } from '../../support/hookPayloads';
import { cli, git, seedRepo, terminalEnv } from '../../support/guard';
import { REPO_ROOT } from '../../../support/repoRoot';

const DIST = path.resolve(REPO_ROOT, 'dist');

function run(
  args: string[],
  stdin: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): { status: number | null; stderr: string; ms: number } {
  const started = Date.now();
  const result = spawnSync(process.execPath, args, { cwd, env, input: stdin, encoding: 'utf8', timeout: 20_000 });
  return { status: result.status, stderr: result.stderr, ms: Date.now() - started };
}

describe('agent guard: the bundled CLI as a child process', function () {
  this.timeout(60_000);
  let root: string;
  before(async function () {
    if (!existsSync(path.join(DIST, 'cli.js')) || !existsSync(path.join(DIST, 'pre-tool-use.js')))
      throw new Error('dist/cli.js and dist/pre-tool-use.js are missing: run node scripts/build.mjs first');
    root = await seedRepo('territory-agent-guard-process-');
  });

  for (const entry of ['cli.js', 'pre-tool-use.js']) {
    it(`${entry}: exit 0 on an own file, exit 2 with the owner on stderr for another domain's`, () => {
      const args = [path.join(DIST, entry), 'pre-tool-use', '--domain', 'CORE'];
      const own = run(
        args,
        payload('Edit', INPUTS.Edit(path.join(root, 'backend/app/models/user.py')), root),
        root,
        terminalEnv(),
      );
      assert.equal(own.status, 0, own.stderr);
      assert.equal(own.stderr, '');
      const off = run(
        args,
        payload('Write', INPUTS.Write(path.join(root, 'backend/app/api/new_route.py')), root),
        root,
        terminalEnv(),
      );
      assert.equal(off.status, 2);
      assert.match(off.stderr, /belongs to API \(T2/);
      assert.match(off.stderr, /### For API:/);
      const lead = run(
        args.slice(0, 2),
        payload('Write', INPUTS.Write(path.join(root, 'backend/app/api/new_route.py')), root),
        root,
        terminalEnv(),
      );
      assert.equal(lead.status, 0, 'no domain in force: allowed');
      const env = run(
        args.slice(0, 2),
        payload('Write', INPUTS.Write(path.join(root, 'backend/app/api/new_route.py')), root),
        root,
        terminalEnv({ TERRITORY_DOMAIN: 'CORE' }),
      );
      assert.equal(env.status, 2, 'TERRITORY_DOMAIN');
    });
  }

  it('escapes control characters of a path in the reason, keeping its line breaks', () => {
    const evil = path.join(root, 'backend/app/api/\u001b]0;pwned\u0007.py');
    const result = run(
      [path.join(DIST, 'cli.js'), 'pre-tool-use', '--domain', 'CORE'],
      payload('Write', INPUTS.Write(evil), root),
      root,
      terminalEnv(),
    );
    assert.equal(result.status, 2);
    // eslint-disable-next-line no-control-regex -- the point
    assert.doesNotMatch(result.stderr, /[\u0000-\u0009\u000b-\u001f]/);
    assert.match(result.stderr, /\\u001b\]0;pwned\\u0007\.py/);
    assert.ok(result.stderr.split('\n').length > 3, 'the request form keeps its lines');
  });

  it('huge input, deep nesting and garbage: each answered within 10 s, never exit 1', () => {
    const args = [path.join(DIST, 'pre-tool-use.js'), '--domain', 'CORE'];
    for (const stdin of [
      payload(
        'Write',
        { file_path: path.join(root, 'backend/app/models/big.py'), content: 'y'.repeat(40 * 1024 * 1024) },
        root,
      ),
      `{"tool_name":"Edit","tool_input":{"file_path":${JSON.stringify(path.join(root, 'backend/app/api/x.py'))},"n":${'['.repeat(500_000)}${']'.repeat(500_000)}}}`,
      '\u0000\u0001garbage',
    ]) {
      const result = run(args, stdin, root, terminalEnv());
      assert.ok(result.ms < 10_000, `${result.ms} ms`);
      assert.ok(result.status === 0 || result.status === 2, `exit ${result.status}: ${result.stderr}`);
    }
  });

  it('the exported settings hook, run through sh -c as Claude Code runs it, finds the recorded CLI (paths with spaces and quotes)', async () => {
    const repo = path.join(await seedRepo('territory agent \'guard\' "sh"-'), '..', 'ws');
    const exported = await cli('--cwd', repo, 'export', 'permissions');
    assert.equal(exported.code, 0, exported.err);
    const settings = JSON.parse(readFileSync(path.join(repo, '.territory/claude/CORE.settings.json'), 'utf8')) as {
      hooks: { PreToolUse: { matcher: string; hooks: { type: string; command: string; timeout: number }[] }[] };
    };
    const [group] = settings.hooks.PreToolUse;
    assert.equal(group.matcher, '^(Edit|Write|MultiEdit|NotebookEdit)$');
    const command = group.hooks[0].command;
    assert.equal(command, agentHookCommand('CORE', path.join(repo, '.git/territory/agent-guard.sh')));
    // The extension records its CLI; here the built one is recorded the same way.
    git(repo, 'config', 'territory.cli', path.join(DIST, 'cli.js'));
    git(repo, 'config', 'territory.node', process.execPath);
    const sh = (file: string, env: NodeJS.ProcessEnv) =>
      spawnSync('sh', ['-c', command], {
        cwd: path.join(repo, 'backend'),
        env,
        input: payload('Edit', INPUTS.Edit(path.join(repo, file)), repo),
        encoding: 'utf8',
      });
    const env = terminalEnv({ CLAUDE_PROJECT_DIR: repo });
    const own = sh('backend/app/models/user.py', env);
    assert.equal(own.status, 0, own.stderr);
    const off = sh('frontend/src/App.tsx', env);
    assert.equal(off.status, 2);
    assert.match(off.stderr, /belongs to FE/);
    // No CLI to be found: blocked with the reason, never exit 1 or 127 (which would let the edit through).
    git(repo, 'config', '--unset', 'territory.cli');
    const missing = sh('backend/app/models/user.py', env);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /the territory CLI was not found/);
    // A recorded copy inside the work tree runs only while it is the very file recorded.
    git(repo, 'config', 'territory.cli', path.join(repo, 'README.md'));
    git(repo, 'config', 'territory.cliHash', '0'.repeat(40));
    const changed = sh('backend/app/models/user.py', env);
    assert.equal(changed.status, 2);
    assert.match(changed.stderr, /is not the CLI recorded/);
  });
});
