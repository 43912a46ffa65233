// The CODEOWNERS export must give every file the owner Territory gives it, as GitHub reads the
// file (test/support/githubCodeowners.ts follows GitHub's documented rules, not Territory's
// pattern code): a domain's file to its team, files no domain owns and Territory's control files
// (the one list, src/core/guard/controlFiles.ts) to the lead's owners, whatever a domain's pattern says.
import { strict as assert } from 'node:assert';
import { codeownersExport } from '../../../../src/core/guard/codeowners';
import { leadFilesOf } from '../../../../src/core/guard/controlFiles';
import { OwnershipResolver } from '../../../../src/core/ownership/resolver';
import type { DomainMap } from '../../../../src/core/types';
import { githubOwners, parseCodeowners } from '../../../support/githubCodeowners';
import { SEED_MAP } from '../../../support/seedMap';

const domain = (id: string, paths: string[]) => ({
  id,
  terminal: `T-${id}`,
  name: id,
  prefixes: [`${id.toLowerCase()}:`],
  rules: [],
  paths,
});

/** Domains that reach into each other and into Territory's files: `.github/`, `*.json`, `.vscode/`, `.claude/`. */
const MAP: DomainMap = {
  ...SEED_MAP,
  domains: [
    domain('CORE', ['/backend/', '**/models/']),
    domain('API', ['/backend/api/', '**/routes/*.py']),
    domain('FE', ['frontend/', '*.tsx']),
    domain('DOCS', ['docs/', '/*.md', '/.github/']),
    domain('OPS', ['/.vscode/', '/.claude/', '/scripts/', '/*.json', '/.husky/', '/.territory/', '.gitattributes']),
  ],
};

const OWNERS = {
  CORE: ['@acme/core'],
  API: ['@acme/api'],
  FE: ['@acme/fe'],
  DOCS: ['@acme/docs'],
  OPS: ['@acme/ops'],
  '*': ['@acme/lead'],
};

/** A deterministic generator (xorshift32): the same 5,000 paths on every run. */
function generatedPaths(count: number, keep: (file: string) => boolean, seed = 12345): string[] {
  let state = seed;
  const next = (n: number) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
  const dirs = [
    'backend',
    'api',
    'routes',
    'models',
    'frontend',
    'src',
    'docs',
    'scripts',
    '.github',
    'workflows',
    '.vscode',
    '.claude',
    '.territory',
    '.husky',
    'lib',
    'app',
    'x y',
    'prompts',
  ];
  const names = [
    'a.py',
    'b.tsx',
    'README.md',
    'settings.json',
    'territory.json',
    'territory.yml',
    '.gitattributes',
    'pre-commit',
    'index.ts',
    'settings.local.json',
    'notes.txt',
    'CODEOWNERS',
  ];
  const fixed = [
    'territory.json',
    '.vscode/settings.json',
    '.claude/settings.json',
    '.claude/settings.local.json',
    '.github/workflows/territory.yml',
    '.territory/session.json',
    '.territory/bin/territory.cjs',
    '.gitattributes',
    'backend/.gitattributes',
    '.husky/pre-commit',
    'lefthook.yml',
    '.pre-commit-config.yaml',
    'routes/a.py',
    'backend/routes/a.py',
    'x/y/routes/a.py',
  ];
  const paths = new Set(fixed);
  while (paths.size < count) {
    const depth = next(4);
    const parts = Array.from({ length: depth }, () => dirs[next(dirs.length)] as string);
    const file = [...parts, names[next(names.length)] as string].join('/');
    if (keep(file)) paths.add(file);
  }
  return [...paths];
}

/** Territory's owner of each file, as CODEOWNERS should name it: the domain's team, else the lead's. */
function territoryOwners(map: DomainMap, owners: Record<string, string[]>, mapPath = 'territory.json') {
  const resolver = OwnershipResolver.compile(map);
  const lead = leadFilesOf([mapPath]);
  return (file: string): readonly string[] => {
    if (lead.has(file)) return owners['*'] ?? [];
    const owner = resolver.resolve(file);
    if (owner.kind === 'owned') return owners[owner.domain.id] ?? owners['*'] ?? [];
    if (owner.kind === 'contested') throw new Error(`${file} is contested: the map of this test must not be`);
    return owners['*'] ?? [];
  };
}

