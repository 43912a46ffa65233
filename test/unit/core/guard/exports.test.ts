// CODEOWNERS, commitlint and Claude Code permissions generated from the seed's map, and the
// merging that keeps hand-written parts of the target files.
import { strict as assert } from 'node:assert';
import { minimatch } from 'minimatch';
import { offLimitsGlobs } from '../../../../src/core/ownership/offLimitsGlobs';
import { sandboxLimits } from '../../../../src/core/guard/claudeSandbox';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { classifyHandoffPath } from '../../../../src/core/handoffs/discover';
import { exportCodeowners, exportCommitlint } from '../../../../src/core/guard/exports';
import { checkOwner, codeownersExport } from '../../../../src/core/guard/codeowners';
import { commitlintExport } from '../../../../src/core/guard/commitlint';
import type { Exemption } from '../../../../src/core/guard/messageRules';
import { mergeOwnedArray, setJsonValues } from '../../../../src/core/guard/jsonMerge';
import { mergeBlock, renderBlock } from '../../../../src/core/guard/markedBlock';
import { violationsOf } from '../../../../src/core/commits/attribution';
import { OwnershipResolver } from '../../../../src/core/ownership/resolver';
import { ownerKey } from '../../../../src/core/ownership/offLimits';
import { cli, git, tempDir, write } from '../../support/guard';
import type { DomainMap } from '../../../../src/core/types';
import { SEED_COMMITS } from '../../../fixtures/seedWorkspace';
import { SEED_MAP } from '../../../support/seedMap';

const SEED_FILES = ['territory.json', ...SEED_COMMITS.flatMap((c) => Object.keys(c.files))];

/** Whether a root-relative gitignore glob (as written into the deny rules) covers `file`. */
function covers(globs: readonly string[], file: string): boolean {
  return globs.some((glob) => minimatch(file, glob, { dot: true }));
}

