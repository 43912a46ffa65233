import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { listMapDiagnosticCodes, MAP_DIAGNOSTIC_CODES } from '../../../../src/core/map/codes';
import { parseJsonMap } from '../../../../src/core/map/jsonMap';
import { parseMarkdownMap } from '../../../../src/core/map/markdownMap';
import { mapToJsonText } from '../../../../src/core/map/toJson';
import { DEFAULT_HANDOFF_FILE, type DomainMap, type ParsedMap } from '../../../../src/core/types';
import { SEED_MAP } from '../../../support/seedMap';
import { fixture } from '../../support/map';

/** Every range must lie inside the text, so that VS Code can show it. */
function assertRangesInside(text: string, result: ParsedMap | undefined): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const d of result?.diagnostics ?? []) {
    assert.ok(d.code in MAP_DIAGNOSTIC_CODES, `undocumented code ${d.code}`);
    if (!d.range) continue;
    const { line, column, endLine, endColumn } = d.range;
    assert.ok(
      line >= 0 &&
        line < lines.length &&
        endLine < lines.length &&
        (endLine > line || (endLine === line && endColumn >= column)),
      JSON.stringify(d),
    );
    assert.ok(column <= lines[line].length && endColumn <= lines[endLine].length, JSON.stringify(d));
  }
}

const ident = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,8}$/);
const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/);
const validMap: fc.Arbitrary<DomainMap> = fc
  .uniqueArray(fc.record({ id: ident, seg: word }), { minLength: 1, maxLength: 6, selector: (d) => d.id })
  .chain((rows) =>
    fc
      .record({
        project: fc.option(fc.string(), { nil: undefined }),
        branch: fc.option(fc.string(), { nil: undefined }),
        agentsPerTerminal: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
        handoffFile: fc.constantFrom(DEFAULT_HANDOFF_FILE, 'handoffs/{domain}.md'),
        names: fc.array(
          fc.string({ minLength: 1 }).filter((s) => s !== '' && s.replace(/\s+/g, ' ').trim() === s),
          { minLength: rows.length, maxLength: rows.length },
        ),
        rules: fc.array(fc.array(fc.string().filter((s) => s.trim() === s && s !== '')), {
          minLength: rows.length,
          maxLength: rows.length,
        }),
      })
      .map(({ names, rules, ...top }) => {
        const map: DomainMap = {
          ...top,
          domains: rows.map((r, i) => ({
            id: r.id,
            terminal: `T${i + 1}`,
            name: names[i],
            paths: [`${r.id.toLowerCase()}/${r.seg}/`, `/${r.id}.md`],
            prefixes: [`${r.id.toLowerCase()}:`],
            rules: rules[i],
          })),
        };
        // The reader omits absent optional fields; so must the expected value.
        return JSON.parse(JSON.stringify(map)) as DomainMap;
      }),
  );

describe('mapToJsonText', () => {
  it('writes the seed map as the territory.json fixture, key order included', () => {
    assert.equal(mapToJsonText(SEED_MAP), fixture('seed', 'territory.json'));
    assert.deepEqual(Object.keys(JSON.parse(mapToJsonText(SEED_MAP))), [
      'project',
      'branch',
      'agentsPerTerminal',
      'domains',
      'handoffs',
    ]);
    assert.deepEqual(Object.keys(JSON.parse(mapToJsonText(SEED_MAP)).domains[4]), [
      'id',
      'terminal',
      'name',
      'paths',
      'prefixes',
      'rules',
    ]);
  });

  it('round-trips any valid map through parseJsonMap, without diagnostics', () => {
    fc.assert(
      fc.property(validMap, (map) => {
        const back = parseJsonMap(mapToJsonText(map));
        assert.deepEqual(
          back.diagnostics.filter((d) => d.severity === 'error'),
          [],
        );
        assert.deepStrictEqual(back.map, map);
      }),
      { numRuns: 200 },
    );
  });
});

describe('the readers never throw', () => {
  const tableish = fc
    .array(
      fc.oneof(
        fc.constantFrom(
          '|',
          '`',
          '\\',
          ',',
          ' ',
          '\n',
          '\r\n',
          '-',
          ':',
          '#',
          'T1',
          'CORE',
          'root',
          '```',
          '*.md',
          '..',
          'or',
        ),
        fc.string(),
      ),
      { maxLength: 60 },
    )
    .map(
      (parts) => '| Terminal | Domain Name | Exclusive Paths | Commit Prefix |\n|---|---|---|---|\n' + parts.join(''),
    );
  const jsonish = fc.oneof(
    fc.string(),
    fc.json(),
    fc.jsonValue().map((v) => JSON.stringify({ domains: [v, v] })),
    fc
      .record({
        domains: fc.array(
          fc.record({
            id: fc.string(),
            terminal: fc.string(),
            paths: fc.array(fc.string()),
            prefixes: fc.array(fc.string()),
          }),
        ),
      })
      .map((v) => JSON.stringify(v)),
    fc.string().map((s) => mapToJsonText(SEED_MAP).slice(0, s.length * 7)),
  );

  it('parseJsonMap: on arbitrary text, with ranges inside the text', () => {
    fc.assert(
      fc.property(jsonish, (text) => {
        const result = parseJsonMap(text);
        assert.ok(Array.isArray(result.diagnostics));
        assertRangesInside(text, result);
      }),
      { numRuns: 500 },
    );
  });

  it('parseMarkdownMap: on arbitrary text and broken tables, with ranges inside the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), tableish), (text) => {
        assertRangesInside(text, parseMarkdownMap(text));
      }),
      { numRuns: 500 },
    );
  });
});

describe('diagnostic codes', () => {
  it('are listed with a one-line meaning each', () => {
    const list = listMapDiagnosticCodes();
    assert.ok(list.length >= 30);
    for (const { code, meaning } of list) {
      assert.match(code, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(meaning.length > 10 && !meaning.includes('\n'), code);
    }
  });
});
