// The agent guard (Claude Code's PreToolUse hook, `territory pre-tool-use`) on the payloads the
// hooks documentation describes (https://code.claude.com/docs/en/hooks): each file tool, each
// kind of target, and the ways a domain terminal's input can go wrong (which must block, never allow).
import { strict as assert } from 'node:assert';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { PRE_TOOL_USE_FLAGS, preToolUseCommand } from '../../../../src/cli/agentGuard';
import { parseCommandLine } from '../../../../src/cli/flags';

/** The options as the CLI parses them for pre-tool-use. */
const options = (args: string[], cwd: string) => ({
  ...parseCommandLine(['pre-tool-use', ...args], () => PRE_TOOL_USE_FLAGS),
  cwd,
});
import { parseHookInput } from '../../../../src/core/guard/agentGuard';
import { appendBlocked, BLOCKED_LOG, parseBlocked } from '../../../../src/core/guard/blockedLog';
import { INPUTS, payload } from '../../support/hookPayloads';
import { seedRepo, write } from '../../support/guard';

async function hook(
  root: string,
  stdin: string,
  opts: { domain?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const args = opts.domain !== undefined ? ['--domain', opts.domain] : [];
  const code = await preToolUseCommand(
    options(args, root),
    { out: () => undefined, err: (t) => err.push(t), document: (t) => err.push(t), readStdin: async () => stdin },
    opts.env ?? {},
  );
  return { code, err: err.join('\n') };
}

describe('agent guard: territory pre-tool-use', () => {
  let root: string;
  before(async () => {
    root = await seedRepo('territory-agent-guard-');
    write(root, { 'backend/app/models/user.py': 'x\n', 'backend/app/api/routes.py': 'y\n' });
  });

  for (const tool of Object.keys(INPUTS)) {
    describe(`${tool}`, () => {
      const call = (rel: string, domain = 'CORE') =>
        hook(root, payload(tool, INPUTS[tool](path.join(root, rel)), root), { domain });

      it("allows the domain's own file, silently", async () => {
        assert.deepEqual(await call('backend/app/models/user.py'), { code: 0, err: '' });
      });
      it("blocks another domain's file, naming the owner and the handoff section", async () => {
        const { code, err } = await call('backend/app/api/routes.py');
        assert.equal(code, 2);
        assert.match(err, /backend\/app\/api\/routes\.py belongs to API \(T2/);
        assert.match(err, /append to HANDOFF_FROM_CORE\.md/);
        assert.match(err, /under the section "### For API:"/);
        assert.match(err, /- \[ \] File: `backend\/app\/api\/routes\.py`/);
      });
      it('allows a new file inside the territory', async () => {
        assert.equal((await call('backend/app/models/brand_new.py')).code, 0);
      });
      it('blocks a new file in another domain, and a new root markdown file (TEST owns /*.md)', async () => {
        assert.equal((await call('backend/app/api/brand_new.py')).code, 2);
        const md = await call('NEW_NOTES.md');
        assert.equal(md.code, 2);
        assert.match(md.err, /belongs to TEST/);
      });
      it('blocks a new unassigned file (territory.unassigned locked by default)', async () => {
        const { code, err } = await call('scripts/new_tool.sh');
        assert.equal(code, 2);
        assert.match(err, /unassigned \(the lead's\)/);
        assert.match(err, /### For LEAD:/);
      });
      it("allows its own handoff file and blocks another domain's", async () => {
        assert.equal((await call('HANDOFF_FROM_CORE.md')).code, 0);
        const other = await call('HANDOFF_FROM_API.md');
        assert.equal(other.code, 2);
        assert.match(other.err, /Each domain writes only its own handoff file/);
        assert.match(other.err, /HANDOFF_FROM_CORE\.md/);
      });
    });
  }

  it('allows a path outside the folder: the map speaks for its folder only', async () => {
    assert.equal(
      (
        await hook(root, payload('Write', { file_path: '/tmp/scratch-territory.txt', content: '' }, root), {
          domain: 'CORE',
        })
      ).code,
      0,
    );
  });

  it('judges a path outside the folder that a symbolic link leads into it where it lands', async () => {
    const outside = path.join(path.dirname(root), 'link-to-api');
    symlinkSync(path.join(root, 'backend', 'app', 'api'), outside);
    const { code, err } = await hook(root, payload('Edit', INPUTS.Edit(path.join(outside, 'routes.py')), root), {
      domain: 'CORE',
    });
    assert.equal(code, 2);
    assert.match(err, /belongs to API/);
  });

  it("blocks the map, the settings the guard reads, the agents' settings, the log and .git whatever the map says", async () => {
    for (const rel of [
      'territory.json',
      '.territory/claude/CORE.settings.json',
      '.territory/guard/blocked.jsonl',
      '.vscode/settings.json',
      '.git/hooks/pre-commit',
    ]) {
      const { code, err } = await hook(root, payload('Write', INPUTS.Write(path.join(root, rel)), root), {
        domain: 'CORE',
      });
      assert.equal(code, 2, rel);
      assert.match(err, /is the lead's/, rel);
    }
  });

  it('lets every other tool through without reading the map', async () => {
    for (const tool of ['Read', 'Bash', 'Glob', 'Grep', 'WebFetch', 'mcp__x__Edit']) {
      assert.deepEqual(
        await hook(
          path.join(root, 'no-such-dir'),
          payload(tool, { file_path: path.join(root, 'backend/app/api/routes.py'), command: 'ls' }, root),
          { domain: 'CORE' },
        ),
        { code: 0, err: '' },
        tool,
      );
    }
  });

  it('takes the domain from TERRITORY_DOMAIN, and allows everything with no domain in force', async () => {
    const off = payload('Write', INPUTS.Write(path.join(root, 'backend/app/api/routes.py')), root);
    assert.equal((await hook(root, off, { env: { TERRITORY_DOMAIN: 'CORE' } })).code, 2);
    assert.equal((await hook(root, off, { env: { TERRITORY_DOMAIN: 'API' } })).code, 0);
    assert.deepEqual(await hook(root, off, { env: {} }), { code: 0, err: '' });
    assert.deepEqual(
      await hook(root, 'not json at all', { env: {} }),
      { code: 0, err: '' },
      'the lead is never blocked',
    );
  });

  it('blocks unreadable input in a domain terminal, with the reason', async () => {
    for (const [stdin, reason] of [
      ['', /not JSON/],
      ['{"tool_name": "Edit", "tool_input": ', /not JSON/],
      ['[1,2]', /not a JSON object/],
      ['{"tool_input": {}}', /no tool_name/],
      [
        JSON.stringify({ tool_name: 'Edit', tool_input: { file_path: 42 } }),
        /file_path of Edit is not a non-empty string/,
      ],
      [
        JSON.stringify({
          tool_name: 'NotebookEdit',
          tool_input: { file_path: path.join(root, 'backend/app/models/a.ipynb') },
        }),
        /notebook_path of NotebookEdit/,
      ],
      [JSON.stringify({ tool_name: 'Write', tool_input: null }), /file_path of Write/],
    ] as const) {
      const { code, err } = await hook(root, stdin, { domain: 'CORE' });
      assert.equal(code, 2, stdin);
      assert.match(err, reason, stdin);
    }
  });

  it('blocks with the reason when the map is broken or the domain unknown', async () => {
    const broken = await seedRepo('territory-agent-guard-broken-');
    writeFileSync(path.join(broken, 'territory.json'), '{ "domains": [ { "id": "CORE", ');
    const call = payload('Write', INPUTS.Write(path.join(broken, 'backend/app/models/user.py')), broken);
    const { code, err } = await hook(broken, call, { domain: 'CORE' });
    assert.equal(code, 2);
    assert.match(err, /the domain map cannot be read/);
    const unknown = await hook(
      root,
      payload('Write', INPUTS.Write(path.join(root, 'backend/app/models/user.py')), root),
      { domain: 'NOPE' },
    );
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /names no domain of the map/);
  });

  it('reads the map at each call: a map change is never stale', async () => {
    const repo = await seedRepo('territory-agent-guard-live-');
    const call = payload('Write', INPUTS.Write(path.join(repo, 'backend/app/api/routes.py')), repo);
    assert.equal((await hook(repo, call, { domain: 'CORE' })).code, 2);
    const map = JSON.parse(readFileSync(path.join(repo, 'territory.json'), 'utf8').replace(/^\s*\/\/.*$/gm, '')) as {
      domains: { id: string; paths: string[] }[];
    };
    map.domains.find((d) => d.id === 'CORE')?.paths.push('backend/app/api/');
    map.domains.find((d) => d.id === 'API')?.paths.splice(0);
    const api = map.domains.find((d) => d.id === 'API');
    if (api) api.paths.push('backend/app/services/');
    writeFileSync(path.join(repo, 'territory.json'), JSON.stringify(map));
    assert.equal((await hook(repo, call, { domain: 'CORE' })).code, 0);
  });

  /** The guard run as CORE's hook at a fixed clock, on `stdin`. */
  const blockAt = async (repo: string, stdin: string): Promise<{ code: number; err: string[] }> => {
    const err: string[] = [];
    const io = {
      out: () => undefined,
      err: (t: string) => err.push(t),
      readStdin: async () => stdin,
      now: () => new Date('2026-01-02T03:04:05.000Z'),
    };
    return { code: await preToolUseCommand(options(['--domain', 'CORE'], repo), io, {}), err };
  };

  it('records every block (domain, file, owner, time) in a git-ignored JSON-lines log', async () => {
    const repo = await seedRepo('territory-agent-guard-log-');
    const { code } = await blockAt(repo, payload('Edit', INPUTS.Edit(path.join(repo, 'frontend/src/App.tsx')), repo));
    assert.equal(code, 2);
    const records = parseBlocked(readFileSync(path.join(repo, BLOCKED_LOG), 'utf8'));
    assert.deepEqual(records, [
      { time: '2026-01-02T03:04:05.000Z', domain: 'CORE', file: 'frontend/src/App.tsx', owner: 'FE', tool: 'Edit' },
    ]);
    assert.match(readFileSync(path.join(repo, '.territory/guard/.gitignore'), 'utf8'), /^\*$/m);
  });

  it('names the kept patch in the record, so the Session Board opens the change the agent meant', async () => {
    const repo = await seedRepo('territory-agent-guard-logpatch-');
    const { code, err } = await blockAt(
      repo,
      payload(
        'Write',
        { file_path: path.join(repo, 'backend/app/api/routes.py'), content: 'def list_missions():\n    return []\n' },
        repo,
      ),
    );
    assert.equal(code, 2);
    const [record, ...more] = parseBlocked(readFileSync(path.join(repo, BLOCKED_LOG), 'utf8'));
    assert.deepEqual(more, []);
    assert.match(record?.patch ?? '', /^\.territory\/patches\/20260102T030405Z-CORE-[0-9a-f]{6}\.patch$/);
    assert.ok(err.join('\n').includes(record!.patch!), 'the reason and the record name the same patch');
    assert.match(
      readFileSync(path.join(repo, record!.patch!), 'utf8'),
      /^\+def list_missions\(\):$/m,
      'the record leads to the intended change',
    );
  });

  it('a patch field that is no path the patch store gives is never written nor read (the record stays)', async () => {
    const repo = await seedRepo('territory-agent-guard-logforged-');
    const attempt = {
      time: '2026-01-02T03:04:05.000Z',
      domain: 'CORE',
      file: 'backend/app/api/routes.py',
      owner: 'API',
      tool: 'Write',
    };
    const forged = [
      '/etc/passwd',
      '.territory/patches/../../../etc/passwd.patch',
      '.territory/patches/x.patch',
      'backend/app/api/routes.py',
      '.territory/guard/blocked.jsonl',
    ];
    for (const patch of forged) assert.equal(appendBlocked(repo, { ...attempt, patch }), undefined);
    const written = readFileSync(path.join(repo, BLOCKED_LOG), 'utf8');
    assert.doesNotMatch(written, /"patch"/, 'a bad patch path is not written');
    const lines = forged.map((patch) => JSON.stringify({ ...attempt, patch })).join('\n');
    const good = '.territory/patches/20260102T030405Z-CORE-a1b2c3.patch';
    const parsed = parseBlocked(
      `${lines}\n${JSON.stringify({ ...attempt, patch: good, extra: 'x' })}\n${JSON.stringify({ ...attempt, patch: 7 })}\n`,
      Date.parse('2026-01-03T00:00:00Z'),
    );
    assert.deepEqual(
      parsed,
      [...forged.map(() => attempt), { ...attempt, patch: good }, attempt],
      'forged paths are dropped, unknown fields too',
    );
  });

  it('refuses to write the log through a link leading out of the folder, and still blocks', async () => {
    const repo = await seedRepo('territory-agent-guard-linklog-');
    const elsewhere = path.join(path.dirname(repo), 'elsewhere');
    mkdirSync(elsewhere);
    mkdirSync(path.join(repo, '.territory'), { recursive: true });
    symlinkSync(elsewhere, path.join(repo, '.territory', 'guard'));
    const { code, err } = await hook(
      repo,
      payload('Edit', INPUTS.Edit(path.join(repo, 'frontend/src/App.tsx')), repo),
      { domain: 'CORE' },
    );
    assert.equal(code, 2);
    assert.match(err, /not recorded: \.territory\/guard is a symbolic link/);
    assert.deepEqual(readdirSync(elsewhere), [], 'nothing was written where the link leads');
  });
});

describe('agent guard: hostile input', () => {
  let root: string;
  before(async () => {
    root = await seedRepo('territory-agent-guard-hostile-');
  });

  const cases: [string, () => string, number][] = [
    [
      '32 MB of Write content',
      () => payload('Write', { file_path: '/x/backend/app/models/a.py', content: 'x'.repeat(32 * 1024 * 1024) }, '/'),
      0,
    ],
    [
      'nesting 1,000,000 deep',
      () =>
        `{"tool_name":"Edit","tool_input":{"file_path":"/x","junk":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}}`,
      2,
    ],
    [
      'a file_path that is an object',
      () => JSON.stringify({ tool_name: 'Edit', tool_input: { file_path: { toString: 'x' } } }),
      2,
    ],
    [
      'a file_path that is an array',
      () => JSON.stringify({ tool_name: 'Edit', tool_input: { file_path: ['a', 'b'] } }),
      2,
    ],
    [
      'control characters and a NUL in file_path',
      () => JSON.stringify({ tool_name: 'Edit', tool_input: { file_path: '/x/\u001b[31m\r\n\u0000evil' } }),
      2,
    ],
    ['more than the input limit', () => 'x'.repeat(64 * 1024 * 1024 + 1), 2],
  ];
  for (const [name, make, expected] of cases) {
    it(`${name}: judged within 5 s (${expected === 2 ? 'blocked' : 'allowed: an own file'}), no raw control character echoed`, async function () {
      this.timeout(20_000);
      const stdin = make();
      const started = Date.now();
      const { code, err } = await hook(root, stdin.replace(/\/x/g, root), { domain: 'CORE' });
      assert.ok(Date.now() - started < 5_000, `${Date.now() - started} ms`);
      assert.equal(code, expected);
      // eslint-disable-next-line no-control-regex -- the point
      assert.doesNotMatch(err, /[\u0000\u001b\r]/);
    });
  }

  it('parseHookInput keeps only the fields it judges', () => {
    const parsed = parseHookInput(payload('MultiEdit', { file_path: '/a/b', edits: [] }, '/a'));
    assert.deepEqual(parsed, {
      ok: true,
      tool: 'MultiEdit',
      target: '/a/b',
      cwd: '/a',
      change: { kind: 'edits', edits: [] },
    });
  });
});