describe('guard: CODEOWNERS export', () => {
  it('writes the seed map from the least to the most specific pattern, handoff files last', () => {
    const { lines, unowned, skipped } = codeownersExport(SEED_MAP, {
      CORE: ['@acme/core'],
      API: ['@acme/api', 'dev@acme.io'],
      '*': ['@lead'],
    });
    const entries = lines.filter((l) => !l.startsWith('#'));
    assert.deepEqual(
      entries.map((l) => l.replace(/\s+/g, ' ')),
      [
        '* @lead',
        '/*.md @lead',
        'docs/ @lead',
        '/backend/alembic/ @acme/core',
        '/frontend/src/ @lead',
        '/frontend/public/ @lead',
        '/backend/tests/ @lead',
        '/frontend/__tests__/ @lead',
        '/backend/app/models/ @acme/core',
        '/backend/app/schemas/ @acme/core',
        '/backend/app/db/ @acme/core',
        '/backend/app/api/ @acme/api dev@acme.io',
        '/backend/app/services/ @acme/api dev@acme.io',
        '/backend/app/core/ @acme/api dev@acme.io',
        '/backend/app/scheduling/ @lead',
        '/HANDOFF_FROM_CORE.md @acme/core',
        '/HANDOFF_FROM_API.md @acme/api dev@acme.io',
        '/HANDOFF_FROM_SCHED.md @lead',
        '/HANDOFF_FROM_FE.md @lead',
        '/HANDOFF_FROM_TEST.md @lead',
        // Territory's control files last: the lead's whatever a domain's pattern says.
        '/territory.json @lead',
        '/.territory/ @lead',
        '/.vscode/settings.json @lead',
        '/.claude/settings*.json @lead',
        '/.gemini/settings.json @lead',
        '/.codex/hooks.json @lead',
        '/.codex/config.toml @lead',
        '/.github/hooks/ @lead',
        '/.github/workflows/territory.yml @lead',
        '/.github/CODEOWNERS @lead',
        '/CODEOWNERS @lead',
        '/docs/CODEOWNERS @lead',
        '/.commitlintrc.json @lead',
        '.gitattributes @lead',
        '/.husky/ @lead',
        '/lefthook.yml @lead',
        '/lefthook.yaml @lead',
        '/.lefthook.yml @lead',
        '/.lefthook.yaml @lead',
        '/lefthook-local.yml @lead',
        '/lefthook-local.yaml @lead',
        '/.pre-commit-config.yaml @lead',
      ],
    );
    assert.deepEqual(unowned, ['SCHED', 'FE', 'TEST']);
    assert.deepEqual(skipped, []);
  });

  it('last match wins gives every seed file the owner the map gives it', () => {
    const owners = Object.fromEntries(SEED_MAP.domains.map((d) => [d.id, [`@${d.id.toLowerCase()}`]]));
    const { lines } = codeownersExport(SEED_MAP, { ...owners, '*': ['@lead'] });
    const resolver = OwnershipResolver.compile(SEED_MAP);
    const rules = lines.filter((l) => !l.startsWith('#')).map((l) => l.split(/\s+/));
    for (const file of SEED_FILES) {
      // CODEOWNERS patterns are gitignore patterns: test them the way the map's own reader does.
      const matching = rules.filter(([pattern]) => {
        const probe = OwnershipResolver.compile({
          domains: [{ id: 'X', terminal: 'X', name: 'X', prefixes: [], rules: [], paths: [pattern] }],
          handoffFile: '',
        });
        return probe.resolve(file).kind === 'owned';
      });
      const owner = resolver.resolve(file);
      const expected = owner.kind === 'owned' ? `@${owner.domain.id.toLowerCase()}` : '@lead';
      assert.equal(matching.at(-1)?.[1], expected, file);
    }
  });

  it('says what CODEOWNERS cannot express and checks owners', () => {
    const map: DomainMap = {
      ...SEED_MAP,
      domains: [{ ...SEED_MAP.domains[0], paths: ['src/[!ab]*/', 'my dir/', '#notes'] }],
    };
    const { lines, skipped } = codeownersExport(map, {});
    assert.deepEqual(
      skipped.map((s) => s.pattern),
      ['src/[!ab]*/'],
    );
    assert.ok(lines.includes('my\\ dir/'), lines.join('\n'));
    assert.ok(lines.includes('**/#notes'), 'a leading # is not read as a comment');
    assert.equal(checkOwner('@org/team'), undefined);
    assert.equal(checkOwner('dev@example.com'), undefined);
    assert.match(checkOwner('@x\n* @evil') ?? '', /not an owner/);
  });
});

