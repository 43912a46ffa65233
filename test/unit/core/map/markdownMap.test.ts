import { strict as assert } from 'node:assert';
import { parseJsonMap } from '../../../../src/core/map/jsonMap';
import { hasTerritoryTable, parseMarkdownMap } from '../../../../src/core/map/markdownMap';
import { titleCase } from '../../../../src/core/map/markdownTemplates';
import type { ParsedMap } from '../../../../src/core/types';
import { SEED_MAP } from '../../../support/seedMap';
import { assertDiagnostic, at, codes, fixture } from '../../support/map';

const HEADER = '| Terminal | Domain Name | Exclusive Paths | Commit Prefix |\n|---|---|---|---|';

function table(...rows: string[]): string {
  return [HEADER, ...rows].join('\n');
}

function parsed(text: string): ParsedMap {
  const result = parseMarkdownMap(text);
  assert.ok(result, 'expected a territory table');
  return result;
}

describe('parseMarkdownMap: the seed', () => {
  const seed = fixture('seed', 'PARALLEL_ORCHESTRATION.md');

  it('is a byte-identical copy of the shared seed', () => {
    assert.ok(seed.includes('## Domain Territory Map'));
    assert.ok(hasTerritoryTable(seed));
  });

  it('reads every domain, path and prefix of the table exactly, without diagnostics', () => {
    const result = parsed(seed);
    assert.deepEqual(result.diagnostics, []);
    assert.equal(result.kind, 'markdown');
    const domains = result.map!.domains;
    assert.deepEqual(
      domains.map((d) => [d.terminal, d.id]),
      [
        ['T1', 'CORE'],
        ['T2', 'API'],
        ['T3', 'SCHED'],
        ['T4', 'FE'],
        ['T5', 'TEST'],
      ],
    );
    assert.deepEqual(domains[0].paths, [
      'backend/app/models/',
      'backend/app/schemas/',
      'backend/app/db/',
      'backend/alembic/',
    ]);
    assert.deepEqual(domains[1].paths, ['backend/app/api/', 'backend/app/services/', 'backend/app/core/']);
    assert.deepEqual(domains[2].paths, ['backend/app/scheduling/']);
    assert.deepEqual(domains[3].paths, ['frontend/src/', 'frontend/public/']);
    assert.deepEqual(domains[4].paths, ['backend/tests/', 'frontend/__tests__/', 'docs/', '/*.md']);
    assert.deepEqual(
      domains.map((d) => d.prefixes),
      [['core:'], ['api:'], ['sched:'], ['fe:'], ['test:', 'docs:']],
    );
  });

  it('takes names from the template headings, and project, branch, agents from the prose', () => {
    const map = parsed(seed).map!;
    assert.deepEqual(
      map.domains.map((d) => d.name),
      ['Backend Core', 'Backend API', 'Scheduling Engine', 'Frontend', 'Tests & Docs'],
    );
    assert.equal(map.project, 'Autonomous-Assignment-Program-Manager');
    assert.equal(map.branch, 'claude/[session-branch-name]');
    assert.equal(map.agentsPerTerminal, 5);
  });

  it('keeps only the domain-specific template rules (TEST reads the handoffs)', () => {
    const map = parsed(seed).map!;
    assert.deepEqual(
      map.domains.map((d) => d.rules),
      [[], [], [], [], ['READ all HANDOFF_*.md files to understand what changed']],
    );
  });

  it('equals the territory.json fixture, and the expected seed map', () => {
    const fromMarkdown = parsed(seed).map;
    assert.deepStrictEqual(fromMarkdown, parseJsonMap(fixture('seed', 'territory.json')).map);
    assert.deepStrictEqual(fromMarkdown, SEED_MAP);
  });

  it('reads the same map from the seed with CRLF line ends, with the same positions', () => {
    const crlf = seed.replace(/\n/g, '\r\n');
    assert.deepStrictEqual(parsed(crlf).map, SEED_MAP);
    const broken = crlf.replace('| `core:` |', '| `core: x` |');
    const d = parsed(broken).diagnostics.find((x) => x.code === 'invalid-prefix');
    assert.deepEqual(d?.range, at(seed.replace('| `core:` |', '| `core: x` |'), 'core: x'));
  });
});

