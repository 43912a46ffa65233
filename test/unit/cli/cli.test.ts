import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli } from '../../support/runCli';
import { REPO_ROOT } from '../../support/repoRoot';

const SEED_MARKDOWN = join(REPO_ROOT, 'test', 'fixtures', 'seed', 'PARALLEL_ORCHESTRATION.md');

const run = runCli;

function touch(root: string, ...files: string[]): void {
  for (const file of files) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), `${file}\n`);
  }
}

describe('territory CLI on the seed markdown table, with no territory.json', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'territory-cli-'));
    copyFileSync(SEED_MARKDOWN, join(root, 'PARALLEL_ORCHESTRATION.md'));
    touch(
      root,
      'backend/app/models/user.py',
      'backend/app/schemas/user.py',
      'backend/app/db/session.py',
      'backend/alembic/env.py',
      'backend/app/api/routes.py',
      'backend/app/api/models/req.py',
      'backend/app/services/s.py',
      'backend/app/core/config.py',
      'backend/app/scheduling/solver.py',
      'frontend/src/App.tsx',
      'frontend/public/index.html',
      'frontend/__tests__/App.test.tsx',
      'backend/tests/test_api.py',
      'docs/guide.md',
      'README.md',
      'HANDOFF_FROM_CORE.md',
      'scripts/deploy.sh',
    );
    execFileSync('git', ['init', '-q', root]);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('owner: answers for tricky paths, relative to --cwd', async () => {
    const result = await run(
      'owner',
      '--cwd',
      root,
      'backend/app/api/models/req.py',
      'README.md',
      'backend/README.md',
      'HANDOFF_FROM_CORE.md',
      'scripts/deploy.sh',
      'frontend/__tests__/App.test.tsx',
    );
    assert.equal(result.code, 0, result.err);
    assert.deepEqual(
      result.out.split('\n').map((l) => l.split('\t')[1].split(' ')[0]),
      ['API', 'TEST', 'unassigned', 'CORE', 'unassigned', 'TEST'],
    );
  });

  it('owner --json: documented fields', async () => {
    const result = await run('owner', '--json', '--cwd', join(root, 'backend'), 'app/models/user.py');
    assert.equal(result.code, 0, result.err);
    assert.deepEqual(JSON.parse(result.out), [
      {
        path: 'app/models/user.py',
        relativePath: 'backend/app/models/user.py',
        owner: 'CORE',
        domain: { id: 'CORE', terminal: 'T1', name: 'Backend Core' },
        pattern: 'backend/app/models/',
        viaHandoff: false,
      },
    ]);
  });

  it('owner: refuses a path outside the folder with exit 2 and a reason', async () => {
    const result = await run('owner', '--cwd', root, '../elsewhere.txt');
    assert.equal(result.code, 2);
    assert.match(result.err, /outside the folder/);
    assert.match(result.out, /\toutside/);
  });

  it('domains --json: the map as read from the markdown table', async () => {
    const result = await run('domains', '--json', '--cwd', root);
    assert.equal(result.code, 0, result.err);
    const parsed = JSON.parse(result.out);
    assert.equal(parsed.kind, 'markdown');
    assert.deepEqual(
      parsed.domains.map((d: { id: string }) => d.id),
      ['CORE', 'API', 'SCHED', 'FE', 'TEST'],
    );
    assert.deepEqual(parsed.domains[4].prefixes, ['test:', 'docs:']);
    assert.deepEqual(parsed.domains[4].paths, ['backend/tests/', 'frontend/__tests__/', 'docs/', '/*.md']);
  });

  it('validate: passes and names the unassigned directory', async () => {
    const result = await run('validate', '--json', '--cwd', root);
    assert.equal(result.code, 0, result.err);
    const parsed = JSON.parse(result.out);
    assert.equal(parsed.ok, true);
    assert.equal(parsed.domains, 5);
    assert.ok(parsed.files >= 17);
    assert.deepEqual(parsed.unassignedDirectories, [{ path: 'scripts', files: 1 }]);
  });

  it('validate: exit 1 with file:line on a map error; owner refuses the broken map with exit 2', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'territory-cli-bad-'));
    writeFileSync(
      join(bad, 'territory.json'),
      '{\n  "domains": [\n    { "id": "A", "terminal": "T1", "paths": ["a/"], "prefixes": ["a:"] },\n    { "id": "A", "terminal": "T2", "paths": ["b/"], "prefixes": ["b:"] }\n  ]\n}\n',
    );
    const validate = await run('validate', '--cwd', bad);
    assert.equal(validate.code, 1);
    assert.match(validate.out, /territory\.json:4:\d+: error \[duplicate-id\]/);
    assert.match(validate.err, /error/);
    const owner = await run('owner', '--cwd', bad, 'a/x');
    assert.equal(owner.code, 2);
    assert.match(owner.err, /has errors/);
    rmSync(bad, { recursive: true, force: true });
  });

  it('bad usage: exit 2 with a one-line reason', async () => {
    assert.equal((await run('frobnicate')).code, 2);
    assert.equal((await run('owner', '--cwd', root)).code, 2);
    assert.equal((await run('--wat')).code, 2);
    const none = mkdtempSync(join(tmpdir(), 'territory-cli-none-'));
    const missing = await run('domains', '--cwd', none);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /No domain map found/);
    rmSync(none, { recursive: true, force: true });
  });
});

describe('territory validate on a map that does not parse', () => {
  const cases: [string, string, string][] = [
    ['syntax-error', '{"domains": [', '"]" expected'],
    ['syntax-error', `{"domains": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`, 'Nested more than 256 levels'],
    ['empty-file', '', 'is empty'],
    ['wrong-type', '[]', ''],
  ];
  for (const [code, text, message] of cases) {
    it(`${code}${message ? ` (${message})` : ''}: exit 1, the diagnostic in text and in JSON`, async () => {
      const root = mkdtempSync(join(tmpdir(), 'territory-validate-'));
      writeFileSync(join(root, 'territory.json'), text);
      const plain = await run('validate', '--cwd', root);
      assert.equal(plain.code, 1, plain.err);
      assert.match(
        plain.out,
        new RegExp(`territory.json:\\d+:\\d+: error \\[${code}\\] .*${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      );
      const json = await run('validate', '--json', '--cwd', root);
      assert.equal(json.code, 1, json.err);
      const report = JSON.parse(json.out) as {
        ok: boolean;
        domains: number;
        diagnostics: { code: string; line: number }[];
      };
      assert.equal(report.ok, false);
      assert.equal(report.domains, 0);
      assert.ok(
        report.diagnostics.some((d) => d.code === code && d.line >= 1),
        json.out,
      );
      rmSync(root, { recursive: true, force: true });
    });
  }
});
