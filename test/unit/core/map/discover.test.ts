import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findMapFile, readMapFile } from '../../../../src/core/map/discover';
import { SEED_MAP } from '../../../support/seedMap';
import { fixture } from '../../support/map';

const TABLE =
  '| Terminal | Domain Name | Exclusive Paths | Commit Prefix |\n|---|---|---|---|\n| T1 | CORE | `a/` | `core:` |\n';

describe('findMapFile and readMapFile', () => {
  let root: string;
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'territory-map-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds nothing in an empty folder', async () => {
    assert.equal(await findMapFile(root), undefined);
  });

  it('prefers territory.json over markdown tables', async () => {
    write('README.md', TABLE);
    write('territory.json', '{ "domains": [] }');
    assert.deepEqual(await findMapFile(root), { file: join(root, 'territory.json'), kind: 'json' });
  });

  it('then the first root markdown file with a table, sorted, skipping HANDOFF_*.md', async () => {
    write('A_NOTES.md', '# no table\n');
    write('HANDOFF_FROM_API.md', TABLE);
    write('PLAN.md', TABLE);
    write('README.md', TABLE);
    write('docs/protocol.md', TABLE);
    assert.deepEqual(await findMapFile(root), { file: join(root, 'PLAN.md'), kind: 'markdown' });
  });

  it('does not take a table lacking columns as a map', async () => {
    write('README.md', '| Terminal | Domain Name |\n|---|---|\n| T1 | CORE |\n');
    assert.equal(await findMapFile(root), undefined);
  });

  it('then docs/**/*.md, shallower first', async () => {
    write('docs/a/b/deep.md', TABLE);
    write('docs/z/orchestration.md', TABLE);
    write('docs/intro.md', 'nothing here');
    assert.deepEqual(await findMapFile(root), { file: join(root, 'docs', 'z', 'orchestration.md'), kind: 'markdown' });
  });

  it('stops looking below the depth bound', async () => {
    write('docs/1/2/3/4/5/6/deep.md', TABLE);
    assert.equal(await findMapFile(root), undefined);
  });

  it('lets the configured file win, relative or absolute, even when missing', async () => {
    write('territory.json', '{ "domains": [] }');
    write('maps/team.md', TABLE);
    assert.deepEqual(await findMapFile(root, 'maps/team.md'), {
      file: join(root, 'maps', 'team.md'),
      kind: 'markdown',
    });
    assert.deepEqual(await findMapFile(root, join(root, 'maps', 'other.jsonc')), {
      file: join(root, 'maps', 'other.jsonc'),
      kind: 'json',
    });
    assert.deepEqual(await findMapFile(root, 'missing.json'), { file: join(root, 'missing.json'), kind: 'json' });
  });

  it('refuses a configured file outside the folder', async () => {
    await assert.rejects(findMapFile(root, '../elsewhere/territory.json'), /outside the workspace folder/);
    await assert.rejects(findMapFile(root, '/etc/territory.json'), /outside the workspace folder/);
  });

  it('refuses a configured symbolic link that leads outside the folder', async function () {
    const outside = mkdtempSync(join(tmpdir(), 'territory-outside-'));
    try {
      writeFileSync(join(outside, 'map.json'), '{ "domains": [] }');
      try {
        symlinkSync(join(outside, 'map.json'), join(root, 'link.json'));
      } catch {
        this.skip();
      }
      await assert.rejects(findMapFile(root, 'link.json'), /outside the workspace folder/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('reads both kinds; a read error or a file without a table is a diagnostic', async () => {
    write('territory.json', '\uFEFF' + fixture('seed', 'territory.json'));
    write('ORCHESTRATION.md', fixture('seed', 'PARALLEL_ORCHESTRATION.md'));
    write('EMPTY.md', '# nothing\n');
    assert.deepStrictEqual((await readMapFile(join(root, 'territory.json'), 'json')).map, SEED_MAP);
    assert.deepStrictEqual((await readMapFile(join(root, 'ORCHESTRATION.md'), 'markdown')).map, SEED_MAP);
    const missing = await readMapFile(join(root, 'nope.json'), 'json');
    assert.equal(missing.map, undefined);
    assert.deepEqual(
      missing.diagnostics.map((d) => [d.severity, d.code]),
      [['error', 'read-error']],
    );
    assert.match(missing.diagnostics[0].message, /does not exist/);
    const noTable = await readMapFile(join(root, 'EMPTY.md'), 'markdown');
    assert.deepEqual(
      noTable.diagnostics.map((d) => d.code),
      ['no-territory-table'],
    );
  });
});