describe('parseMarkdownMap: table shapes', () => {
  it('returns undefined when there is no territory table', () => {
    assert.equal(parseMarkdownMap('# Title\n\nJust text.\n'), undefined);
    assert.equal(parseMarkdownMap('| Terminal | Specific Task |\n|---|---|\n| T1 | x |'), undefined);
    assert.equal(parseMarkdownMap(''), undefined);
  });

  it('ignores tables inside fenced code', () => {
    assert.equal(parseMarkdownMap('```\n' + table('| T1 | CORE | `a/` | `a:` |') + '\n```\n'), undefined);
  });

  it('names the missing columns of a partial table, at its header', () => {
    const text = 'Intro\n\n| Terminal | Domain Name | Paths |\n|---|---|---|\n| T1 | CORE | a/ |';
    const result = parsed(text);
    assert.equal(result.map, undefined);
    assertDiagnostic(
      result,
      'missing-columns',
      'error',
      { line: 2, column: 0, endLine: 2, endColumn: 34 },
      /lacks the column "Commit Prefix"/,
    );
  });

  it('accepts any column order and case, extra columns, no outer pipes, alignment rows', () => {
    const text = [
      'commit prefix | NOTES | exclusive paths | terminal | DOMAIN NAME',
      ':--- | :---: | ---: | - | ---',
      '`api:` | whatever | `api/` | T2 | API',
    ].join('\n');
    const result = parsed(text);
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(result.map?.domains, [
      { id: 'API', terminal: 'T2', name: 'API', paths: ['api/'], prefixes: ['api:'], rules: [] },
    ]);
  });

  it('handles escaped pipes, extra spaces, bold cells and bare (unquoted) paths and prefixes', () => {
    const text = table('|   **T1**   |   `CORE`  |  a/b/ ,  root *.md,c\\|d/  |  core:   or  docs:  |');
    const result = parsed(text);
    assert.deepEqual(result.diagnostics, []);
    assert.deepEqual(result.map?.domains[0], {
      id: 'CORE',
      terminal: 'T1',
      name: 'CORE',
      paths: ['a/b/', '/*.md', 'c|d/'],
      prefixes: ['core:', 'docs:'],
      rules: [],
    });
  });

  it('keeps commas inside backticks', () => {
    const result = parsed(table('| T1 | CORE | `src/{a,b}/` | `core:` |'));
    assert.deepEqual(result.map?.domains[0].paths, ['src/{a,b}/']);
  });

  it('reports empty cells at the cell', () => {
    const text = table('| T1 | CORE |  | `core:` |', '|  | API | `api/` | `api:` |');
    const result = parsed(text);
    const d = result.diagnostics.filter((x) => x.code === 'empty-cell');
    assert.equal(d.length, 2);
    assert.equal(d[0].severity, 'warning');
    assert.deepEqual(d[0].range, { line: 2, column: 13, endLine: 2, endColumn: 15 });
    assert.equal(d[1].severity, 'error');
    assert.deepEqual(d[1].range, { line: 3, column: 1, endLine: 3, endColumn: 3 });
    assert.deepEqual(
      result.map?.domains.map((x) => x.id),
      ['CORE'],
    );
  });

  it('treats missing trailing cells as empty', () => {
    const text = table('| T1 | CORE | `a/` |');
    assertDiagnostic(parsed(text), 'empty-cell', 'warning', { line: 2, column: 20, endLine: 2, endColumn: 20 });
  });

  it('reports an empty table', () => {
    assertDiagnostic(parsed(HEADER), 'empty-map', 'error', { line: 0, column: 0, endLine: 0, endColumn: 60 });
  });

  it('reports prose it cannot read as one note for the cell', () => {
    const text = table('| T1 | CORE | `a/` (mostly) | `core:` |');
    assertDiagnostic(parsed(text), 'ignored-text', 'info', at(text, '`a/` (mostly)'), /"\(mostly\)"/);
  });

  it('annotated paths cells as real documents write them: only the backticked text is a pattern', () => {
    const text = table(
      '| T2 | API | `backend/app/api/` (routes/, dependencies/) | `api:` |',
      '| T9 | DOCS | `docs/`, root `*.md` (README, ROADMAP, CHANGELOG, etc.) | `docs:` |',
      '| T3 | SCHED | `backend/app/scheduling/` (engine/, solvers/), `backend/app/jobs/` (cron, workers; retries), etc. | `sched:` |',
      '| T4 | FE | frontend/src/, frontend/public/ | `fe:` |',
    );
    const result = parsed(text);
    assert.deepEqual(
      result.map?.domains.map((d) => [d.id, d.paths]),
      [
        ['API', ['backend/app/api/']],
        ['DOCS', ['docs/', '/*.md']],
        ['SCHED', ['backend/app/scheduling/', 'backend/app/jobs/']],
        // A cell without backticks keeps today's rule: comma-separated patterns.
        ['FE', ['frontend/src/', 'frontend/public/']],
      ],
    );
    const notes = result.diagnostics.filter((d) => d.code === 'ignored-text');
    assert.deepEqual(
      notes.map((d) => [d.severity, d.range?.line]),
      [
        ['info', 2],
        ['info', 3],
        ['info', 4],
      ],
    );
    assert.match(notes[1].message, /"\(README ROADMAP CHANGELOG etc\.\)"/);
    assert.ok(
      !result.diagnostics.some((d) => d.severity === 'error' || d.severity === 'warning'),
      JSON.stringify(result.diagnostics),
    );
  });

  it('runs the shared checks with the range of the cell item', () => {
    const text = table('| T1 | CORE | `../x/`, `a/` | `core:` |', '| T1 | API | `a/` | `core:` |');
    const result = parsed(text);
    assertDiagnostic(result, 'pattern-outside-folder', 'error', at(text, '../x/'));
    assertDiagnostic(result, 'duplicate-terminal', 'error', { line: 3, column: 2, endLine: 3, endColumn: 4 });
    assertDiagnostic(result, 'overlapping-territory', 'error', at(text, 'a/', 1));
    assertDiagnostic(result, 'duplicate-prefix', 'error', at(text, 'core:', 1));
  });

  it('upper-cases lower-case ids and derives ids from names', () => {
    const text = table(
      '| T1 | core | `a/` | `a:` |',
      '| T2 | Backend Api | `b/` | `b:` |',
      '| T3 | x.y | `c/` | `c:` |',
    );
    const result = parsed(text);
    assert.deepEqual(codes(result), ['id-not-uppercase', 'id-derived', 'invalid-id']);
    assert.deepEqual(
      result.map?.domains.map((d) => [d.id, d.name]),
      [
        ['CORE', 'CORE'],
        ['BACKEND_API', 'Backend Api'],
      ],
    );
    assert.deepEqual(result.diagnostics[2].range, at(text, 'x.y'));
  });

  it('reads only the first of two territory tables', () => {
    const text = table('| T1 | CORE | `a/` | `a:` |') + '\n\n' + table('| T2 | API | `b/` | `b:` |');
    const result = parsed(text);
    assertDiagnostic(result, 'multiple-tables', 'warning', { line: 4, column: 0, endLine: 4, endColumn: 60 });
    assert.deepEqual(
      result.map?.domains.map((d) => d.id),
      ['CORE'],
    );
  });
});

