// Issue 12: a branch's symbolic links never carry Territory's writes (or its reading of handoff
// files) out of the folder. Each writer meets a real committed-style link to a file or folder
// outside, must refuse naming the file, and must leave the outside untouched.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { outsideFolder } from '../../../../src/core/safePath';
import { cli, seedRepo, tempDir, write } from '../../support/guard';

describe('guard: writes and handoff reads never follow a symbolic link out of the folder', function () {
  this.timeout(60_000);
  let root: string;
  let elsewhere: string;
  let victim: string;

  beforeEach(async () => {
    root = await seedRepo('territory-links-');
    elsewhere = tempDir('territory-elsewhere-');
    victim = join(elsewhere, 'victim');
    writeFileSync(victim, 'precious\n');
  });
  afterEach(() => {
    rmSync(join(root, '..'), { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  });

  const untouched = () => {
    assert.equal(readFileSync(victim, 'utf8'), 'precious\n', 'the file outside was written');
    assert.deepEqual(readdirSync(elsewhere), ['victim'], 'something was created outside');
  };

  it('export codeowners: CODEOWNERS -> a file outside', async () => {
    symlinkSync(victim, join(root, 'CODEOWNERS'));
    const run = await cli('export', 'codeowners', '--cwd', root);
    assert.equal(run.code, 2);
    assert.match(run.err, /CODEOWNERS: refused: a symbolic link leads outside the folder/);
    untouched();
  });

  it('export commitlint: .commitlintrc.json -> a file outside', async () => {
    const config = join(elsewhere, 'config.json');
    writeFileSync(config, '{}\n');
    symlinkSync(config, join(root, '.commitlintrc.json'));
    const run = await cli('export', 'commitlint', '--cwd', root);
    assert.equal(run.code, 2);
    assert.match(run.err, /\.commitlintrc\.json: refused/);
    assert.equal(readFileSync(config, 'utf8'), '{}\n');
  });

  it('ci-workflow: .territory -> a folder outside (an executable would be written there)', async () => {
    symlinkSync(elsewhere, join(root, '.territory'));
    const run = await cli('ci-workflow', '--cwd', root);
    assert.equal(run.code, 2);
    assert.match(
      run.err,
      /\.territory\/bin\/territory\.cjs: refused: a symbolic link through \.territory leads outside the folder/,
    );
    untouched();
  });

  it('ci-workflow: .github -> a folder outside', async () => {
    symlinkSync(elsewhere, join(root, '.github'));
    const run = await cli('ci-workflow', '--cwd', root);
    assert.equal(run.code, 2);
    assert.match(run.err, /\.github\/workflows\/territory\.yml: refused/);
    untouched();
  });

  it('export permissions: .territory/claude -> a folder outside; --out .claude/settings.local.json through a linked .claude', async () => {
    mkdirSync(join(root, '.territory'));
    symlinkSync(elsewhere, join(root, '.territory', 'claude'));
    const run = await cli('export', 'permissions', '--cwd', root);
    assert.equal(run.code, 2);
    assert.match(
      run.err,
      /\.territory\/claude\/\.gitignore: refused: a symbolic link through \.territory\/claude leads outside the folder/,
    );
    untouched();
    symlinkSync(elsewhere, join(root, '.claude'));
    const out = await cli(
      'export',
      'permissions',
      '--domain',
      'CORE',
      '--out',
      '.claude/settings.local.json',
      '--cwd',
      root,
    );
    assert.equal(out.code, 2);
    assert.match(out.err, /\.claude\/settings\.local\.json: refused/);
    untouched();
  });

  it('export-protocol --out through a linked folder; a dangling link', async () => {
    symlinkSync(elsewhere, join(root, 'docs-out'));
    const run = await cli('export-protocol', '--out', 'docs-out/PROTOCOL.md', '--cwd', root);
    assert.equal(run.code, 2);
    assert.match(run.err, /docs-out\/PROTOCOL\.md: refused/);
    symlinkSync(join(elsewhere, 'not-yet'), join(root, 'PROTOCOL.md'));
    const dangling = await cli('export-protocol', '--out', 'PROTOCOL.md', '--cwd', root);
    assert.equal(dangling.code, 2);
    assert.match(dangling.err, /PROTOCOL\.md: refused: a symbolic link points to nothing/);
    untouched();
  });

  it('a link that stays inside the folder is written through; a path outside given by the user is theirs', async () => {
    mkdirSync(join(root, 'docs'), { recursive: true });
    write(root, { 'docs/CODEOWNERS': '# ours\n' });
    symlinkSync('docs/CODEOWNERS', join(root, 'CODEOWNERS'));
    const run = await cli('export', 'codeowners', '--cwd', root);
    assert.equal(run.code, 0, run.err);
    assert.match(readFileSync(join(root, 'docs/CODEOWNERS'), 'utf8'), /BEGIN TERRITORY/);
    assert.equal(await outsideFolder(root, join(elsewhere, 'explicit')), undefined);
  });

  it('territory handoffs does not read handoff files through a folder linked outside', async () => {
    const map = readFileSync(join(root, 'territory.json'), 'utf8');
    writeFileSync(
      join(root, 'territory.json'),
      map.replace('"file": "HANDOFF_FROM_{domain}.md"', '"file": "handoffs/HANDOFF_FROM_{domain}.md"'),
    );
    writeFileSync(
      join(elsewhere, 'HANDOFF_FROM_CORE.md'),
      '# Handoff from CORE\n\n## Required Changes\n\n### For API:\n- [ ] File: `secret`\n',
    );
    symlinkSync(elsewhere, join(root, 'handoffs'));
    const run = await cli('handoffs', '--cwd', root, '--json');
    assert.equal(run.code, 0, run.err);
    assert.doesNotMatch(run.out, /secret/, 'a file outside the folder was read');
    assert.match(run.err, /handoffs: not read: a symbolic link leads outside the folder/);
    assert.ok(existsSync(victim));
  });
});
