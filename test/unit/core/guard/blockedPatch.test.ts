// The guard's hook keeps a blocked edit's change (src/cli/agentGuard.ts → patchStore.ts): the
// reason names the patch and the one command that files it, and that command, run as printed (the
// placeholders filled), files the request. The canary of `territory guard-check` keeps nothing.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { PATCH_DIR } from '../../../../src/core/guard/patchStore';
import { REPO_ROOT } from '../../../support/repoRoot';
import { runBundle, seedRepo } from '../../support/guard';

describe('agent guard: a blocked edit keeps its change', function () {
  this.timeout(60_000);

  it("Edit of API's file by CORE: blocked, the patch applies to give the intended text, the printed command files it", async () => {
    const root = await seedRepo('territory-blocked-patch-');
    const target = path.join(root, 'backend/app/api/routes.py');
    const before = readFileSync(target, 'utf8');
    const input = {
      session_id: 's',
      tool_name: 'Edit',
      cwd: root,
      tool_input: { file_path: target, old_string: 'return []', new_string: 'return ["v2"]' },
    };
    const run = runBundle('pre-tool-use.js', ['--domain', 'CORE'], root, JSON.stringify(input));
    assert.equal(run.status, 2, run.stderr);
    assert.equal(readFileSync(target, 'utf8'), before, 'the file is not written');
    const kept = /kept in (\.territory\/patches\/(\S+)\.patch) /.exec(run.stderr);
    assert.ok(kept, run.stderr);
    const command = /^territory handoff add .*$/m.exec(run.stderr)?.[0];
    assert.equal(
      command,
      `territory handoff add --to API --file backend/app/api/routes.py --change '<what needs to change>' --reason '<why you need it>' --blocking yes --patch ${kept[2]}`,
    );
    const apply = spawnSync('git', ['apply', kept[1]!], { cwd: root, encoding: 'utf8' });
    assert.equal(apply.status, 0, apply.stderr);
    assert.equal(readFileSync(target, 'utf8'), before.replace('return []', 'return ["v2"]'));
    writeFileSync(target, before);
    // The command as the agent runs it, placeholders filled: through sh, as Bash runs it.
    const filled = command!
      .replace('<what needs to change>', 'return v2')
      .replace('<why you need it>', 'the model changed')
      .replace(
        /^territory /,
        `${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(REPO_ROOT, 'dist/cli.js'))} `,
      );
    const filed = spawnSync('sh', ['-c', filled], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, TERRITORY_DOMAIN: 'CORE' },
    });
    assert.equal(filed.status, 0, filed.stderr);
    assert.match(
      readFileSync(path.join(root, 'HANDOFF_FROM_CORE.md'), 'utf8'),
      new RegExp(`- \\[ \\] Change needed: return v2 \\(patch: ${kept[1]!.replace(/\./g, '\\.')}\\)`),
    );
  });

  it('a binary Write is blocked with no patch, and says so; the canary keeps nothing', async () => {
    const root = await seedRepo('territory-blocked-binary-');
    const input = {
      session_id: 's',
      tool_name: 'Write',
      cwd: root,
      tool_input: { file_path: path.join(root, 'backend/app/api/logo.bin'), content: 'PNG\u0000\u0001' },
    };
    const run = runBundle('pre-tool-use.js', ['--domain', 'CORE'], root, JSON.stringify(input));
    assert.equal(run.status, 2);
    assert.match(run.stderr, /Territory kept no patch of this change: the change is binary: no patch is kept\./);
    assert.equal(existsSync(path.join(root, PATCH_DIR)), false);
    const canary = runBundle(
      'pre-tool-use.js',
      ['--domain', 'CORE'],
      root,
      JSON.stringify({
        ...input,
        session_id: 'territory-guard-check',
        tool_input: { file_path: path.join(root, 'backend/app/api/x.py'), content: 'x' },
      }),
    );
    assert.equal(canary.status, 2);
    assert.equal(existsSync(path.join(root, PATCH_DIR)) ? readdirSync(path.join(root, PATCH_DIR)).length : 0, 0);
  });
});