describe('guard: CODEOWNERS says what GitHub will do (docs.github.com, "About code owners")', () => {
  const twoDomains = (core: string[], api: string[]): DomainMap => ({
    ...SEED_MAP,
    domains: [
      { ...SEED_MAP.domains[0], paths: core },
      { ...SEED_MAP.domains[1], paths: api },
    ],
  });

  it('a contested map is refused, naming the contested files: GitHub would silently give them to the later line', async () => {
    const map = twoDomains(['/backend/*.py'], ['/backend/app.*', 'shared/']);
    const generated = codeownersExport(map, {}, ['backend/app.py', 'backend/db.py', 'shared/x.ts', 'README.md']);
    assert.deepEqual(generated.contested, [{ path: 'backend/app.py', domains: ['CORE', 'API'] }]);
    const same = codeownersExport(twoDomains(['docs/'], ['docs/']), {}, []);
    assert.deepEqual(
      same.contested,
      [{ path: 'docs/', domains: ['CORE', 'API'] }],
      'the same pattern in two domains, even with no file there yet',
    );
    const root = tempDir('territory-codeowners-');
    try {
      const refused = await exportCodeowners({ root, map }, {}, undefined, ['backend/app.py', 'shared/x.ts']);
      assert.equal(refused.ok, false);
      assert.match(refused.ok ? '' : refused.reason, /contested.*backend\/app\.py \(CORE, API\)/);
      assert.ok(!existsSync(join(root, '.github', 'CODEOWNERS')), 'nothing is written');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('territory export codeowners shows the contested files and exits 2', async () => {
    const root = tempDir('territory-codeowners-cli-');
    try {
      git(root, 'init', '-q');
      write(root, {
        'territory.json': JSON.stringify({
          domains: [
            { id: 'CORE', terminal: 'T1', name: 'Core', paths: ['/backend/*.py'], prefixes: ['core:'] },
            { id: 'API', terminal: 'T2', name: 'Api', paths: ['/backend/app.*'], prefixes: ['api:'] },
          ],
        }),
        'backend/app.py': 'x = 1\n',
      });
      git(root, 'add', '-A');
      const refused = await cli('export', 'codeowners', '--cwd', root);
      assert.equal(refused.code, 2);
      assert.match(
        refused.err,
        /^territory: codeowners: the map leaves paths contested.*backend\/app\.py \(CORE, API\)/,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('small character classes are expanded as braces are ([ ] does not work in CODEOWNERS)', () => {
    const { lines, skipped } = codeownersExport(twoDomains(['src/[ab]*/', 'lib/v[1-3].ts'], ['/api/']), {
      CORE: ['@core'],
    });
    assert.deepEqual(skipped, []);
    const entries = lines.filter((l) => !l.startsWith('#')).map((l) => l.split(/\s+/)[0]);
    for (const pattern of ['/src/a*/', '/src/b*/', '/lib/v1.ts', '/lib/v2.ts', '/lib/v3.ts'])
      assert.ok(entries.includes(pattern), `${pattern} in\n${lines.join('\n')}`);
    assert.ok(!entries.some((e) => e.includes('[')));
    const negated = codeownersExport(twoDomains(['src/[!a]*/'], []), {});
    assert.deepEqual(
      negated.skipped.map((s) => s.pattern),
      ['src/[!a]*/'],
    );
  });

  it("handoff files are their domain's only as the protocol spells them: GitHub matches CODEOWNERS paths case-sensitively", () => {
    const resolver = OwnershipResolver.compile(SEED_MAP);
    assert.equal(ownerKey(resolver.resolve('HANDOFF_FROM_CORE.md')), 'CORE');
    // `/HANDOFF_FROM_CORE.md @core` does not cover this file on GitHub; TEST's `/*.md` does.
    assert.equal(ownerKey(resolver.resolve('HANDOFF_FROM_core.md')), 'TEST');
    assert.equal(
      classifyHandoffPath('HANDOFF_FROM_core.md', SEED_MAP.handoffFile, SEED_MAP.domains)?.kind,
      'unknown-domain',
    );
  });
});

describe('guard: commitlint export', () => {
  /** The export of a map commitlint can be told. */
  const exported = (map: DomainMap = SEED_MAP, exemptions?: readonly Exemption[]) => {
    const result = commitlintExport(map, exemptions);
    if ('reason' in result) throw new Error(result.reason);
    return result;
  };

  it("allows exactly the map's prefixes, with default ignores off and the verdict in the plugin's rule", () => {
    const { types, values, headerPattern, commitPattern, plugin } = exported();
    assert.deepEqual(types, ['core', 'api', 'sched', 'fe', 'test', 'docs']);
    assert.deepEqual(
      values.map((v) => v.path.join('.')),
      [
        'defaultIgnores',
        'parserPreset',
        'rules.type-enum',
        'rules.type-empty',
        'rules.subject-empty',
        'rules.territory-subject',
      ],
    );
    // Nested under `parser`, out of reach of the comment character commitlint's CLI sets on parserOpts.
    assert.deepEqual(Object.keys((values[1].value as { parserOpts: object }).parserOpts), ['parser']);
    assert.deepEqual(values[5].value, [2, 'always']);
    assert.equal(
      new RegExp(commitPattern).exec("Merge branch 'x'"),
      null,
      'while committing, MERGE_HEAD decides, not the subject',
    );
    assert.equal(new RegExp(headerPattern).exec('core: x\u2028y')?.[3], 'x\u2028y', 'git splits lines at LF only');
    assert.ok(
      plugin.includes(JSON.stringify(commitPattern)) && !/require\((?!'node:)/.test(plugin),
      'self-contained: Node modules only',
    );
    assert.equal(values[0].value, false);
    assert.deepEqual(values[2].value, [2, 'always', types]);
    const header = new RegExp(headerPattern);
    assert.equal(header.exec('api(x)!: y')?.[1], 'api');
    assert.equal(header.exec('api(x)!: y')?.[3], 'y');
    assert.equal(header.exec("Merge branch 'x'")?.[3], "Merge branch 'x'", 'an exempt subject is the whole header');
    assert.equal(header.exec('CORE: x'), null);
    assert.equal(
      new RegExp(exported(SEED_MAP, []).headerPattern).exec("Merge branch 'x'"),
      null,
      'exemptions off: no way through',
    );
  });

  it('says prefixes that are not a word and a colon, instead of skipping them', () => {
    const odd = exported({ ...SEED_MAP, domains: [{ ...SEED_MAP.domains[0], prefixes: ['[CORE]', 'front-end:'] }] });
    const header = new RegExp(odd.headerPattern);
    assert.ok(header.test('[CORE] add models'));
    assert.ok(header.test('front-end(ui): x'));
    assert.ok(!header.test('[CORE]add models'));
    assert.deepEqual(commitlintExport({ ...SEED_MAP, domains: [{ ...SEED_MAP.domains[0], prefixes: [] }] }), {
      reason: 'the map has no commit prefix to allow',
    });
  });

  it('merges into an existing config, keeping every other rule and key', () => {
    const existing =
      '{\n    "extends": ["@commitlint/config-conventional"],\n    "rules": {\n        "header-max-length": [2, "always", 72],\n        "type-enum": [2, "always", ["feat"]]\n    }\n}\n';
    const merged = setJsonValues(existing, exported().values);
    assert.ok(merged.ok);
    const data = JSON.parse(merged.text);
    assert.deepEqual(data.extends, ['@commitlint/config-conventional']);
    assert.deepEqual(data.rules['header-max-length'], [2, 'always', 72]);
    assert.deepEqual(data.rules['type-enum'], [2, 'always', ['core', 'api', 'sched', 'fe', 'test', 'docs']]);
    assert.match(merged.text, /^ {4}"extends"/m, "the file's indentation is kept");
    const again = setJsonValues(merged.text, exported().values);
    assert.ok(again.ok && !again.changed, 'regenerating changes nothing');
    assert.equal(setJsonValues('{ "rules": 3 }', exported().values).ok, false);
    assert.equal(setJsonValues('{ broken', []).ok, false);
  });

  it("writes the plugin module beside the map and extends it last, keeping the user's extends", async () => {
    const root = tempDir('territory-commitlint-');
    try {
      write(root, { '.commitlintrc.json': '{ "extends": "@commitlint/config-conventional" }\n' });
      const first = await exportCommitlint({ root, map: SEED_MAP });
      assert.ok(first.ok, first.ok ? '' : first.reason);
      assert.deepEqual(
        first.files.map((f) => f.file),
        ['.territory/commitlint.cjs', '.commitlintrc.json'],
      );
      const config = JSON.parse(readFileSync(join(root, '.commitlintrc.json'), 'utf8')) as { extends: string[] };
      assert.deepEqual(config.extends, ['@commitlint/config-conventional', './.territory/commitlint.cjs']);
      const again = await exportCommitlint({ root, map: SEED_MAP });
      assert.ok(again.ok && again.files.every((f) => !f.changed), 'exporting again changes nothing');
      const below = tempDir('territory-commitlint-below-');
      try {
        const app = join(below, 'packages', 'app');
        const nested = await exportCommitlint({ root: app, map: SEED_MAP, repoRoot: below });
        assert.ok(nested.ok, nested.ok ? '' : nested.reason);
        const top = JSON.parse(readFileSync(join(below, '.commitlintrc.json'), 'utf8')) as { extends: string[] };
        assert.deepEqual(top.extends, ['./packages/app/.territory/commitlint.cjs']);
      } finally {
        rmSync(below, { recursive: true, force: true });
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('guard: Claude Code permissions export', () => {
  const resolver = OwnershipResolver.compile(SEED_MAP);
  const inputs = { map: SEED_MAP, resolver, files: SEED_FILES, unassignedPolicy: 'locked' as const };

  it('denies CORE everything it does not own, as folders where they are wholly off-limits', () => {
    assert.deepEqual(offLimitsGlobs(inputs, 'CORE').globs, [
      '.gitignore',
      'CHANGELOG.md',
      'HANDOFF_FROM_API.md',
      'HANDOFF_FROM_FE.md',
      'HANDOFF_FROM_SCHED.md',
      'HANDOFF_FROM_TEST.md',
      'Makefile',
      'README.md',
      'backend/app/api/**',
      'backend/app/core/**',
      'backend/app/main.py',
      'backend/app/scheduling/**',
      'backend/app/services/**',
      'backend/tests/**',
      'docs/**',
      'frontend/__tests__/**',
      'frontend/public/**',
      'frontend/src/**',
      'scripts/**',
      'territory.json',
    ]);
  });

  it('for every domain and every file: denied exactly when off-limits (unassigned locked or shared)', () => {
    for (const unassignedPolicy of ['locked', 'shared'] as const) {
      for (const domain of SEED_MAP.domains) {
        const { globs } = offLimitsGlobs({ ...inputs, unassignedPolicy }, domain.id);
        for (const file of SEED_FILES) {
          const off = violationsOf(domain, [file], resolver, unassignedPolicy).length > 0;
          assert.equal(covers(globs, file), off, `${domain.id} ${file} (unassigned ${unassignedPolicy})`);
        }
      }
    }
  });

  it("a domain nested inside another's folder keeps its own files writable", () => {
    const map: DomainMap = {
      ...SEED_MAP,
      domains: [
        { ...SEED_MAP.domains[3], paths: ['frontend/'] },
        { ...SEED_MAP.domains[4], paths: ['frontend/__tests__/', '**/*.test.ts'] },
      ],
    };
    const files = [
      'frontend/src/App.tsx',
      'frontend/src/App.test.ts',
      'frontend/__tests__/a.tsx',
      'frontend/public/index.html',
      'lib/x.ts',
    ];
    const nested = { map, resolver: OwnershipResolver.compile(map), files, unassignedPolicy: 'locked' as const };
    const test = offLimitsGlobs(nested, 'TEST');
    // FE's `frontend/` is more specific than TEST's `**/*.test.ts`, so App.test.ts is FE's too.
    assert.deepEqual(test.globs, [
      'HANDOFF_FROM_FE.md',
      'frontend/public/index.html',
      'frontend/src/App.test.ts',
      'frontend/src/App.tsx',
      'lib/x.ts',
    ]);
    assert.deepEqual(test.expanded, ["FE's frontend/"]);
    const fe = offLimitsGlobs(nested, 'FE');
    for (const file of files)
      assert.equal(
        covers(fe.globs, file),
        violationsOf(map.domains[0], [file], nested.resolver, 'locked').length > 0,
        file,
      );
  });

  it('sandbox: for every domain and file, the file lies under a denied path exactly when it is off-limits', () => {
    const root = '/nonexistent/repo';
    const places = { gitWritable: [], gitControl: ['/nonexistent/repo/.git/hooks'] };
    for (const unassignedPolicy of ['locked', 'shared'] as const) {
      for (const domain of SEED_MAP.domains) {
        const { denyWrite, allowWrite } = sandboxLimits({ ...inputs, unassignedPolicy }, domain.id, root, places);
        assert.ok(denyWrite.includes('/nonexistent/repo/.git/hooks'));
        assert.deepEqual(allowWrite, []);
        for (const file of SEED_FILES) {
          const absolute = join(root, file);
          const denied = denyWrite.some((p) => absolute === p || absolute.startsWith(`${p}/`));
          const off = violationsOf(domain, [file], resolver, unassignedPolicy).length > 0;
          assert.equal(denied, off, `${domain.id} ${file} (unassigned ${unassignedPolicy})`);
        }
      }
    }
  });

  it('sandbox: a glob pattern is written as the files it matches today, and reported; git outside the folder is writable', () => {
    const map: DomainMap = {
      ...SEED_MAP,
      domains: [
        { ...SEED_MAP.domains[3], paths: ['frontend/'] },
        { ...SEED_MAP.domains[4], paths: ['lib/*.test.ts'] },
      ],
    };
    const files = ['frontend/src/App.tsx', 'lib/a.test.ts', 'lib/b.ts'];
    const nested = { map, resolver: OwnershipResolver.compile(map), files, unassignedPolicy: 'shared' as const };
    const fe = sandboxLimits(nested, 'FE', '/r', { gitWritable: ['/main/.git', '/r/.git'], gitControl: [] });
    assert.deepEqual(fe.denyWrite, ['/r/HANDOFF_FROM_TEST.md', '/r/lib/a.test.ts']);
    assert.deepEqual(fe.globs, ['lib/*.test.ts']);
    assert.deepEqual(fe.allowWrite, ['/main/.git'], "only git's directories outside the folder are added");
  });

  it("replaces only the entries Territory wrote last time, keeping the user's", () => {
    const existing =
      '{\n  "model": "opus",\n  "permissions": {\n    "allow": ["Bash(npm test)"],\n    "deny": ["Read(./.env)", "Edit(//old/rule)"]\n  }\n}\n';
    const merged = mergeOwnedArray(
      existing,
      ['permissions', 'deny'],
      ['Edit(//old/rule)'],
      ['Edit(//new/a)', 'Edit(//new/b)'],
    );
    assert.ok(merged.ok);
    const data = JSON.parse(merged.text);
    assert.equal(data.model, 'opus');
    assert.deepEqual(data.permissions.allow, ['Bash(npm test)']);
    assert.deepEqual(data.permissions.deny, ['Read(./.env)', 'Edit(//new/a)', 'Edit(//new/b)']);
    const same = mergeOwnedArray(
      merged.text,
      ['permissions', 'deny'],
      ['Edit(//new/a)', 'Edit(//new/b)'],
      ['Edit(//new/a)', 'Edit(//new/b)'],
    );
    assert.ok(same.ok && !same.changed);
    const fresh = mergeOwnedArray(undefined, ['permissions', 'deny'], [], ['Edit(//x)']);
    assert.ok(fresh.ok);
    assert.deepEqual(JSON.parse(fresh.text), { permissions: { deny: ['Edit(//x)'] } });
    assert.equal(mergeOwnedArray('{"permissions": {"deny": "no"}}', ['permissions', 'deny'], [], []).ok, false);
  });
});

describe('guard: marked blocks', () => {
  const block = (n: number) => renderBlock([`line ${n}`], 'generated');

  it('appends a block, then replaces only the block, byte for byte around it', () => {
    const hand = '# my owners\n/legacy/ @old\n';
    const first = mergeBlock(hand, block(1));
    assert.ok(first.ok);
    assert.equal(first.text, '# my owners\n/legacy/ @old\n\n# BEGIN TERRITORY — generated\nline 1\n# END TERRITORY\n');
    const edited = first.text + '/after/ @me\n';
    const second = mergeBlock(edited, block(2));
    assert.ok(second.ok);
    assert.equal(
      second.text,
      '# my owners\n/legacy/ @old\n\n# BEGIN TERRITORY — generated\nline 2\n# END TERRITORY\n/after/ @me\n',
    );
    const third = mergeBlock(second.text, block(2));
    assert.ok(third.ok && !third.changed);
  });

  it('keeps CRLF files CRLF and a file without a final newline intact', () => {
    const crlf = mergeBlock('a\r\nb\r\n', block(1));
    assert.ok(crlf.ok);
    assert.equal(crlf.text, 'a\r\nb\r\n\r\n# BEGIN TERRITORY — generated\r\nline 1\r\n# END TERRITORY\r\n');
    const bare = mergeBlock('a', block(1));
    assert.ok(bare.ok);
    assert.equal(bare.text, 'a\n\n# BEGIN TERRITORY — generated\nline 1\n# END TERRITORY\n');
  });

  it('refuses unbalanced markers', () => {
    assert.equal(mergeBlock('# BEGIN TERRITORY\nx\n', block(1)).ok, false);
    assert.equal(mergeBlock('# END TERRITORY\n# BEGIN TERRITORY\n', block(1)).ok, false);
    assert.equal(
      mergeBlock('# BEGIN TERRITORY\n# END TERRITORY\n# BEGIN TERRITORY\n# END TERRITORY\n', block(1)).ok,
      false,
    );
  });
});
