import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseMarkdownMap } from '../../../src/core/map/markdownMap';
import { SEED_HANDOFF_FROM_CORE } from '../../fixtures/seedWorkspace';
import { runCli } from '../../support/runCli';
import { REPO_ROOT } from '../../support/repoRoot';

const SEED_MARKDOWN = join(REPO_ROOT, 'test', 'fixtures', 'seed', 'PARALLEL_ORCHESTRATION.md');

const run = runCli;

function write(root: string, file: string, text: string): void {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
}

describe('territory prompt and territory export-protocol', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'territory-cli-prompt-'));
    copyFileSync(SEED_MARKDOWN, join(root, 'PARALLEL_ORCHESTRATION.md'));
    for (const file of [
      'backend/app/models/user.py',
      'backend/app/api/routes.py',
      'frontend/src/App.tsx',
      'tools/build.sh',
    ])
      write(root, file, `${file}\n`);
    execFileSync('git', ['init', '-q', root]);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("prompt: the session plan's task, open handoffs addressed to the domain and unassigned files", async () => {
    write(root, '.territory/session.json', '{ "goal": "g", "tasks": { "API": "Rate limiting" } }\n');
    write(root, 'HANDOFF_FROM_CORE.md', SEED_HANDOFF_FROM_CORE);
    const result = await run('prompt', 'api', '--cwd', root);
    assert.equal(result.code, 0, result.err);
    assert.match(result.out, /^You are the BACKEND API orchestrator/);
    assert.match(result.out, /YOUR TASK:\nRate limiting\n/);
    assert.match(result.out, /From CORE \(BLOCKING\): `backend\/app\/api\/routes\.py`/);
    assert.match(result.out, /tools\/.*\(unassigned: the lead's\)/);
    assert.doesNotMatch(result.out, /- backend\/app\/api\/ \(/, 'no path of the domain itself is off limits');
  });

  it('prompt --task overrides the plan; --json gives the documented fields', async () => {
    const task = `it's "$(touch PWNED)"\nsecond line`;
    const result = await run('prompt', 'T2', '--task', task, '--json', '--cwd', root);
    assert.equal(result.code, 0, result.err);
    const printed = JSON.parse(result.out) as Record<string, unknown>;
    assert.deepEqual(Object.keys(printed), ['domain', 'task', 'template', 'openHandoffs', 'prompt']);
    assert.deepEqual(printed.domain, { id: 'API', terminal: 'T2', name: 'Backend API' });
    assert.equal(printed.task, task);
    assert.ok(String(printed.prompt).includes(`YOUR TASK:\n${task}\n`));
  });

  it("prompt: the workspace's template is used; an unknown placeholder is an error at file:line:column", async () => {
    write(root, '.territory/prompt-template.md', 'Role: {{role}}\n');
    assert.equal((await run('prompt', 'CORE', '--cwd', root)).out, 'Role: BACKEND CORE');
    write(root, '.territory/prompt-template.md', 'Role: {{role}}\nSee {{nonsense}}\n');
    const result = await run('prompt', 'CORE', '--cwd', root);
    assert.equal(result.code, 2);
    assert.equal(result.out, '');
    assert.match(result.err, /\.territory\/prompt-template\.md:2:5: Unknown placeholder \{\{nonsense\}\}/);
  });

  it('prompt: usage errors exit 2 with the reason', async () => {
    assert.match((await run('prompt', '--cwd', root)).err, /prompt needs one domain id/);
    const unknown = await run('prompt', 'NOPE', '--cwd', root);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /no domain "NOPE" in the map \(domains: CORE, API, SCHED, FE, TEST\)/);
    assert.match((await run('prompt', 'CORE', '--out', 'x', '--cwd', root)).err, /unknown option --out/);
  });

  it('export-protocol: the document reads back to the same map, to stdout or --out', async () => {
    const printed = await run('export-protocol', '--cwd', root);
    assert.equal(printed.code, 0, printed.err);
    const original = parseMarkdownMap(readFileSync(SEED_MARKDOWN, 'utf8'))?.map?.domains;
    assert.deepEqual(parseMarkdownMap(printed.out)?.map?.domains, original);
    const written = await run('export-protocol', '--out', 'PROTOCOL.md', '--cwd', root);
    assert.equal(written.code, 0, written.err);
    assert.equal(readFileSync(join(root, 'PROTOCOL.md'), 'utf8'), printed.out + '\n');
  });
});
