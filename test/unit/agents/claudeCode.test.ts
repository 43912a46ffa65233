// The guard with the REAL Claude Code CLI (scripts/install-agents.sh puts it in the cache), driven
// offline by the stand-in model server: the settings `territory export permissions --domain CORE`
// writes, `claude -p --permission-mode bypassPermissions` (how autonomous agents run), and every
// way the agent can write: the file tools (the PreToolUse hook), Bash and its subprocesses (Claude
// Code's sandbox with the domain's write limits), and the hook failing (onFailure: "block").
// What the agent reads when blocked is the tool_result text the stand-in receives: asserted here.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { claudeCodeBinary, runClaude, type ClaudeRun } from '../support/claudeCode';
import { startModelServer, type ModelServer, type ToolCall } from '../support/modelServer';
import { cli, git, seedRepo, tempDir } from '../support/guard';
import { REPO_ROOT } from '../../support/repoRoot';
import { BLOCKED_LOG } from '../../../src/core/guard/blockedLog';

/** Claude Code's own words around the hook's stderr; the rest of what the agent reads is Territory's reason. */
const MAX_WRAPPING = 400;
const CASE_MS = 60_000;

type HookEntry = { matcher: string; hooks: { type: string; command: string; timeout: number; onFailure?: string }[] };
type Settings = {
  hooks: { PreToolUse: HookEntry[] } & Record<string, unknown>;
  sandbox: Record<string, unknown>;
} & Record<string, unknown>;

