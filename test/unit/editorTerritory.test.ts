import { strict as assert } from 'node:assert';
import { compilePattern } from '../../src/core/ownership/pattern';
import { readonlyGlobs, globsOf } from '../../src/core/readonlyGlobs';
import { domainOfTerminal, domainTerminalName } from '../../src/core/terminalNames';
import { SEED_MAP } from '../support/seedMap';

const [CORE, API, , , TEST] = SEED_MAP.domains;

describe('terminal recognition', () => {
  const domains = SEED_MAP.domains;
  it('names domain terminals "T1 · CORE"', () => assert.equal(domainTerminalName(CORE), 'T1 · CORE'));
  it('TERRITORY_DOMAIN decides first, case-insensitively', () => {
    assert.equal(domainOfTerminal('bash', { TERRITORY_DOMAIN: 'api' }, domains), API);
    assert.equal(domainOfTerminal('T1 · CORE', { TERRITORY_DOMAIN: 'TEST' }, domains), TEST);
  });
  it('an unknown TERRITORY_DOMAIN binds to nothing, whatever the name says', () => {
    assert.equal(domainOfTerminal('T1 · CORE', { TERRITORY_DOMAIN: 'NOPE' }, domains), undefined);
  });
  it('recognises a domain id or terminal label as a word of the name', () => {
    assert.equal(domainOfTerminal('T1 · CORE', undefined, domains), CORE);
    assert.equal(domainOfTerminal('core agent', {}, domains), CORE);
    assert.equal(domainOfTerminal('claude (T5)', {}, domains), TEST);
    assert.equal(domainOfTerminal('api-worker', {}, domains), API);
  });
  it('ignores names that only contain an id inside a word, or name two domains', () => {
    assert.equal(domainOfTerminal('scorecard', {}, domains), undefined);
    assert.equal(domainOfTerminal('zsh', {}, domains), undefined);
    assert.equal(domainOfTerminal('T11', {}, domains), undefined);
    assert.equal(domainOfTerminal('CORE and API', {}, domains), undefined);
    assert.equal(domainOfTerminal('T1 · CORE', { TERRITORY_DOMAIN: '  ' }, domains), CORE);
  });
});

describe('read-only globs per domain', () => {
  const cover = { locked: true, directories: ['scripts'], files: ['Makefile'] };

  it('CORE: every other territory, other handoff files, unassigned; its own handoff stays writable', () => {
    const globs = readonlyGlobs(SEED_MAP, 'CORE', cover);
    for (const glob of [
      'backend/app/api/**',
      'backend/app/services/**',
      'backend/app/core/**',
      'backend/app/scheduling/**',
      'frontend/src/**',
      'frontend/public/**',
      'backend/tests/**',
      'frontend/__tests__/**',
      '**/docs/**',
      '*.md',
      'HANDOFF_FROM_API.md',
      'HANDOFF_FROM_TEST.md',
      'scripts/**',
      'Makefile',
    ]) {
      assert.ok(globs.include.includes(glob), `include ${glob}: ${globs.include.join(', ')}`);
    }
    assert.ok(!globs.include.some((g) => g.startsWith('backend/app/models') || g === 'HANDOFF_FROM_CORE.md'));
    assert.deepEqual(globs.exclude, ['HANDOFF_FROM_CORE.md']);
  });

  it('the settings file the globs are written into stays writable when .vscode/ is unassigned and locked', () => {
    const globs = readonlyGlobs(SEED_MAP, 'CORE', { ...cover, directories: ['.vscode', 'scripts'] }, ['.vscode/settings.json']);
    assert.ok(globs.include.includes('.vscode/**'));
    assert.ok(globs.exclude.includes('.vscode/settings.json'));
  });

  it('shared unassigned files are not listed', () => {
    const globs = readonlyGlobs(SEED_MAP, 'CORE', { ...cover, locked: false });
    assert.ok(!globs.include.includes('Makefile') && !globs.include.includes('scripts/**'));
  });

  it('own territory nested inside another domain is excluded, since exclude beats include', () => {
    const map = {
      ...SEED_MAP,
      domains: [
        { ...API, paths: ['backend/app/'] },
        { ...CORE, paths: ['backend/app/models/'] },
      ],
    };
    const globs = readonlyGlobs(map, 'CORE', { locked: false, directories: [], files: [] });
    assert.ok(globs.include.includes('backend/app/**'));
    assert.ok(globs.exclude.includes('backend/app/models/**'));
  });

  it('unknown domain: nothing', () => assert.deepEqual(readonlyGlobs(SEED_MAP, 'NOPE', cover), { include: [], exclude: [] }));

  it('globs keep gitignore meaning', () => {
    assert.deepEqual(globsOf(compilePattern('docs/')[0]), ['**/docs/**']);
    assert.deepEqual(globsOf(compilePattern('/docs/')[0]), ['docs/**']);
    assert.deepEqual(globsOf(compilePattern('/*.md')[0]), ['*.md', '*.md/**']);
    assert.deepEqual(globsOf(compilePattern('fixtures')[0]), ['**/fixtures', '**/fixtures/**']);
  });
});
