// The commit hooks' git reads (core/guard/gitReads.ts), made by the installed hook's own sh with
// real git and caught by a stand-in CLI, give the check exactly what its own git calls give, and
// the check then starts no git process of its own.
import { strict as assert } from 'node:assert';
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHookGitReads, parseStagedDiff } from '../../../src/core/guard/gitReads';
import { atHeadFromHookReads, readAtHead, stagedChanges } from '../../../src/git/guard';
import { cli, git, gitRun, tempDir, write } from '../support/guard';
import { REPO_ROOT } from '../../support/repoRoot';

const MAP = {
  domains: [
    { id: 'CORE', terminal: 'T1', paths: ['backend/app/models/'], prefixes: ['core:'] },
    { id: 'API', terminal: 'T2', paths: ['backend/app/api/'], prefixes: ['api:'] },
  ],
};

/** Names git and the -z parsers must carry through unharmed. */
const ODD_NAMES = [
  'backend/app/models/with space.py',
  'backend/app/models/é ü.py',
  'backend/app/models/line\nbreak.py',
  'backend/app/models/-dash.py',
  'backend/app/models/back\\slash.py',
  'backend/app/models/x\n0\n.py',
];

describe("git hooks: the check's git reads made by the hook (real git)", function () {
  this.timeout(60_000);
  let root: string;
  let tools: string;
  let dumps: string;

  /** A stand-in CLI that keeps each run's standard input and environment flag, and lets the commit through. */
  function standIn(): string {
    const file = join(tools, 'cli.js');
    writeFileSync(
      file,
      `const fs = require('fs');
const dir = ${JSON.stringify(dumps)};
const run = { kind: process.argv.includes('--message') ? 'message' : 'staged', flag: String(process.env.TERRITORY_HOOK_GIT_READS), stream: fs.readFileSync(0).toString('latin1') };
fs.writeFileSync(dir + '/' + fs.readdirSync(dir).length + '.json', JSON.stringify(run));
`,
    );
    return file;
  }

  /** The stand-in's runs, in order. */
  function dumped(): { kind: string; stream: string; flag: string }[] {
    const count = readdirSync(dumps).length;
    return Array.from(
      { length: count },
      (_, n) =>
        JSON.parse(readFileSync(join(dumps, `${n}.json`), 'utf8')) as { kind: string; stream: string; flag: string },
    );
  }

  beforeEach(async () => {
    root = tempDir('territory-hook-reads-');
    tools = tempDir('territory-hook-reads-cli-');
    dumps = tempDir('territory-hook-reads-dumps-');
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'config', 'user.name', 'Test');
    git(root, 'config', 'user.email', 'test@territory.invalid');
    const installed = await cli('hooks', 'install', '--cwd', root, '--cli', standIn());
    assert.equal(installed.code, 0, installed.err);
  });
  afterEach(() => {
    for (const dir of [root, tools, dumps]) rmSync(dir, { recursive: true, force: true });
  });

  it('the very first commit: no HEAD, every file added; then odd names, a deletion, the settings, the session file and the markdown files at the top', async () => {
    write(root, {
      'territory.json': JSON.stringify(MAP),
      'backend/app/models/user.py': '# v1\n',
      'backend/app/api/routes.py': '# v1\n',
      'README.md': '# readme\n',
      'notes.MD': 'notes\n',
    });
    git(root, 'add', '-A');
    const first = await stagedChanges(root);
    const firstCommit = gitRun(root, ['commit', '-q', '-m', 'core: initial'], { TERRITORY_DOMAIN: 'CORE' });
    assert.equal(firstCommit.status, 0, firstCommit.stderr);
    const [pre, msg] = dumped();
    assert.deepEqual(
      [pre?.kind, msg?.kind, pre?.flag, msg?.flag],
      ['staged', 'message', '1', '1'],
      'pre-commit and commit-msg both hand over their reads',
    );
    const unborn = parseHookGitReads(pre.stream);
    assert.ok(unborn, 'the stream parses');
    assert.deepEqual(atHeadFromHookReads(unborn, ['territory.json']), { ok: true, value: undefined }, 'no HEAD yet');
    assert.deepEqual({ ok: true, value: parseStagedDiff(unborn.staged) }, first);

    for (const name of readdirSync(dumps)) rmSync(join(dumps, name));
    write(root, {
      '.vscode/settings.json': '{ "territory.unassigned": "open" }\n',
      '.territory/session.json': '{"goal":"x","tasks":{}}\n',
      'PLAN.md': '# plan\n\n| a | b |\n',
    });
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '--no-verify', '-m', 'core: settings');
    for (const name of ODD_NAMES) write(root, { [name]: `# ${name}\n` });
    write(root, { 'backend/app/models/user.py': '# v2\n', 'territory.json': JSON.stringify(MAP, null, 2) });
    git(root, 'rm', '-q', 'backend/app/api/routes.py');
    git(root, 'add', '-A');
    const files = [
      'territory.json',
      '.vscode/settings.json',
      '.territory/session.json',
      'README.md',
      'PLAN.md',
      'notes.MD',
    ];
    const expected = { staged: await stagedChanges(root), atHead: await readAtHead(root, files) };
    const second = gitRun(root, ['commit', '-q', '-m', 'core: odd names'], { TERRITORY_DOMAIN: 'CORE' });
    assert.equal(second.status, 0, second.stderr);
    for (const run of dumped()) {
      const reads = parseHookGitReads(run.stream);
      assert.ok(reads, `the ${run.kind} hook's stream parses`);
      assert.deepEqual(
        { ok: true, value: parseStagedDiff(reads.staged) },
        expected.staged,
        `${run.kind}: the staged files, as the check's own diff gives them`,
      );
      assert.equal(
        expected.staged.ok && expected.staged.value.length,
        ODD_NAMES.length + 3,
        'the odd names, the edit, the map and the deletion',
      );
      assert.deepEqual(
        atHeadFromHookReads(reads, files),
        expected.atHead,
        `${run.kind}: HEAD and its files, as the check's own cat-file gives them`,
      );
      assert.equal(
        atHeadFromHookReads(reads, ['docs/elsewhere.md']),
        undefined,
        'a file the hook did not ask for is not answered',
      );
    }
  });

  it("a broken stream is not trusted: the check asks git itself and still refuses another domain's file", async () => {
    write(root, {
      'territory.json': JSON.stringify(MAP),
      'backend/app/models/user.py': '# v1\n',
      'backend/app/api/routes.py': '# v1\n',
    });
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '--no-verify', '-m', 'core: initial');
    // The real CLI behind a stand-in that hands it a stream cut short.
    const real = join(tools, 'real.js');
    writeFileSync(
      real,
      `const fs = require('fs');
const input = fs.readFileSync(0, 'latin1');
const { spawnSync } = require('child_process');
const run = spawnSync(process.execPath, [${JSON.stringify(join(REPO_ROOT, 'dist', 'check.js'))}, ...process.argv.slice(2)], { input: Buffer.from(input.slice(0, input.length - 3), 'latin1'), stdio: ['pipe', 'inherit', 'inherit'] });
process.exit(run.status);
`,
    );
    chmodSync(real, 0o755);
    write(root, { 'backend/app/api/routes.py': '# not CORE\n' });
    git(root, 'add', '-A');
    const refused = gitRun(root, ['commit', '-q', '-m', 'core: into api'], {
      TERRITORY_DOMAIN: 'CORE',
      TERRITORY_CLI: real,
    });
    assert.equal(refused.status, 1, refused.stderr);
    assert.match(refused.stderr, /owned by API/);
  });
});
