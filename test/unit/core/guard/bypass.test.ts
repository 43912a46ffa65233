// Issue 12, "Guardrails that cannot be walked through": each bypass reproduced with real git, then
// held shut. A commit's text (subject, body, author) is data: it must not split, merge or invent
// commits in what `check --range` and `commits` read.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { SEED_BASE_REF, SEED_TERRITORY_JSON } from '../../../fixtures/seedWorkspace';
import { cli, git, gitRun, seedRepo, terminalEnv, write } from '../../support/guard';

/** A commit of the staged tree on top of HEAD, with any message and author git will store. */
function commitTree(root: string, message: string, author = 'Agent'): string {
  const tree = git(root, 'write-tree').trim();
  const env = terminalEnv({
    GIT_AUTHOR_NAME: author,
    GIT_AUTHOR_EMAIL: 'agent@territory.invalid',
    GIT_COMMITTER_NAME: 'Agent',
    GIT_COMMITTER_EMAIL: 'agent@territory.invalid',
  });
  const run = spawnSync('git', ['commit-tree', tree, '-p', 'HEAD'], {
    cwd: root,
    env,
    input: message,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`commit-tree failed: ${run.stderr}`);
  const hash = run.stdout.trim();
  git(root, 'update-ref', 'HEAD', hash);
  return hash;
}

/** Every control character a commit can hold (NUL ends git's text, so it cannot). */
const CONTROL = [...Array.from({ length: 0x1f }, (_, i) => i + 1), 0x7f].map((code) => String.fromCharCode(code));

function gitRunQuiet(root: string, args: readonly string[]): number {
  return gitRun(root, args).status;
}

function hex(char: string): string {
  return char.charCodeAt(0).toString(16).padStart(2, '0');
}

describe('guard: bypasses of issue 12', function () {
  this.timeout(120_000);
  let root: string;
  let base: string;

  before(async () => {
    root = await seedRepo('territory-bypass-');
    base = git(root, 'rev-parse', SEED_BASE_REF).trim();
  });
  after(() => rmSync(join(root, '..'), { recursive: true, force: true }));

  afterEach(() => {
    git(root, 'reset', '-q', '--hard', base);
  });

  describe('1. control characters in commit text', () => {
    it('a subject holding \\x1e/\\x1f cannot split an API commit into a fake merge carrying a CORE file', async () => {
      write(root, { 'backend/app/models/user.py': 'class User:\n    forged = True\n' });
      git(root, 'add', '-A');
      const fake = 'f'.repeat(40);
      const hash = commitTree(
        root,
        `api: adjust\x1e${fake}\x1fffffff\x1fX\x1f2020-01-01T00:00:00Z\x1f${fake} ${fake}\x1fMerge fake\n`,
      );
      const result = await cli('check', '--cwd', root, '--range', `${base}..HEAD`, '--json');
      const data = JSON.parse(result.out);
      assert.equal(data.range.commits.length, 1, result.out);
      assert.equal(data.range.commits[0].hash, hash);
      assert.deepEqual(
        data.range.commits[0].offLimits.map((f: { path: string; owner: string }) => `${f.path}:${f.owner}`),
        ['backend/app/models/user.py:CORE'],
      );
      assert.equal(result.code, 1);
      const commits = JSON.parse((await cli('commits', '--cwd', root, '--range', `${base}..HEAD`, '--json')).out);
      assert.equal(commits.loaded, 1);
      assert.deepEqual(
        commits.violations.map((v: { hash: string; path: string }) => `${v.hash}:${v.path}`),
        [`${hash}:backend/app/models/user.py`],
      );
    });

    it('every control character in subject, body and author name leaves one commit, its files and its text intact', async () => {
      for (const char of CONTROL) {
        const started = Date.now();
        const file = `backend/app/models/m_${hex(char)}.py`;
        write(root, { [file]: `# ${hex(char)}\n` });
        git(root, 'add', '-A');
        const parent = git(root, 'rev-parse', 'HEAD').trim();
        // A name cannot hold a newline (a commit header is one line): git refuses it.
        const author = char === '\n' ? 'Agent X' : `Agent${char}X`;
        const hash = commitTree(root, `api: step${char}${hex(char)}\n\nbody${char}\x1e\x1f${char}end\n`, author);
        const result = await cli('check', '--cwd', root, '--range', `${parent}..${hash}`, '--json');
        const data = JSON.parse(result.out);
        assert.equal(data.range.commits.length, 1, `0x${hex(char)}: ${result.out}`);
        const [commit] = data.range.commits;
        assert.equal(commit.hash, hash, `0x${hex(char)}`);
        assert.equal(commit.domain, 'API', `0x${hex(char)}`);
        assert.deepEqual(
          commit.offLimits.map((f: { path: string }) => f.path),
          [file],
          `0x${hex(char)}`,
        );
        assert.equal(result.code, 1, `0x${hex(char)}`);
        const listed = await cli('commits', '--cwd', root, '--range', `${parent}..${hash}`, '--json');
        const shown = JSON.parse(listed.out);
        assert.equal(shown.loaded, 1, `0x${hex(char)}: ${listed.out}`);
        const api = shown.groups.find((g: { domain: string }) => g.domain === 'API');
        assert.equal(api.commits[0].hash, hash, `0x${hex(char)}`);
        assert.equal(api.commits[0].author, author, `0x${hex(char)}`);
        assert.deepEqual(
          api.commits[0].files.map((f: { path: string }) => f.path),
          [file],
          `0x${hex(char)}`,
        );
        assert.ok(Date.now() - started < 5_000, `0x${hex(char)} took ${Date.now() - started} ms`);
      }
    });
  });
  describe('2. exempt subjects on ordinary commits', () => {
    const TWO_DOMAINS = { 'backend/app/models/a.py': 'a = 1\n', 'backend/app/api/b.py': 'b = 1\n' };

    for (const subject of ['fixup! x', 'squash! x', 'amend! x', 'Revert "x"', "Merge branch 'x'"]) {
      it(`"${subject}" on a one-parent commit touching two domains fails --range and the commit-msg check`, async () => {
        write(root, TWO_DOMAINS);
        git(root, 'add', '-A');
        const message = join(root, '..', 'MSG');
        write(join(root, '..'), { MSG: `${subject}\n` });
        const staged = await cli('check', '--cwd', root, '--message', message, '--staged');
        assert.equal(staged.code, 1, `${staged.out}\n${staged.err}`);
        git(root, 'commit', '-q', '--no-verify', '-F', message);
        const result = await cli('check', '--cwd', root, '--range', `${base}..HEAD`, '--json');
        assert.equal(result.code, 1, result.out);
        const [commit] = JSON.parse(result.out).range.commits;
        assert.equal(
          commit.exempt,
          subject.startsWith('Merge') ? null : subject.startsWith('Revert') ? 'revert' : 'fixup',
        );
        // A fixup or revert naming no domain is the lead's; a one-parent "merge" is an unprefixed commit.
        if (subject.startsWith('Merge'))
          assert.deepEqual(
            commit.problems.map((p: { kind: string }) => p.kind),
            ['no-prefix'],
          );
        else
          assert.deepEqual(
            commit.offLimits.map((f: { path: string }) => f.path).sort(),
            Object.keys(TWO_DOMAINS).sort(),
          );
      });
    }

    it("a fixup or revert is judged as the domain it names, or as the lead's (files no domain owns pass)", async () => {
      write(root, { 'scripts/deploy.sh': '#!/bin/sh\nexit 1\n' });
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '--no-verify', '-m', 'fixup! Build: faster deploy');
      git(root, 'revert', '--no-edit', 'HEAD');
      write(root, { 'backend/app/models/a.py': 'a = 2\n', 'backend/app/api/b.py': 'b = 2\n' });
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '--no-verify', '-m', 'fixup! core: models');
      const data = JSON.parse((await cli('check', '--cwd', root, '--range', `${base}..HEAD`, '--json')).out);
      assert.deepEqual(
        data.range.commits.map((c: { subject: string; ok: boolean; offLimits: { path: string }[] }) => [
          c.subject,
          c.ok,
          c.offLimits.map((f) => f.path),
        ]),
        [
          ['fixup! core: models', false, ['backend/app/api/b.py']],
          ['Revert "fixup! Build: faster deploy"', true, []],
          ['fixup! Build: faster deploy', true, []],
        ],
      );
    });
  });
  describe('3. what a merge adds itself', () => {
    /** Two branches from the base: CORE's work on `side`, API's on main; then the merge. */
    function branches(side: Record<string, string>, main: Record<string, string>): void {
      git(root, 'checkout', '-q', '-B', 'side', base);
      write(root, side);
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '--no-verify', '-m', 'core: side work');
      git(root, 'checkout', '-q', '-B', 'main', base);
      write(root, main);
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '--no-verify', '-m', 'api: main work');
    }
    afterEach(() => {
      gitRunQuiet(root, ['merge', '--abort']);
    });

    it("an evil merge (a change in neither parent) is checked as the lead's: a domain's file fails", async () => {
      branches({ 'backend/app/models/side.py': 's = 1\n' }, { 'backend/app/api/main.py': 'm = 1\n' });
      git(root, 'merge', '-q', '--no-ff', '--no-commit', 'side');
      write(root, { 'backend/app/scheduling/evil.py': 'evil = True\n', 'scripts/deploy.sh': '#!/bin/sh\nexit 0\n' });
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '--no-verify', '-m', "Merge branch 'side'");
      const result = await cli('check', '--cwd', root, '--range', `${base}..HEAD`, '--json');
      const merge = JSON.parse(result.out).range.commits.find(
        (c: { subject: string }) => c.subject === "Merge branch 'side'",
      );
      assert.equal(merge.exempt, 'merge');
      assert.deepEqual(
        merge.offLimits.map((f: { path: string; owner: string }) => `${f.path}:${f.owner}`),
        ['backend/app/scheduling/evil.py:SCHED'],
      );
      assert.equal(result.code, 1, result.err);
    });

    it("a clean merge of both sides' changes to one file, and a resolved conflict, pass", async () => {
      const lines = Array.from({ length: 30 }, (_, i) => `line ${i}`);
      write(root, { 'backend/app/models/shared.py': `${lines.join('\n')}\n` });
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '--no-verify', '-m', 'core: shared');
      const start = git(root, 'rev-parse', 'HEAD').trim();
      git(root, 'checkout', '-q', '-B', 'side');
      write(root, {
        'backend/app/models/shared.py': `${lines.map((l, i) => (i === 2 ? 'side 2' : l)).join('\n')}\n`,
        'backend/app/models/both.py': 'side\n',
      });
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '--no-verify', '-m', 'core: side');
      git(root, 'checkout', '-q', '-B', 'main', start);
      write(root, {
        'backend/app/models/shared.py': `${lines.map((l, i) => (i === 27 ? 'main 27' : l)).join('\n')}\n`,
        'backend/app/models/both.py': 'main\n',
      });
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '--no-verify', '-m', 'core: main');
      const merge = gitRunQuiet(root, ['merge', '-q', '--no-ff', '--no-edit', 'side']);
      assert.notEqual(merge, 0, 'both.py conflicts');
      write(root, { 'backend/app/models/both.py': 'side and main\n' });
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '--no-verify', '--no-edit');
      const result = await cli('check', '--cwd', root, '--range', `${start}..HEAD`, '--json');
      assert.equal(result.code, 0, result.out);
    });
  });
  describe('4. a commit cannot rewrite the map to permit itself', () => {
    /** The seed's map with API's backend/app/api/ handed to CORE. */
    const GRAB = (() => {
      const map = JSON.parse(JSON.stringify(SEED_TERRITORY_JSON)) as typeof SEED_TERRITORY_JSON;
      map.domains[0].paths.push('backend/app/api/');
      map.domains[1].paths = map.domains[1].paths.filter((p) => p !== 'backend/app/api/');
      return `${JSON.stringify(map, null, 2)}\n`;
    })();
    /** Files no domain owns are free for everyone here: the map file must stay the lead's anyway. */
    beforeEach(() => write(root, { '.vscode/settings.json': '{ "territory.unassigned": "shared" }\n' }));
    afterEach(() => rmSync(join(root, '.vscode'), { recursive: true, force: true }));

    it("hooks judge with the map at HEAD, and the map file is the lead's: CORE cannot stage a map edit that hands it an API file", async () => {
      write(root, { 'territory.json': GRAB, 'backend/app/api/grabbed.py': 'x = 1\n' });
      git(root, 'add', 'territory.json', 'backend/app/api/grabbed.py');
      const staged = await cli('check', '--cwd', root, '--staged', '--domain', 'CORE', '--json');
      assert.equal(staged.code, 1, staged.out);
      assert.deepEqual(
        JSON.parse(staged.out)
          .staged.offLimits.map((f: { path: string; owner: string }) => `${f.path}:${f.owner}`)
          .sort(),
        ['backend/app/api/grabbed.py:API', 'territory.json:unassigned'],
      );
      const message = join(root, '..', 'MSG');
      write(join(root, '..'), { MSG: 'core: take over the API\n' });
      const lead = await cli('check', '--cwd', root, '--message', message, '--staged', '--json');
      assert.equal(lead.code, 1, lead.out);
      assert.equal(JSON.parse(lead.out).map.from, 'HEAD');
    });

    it('the settings too: a staged .vscode/settings.json that unlocks unassigned files does not unlock them for its own commit', async () => {
      rmSync(join(root, '.vscode'), { recursive: true, force: true });
      write(root, { '.vscode/settings.json': '{ "territory.unassigned": "shared" }\n', Makefile: 'all:\n\ttrue\n' });
      git(root, 'add', '.vscode/settings.json', 'Makefile');
      const staged = await cli('check', '--cwd', root, '--staged', '--domain', 'CORE', '--json');
      assert.equal(staged.code, 1, staged.out);
      assert.deepEqual(
        JSON.parse(staged.out)
          .staged.offLimits.map((f: { path: string }) => f.path)
          .sort(),
        ['.vscode/settings.json', 'Makefile'],
      );
      git(root, 'commit', '-q', '--no-verify', '-m', 'core: share everything');
      const range = await cli('check', '--cwd', root, '--range', `${base}..HEAD`, '--json');
      assert.equal(range.code, 1, range.out);
    });

    it('--range judges with the map at its base and reports the map changes inside it', async () => {
      write(root, { 'territory.json': GRAB });
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '--no-verify', '-m', 'Lead: hand the API to CORE');
      write(root, { 'backend/app/api/grabbed.py': 'x = 1\n' });
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '--no-verify', '-m', 'core: use the API');
      write(root, { 'territory.json': `${GRAB} ` });
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '--no-verify', '-m', 'core: tweak the map');
      const result = await cli('check', '--cwd', root, '--range', `${base}..HEAD`, '--json');
      assert.equal(result.code, 1, result.out);
      const data = JSON.parse(result.out);
      assert.equal(data.range.base, base);
      assert.equal(data.map.from, 'base');
      assert.deepEqual(
        data.range.commits.map((c: { subject: string; ok: boolean; offLimits: { path: string }[] }) => [
          c.subject,
          c.ok,
          c.offLimits.map((f) => f.path),
        ]),
        [
          ['core: tweak the map', false, ['territory.json']],
          ['core: use the API', false, ['backend/app/api/grabbed.py']],
          ['Lead: hand the API to CORE', true, []],
        ],
      );
      assert.deepEqual(
        data.range.leadFiles.map((f: { subject: string; path: string; kind: string; ok: boolean }) => [
          f.subject,
          f.path,
          f.kind,
          f.ok,
        ]),
        [
          ['core: tweak the map', 'territory.json', 'map', false],
          ['Lead: hand the API to CORE', '.vscode/settings.json', 'settings', true],
          ['Lead: hand the API to CORE', 'territory.json', 'map', true],
        ],
      );
      const text = await cli('check', '--cwd', root, '--range', `${base}..HEAD`);
      assert.match(
        text.out,
        /^The map changes in [0-9a-f]{7} Lead: hand the API to CORE \(territory\.json\): this range is judged with the map at [0-9a-f]{7}\.$/m,
      );
    });
  });

  describe('6. ranges CI may be handed', () => {
    for (const range of ['..HEAD', 'HEAD..', '..', '...HEAD', 'HEAD...']) {
      it(`--range "${range}" is bad usage (exit 2), not "0 commits"`, async () => {
        const result = await cli('check', '--cwd', root, '--range', range);
        assert.equal(result.code, 2, result.out);
        assert.match(result.err, /^territory: --range: "[^"]*" has an empty end[^\n]*$/);
      });
    }

    it("an all-zero start (a new branch pushed) checks the branch's commits not in the base branch", async () => {
      git(root, 'checkout', '-q', '-B', 'feature', base);
      write(root, { 'backend/app/models/user.py': 'class User:\n    grabbed = 1\n' });
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '--no-verify', '-m', 'api: adjust user model');
      const head = git(root, 'rev-parse', 'HEAD').trim();
      git(root, 'checkout', '-q', 'main');
      const zero = '0'.repeat(40);
      for (const extra of [[], ['--base', 'main']]) {
        const result = await cli('check', '--cwd', root, '--range', `${zero}..${head}`, '--json', ...extra);
        assert.equal(result.code, 1, result.err);
        const data = JSON.parse(result.out);
        assert.deepEqual(
          data.range.commits.map((c: { hash: string }) => c.hash),
          [head],
        );
        assert.equal(data.range.base, base);
      }
      const noBase = await cli('check', '--cwd', root, '--range', `${zero}..${head}`, '--base', 'nope');
      assert.equal(noBase.code, 2);
      assert.match(noBase.err, /^territory: [^\n]*nope[^\n]*$/);
      const deleted = await cli('check', '--cwd', root, '--range', `${head}..${zero}`);
      assert.equal(deleted.code, 0);
      assert.match(deleted.err, /deletes the branch/);
    });
  });

  describe('7. the vendored checker in a range', () => {
    it("a domain commit changing .territory/bin/territory.cjs fails; the lead's is reported and passes", async () => {
      write(root, { '.territory/bin/territory.cjs': 'process.exit(0);\n' });
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '--no-verify', '-m', 'Lead: vendor the checker');
      write(root, { '.territory/bin/territory.cjs': 'process.exit(0); // always green\n' });
      git(root, 'add', '-A');
      git(root, 'commit', '-q', '--no-verify', '-m', 'sched: faster checks');
      const result = await cli('check', '--cwd', root, '--range', `${base}..HEAD`, '--json');
      assert.equal(result.code, 1, result.out);
      const data = JSON.parse(result.out);
      assert.deepEqual(
        data.range.commits.map((c: { subject: string; ok: boolean; offLimits: { path: string }[] }) => [
          c.subject,
          c.ok,
          c.offLimits.map((f) => f.path),
        ]),
        [
          ['sched: faster checks', false, ['.territory/bin/territory.cjs']],
          ['Lead: vendor the checker', true, []],
        ],
      );
      assert.deepEqual(
        data.range.leadFiles.map((f: { subject: string; kind: string; ok: boolean }) => [f.subject, f.kind, f.ok]),
        [
          ['sched: faster checks', 'checker', false],
          ['Lead: vendor the checker', 'checker', true],
        ],
      );
    });
  });

  describe('5. amend, comment characters, breaking marks', () => {
    const CORE = { TERRITORY_DOMAIN: 'CORE' };
    before(async () => {
      const installed = await cli('hooks', 'install', '--cwd', root);
      assert.equal(installed.code, 0, installed.err);
    });
    after(async () => {
      await cli('hooks', 'uninstall', '--cwd', root);
      gitRun(root, ['config', '--unset-all', 'core.commentChar']);
    });

    it("git commit --amend from CORE's terminal cannot re-label API's commit, nor add to it", () => {
      write(root, { 'backend/app/api/routes.py': 'routes = 1\n' });
      git(root, 'add', '-A');
      // API's commit, made earlier in its own terminal (same git identity, as terminals share it).
      const earlier = { GIT_AUTHOR_DATE: '2026-01-05T10:00:00Z', GIT_COMMITTER_DATE: '2026-01-05T10:00:00Z' };
      assert.equal(gitRun(root, ['commit', '-q', '--no-verify', '-m', 'api: routes'], earlier).status, 0);
      const before = git(root, 'rev-parse', 'HEAD').trim();
      const relabel = gitRun(root, ['commit', '-q', '--amend', '-m', 'core: routes'], CORE);
      assert.notEqual(relabel.status, 0, relabel.stderr);
      assert.match(relabel.stderr, /backend\/app\/api\/routes\.py — owned by API/);
      write(root, { 'backend/app/models/extra.py': 'extra = 1\n' });
      git(root, 'add', '-A');
      const grow = gitRun(root, ['commit', '-q', '--amend', '-m', 'core: routes and models'], CORE);
      assert.notEqual(grow.status, 0, grow.stderr);
      assert.equal(git(root, 'rev-parse', 'HEAD').trim(), before);
      git(root, 'reset', '-q', '--hard');
      // CORE amending its own commit is fine.
      write(root, { 'backend/app/models/own.py': 'own = 1\n' });
      git(root, 'add', '-A');
      assert.equal(gitRun(root, ['commit', '-q', '-m', 'core: own'], CORE).status, 0);
      write(root, { 'backend/app/models/own.py': 'own = 2\n' });
      git(root, 'add', '-A');
      const own = gitRun(root, ['commit', '-q', '--amend', '-m', 'core: own, amended'], CORE);
      assert.equal(own.status, 0, own.stderr);
    });

    it('the subject judged is the subject git records: core.commentChar=auto, and -m without an editor keeps "#" lines', () => {
      write(root, { 'backend/app/api/routes.py': 'routes = 2\n' });
      git(root, 'add', '-A');
      // API's terminal: the recorded subject is "#core: x", which names no domain; the hook must see that.
      const plain = gitRun(root, ['commit', '-q', '-m', '#core: routes', '-m', 'api: routes'], {
        TERRITORY_DOMAIN: 'API',
      });
      assert.notEqual(plain.status, 0, `recorded subject: ${git(root, 'log', '-1', '--format=%s')}`);
      git(root, 'config', 'core.commentChar', 'auto');
      write(join(root, '..'), { MSG: '#core: routes\n\napi: routes\n' });
      const edited = gitRun(root, ['commit', '-q', '-e', '-F', join(root, '..', 'MSG')], {
        TERRITORY_DOMAIN: 'API',
        GIT_EDITOR: 'true',
      });
      assert.notEqual(edited.status, 0, `recorded subject: ${git(root, 'log', '-1', '--format=%s')}`);
    });

    it('"core!: x" (breaking, no scope) passes like "core(x)!: x"', async () => {
      for (const subject of ['core!: drop a column', 'core(models)!: drop a column']) {
        write(join(root, '..'), { MSG: `${subject}\n` });
        const result = await cli('check', '--cwd', root, '--message', join(root, '..', 'MSG'), '--domain', 'CORE');
        assert.equal(result.code, 0, `${subject}: ${result.out}${result.err}`);
      }
    });
  });
});
