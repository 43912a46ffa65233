import { strict as assert } from 'node:assert';
import { idOf, mapOfProposal, proposeMap, type TopLevelEntry } from '../../../../src/core/map/proposal';
import { mapToJsonText } from '../../../../src/core/map/toJson';
import { DOMAIN_ID_PATTERN } from '../../../../src/core/map/validate';
import { OwnershipResolver } from '../../../../src/core/ownership/resolver';
import { parseMapText } from '../../../../src/core/territory';

const dirs = (...names: string[]): TopLevelEntry[] => names.map((name) => ({ name, directory: true }));

/** The proposal as written to territory.json, read back by the real parser: no diagnostics at all. */
function written(proposal: ReturnType<typeof proposeMap>) {
  const text = mapToJsonText(
    mapOfProposal(
      proposal.project,
      proposal.domains.filter((d) => d.picked),
    ),
  );
  const parsed = parseMapText(text, 'json');
  assert.deepEqual(parsed.diagnostics, [], text);
  assert.ok(parsed.map, text);
  return parsed.map;
}

describe('proposeMap (Create Map in a repository without a map)', () => {
  it('proposes one domain per real top-level folder, with ids, terminals and prefixes, and the folder name as project', () => {
    const proposal = proposeMap('inventory-service', [
      ...dirs('src', 'web', 'docs'),
      { name: 'README.md', directory: false },
      { name: 'package.json', directory: false },
    ]);
    assert.equal(proposal.project, 'inventory-service');
    assert.deepEqual(
      proposal.domains.map((d) => [
        d.folder,
        d.domain.id,
        d.domain.terminal,
        d.domain.paths.join(),
        d.domain.prefixes.join(),
        d.picked,
      ]),
      [
        ['docs', 'DOCS', 'T1', '/docs/', 'docs:', true],
        ['src', 'SRC', 'T2', '/src/', 'src:', true],
        ['web', 'WEB', 'T3', '/web/', 'web:', true],
      ],
    );
    const map = written(proposal);
    assert.equal(map.project, 'inventory-service');
  });

  it('never proposes a folder that is not there: files, symbolic links, hidden folders and node_modules are left out', () => {
    const proposal = proposeMap('repo', [
      { name: 'lib', directory: true },
      { name: 'linked', directory: false }, // a symbolic link to a directory is listed as not one
      { name: 'src', directory: false }, // a file named src
      ...dirs('.git', '.vscode', '.github', 'node_modules', 'bower_components'),
    ]);
    assert.deepEqual(
      proposal.domains.map((d) => d.folder),
      ['lib'],
    );
    // What each proposed path owns is exactly that folder at the root, not a folder of the same name deeper down.
    const resolver = OwnershipResolver.compile(written(proposal));
    assert.equal(resolver.resolve('lib/a.ts').kind, 'owned');
    assert.equal(resolver.resolve('src/lib/a.ts').kind, 'unassigned');
    assert.equal(resolver.resolve('README.md').kind, 'unassigned');
  });

  it('offers generated folders (dist, build, coverage …) unticked', () => {
    const proposal = proposeMap('repo', dirs('dist', 'src', 'coverage', 'Build'));
    assert.deepEqual(
      proposal.domains.map((d) => [d.folder, d.picked]),
      [
        ['Build', false],
        ['coverage', false],
        ['dist', false],
        ['src', true],
      ],
    );
  });

  it('derives valid, distinct ids and prefixes from odd folder names, and skips names a pattern cannot hold', () => {
    const odd = ['web-app', 'web_app', 'Web App', '2024-data', 'café', '日本', 'a'.repeat(40), 'x.y', '@scope'];
    const hostile = ['a*b', 'we[b]', '{a,b}', '!neg', 'back\\slash', 'line\nbreak', ' lead', 'trail ', '#hash'];
    const proposal = proposeMap('repo', dirs(...odd, ...hostile));
    const ids = proposal.domains.map((d) => d.domain.id);
    for (const id of ids) assert.match(id, DOMAIN_ID_PATTERN);
    assert.equal(new Set(ids).size, ids.length, `distinct ids: ${ids.join(' ')}`);
    const prefixes = proposal.domains.map((d) => d.domain.prefixes[0]);
    assert.equal(new Set(prefixes).size, prefixes.length, `distinct prefixes: ${prefixes.join(' ')}`);
    assert.deepEqual(proposal.domains.map((d) => d.folder).sort(), [...odd].sort());
    assert.deepEqual(proposal.skipped.map((s) => s.folder).sort(), [...hostile].sort());
    const map = written(proposal);
    assert.equal(map.domains.length, odd.length);
    const resolver = OwnershipResolver.compile(map);
    for (const { folder, domain } of proposal.domains) {
      const owner = resolver.resolve(`${folder}/file.txt`);
      assert.ok(
        owner.kind === 'owned' && owner.domain.id === domain.id,
        `${folder}/file.txt belongs to ${domain.id}: ${JSON.stringify(owner)}`,
      );
    }
  });

  it('idOf: upper case, separators to "_", a leading digit guarded, accents folded, bounded to 32', () => {
    assert.equal(idOf('web-app'), 'WEB_APP');
    assert.equal(idOf('2024-data'), 'D2024_DATA');
    assert.equal(idOf('café'), 'CAFE');
    assert.equal(idOf('日本'), 'DOMAIN');
    assert.equal(idOf('a'.repeat(40)).length, 32);
    assert.equal(idOf(`${'a'.repeat(31)}-b`), 'A'.repeat(31), 'no trailing "_" after the cut');
  });

  it('takes the folder name as project, without control characters; a repository with no folder proposes nothing', () => {
    assert.equal(proposeMap('my\u0007repo', []).project, 'myrepo');
    assert.equal(proposeMap('   ', []).project, 'project');
    assert.deepEqual(proposeMap('repo', [{ name: 'README.md', directory: false }]).domains, []);
  });
});