describe("guard: CODEOWNERS as GitHub reads it gives every file Territory's owner", function () {
  this.timeout(60_000);

  it("the test's reader gives the documented examples GitHub's answers", () => {
    const rules = parseCodeowners(
      [
        '* @global',
        '*.js @js # inline',
        '/build/logs/ @doctocat',
        'docs/* docs@example.com',
        'apps/ @octocat',
        '**/logs @logs',
        '/apps/github',
        'path\\ with\\ spaces/ @space',
      ].join('\n'),
    );
    const owner = (file: string) => githubOwners(rules, file).owners.join(' ');
    assert.equal(owner('src/a.js'), '@js');
    assert.equal(owner('build/logs/a/b.txt'), '@logs', 'the last match wins');
    assert.equal(owner('docs/getting-started.md'), 'docs@example.com');
    assert.equal(owner('docs/build-app/troubleshooting.md'), '@global', '`docs/*` owns direct children only');
    assert.equal(owner('x/apps/y.txt'), '@octocat');
    assert.equal(owner('apps/github/z.txt'), '', 'a line without owners');
    assert.equal(owner('deeply/nested/logs/l.txt'), '@logs');
    assert.equal(owner('path with spaces/a'), '@space');
    assert.equal(owner('src/a.JS'), '@global', 'case sensitive');
    assert.throws(() => parseCodeowners('!a @x'), /negation/);
    assert.throws(() => parseCodeowners('a[bc] @x'), /ranges/);
  });

  it('an unanchored pattern written `**/x` does not get a second `**/` (it was `**/**/routes/*.py`)', () => {
    const { lines } = codeownersExport(MAP, OWNERS);
    assert.ok(!lines.some((l) => l.includes('**/**')), lines.join('\n'));
    assert.ok(
      lines.some((l) => /^\*\*\/routes\/\*\.py\s/.test(l)),
      lines.join('\n'),
    );
    const below = codeownersExport(MAP, OWNERS, [], 'pkg/app');
    assert.ok(!below.lines.some((l) => l.includes('**/**')), below.lines.join('\n'));
  });

  it("the map, the CI workflow and Territory's settings are the lead's even where a domain's pattern covers them", () => {
    const rules = parseCodeowners(codeownersExport(MAP, OWNERS).lines.join('\n'));
    for (const file of [
      'territory.json',
      '.github/workflows/territory.yml',
      '.vscode/settings.json',
      '.claude/settings.local.json',
      '.territory/session.json',
      'backend/.gitattributes',
      '.husky/pre-commit',
    ]) {
      assert.deepEqual(githubOwners(rules, file).owners, ['@acme/lead'], file);
    }
    // Files the same domains own that are not control files stay theirs.
    assert.deepEqual(githubOwners(rules, '.github/ISSUE_TEMPLATE.md').owners, ['@acme/docs']);
    assert.deepEqual(githubOwners(rules, 'package.json').owners, ['@acme/ops']);
  });

  it("a markdown map is the lead's under its own name", () => {
    const rules = parseCodeowners(codeownersExport(MAP, OWNERS, [], '', { mapPaths: ['AGENTS.md'] }).lines.join('\n'));
    assert.deepEqual(githubOwners(rules, 'AGENTS.md').owners, ['@acme/lead']);
    assert.deepEqual(githubOwners(rules, 'README.md').owners, ['@acme/docs']);
  });

  it('with no lead owner the block says the control files are unprotected, and gives them to no domain', () => {
    const { lines, warnings } = codeownersExport(MAP, { ...OWNERS, '*': [] });
    assert.ok(
      lines.some((l) => /^# no lead owner .*no review protects them/.test(l)),
      lines.join('\n'),
    );
    assert.equal(warnings.length, 1);
    const rules = parseCodeowners(lines.join('\n'));
    assert.deepEqual(githubOwners(rules, 'territory.json').owners, [], 'not the OPS team, which the map would name');
    assert.deepEqual(githubOwners(rules, '.github/workflows/territory.yml').owners, []);
  });

  it('territory.unassigned "locked" cannot be said in CODEOWNERS: the block says so', () => {
    const locked = codeownersExport(MAP, OWNERS, [], '', { unassigned: 'locked' });
    assert.ok(
      locked.lines.some((l) =>
        /^# territory\.unassigned is "locked".*CODEOWNERS cannot forbid a change, only ask for review/.test(l),
      ),
      locked.lines.join('\n'),
    );
    const shared = codeownersExport(MAP, OWNERS, [], '', { unassigned: 'shared' });
    assert.ok(!shared.lines.some((l) => l.includes('territory.unassigned')));
  });

  for (const folder of ['', 'pkg/app']) {
    it(`5,000 generated files: the last matching line names Territory's owner${folder === '' ? '' : ` (map in ${folder}/)`}`, () => {
      // Files the map leaves contested have no owner to agree on (the export refuses such a listing).
      const resolver = OwnershipResolver.compile(MAP);
      const files = generatedPaths(5000, (file) => resolver.resolve(file).kind !== 'contested');
      const generated = codeownersExport(MAP, OWNERS, files, folder);
      assert.deepEqual(generated.contested, []);
      assert.deepEqual(generated.skipped, []);
      const rules = parseCodeowners(generated.lines.join('\n'));
      const expected = territoryOwners(MAP, OWNERS);
      const prefix = folder === '' ? '' : `${folder}/`;
      const wrong: string[] = [];
      const seen = new Set<string>();
      for (const file of files) {
        const started = Date.now();
        const github = githubOwners(rules, `${prefix}${file}`);
        const ours = expected(file);
        seen.add(ours.join(' '));
        if (github.owners.join(' ') !== ours.join(' '))
          wrong.push(
            `${file}: GitHub ${github.owners.join(' ') || '(none)'} by ${github.line ?? 'no line'}, Territory ${ours.join(' ')}`,
          );
        assert.ok(Date.now() - started < 1000, `${file} took ${Date.now() - started} ms`);
      }
      assert.deepEqual(wrong.slice(0, 20), [], `${wrong.length} of ${files.length} files disagree`);
      assert.ok(seen.size >= 6, `every owner is exercised: ${[...seen].join(', ')}`);
    });
  }
});
