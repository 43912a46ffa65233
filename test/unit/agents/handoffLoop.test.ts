// The handoff loop with the REAL Claude Code CLI (scripts/install-agents.sh), driven offline by the
// stand-in model server, in the settings `territory export permissions` writes for CORE and API:
// CORE's blocked Write keeps a patch with the intended content; CORE files it with `territory
// handoff add --patch` from its sandboxed Bash; API's next turn receives the request in its prompt
// context (UserPromptSubmit's additionalContext, asserted on what the model server received); with
// a blocking request open API's Stop is turned back once with the request as the reason; API marks
// it done from its own sandbox; CORE's next turn is told, and CORE's file shows it done.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { claudeCodeBinary, runClaude } from '../support/claudeCode';
import { startModelServer, type ModelServer, type ToolCall } from '../support/modelServer';
import { cli, git, seedRepo } from '../support/guard';
import { REPO_ROOT } from '../../support/repoRoot';
import { analyzeHandoffFile } from '../../../src/core/handoffs/validate';
import { OwnershipResolver } from '../../../src/core/ownership/resolver';
import { parseJsonMap } from '../../../src/core/map/jsonMap';

const CASE_MS = 90_000;

describe('handoff loop with the real Claude Code CLI (offline, stand-in model)', function () {
  this.timeout(CASE_MS + 30_000);
  let server: ModelServer;
  let root: string;
  const cliJs = path.join(REPO_ROOT, 'dist', 'cli.js');
  const settings = (domain: string) => path.join(root, `.territory/claude/${domain}.settings.json`);
  const file = (relative: string) => path.join(root, relative);
  /** The agent of `domain`, the stand-in making `calls`; returns the run and the bodies of the model requests it made. */
  const agent = async (domain: string, calls: readonly ToolCall[]) => {
    const since = server.requests.length;
    const run = await runClaude({
      cwd: root,
      settings: settings(domain),
      server,
      calls,
      env: { TERRITORY_DOMAIN: domain },
      timeoutMs: CASE_MS,
    });
    const turns = server.requests
      .slice(since)
      .filter((r) => Array.isArray((r.body as { tools?: unknown[] } | undefined)?.tools));
    return { run, turns: turns.map((r) => JSON.stringify(r.body)) };
  };
  /** The CLI as the agent's Bash runs it (`territory` is not on the sandbox's PATH here). */
  const territory = (args: string) => `${JSON.stringify(process.execPath)} ${JSON.stringify(cliJs)} ${args}`;
  const coreRequests = () => {
    const map = parseJsonMap(readFileSync(file('territory.json'), 'utf8')).map!;
    return analyzeHandoffFile('HANDOFF_FROM_CORE.md', readFileSync(file('HANDOFF_FROM_CORE.md'), 'utf8'), {
      map,
      resolver: OwnershipResolver.compile(map),
    }).requests;
  };

  before(async function () {
    this.timeout(120_000);
    claudeCodeBinary(); // Fails with the install command when the CLI is missing: never a silent skip.
    if (!existsSync(cliJs)) throw new Error('dist/cli.js is missing: run node scripts/build.mjs first');
    server = await startModelServer();
    root = await seedRepo('territory-handoff-loop-');
    for (const domain of ['CORE', 'API']) {
      const exported = await cli('--cwd', root, 'export', 'permissions', '--domain', domain);
      assert.equal(exported.code, 0, exported.err);
    }
    git(root, 'config', 'territory.cli', cliJs);
    git(root, 'config', 'territory.node', process.execPath);
  });

  after(async () => {
    await server?.close();
  });

  let patchId = '';

  it("CORE's blocked Write keeps a patch with the intended content, and the reason names it and the command", async () => {
    const before = readFileSync(file('backend/app/api/routes.py'), 'utf8');
    const intended = 'def list_assignments():\n    return [{"version": 1}]\n';
    const { run } = await agent('CORE', [
      { name: 'Write', input: { file_path: file('backend/app/api/routes.py'), content: intended } },
    ]);
    const text = run.toolResults.at(-1)?.text ?? '';
    assert.equal(readFileSync(file('backend/app/api/routes.py'), 'utf8'), before, text);
    const kept = /kept in (\.territory\/patches\/(\S+)\.patch) /.exec(text);
    assert.ok(kept, `the agent read where the patch is: ${text}`);
    patchId = kept[2]!;
    assert.match(
      text,
      new RegExp(`territory handoff add --to API --file backend/app/api/routes\\.py .* --patch ${patchId}`),
    );
    const apply = spawnSync('git', ['apply', kept[1]!], { cwd: root, encoding: 'utf8' });
    assert.equal(apply.status, 0, apply.stderr);
    assert.equal(
      readFileSync(file('backend/app/api/routes.py'), 'utf8'),
      intended,
      'the patch holds the intended content',
    );
    git(root, 'checkout', '--', 'backend/app/api/routes.py');
  });

  it('CORE files it from its sandboxed Bash with territory handoff add --patch; the entry parses back', async () => {
    const command = territory(
      `handoff add --to API --file backend/app/api/routes.py --change 'return the version' --reason 'the model has one' --blocking yes --patch ${patchId}`,
    );
    const { run } = await agent('CORE', [{ name: 'Bash', input: { command, description: 'file the handoff' } }]);
    const text = run.toolResults.at(-1)?.text ?? '';
    assert.match(text, /HANDOFF_FROM_CORE\.md:\d+: request 2 for API/, text);
    const request = coreRequests()[1];
    assert.ok(request, readFileSync(file('HANDOFF_FROM_CORE.md'), 'utf8'));
    assert.deepEqual(
      {
        target: request.target?.domain,
        file: request.file,
        change: request.change,
        reason: request.reason,
        blocking: request.blocking,
        state: request.state,
      },
      {
        target: 'API',
        file: 'backend/app/api/routes.py',
        change: `return the version (patch: .territory/patches/${patchId}.patch)`,
        reason: 'the model has one',
        blocking: true,
        state: 'open',
      },
    );
  });

  it("API's next turn receives the request in its prompt context; its Stop is turned back once with the request as the reason", async () => {
    const { run, turns } = await agent('API', []);
    assert.equal(run.status, 0, run.stderr.slice(0, 500));
    assert.ok(turns.length >= 1, 'the agent asked the model');
    assert.match(
      turns[0]!,
      /handoff requests to API \(your domain\) are open/,
      "SessionStart's additionalContext reached the model",
    );
    assert.match(
      turns[0]!,
      /2 earlier handoff requests to API are still open/,
      "UserPromptSubmit's additionalContext reached the model",
    );
    assert.match(turns[0]!, new RegExp(`return the version \\(patch: \\.territory/patches/${patchId}\\.patch\\)`));
    assert.match(turns[0]!, /territory handoff done --from CORE --index 2/);
    assert.equal(turns.length, 2, 'Stop turned back exactly once, then allowed (stop_hook_active)');
    assert.match(turns[1]!, /before you stop, 2 blocking requests to API are open/);
    assert.match(turns[1]!, /File: backend\/app\/api\/routes\.py/);
  });

  it("API marks it done from its own sandbox; CORE's next turn is told, and CORE's file shows it done", async () => {
    const coreBefore = readFileSync(file('HANDOFF_FROM_CORE.md'), 'utf8');
    const { run: done } = await agent('API', [
      { name: 'Bash', input: { command: territory('handoff done --from CORE --index 2'), description: 'mark done' } },
    ]);
    const text = done.toolResults[0]?.text ?? '';
    assert.match(text, /request 2 marked done by API \(recorded in HANDOFF_FROM_API\.md\)/, text);
    assert.equal(readFileSync(file('HANDOFF_FROM_CORE.md'), 'utf8'), coreBefore, "API does not write CORE's file");
    const { turns } = await agent('CORE', []);
    assert.match(turns[0]!, /a handoff request of CORE \(yours\) was marked done:/);
    assert.match(turns[0]!, /To API: backend\/app\/api\/routes\.py: return the version/);
    const requests = coreRequests();
    assert.equal(requests[1]!.state, 'done');
    assert.equal(requests[0]!.state, 'open', 'only the request API marked done');
  });
});