describe('agent guard with the real Claude Code CLI (offline, stand-in model)', function () {
  this.timeout(CASE_MS + 30_000);
  let server: ModelServer;
  let root: string;
  let settingsFile: string;
  let settings: Settings;
  let command: string;
  const figures: string[] = [];

  before(async function () {
    this.timeout(120_000);
    claudeCodeBinary(); // Fails with the install command when the CLI is missing: never a silent skip.
    const cliJs = path.join(REPO_ROOT, 'dist', 'cli.js');
    if (!existsSync(cliJs)) throw new Error('dist/cli.js is missing: run node scripts/build.mjs first');
    server = await startModelServer();
    root = await seedRepo('territory-claude-code-');
    const exported = await cli('--cwd', root, 'export', 'permissions', '--domain', 'CORE');
    assert.equal(exported.code, 0, exported.err);
    // Commits in the sandbox run Territory's git hooks, as in a domain terminal.
    const hooks = await cli('--cwd', root, 'hooks', 'install');
    assert.equal(hooks.code, 0, hooks.err);
    // The extension records its CLI this way each time it starts; here the built one.
    git(root, 'config', 'territory.cli', cliJs);
    git(root, 'config', 'territory.node', process.execPath);
    settingsFile = path.join(root, '.territory/claude/CORE.settings.json');
    settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as Settings;
    command = settings.hooks.PreToolUse[0]!.hooks[0]!.command;
  });

  after(async () => {
    if (figures.length > 0) console.log(`      Claude Code figures: ${figures.join('; ')}`);
    await server?.close();
  });

  const file = (relative: string) => path.join(root, relative);
  const read = (relative: string) => (existsSync(file(relative)) ? readFileSync(file(relative), 'utf8') : undefined);
  const agent = (calls: readonly ToolCall[], settingsPath = settingsFile, env: Record<string, string> = {}) =>
    runClaude({
      cwd: root,
      settings: settingsPath,
      server,
      calls,
      env: { TERRITORY_DOMAIN: 'CORE', ...env },
      timeoutMs: CASE_MS,
    });

  /** The last tool_result, checked to be Territory's block for `tool`: the short wrapping, then the owner and the handoff file. */
  function assertTerritoryBlock(run: ClaudeRun, tool: string, owner: RegExp, label: string): void {
    const result = run.toolResults.at(-1);
    assert.ok(result, `no tool_result (exit ${run.status}): ${run.stderr.slice(0, 500)}`);
    assert.equal(result.isError, true, result.text);
    const start = result.text.indexOf('Territory: CORE may not edit this file.');
    assert.ok(start >= 0, `Territory's reason is in what the agent read: ${result.text.slice(0, 600)}`);
    const wrapping = result.text.slice(0, start);
    assert.equal(wrapping, `PreToolUse:${tool} hook error: [${command}]: `);
    assert.ok(wrapping.length < MAX_WRAPPING, `${wrapping.length} characters before the reason`);
    const reason = result.text.slice(start);
    assert.match(reason, owner);
    assert.match(reason, /HANDOFF_FROM_CORE\.md/);
    assert.ok(
      run.result?.permission_denials?.some((d) => d.tool_name === tool),
      `listed in permission_denials: ${JSON.stringify(run.result?.permission_denials)}`,
    );
    figures.push(`${label}: ${result.text.length} chars read (${wrapping.length} wrapping), ${run.ms} ms`);
  }

  it('the settings carry the short hook command with onFailure "block" and the sandbox, no Edit deny rule', () => {
    const hook = settings.hooks.PreToolUse[0]!.hooks[0]!;
    assert.equal(hook.onFailure, 'block');
    assert.equal(command, `${path.join(root, '.git/territory/agent-guard.sh')} CORE`);
    assert.equal(settings.permissions, undefined);
    assert.equal(settings.sandbox.enabled, true);
    assert.equal(settings.sandbox.allowUnsandboxedCommands, false);
  });

  it("control: without Territory's settings the stand-in's Write does change API's file (the scenarios below can fail)", async () => {
    const empty = path.join(tempDir('territory-claude-empty-'), 'settings.json');
    writeFileSync(empty, '{}\n');
    const before = read('backend/app/api/deps.py');
    const run = await agent(
      [{ name: 'Write', input: { file_path: file('backend/app/api/deps.py'), content: 'overwritten\n' } }],
      empty,
    );
    assert.equal(read('backend/app/api/deps.py'), 'overwritten\n', run.toolResults.at(-1)?.text);
    writeFileSync(file('backend/app/api/deps.py'), before ?? '');
  });

  it("Write to another domain's existing file: blocked with the owner and the handoff file, file unchanged", async () => {
    const before = read('backend/app/api/routes.py');
    const run = await agent([
      { name: 'Write', input: { file_path: file('backend/app/api/routes.py'), content: 'hijacked\n' } },
    ]);
    assertTerritoryBlock(run, 'Write', /belongs to API \(T2/, 'Write existing');
    assert.equal(read('backend/app/api/routes.py'), before);
    // The Session Board reads the blocked edits from the guard's log.
    const blocked = (read(BLOCKED_LOG) ?? '')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { domain: string; file: string; owner: string; tool: string });
    assert.ok(
      blocked.some(
        (b) => b.domain === 'CORE' && b.file === 'backend/app/api/routes.py' && b.owner === 'API' && b.tool === 'Write',
      ),
      JSON.stringify(blocked),
    );
  });

  it("Write to another domain's new file (a folder and a root pattern): blocked, nothing created", async () => {
    const folder = await agent([
      { name: 'Write', input: { file_path: file('backend/app/api/new_route.py'), content: 'x = 1\n' } },
    ]);
    assertTerritoryBlock(folder, 'Write', /belongs to API \(T2/, 'Write new');
    assert.equal(existsSync(file('backend/app/api/new_route.py')), false);
    const rootPattern = await agent([{ name: 'Write', input: { file_path: file('NOTES.md'), content: '# notes\n' } }]);
    assertTerritoryBlock(rootPattern, 'Write', /belongs to TEST \(T5/, 'Write new /*.md');
    assert.equal(existsSync(file('NOTES.md')), false);
  });

  it("Edit (after a Read) of another domain's file: blocked, file unchanged", async () => {
    const before = read('backend/app/api/routes.py');
    const target = file('backend/app/api/routes.py');
    const run = await agent([
      { name: 'Read', input: { file_path: target } },
      { name: 'Edit', input: { file_path: target, old_string: 'return []', new_string: 'return ["hijacked"]' } },
    ]);
    assertTerritoryBlock(run, 'Edit', /belongs to API \(T2/, 'Edit');
    assert.equal(read('backend/app/api/routes.py'), before);
  });

  it("NotebookEdit (after a Read) of another domain's notebook: blocked, notebook unchanged", async () => {
    const notebook = '{"cells":[],"metadata":{},"nbformat":4,"nbformat_minor":5}\n';
    writeFileSync(file('backend/app/api/report.ipynb'), notebook);
    const target = file('backend/app/api/report.ipynb');
    const run = await agent([
      { name: 'Read', input: { file_path: target } },
      {
        name: 'NotebookEdit',
        input: { notebook_path: target, new_source: 'x = 1', cell_type: 'code', edit_mode: 'insert' },
      },
    ]);
    assertTerritoryBlock(run, 'NotebookEdit', /belongs to API \(T2/, 'NotebookEdit');
    assert.equal(read('backend/app/api/report.ipynb'), notebook);
  });

  it("MultiEdit of another domain's file: refused (this version offers no MultiEdit; the hook's matcher names it for those that do)", async () => {
    const before = read('backend/app/api/routes.py');
    const run = await agent([
      {
        name: 'MultiEdit',
        input: {
          file_path: file('backend/app/api/routes.py'),
          edits: [{ old_string: 'return []', new_string: 'return [1]' }],
        },
      },
    ]);
    const text = run.toolResults.at(-1)?.text ?? '';
    if (/No such tool available: MultiEdit/.test(text)) figures.push('MultiEdit: not a tool of this version');
    else assertTerritoryBlock(run, 'MultiEdit', /belongs to API \(T2/, 'MultiEdit');
    assert.equal(read('backend/app/api/routes.py'), before);
  });

  it("Bash: sh and python3 subprocesses writing another domain's files fail with Read-only file system, files unchanged", async () => {
    const routes = read('backend/app/api/routes.py');
    const deps = read('backend/app/api/deps.py');
    const readme = read('README.md');
    const script = [
      'echo hijacked >> backend/app/api/routes.py',
      'touch backend/app/api/created_by_bash.py',
      `python3 -c "open('backend/app/api/deps.py','a').write('x')"`,
      'echo hijacked >> README.md',
      'echo hijacked >> territory.json',
      'echo done',
    ].join('; ');
    const run = await agent([{ name: 'Bash', input: { command: script, description: 'write into other domains' } }]);
    const text = run.toolResults.at(-1)?.text ?? '';
    assert.ok((text.match(/Read-only file system/g) ?? []).length >= 5, text);
    assert.equal(read('backend/app/api/routes.py'), routes);
    assert.equal(read('backend/app/api/deps.py'), deps);
    assert.equal(read('README.md'), readme);
    assert.equal(existsSync(file('backend/app/api/created_by_bash.py')), false);
    figures.push(`Bash blocked: ${run.ms} ms`);
  });

  it("own domain: Write, Bash writes (its files, its handoff file) and git commit inside the sandbox (Territory's hooks run) go through", async () => {
    const write = await agent([
      {
        name: 'Write',
        input: { file_path: file('backend/app/models/invoice.py'), content: 'class Invoice:\n    id: int\n' },
      },
    ]);
    assert.equal(
      read('backend/app/models/invoice.py'),
      'class Invoice:\n    id: int\n',
      write.toolResults.at(-1)?.text,
    );
    figures.push(`own Write: ${write.ms} ms`);
    const script = [
      'echo "    total: int = 0" >> backend/app/models/invoice.py',
      `python3 -c "open('HANDOFF_FROM_CORE.md','a').write('- [ ] note from CORE\\n')"`,
      'git add backend/app/models/invoice.py HANDOFF_FROM_CORE.md',
      'git commit -q -m "core: add Invoice"',
      'echo committed',
      'git status --porcelain',
    ].join(' && ');
    // Territory's commit-msg hook runs in the sandbox too: CORE may not commit under API's prefix.
    const refused = `echo "# more" >> backend/app/models/invoice.py && git commit -q -am "api: not mine"; echo "commit exit $?"`;
    const bash = await agent([
      { name: 'Bash', input: { command: `${script}; ${refused}`, description: 'own writes and commits' } },
    ]);
    const text = bash.toolResults.at(-1)?.text ?? '';
    assert.match(text, /committed/, text);
    assert.doesNotMatch(
      text,
      /unable to access/,
      'no denied placeholder of a control file that does not exist disturbs git',
    );
    assert.match(text, /commit exit 1/, text);
    assert.match(text, /api:[^\n]*CORE|CORE[^\n]*api:/, `the refusal names the prefix and the domain: ${text}`);
    assert.equal(git(root, 'log', '-1', '--format=%s').trim(), 'core: add Invoice');
    assert.match(read('backend/app/models/invoice.py') ?? '', /total: int = 0/);
    assert.match(read('HANDOFF_FROM_CORE.md') ?? '', /note from CORE/);
  });

  /** The exported settings with the guard's command (and timeout) replaced: onFailure stays as exported. */
  function withHook(name: string, hookCommand: string, timeout?: number): string {
    const copy = JSON.parse(JSON.stringify(settings)) as Settings;
    const hook = copy.hooks.PreToolUse[0]!.hooks[0]!;
    hook.command = hookCommand;
    if (timeout !== undefined) hook.timeout = timeout;
    const out = path.join(tempDir('territory-claude-settings-'), `${name}.json`);
    writeFileSync(out, JSON.stringify(copy, null, 2));
    return out;
  }

  it('a hook path that is wrong blocks the write (onFailure), even to an own file', async () => {
    const broken = withHook('broken', command.replace('agent-guard.sh', 'agent-guard-moved.sh'));
    const run = await agent(
      [{ name: 'Write', input: { file_path: file('backend/app/models/broken.py'), content: 'x\n' } }],
      broken,
    );
    const text = run.toolResults.at(-1)?.text ?? '';
    assert.match(text, /blocking because onFailure is "block"/, text);
    assert.equal(existsSync(file('backend/app/models/broken.py')), false);
  });

  it('a guard that outlives its timeout blocks the write (onFailure), not allows it', async () => {
    const slow = path.join(root, '.git', 'territory', 'slow-guard.sh');
    writeFileSync(slow, '#!/bin/sh\nsleep 20\nexit 0\n', { mode: 0o755 });
    const run = await agent(
      [{ name: 'Write', input: { file_path: file('backend/app/models/slow.py'), content: 'x\n' } }],
      withHook('slow', `${slow} CORE`, 1),
    );
    const text = run.toolResults.at(-1)?.text ?? '';
    assert.match(text, /timed out; blocking because onFailure is "block"/, text);
    assert.equal(existsSync(file('backend/app/models/slow.py')), false);
    figures.push(`timed-out guard blocked after ${run.ms} ms`);
  });

  it('without bubblewrap the agent refuses to start (failIfUnavailable), naming what is missing', async () => {
    // A PATH holding what the run needs but bwrap.
    const bin = tempDir('territory-claude-nobwrap-');
    mkdirSync(bin, { recursive: true });
    for (const tool of ['sh', 'bash', 'env', 'git', 'socat', 'rg', 'cat', 'ls', 'mkdir', 'rm', 'touch', 'python3']) {
      const found = ['/usr/local/bin', '/usr/bin', '/bin'].map((d) => path.join(d, tool)).find((p) => existsSync(p));
      if (found) symlinkSync(found, path.join(bin, tool));
    }
    const run = await agent(
      [{ name: 'Bash', input: { command: 'echo x >> backend/app/api/routes.py', description: 'w' } }],
      settingsFile,
      { PATH: bin },
    );
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /sandbox required but unavailable[^\n]*bubblewrap/);
    assert.equal(run.toolResults.length, 0, 'no tool ran');
  });
});
