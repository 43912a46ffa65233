// `territory sandbox`: a domain's write limits enforced by the OS, with the real sandbox runtime
// (srt from npm: bubblewrap, socat and ripgrep on Linux), a real git repository and real processes.
// What the agent guard cannot see — a shell's `>>`, a Python subprocess — fails with "Read-only file
// system"; the domain's own files, its handoff file and git commits go through.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { leadFilesOf } from '../../../src/core/guard/controlFiles';
import { sandboxPolicy } from '../../../src/core/guard/sandboxPolicy';
import { OwnershipResolver } from '../../../src/core/ownership/resolver';
import { parseJsonMap } from '../../../src/core/map/jsonMap';
import { SEED_TERRITORY_JSON } from '../../fixtures/seedWorkspace';
import { REPO_ROOT } from '../support/map';
import { git, seedRepo, write } from '../support/guard';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const SRT = path.join(REPO_ROOT, 'node_modules', '@anthropic-ai', 'sandbox-runtime', 'dist', 'cli.js');

function sandbox(
  root: string,
  domain: string,
  script: string,
  extra: NodeJS.ProcessEnv = {},
): { code: number; out: string; err: string; ms: number } {
  const started = Date.now();
  const run = spawnSync(process.execPath, [CLI, 'sandbox', '--domain', domain, '--', 'sh', '-c', script], {
    cwd: root,
    env: { ...process.env, TERRITORY_SRT: SRT, GIT_CONFIG_NOSYSTEM: '1', ...extra },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: run.status ?? -1, out: run.stdout, err: run.stderr, ms: Date.now() - started };
}

/** sandbox() without blocking this process: the stand-in server the command talks to lives here. */
function sandboxAsync(
  root: string,
  domain: string,
  script: string,
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'sandbox', '--domain', domain, '--', 'sh', '-c', script], {
      cwd: root,
      env: { ...process.env, TERRITORY_SRT: SRT },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, out, err });
    });
  });
}

