import { strict as assert } from 'node:assert';
import { minimatch } from 'minimatch';
import { globsOf } from '../../../src/core/ownership/offLimitsGlobs';
import { compilePattern } from '../../../src/core/ownership/pattern';
import { OwnershipResolver } from '../../../src/core/ownership/resolver';
import { readonlyGlobs } from '../../../src/core/readonlyGlobs';
import type { DomainMap } from '../../../src/core/types';
import { domainOfTerminal, domainTerminalName } from '../../../src/core/terminalNames';
import { SEED_MAP } from '../../support/seedMap';

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
  const files = [
    'backend/app/models/user.py',
    'backend/app/api/routes.py',
    'backend/app/services/mail.py',
    'backend/app/core/config.py',
    'backend/app/scheduling/jobs.py',
    'frontend/src/App.tsx',
    'frontend/public/index.html',
    'backend/tests/test_api.py',
    'frontend/__tests__/App.test.tsx',
    'docs/guide.md',
    'README.md',
    'HANDOFF_FROM_API.md',
    'HANDOFF_FROM_CORE.md',
    'scripts/deploy.sh',
    'scripts/lib/common.sh',
    'Makefile',
    '.vscode/settings.json',
    '.vscode/launch.json',
  ];
  const inputs = (map: DomainMap, unassignedPolicy: 'locked' | 'shared' = 'locked', listing = files) => ({
    map,
    resolver: OwnershipResolver.compile(map),
    files: listing,
    unassignedPolicy,
  });
  const readOnly = (globs: { include: readonly string[]; exclude: readonly string[] }, file: string) =>
    globs.include.some((g) => minimatch(file, g, { dot: true })) &&
    !globs.exclude.some((g) => minimatch(file, g, { dot: true }));

  it('CORE: every other territory, other handoff files, unassigned; its own handoff stays writable', () => {
    const globs = readonlyGlobs(inputs(SEED_MAP), 'CORE');
    for (const glob of [
      'backend/app/api/**',
      'backend/app/services/**',
      'backend/app/core/**',
      'backend/app/scheduling/**',
      'frontend/src/**',
      'frontend/public/**',
      'backend/tests/**',
      'frontend/__tests__/**',
      // DOCS's `docs/` could hold CORE's handoff file (`**/docs` meets any name): written as today's folder.
      'docs/**',
      'README.md',
      'HANDOFF_FROM_API.md',
      'HANDOFF_FROM_TEST.md',
      'scripts/**',
      'Makefile',
    ]) {
      assert.ok(globs.include.includes(glob), `include ${glob}: ${globs.include.join(', ')}`);
    }
    assert.ok(!globs.include.some((g) => g.startsWith('backend/app/models') || g === 'HANDOFF_FROM_CORE.md'));
    assert.ok(!readOnly(globs, 'HANDOFF_FROM_CORE.md') && !readOnly(globs, 'backend/app/models/user.py'));
    assert.deepEqual(globs.exclude, []);
  });

  it('the settings file the globs are written into stays writable when .vscode/ is unassigned and locked', () => {
    const globs = readonlyGlobs(inputs(SEED_MAP), 'CORE', ['.vscode/settings.json']);
    assert.ok(globs.include.includes('.vscode/**'));
    assert.ok(globs.exclude.includes('.vscode/settings.json'));
    assert.ok(readOnly(globs, '.vscode/launch.json') && !readOnly(globs, '.vscode/settings.json'));
  });

  it('shared unassigned files are not listed', () => {
    const globs = readonlyGlobs(inputs(SEED_MAP, 'shared'), 'CORE');
    assert.ok(!globs.include.includes('Makefile') && !globs.include.includes('scripts/**'));
  });

  it("own territory nested inside another domain's folder stays writable", () => {
    const map = {
      ...SEED_MAP,
      domains: [
        { ...API, paths: ['backend/app/'] },
        { ...CORE, paths: ['backend/app/models/'] },
      ],
    };
    const globs = readonlyGlobs(inputs(map, 'shared'), 'CORE');
    assert.ok(!readOnly(globs, 'backend/app/models/user.py'));
    assert.ok(readOnly(globs, 'backend/app/api/routes.py') && readOnly(globs, 'backend/app/core/config.py'));
  });

  // The old globs excluded CORE's own folder whenever another domain's folder held it; VS Code's
  // exclude beats include at any depth, so a third domain's folder inside CORE's was writable too.
  it("a third domain's folder inside the domain's own, inside another's, stays read-only", () => {
    const map = {
      ...SEED_MAP,
      domains: [
        { ...API, paths: ['/backend/'] },
        { ...CORE, paths: ['/backend/app/'] },
        { ...TEST, paths: ['/backend/app/models/'] },
      ],
    };
    const globs = readonlyGlobs(inputs(map, 'shared'), 'CORE');
    assert.ok(
      readOnly(globs, 'backend/app/models/user.py'),
      `${globs.include.join(', ')} / ${globs.exclude.join(', ')}`,
    );
    assert.ok(!readOnly(globs, 'backend/app/api/routes.py'));
    assert.ok(readOnly(globs, 'backend/tests/test_api.py'));
  });

  // The old globs excluded the domain's own patterns only where an anchored literal prefix held
  // them: CORE's `/docs/` inside DOCS's `*.md` stayed read-only though CORE owns docs/guide.md.
  it("own folder inside another domain's unanchored pattern stays writable", () => {
    const map = {
      ...SEED_MAP,
      domains: [
        { ...API, paths: ['*.md'] },
        { ...CORE, paths: ['/docs/'] },
      ],
    };
    const globs = readonlyGlobs(inputs(map, 'shared'), 'CORE');
    assert.ok(!readOnly(globs, 'docs/guide.md'), globs.include.join(', '));
    assert.ok(readOnly(globs, 'README.md'));
  });

  it('an unassigned folder stays one glob for a domain with an unanchored pattern (the globs are rewritten as files come and go)', () => {
    const vendor = Array.from({ length: 200 }, (_, i) => `vendor/lib/m${i}.py`);
    const globs = readonlyGlobs(inputs(SEED_MAP, 'locked', [...files, ...vendor]), 'TEST');
    assert.ok(globs.include.includes('vendor/**'), globs.include.join(', '));
    assert.ok(globs.include.length < 30, `${globs.include.length} globs`);
  });

  it('unknown domain: nothing', () =>
    assert.deepEqual(readonlyGlobs(inputs(SEED_MAP), 'NOPE'), { include: [], exclude: [] }));

  it('globs keep gitignore meaning', () => {
    assert.deepEqual(globsOf(compilePattern('docs/')[0]), ['**/docs/**']);
    assert.deepEqual(globsOf(compilePattern('/docs/')[0]), ['docs/**']);
    assert.deepEqual(globsOf(compilePattern('/*.md')[0]), ['*.md', '*.md/**']);
    assert.deepEqual(globsOf(compilePattern('fixtures')[0]), ['**/fixtures', '**/fixtures/**']);
  });
});
