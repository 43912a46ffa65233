// `territory check`, `export` and `ci-workflow` through the CLI, on the seed repository with a
// planted history: the range report must name exactly the planted violations.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEED_BASE_REF } from '../../fixtures/seedWorkspace';
import { cli, git, plant, seedRepo, write } from '../support/guard';

describe('guard: territory check / export / ci-workflow', function () {
  this.timeout(60_000);
  let root: string;
  let base: string;

  before(async () => {
    root = await seedRepo('territory-check-');
    base = git(root, 'rev-parse', SEED_BASE_REF).trim();
    plant(root, 'core: tidy models', { 'backend/app/models/assignment.py': 'class Assignment:\n    id: int\n' });
    plant(root, 'api: adjust user model', { 'backend/app/models/user.py': 'class User:\n    id: int\n' }); // planted: CORE's file
    plant(root, 'misc: cleanup', { 'backend/app/core/config.py': 'DEBUG = True\n' }); // planted: unknown prefix
    git(root, 'checkout', '-q', '-b', 'side', `${base}`);
    plant(root, 'fe: header', { 'frontend/src/Header.tsx': 'export const Header = 1;\n' });
    git(root, 'checkout', '-q', 'main');
    git(root, 'merge', '-q', '--no-ff', '--no-verify', '-m', "Merge branch 'side'", 'side');
    git(root, 'revert', '--no-edit', 'HEAD~1'); // planted: Revert "misc: cleanup" names no domain, so it is the lead's, and its file is API's
    plant(root, 'fixup! fe: header', { 'docs/header.md': '# Header\n' }); // planted: TEST's file under FE's prefix
    plant(root, 'docs: guide', { 'README.md': '# Guide\n' });
    plant(root, 'core: answer API', { 'HANDOFF_FROM_API.md': '# Handoff from API\n' }); // planted: API's handoff file
    plant(root, 'Build: faster deploy', { 'scripts/deploy.sh': '#!/bin/sh\nexit 0\n' }); // the lead's: only files no domain owns
  });
  after(() => rmSync(join(root, '..'), { recursive: true, force: true }));

  it('--range reports exactly the planted violations, commit by commit', async () => {
    const result = await cli('check', '--cwd', root, '--range', `${base}..HEAD`, '--json');
    assert.equal(result.code, 1);
    assert.match(result.err, /^territory: check failed: 5 of 10 commits in [0-9a-f]+\.\.HEAD break the map$/);
    const data = JSON.parse(result.out);
    assert.deepEqual(Object.keys(data), ['ok', 'root', 'domain', 'staged', 'message', 'range', 'push', 'notes', 'map']);
    assert.deepEqual(data.map, { file: 'territory.json', from: 'base', revision: base });
    assert.equal(data.range.failed, 5);
    const failed = data.range.commits.filter((c: { ok: boolean }) => !c.ok);
    assert.deepEqual(
      failed.map(
        (c: { subject: string; problems: { kind: string }[]; offLimits: { path: string; owner: string }[] }) => [
          c.subject,
          c.problems.map((p) => p.kind),
          c.offLimits.map((f) => `${f.path}:${f.owner}`),
        ],
      ),
      [
        ['core: answer API', [], ['HANDOFF_FROM_API.md:API']],
        ['fixup! fe: header', [], ['docs/header.md:TEST']],
        ['Revert "misc: cleanup"', [], ['backend/app/core/config.py:API']],
        ['misc: cleanup', ['no-prefix'], []],
        ['api: adjust user model', [], ['backend/app/models/user.py:CORE']],
      ],
    );
    const merge = data.range.commits.find((c: { subject: string }) => c.subject === "Merge branch 'side'");
    assert.equal(merge.exempt, 'merge');
    const lead = data.range.commits.find((c: { subject: string }) => c.subject === 'Build: faster deploy');
    assert.equal(lead.ok, true);
    assert.equal(lead.lead, true);
    assert.deepEqual(Object.keys(failed[0]), [
      'hash',
      'shortHash',
      'subject',
      'ok',
      'lead',
      'prefix',
      'domain',
      'exempt',
      'problems',
      'offLimits',
    ]);
  });

  it('--range as text, and with every exemption turned off', async () => {
    const text = await cli('check', '--cwd', root, '--range', `${base}..HEAD`);
    assert.match(
      text.out,
      /^FAIL [0-9a-f]{7} api: adjust user model \[API\]\n {7}backend\/app\/models\/user\.py — owned by CORE \(T1, Backend Core\), outside API$/m,
    );
    assert.match(text.out, /^ok {3}[0-9a-f]{7} Merge branch 'side' \[merge, exempt\]$/m);
    const strict = await cli('check', '--cwd', root, '--range', `${base}..HEAD`, '--exempt=', '--json');
    const subjects = JSON.parse(strict.out)
      .range.commits.filter((c: { ok: boolean }) => !c.ok)
      .map((c: { subject: string }) => c.subject);
    assert.ok(
      subjects.includes("Merge branch 'side'") &&
        subjects.includes('Revert "misc: cleanup"') &&
        subjects.includes('fixup! fe: header'),
      subjects.join(', '),
    );
    assert.equal((await cli('check', '--cwd', root, '--range', `${base}..${base}`)).code, 0);
  });

  it('bad usage exits 2 with a reason', async () => {
    assert.equal((await cli('check', '--cwd', root)).code, 2);
    const range = await cli('check', '--cwd', root, '--range', '--output=x');
    assert.equal(range.code, 2);
    const unknown = await cli('check', '--cwd', root, '--range', 'nope..HEAD');
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /bad range nope\.\.HEAD/);
    const domain = await cli('check', '--cwd', root, '--staged', '--domain', 'NOPE');
    assert.equal(domain.code, 2);
    assert.match(domain.err, /--domain=NOPE: no such domain in the map \(CORE, API, SCHED, FE, TEST\)/);
    assert.equal((await cli('check', '--cwd', root, '--range', 'HEAD', '--exempt', 'cherry')).code, 2);
  });

  it('--staged lists every off-limits staged file with its owner; --message checks the prefix', async () => {
    write(root, { 'backend/app/api/routes.py': 'x\n', Makefile: 'all:\n', 'backend/app/models/a.py': 'a\n' });
    git(root, 'add', '-A');
    try {
      const staged = await cli('check', '--cwd', root, '--staged', '--domain', 'core', '--json');
      assert.equal(staged.code, 1);
      const data = JSON.parse(staged.out);
      assert.deepEqual(data.domain, { id: 'CORE', source: 'option' });
      assert.equal(data.staged.files, 3);
      assert.deepEqual(data.staged.offLimits, [
        { path: 'Makefile', status: 'M', owner: 'unassigned', ownerLabel: "unassigned (the lead's)" },
        { path: 'backend/app/api/routes.py', status: 'M', owner: 'API', ownerLabel: 'API (T2, Backend API)' },
      ]);
      const lead = await cli('check', '--cwd', root, '--staged');
      assert.equal(lead.code, 0);
      assert.match(lead.out, /not checked — no domain in force/);
      const file = join(root, '.git', 'MSG');
      writeFileSync(file, '# comment\napi: routes\n');
      const wrong = await cli('check', '--cwd', root, '--message', file, '--domain', 'CORE');
      assert.equal(wrong.code, 1);
      assert.match(wrong.out, /"api:" is the prefix of API/);
      const leadMessage = await cli('check', '--cwd', root, '--message', file, '--staged', '--json');
      assert.equal(leadMessage.code, 1, "the lead's api: commit may not carry CORE's and the lead's files");
      assert.deepEqual(
        JSON.parse(leadMessage.out).staged.offLimits.map((f: { path: string }) => f.path),
        ['Makefile', 'backend/app/models/a.py'],
      );
    } finally {
      git(root, 'reset', '-q', '--hard');
    }
  });

  it('export codeowners keeps the hand-written lines and takes owners from the settings and --owner', async () => {
    write(root, {
      CODEOWNERS: '# hand-written\n/legacy/ @old-team\n',
      '.vscode/settings.json': '{ // settings\n "territory.codeOwners": { "CORE": ["@acme/core"] } }\n',
    });
    try {
      const first = await cli('export', 'codeowners', '--cwd', root, '--owner', 'API=@acme/api');
      assert.equal(first.code, 0, first.err);
      assert.match(first.out, /^wrote CODEOWNERS$/m, 'an existing root CODEOWNERS is the one updated');
      const text = readFileSync(join(root, 'CODEOWNERS'), 'utf8');
      assert.ok(text.startsWith('# hand-written\n/legacy/ @old-team\n\n# BEGIN TERRITORY'), text);
      assert.match(text, /^\/backend\/app\/models\/ +@acme\/core$/m);
      assert.match(text, /^\/backend\/app\/api\/ +@acme\/api$/m);
      const again = await cli('export', 'codeowners', '--cwd', root, '--owner', 'API=@acme/api');
      assert.match(again.out, /^unchanged CODEOWNERS$/m);
      assert.equal((await cli('export', 'codeowners', '--cwd', root, '--owner', 'API=nobody')).code, 2);
      assert.equal((await cli('export', 'codeowners', '--cwd', root, '--owner', 'NOPE=@x')).code, 2);
    } finally {
      rmSync(join(root, 'CODEOWNERS'));
      rmSync(join(root, '.vscode'), { recursive: true });
    }
  });

  it("export commitlint writes .commitlintrc.json, and stays out of another config's way", async () => {
    const first = await cli('export', 'commitlint', '--cwd', root, '--json');
    assert.equal(first.code, 0, first.err);
    assert.deepEqual(JSON.parse(readFileSync(join(root, '.commitlintrc.json'), 'utf8')).rules['type-enum'], [
      2,
      'always',
      ['core', 'api', 'sched', 'fe', 'test', 'docs'],
    ]);
    assert.ok(existsSync(join(root, '.territory', 'commitlint.cjs')), 'the plugin module the config extends');
    rmSync(join(root, '.commitlintrc.json'));
    rmSync(join(root, '.territory', 'commitlint.cjs'));
    write(root, { 'commitlint.config.js': 'module.exports = {};\n' });
    const refused = await cli('export', 'commitlint', '--cwd', root);
    assert.equal(refused.code, 2);
    assert.match(refused.err, /commitlint\.config\.js already configures commitlint/);
    rmSync(join(root, 'commitlint.config.js'));
  });

  it('export permissions writes one Claude Code settings file per domain, never committed, merged on re-export', async () => {
    const result = await cli('export', 'permissions', '--cwd', root);
    assert.equal(result.code, 0, result.err);
    const file = join(root, '.territory', 'claude', 'CORE.settings.json');
    const data = JSON.parse(readFileSync(file, 'utf8'));
    assert.ok(
      data.sandbox.filesystem.denyWrite.includes(join(root, 'backend/app/api')),
      data.sandbox.filesystem.denyWrite.join('\n'),
    );
    assert.ok(!data.sandbox.filesystem.denyWrite.some((r: string) => r.includes('/backend/app/models')));
    assert.equal(data.permissions, undefined);
    assert.equal(
      git(root, 'status', '--porcelain', '--', '.territory').trim(),
      '',
      'the per-domain files are ignored by git',
    );
    // The user adds rules and sandbox paths of their own; re-exporting keeps them. The Edit rules
    // an earlier export wrote (recorded in the per-clone record) go: they would refuse before the hook.
    const manifest = join(root, '.git', 'territory', 'exports.json');
    const record = JSON.parse(readFileSync(manifest, 'utf8'));
    record.targets[file] = ['Edit(//old/rule/**)'];
    writeFileSync(manifest, JSON.stringify(record));
    data.permissions = { deny: ['Read(./.env)', 'Edit(//old/rule/**)'], allow: ['Bash(npm test)'] };
    data.sandbox.filesystem.denyWrite.unshift('/mine/secret');
    writeFileSync(file, JSON.stringify(data, null, 2));
    await cli('export', 'permissions', '--cwd', root, '--domain', 'CORE');
    const after = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(after.permissions.deny, ['Read(./.env)']);
    assert.deepEqual(after.permissions.allow, ['Bash(npm test)']);
    assert.equal(after.sandbox.filesystem.denyWrite[0], '/mine/secret');
    assert.equal(after.sandbox.filesystem.denyWrite.length, data.sandbox.filesystem.denyWrite.length);
    const local = await cli(
      'export',
      'permissions',
      '--cwd',
      root,
      '--domain',
      'API',
      '--out',
      '.claude/settings.local.json',
    );
    assert.equal(local.code, 0, local.err);
    assert.ok(
      JSON.parse(
        readFileSync(join(root, '.claude', 'settings.local.json'), 'utf8'),
      ).sandbox.filesystem.denyWrite.includes(join(root, 'backend/app/models')),
    );
    assert.equal(
      (await cli('export', 'permissions', '--cwd', root, '--out', 'x.json')).code,
      2,
      '--out needs --domain',
    );
    rmSync(join(root, '.claude'), { recursive: true });
  });

  it('ci-workflow writes the pull-request job and the CLI it runs, and regenerates in place', async () => {
    const first = await cli('ci-workflow', '--cwd', root);
    assert.equal(first.code, 0, first.err);
    const workflow = join(root, '.github', 'workflows', 'territory.yml');
    const text = readFileSync(workflow, 'utf8');
    // The base's checker, not the head's (test/unit/guard/ciWorkflow.test.ts runs the step).
    assert.match(text, /git show "\$AT:\$CHECKER" > "\$RUNNER_TEMP\/territory\.cjs"/);
    assert.ok(existsSync(join(root, '.territory', 'bin', 'territory.cjs')));
    writeFileSync(workflow, text + '# my note\n');
    const again = await cli('ci-workflow', '--cwd', root);
    assert.match(again.out, /^unchanged \.github\/workflows\/territory\.yml$/m);
    assert.ok(readFileSync(workflow, 'utf8').endsWith('# END TERRITORY\n# my note\n'));
    write(root, { '.github/workflows/other.yml': 'name: mine\n' });
    const refused = await cli('ci-workflow', '--cwd', root, '--out', '.github/workflows/other.yml');
    assert.equal(refused.code, 2);
    assert.match(refused.err, /exists and was not written by Territory/);
    // The committed copy runs the same check, as CI would.
    const run = spawnSync(
      process.execPath,
      [join(root, '.territory', 'bin', 'territory.cjs'), 'check', '--range', `${base}..HEAD`],
      { cwd: root, encoding: 'utf8' },
    );
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /core: answer API/);
    rmSync(join(root, '.github'), { recursive: true });
    rmSync(join(root, '.territory'), { recursive: true });
  });
});