describe('territory sandbox: the domain limits enforced by the OS (real srt, real git)', function () {
  this.timeout(120_000);

  describe('the sandbox policy', () => {
    const map = parseJsonMap(JSON.stringify(SEED_TERRITORY_JSON)).map!;
    const files = [
      'backend/app/models/user.py',
      'backend/app/api/routes.py',
      'backend/tests/test_user.py',
      'README.md',
      'docs/guide.md',
      'Makefile',
      '.vscode/settings.json',
      '.territory/session.json',
      'territory.json',
    ];
    const policy = (domainId: string, unassigned: 'locked' | 'shared' = 'locked') =>
      sandboxPolicy({
        root: '/w',
        map,
        resolver: OwnershipResolver.compile(map),
        domain: map.domains.find((d) => d.id === domainId)!,
        files,
        unassigned,
        leadFiles: leadFilesOf(['territory.json']),
        gitDirs: ['/w/.git'],
        outside: ['/t'],
        allowedDomains: ['api.anthropic.com'],
      });

    it("allows the domain's folders, its handoff file, git and its temporary folder; never git's hooks and config", () => {
      const { config, writable } = policy('CORE');
      assert.deepEqual(writable, [
        'HANDOFF_FROM_CORE.md',
        'backend/alembic/',
        'backend/app/db/',
        'backend/app/models/',
        'backend/app/schemas/',
      ]);
      assert.deepEqual(config.filesystem.allowWrite, [
        '/w/HANDOFF_FROM_CORE.md',
        '/w/backend/alembic',
        '/w/backend/app/db',
        '/w/backend/app/models',
        '/w/backend/app/schemas',
        '/w/.git',
        '/t',
      ]);
      for (const name of ['hooks', 'config', 'info', 'territory'])
        assert.ok(config.filesystem.denyWrite.includes(`/w/.git/${name}`), name);
      assert.deepEqual(config.network.allowedDomains, ['api.anthropic.com']);
      assert.deepEqual(config.filesystem.denyRead, [], 'srt requires the key');
    });

    it('TEST gets its root markdown files one by one, and a note that new ones need the lead', () => {
      const { writable, notes } = policy('TEST');
      assert.ok(writable.includes('README.md'));
      assert.ok(!writable.includes('territory.json'));
      assert.match(notes.join('\n'), /\/\*\.md/);
    });

    it('under territory.unassigned: shared, unassigned files are writable, control files never', () => {
      const { writable } = policy('CORE', 'shared');
      assert.ok(writable.includes('Makefile'));
      for (const control of [
        '.vscode/',
        '.vscode/settings.json',
        '.territory/',
        '.territory/session.json',
        'territory.json',
      ])
        assert.ok(!writable.includes(control), control);
    });

    it("another domain's folder nested in the domain's own is denied inside it", () => {
      const nested = parseJsonMap(
        JSON.stringify({
          domains: [
            { id: 'CORE', terminal: 'T1', name: 'Core', paths: ['/backend/'], prefixes: ['core:'] },
            { id: 'API', terminal: 'T2', name: 'Api', paths: ['backend/app/api/'], prefixes: ['api:'] },
          ],
        }),
      ).map!;
      const result = sandboxPolicy({
        root: '/w',
        map: nested,
        resolver: OwnershipResolver.compile(nested),
        domain: nested.domains[0]!,
        files: ['backend/app/models/user.py', 'backend/app/api/routes.py'],
        unassigned: 'locked',
        leadFiles: leadFilesOf([]),
        gitDirs: [],
        outside: [],
        allowedDomains: [],
      });
      assert.ok(result.config.filesystem.allowWrite.includes('/w/backend'));
      assert.ok(result.config.filesystem.denyWrite.includes('/w/backend/app/api'), JSON.stringify(result.config));
    });
  });

  describe("a command in CORE's sandbox", () => {
    let root: string;
    before(async () => {
      root = await seedRepo('territory-sandbox-');
      write(root, { 'backend/app/api/routes.py': 'routes = []\n' });
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '--no-verify', '-m', 'api: routes');
    });
    after(() => rmSync(path.join(root, '..'), { recursive: true, force: true }));

    it("cannot write another domain's file from a shell or a Python subprocess; its own files, handoff and temp files it can", () => {
      const run = sandbox(
        root,
        'CORE',
        [
          'echo grabbed >> backend/app/api/routes.py; echo "shell=$?"',
          `python3 -c "open('backend/app/api/routes.py','a').write('x')" 2>/dev/null; echo "python=$?"`,
          'echo "x = 1" >> backend/app/models/user.py; echo "own=$?"',
          'echo "- [ ] File: backend/app/api/routes.py" >> HANDOFF_FROM_CORE.md; echo "handoff=$?"',
          'echo t > "$TMPDIR/scratch"; echo "tmp=$?"',
          'echo y > Makefile 2>/dev/null; echo "unassigned=$?"',
          'echo y > .vscode/settings.json 2>/dev/null; echo "settings=$?"',
        ].join('; '),
      );
      assert.equal(run.code, 0, run.err);
      assert.match(run.out, /shell=[12]\n/);
      assert.match(run.out, /python=1\n/);
      assert.match(run.out, /own=0\n/);
      assert.match(run.out, /handoff=0\n/);
      assert.match(run.out, /tmp=0\n/);
      assert.match(run.out, /unassigned=[12]\n/);
      assert.match(run.out, /settings=[12]\n/);
      assert.match(run.err, /Read-only file system/);
      assert.equal(readFileSync(path.join(root, 'backend/app/api/routes.py'), 'utf8'), 'routes = []\n');
      assert.match(readFileSync(path.join(root, 'backend/app/models/user.py'), 'utf8'), /x = 1\n$/);
      assert.match(
        readFileSync(path.join(root, 'HANDOFF_FROM_CORE.md'), 'utf8'),
        /^# Handoff from CORE\n[^]*\n- \[ \] File: backend\/app\/api\/routes\.py\n$/,
      );
    });

    it("commits inside the sandbox, with Territory's hooks running there too; cannot change the hooks", () => {
      const installed = spawnSync(process.execPath, [CLI, 'hooks', 'install'], { cwd: root, encoding: 'utf8' });
      assert.equal(installed.status, 0, installed.stderr);
      const hook = readFileSync(path.join(root, '.git', 'hooks', 'pre-commit'), 'utf8');
      const run = sandbox(
        root,
        'CORE',
        [
          'echo "y = 2" >> backend/app/models/user.py',
          'git add backend/app/models/user.py && git -c user.name=T -c user.email=t@t.invalid commit -q -m "core: y"; echo "commit=$?"',
          'echo "exit 0" > .git/hooks/pre-commit 2>/dev/null; echo "hook=$?"',
          'git config core.hooksPath /dev/null 2>/dev/null; echo "config=$?"',
        ].join('; '),
      );
      assert.match(run.out, /commit=0\n/, run.err);
      assert.match(run.out, /hook=[12]\n/);
      assert.notEqual(/config=0\n/.test(run.out), true, run.out);
      assert.equal(git(root, 'log', '-1', '--format=%s').trim(), 'core: y');
      assert.equal(readFileSync(path.join(root, '.git', 'hooks', 'pre-commit'), 'utf8'), hook);
    });

    it('reaches only the hosts territory.sandboxNetwork allows, through the sandbox proxy', async () => {
      const server: Server = createServer((_, res) => res.end('ok'));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as AddressInfo).port;
      try {
        write(root, { '.vscode/settings.json': JSON.stringify({ 'territory.sandboxNetwork': [`127.0.0.1:${port}`] }) });
        const curl = (p: number) =>
          `curl -s -o /dev/null -w "%{http_code}" --max-time 10 --noproxy "" -x "$HTTP_PROXY" http://127.0.0.1:${p}/`;
        const run = await sandboxAsync(
          root,
          'CORE',
          `echo "allowed=$(${curl(port)})"; echo "other=$(${curl(port + 1)})"`,
        );
        assert.match(run.out, /allowed=200\n/, run.err);
        assert.match(run.out, /other=403\n/);
        assert.match(run.err, new RegExp(`network: 127\\.0\\.0\\.1:${port}`));
      } finally {
        server.close();
        rmSync(path.join(root, '.vscode', 'settings.json'), { force: true });
      }
    });

    it('without the sandbox runtime, runs nothing and says how to install it', () => {
      const marker = path.join(root, 'ran');
      const run = spawnSync(process.execPath, [CLI, 'sandbox', '--domain', 'CORE', '--', 'touch', marker], {
        cwd: root,
        env: { ...process.env, TERRITORY_SRT: '', PATH: '/usr/bin:/bin' },
        encoding: 'utf8',
      });
      assert.equal(run.status, 2);
      assert.match(run.stderr, /srt\) was not found: install it with "npm install -g @anthropic-ai\/sandbox-runtime"/);
      assert.equal(spawnSync('test', ['-e', marker]).status, 1, 'nothing ran');
    });

    it('without bubblewrap, socat or ripgrep on PATH, runs nothing and names the Debian packages', () => {
      const marker = path.join(root, 'ran');
      const bin = path.join(root, '..', 'bin-without-bwrap');
      spawnSync('mkdir', ['-p', bin]);
      for (const tool of ['sh', 'git', 'socat', 'rg'])
        spawnSync('ln', ['-sf', `/usr/bin/${tool}`, path.join(bin, tool)]);
      const run = spawnSync(process.execPath, [CLI, 'sandbox', '--domain', 'CORE', '--', 'touch', marker], {
        cwd: root,
        env: { ...process.env, TERRITORY_SRT: SRT, PATH: bin },
        encoding: 'utf8',
      });
      assert.equal(run.status, 2, run.stderr);
      assert.match(
        run.stderr,
        /the sandbox needs bwrap \(Debian package bubblewrap\), not found on PATH: apt-get install bubblewrap/,
      );
      assert.equal(spawnSync('test', ['-e', marker]).status, 1, 'nothing ran');
    });

    it('--print shows the config; an unknown domain is refused', () => {
      const printed = spawnSync(process.execPath, [CLI, 'sandbox', '--domain', 'API', '--print', '--json'], {
        cwd: root,
        encoding: 'utf8',
      });
      assert.equal(printed.status, 0, printed.stderr);
      const data = JSON.parse(printed.stdout) as { writable: string[]; srt: { filesystem: { allowWrite: string[] } } };
      assert.ok(data.writable.includes('backend/app/api/'));
      const unknown = spawnSync(process.execPath, [CLI, 'sandbox', '--domain', 'NOPE', '--', 'true'], {
        cwd: root,
        encoding: 'utf8',
      });
      assert.equal(unknown.status, 2);
      assert.match(unknown.stderr, /NOPE: no such domain/);
    });
  });
});