describe('parseMarkdownMap: prose around the table', () => {
  const rows = table('| T1 | UI | `web/` | `ui:` |', '| T2 | DATA | `etl/` | `data:` |');

  it('leaves project, branch and agents out when the prose does not give them', () => {
    const map = parsed('We work for the whole project.\n\n' + rows).map!;
    assert.deepEqual([map.project, map.branch, map.agentsPerTerminal], [undefined, undefined, undefined]);
    assert.deepEqual(
      map.domains.map((d) => d.name),
      ['UI', 'DATA'],
    );
  });

  it('reads headings, project, branch, agents and the rules that only one template has', () => {
    const template = (n: number, title: string, id: string, extra: string) =>
      [
        `### Terminal ${n} - ${title}`,
        '',
        '```',
        `You are the ${title} orchestrator for Acme Shop.`,
        '',
        'Branch: `feature/x`',
        '',
        'EXECUTION RULES:',
        '1. Spawn up to 3 parallel Task agents',
        `2. Commit with prefix "${id.toLowerCase()}: "`,
        `3. If you need changes, write HANDOFF_FROM_${id}.md`,
        '4. Keep the bundle small',
        ...(extra ? [`5. ${extra}`] : []),
        '6. Push to branch when complete',
        '```',
        '',
      ].join('\n');
    const text = [
      rows,
      '',
      template(1, 'USER INTERFACE', 'UI', 'Run the storybook'),
      template(2, 'DATA PIPELINE', 'DATA', ''),
    ].join('\n');
    const map = parsed(text).map!;
    assert.deepEqual([map.project, map.branch, map.agentsPerTerminal], ['Acme Shop', 'feature/x', 3]);
    assert.deepEqual(
      map.domains.map((d) => [d.name, d.rules]),
      [
        ['User Interface', ['Run the storybook']],
        ['Data Pipeline', []],
      ],
    );
  });
});

describe('title case of template headings', () => {
  it('keeps acronyms and mixed case', () => {
    assert.equal(titleCase('BACKEND CORE'), 'Backend Core');
    assert.equal(titleCase('BACKEND API'), 'Backend API');
    assert.equal(titleCase('TESTS & DOCS'), 'Tests & Docs');
    assert.equal(titleCase('STATE OF THE UI'), 'State of the UI');
    assert.equal(titleCase('Data Pipeline'), 'Data Pipeline');
  });
});
