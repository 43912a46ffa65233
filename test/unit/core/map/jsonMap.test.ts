import { strict as assert } from 'node:assert';
import { parseJsonMap } from '../../../../src/core/map/jsonMap';
import { DEFAULT_HANDOFF_FILE } from '../../../../src/core/types';
import { SEED_MAP } from '../../../support/seedMap';
import { assertDiagnostic, at, codes, domain, fixture, mapText, one } from '../../support/map';

describe('parseJsonMap: well-formed maps', () => {
  it('reads the seed fixture exactly, without diagnostics', () => {
    const parsed = parseJsonMap(fixture('seed', 'territory.json'));
    assert.deepEqual(parsed.diagnostics, []);
    assert.equal(parsed.kind, 'json');
    assert.deepStrictEqual(parsed.map, SEED_MAP);
  });

  it('accepts comments, trailing commas and $schema, and defaults name and handoffs', () => {
    const text = [
      '// Territory map',
      '{ "$schema": "./schema.json",',
      '  /* the domains */',
      '  "domains": [ { "id": "CORE", "terminal": "T1", "paths": ["core/",], "prefixes": ["core:"], }, ],',
      '}',
    ].join('\n');
    const parsed = parseJsonMap(text);
    assert.deepEqual(parsed.diagnostics, []);
    assert.deepStrictEqual(parsed.map, {
      domains: [{ id: 'CORE', terminal: 'T1', name: 'CORE', paths: ['core/'], prefixes: ['core:'], rules: [] }],
      handoffFile: DEFAULT_HANDOFF_FILE,
    });
  });

  it('trims values: " CORE ", "core: " and " docs/ "', () => {
    const parsed = parseJsonMap(
      mapText(domain({ id: ' CORE ', terminal: ' T1', paths: [' docs/ '], prefixes: ['core: '] })),
    );
    assert.deepEqual(parsed.diagnostics, []);
    assert.deepEqual(parsed.map?.domains[0], {
      id: 'CORE',
      terminal: 'T1',
      name: 'CORE',
      paths: ['docs/'],
      prefixes: ['core:'],
      rules: [],
    });
  });

  it('ignores a byte-order mark', () => {
    const parsed = parseJsonMap('\uFEFF' + fixture('seed', 'territory.json'));
    assert.deepEqual(parsed.diagnostics, []);
    assert.deepStrictEqual(parsed.map, SEED_MAP);
  });

  it('reads a custom handoff file', () => {
    const text = '{ "domains": [' + domain({}) + '], "handoffs": { "file": "handoffs/FROM_{domain}.md" } }';
    assert.equal(parseJsonMap(text).map?.handoffFile, 'handoffs/FROM_{domain}.md');
  });

  it('keeps positions right with CRLF line ends', () => {
    const text = mapText(domain({}), domain({ id: 'CORE', terminal: 'T2', prefixes: ['x:'], paths: ['x/'] })).replace(
      /\n/g,
      '\r\n',
    );
    assertDiagnostic(parseJsonMap(text), 'duplicate-id', 'error', { line: 3, column: 11, endLine: 3, endColumn: 17 });
  });
});

describe('parseJsonMap: malformed files give no map', () => {
  it('reports a truncated file at its end', () => {
    const text = '{\n  "domains": [\n    { "id": "CORE"';
    const parsed = parseJsonMap(text);
    assert.equal(parsed.map, undefined);
    const first = parsed.diagnostics[0];
    assert.equal(first.code, 'syntax-error');
    assert.equal(first.severity, 'error');
    assert.deepEqual(first.range, { line: 2, column: 18, endLine: 2, endColumn: 18 });
    assert.match(first.message, /line 3, column 19/);
    assert.ok(parsed.diagnostics.every((d) => d.code === 'syntax-error'));
  });

  it('reports a missing comma where it is missing', () => {
    const parsed = parseJsonMap('{\n  "project": "x"\n  "domains": []\n}');
    assert.equal(parsed.map, undefined);
    assert.deepEqual(parsed.diagnostics[0].range, { line: 2, column: 2, endLine: 2, endColumn: 11 });
    assert.match(parsed.diagnostics[0].message, /Comma expected/);
  });

  it('reports an empty file (or one with only comments)', () => {
    for (const text of ['', '  \n', '// nothing\n']) {
      const parsed = parseJsonMap(text);
      assert.equal(parsed.map, undefined);
      assert.deepEqual(codes(parsed), ['empty-file']);
    }
  });

  it('reports a root that is not an object', () => {
    const parsed = parseJsonMap('[1, 2]');
    assert.equal(parsed.map, undefined);
    assertDiagnostic(
      parsed,
      'wrong-type',
      'error',
      { line: 0, column: 0, endLine: 0, endColumn: 6 },
      /must be an object, not a list/,
    );
  });

  it('reports a missing or mistyped domains list', () => {
    const missing = parseJsonMap('{ "project": "x" }');
    assert.equal(missing.map, undefined);
    assertDiagnostic(missing, 'missing-field', 'error', { line: 0, column: 0, endLine: 0, endColumn: 1 }, /"domains"/);
    const typed = parseJsonMap('{ "domains": {} }');
    assert.equal(typed.map, undefined);
    assertDiagnostic(typed, 'wrong-type', 'error', { line: 0, column: 13, endLine: 0, endColumn: 15 });
  });
});

describe('parseJsonMap: each check, with its position', () => {
  it('empty domain list: error, map with no domain', () => {
    const text = '{\n  "domains": []\n}';
    const parsed = parseJsonMap(text);
    assert.deepEqual(parsed.map?.domains, []);
    assertDiagnostic(parsed, 'empty-map', 'error', at(text, '[]'));
  });

  it('unknown keys: warning at the key, with a suggestion', () => {
    const text = mapText(domain({ colour: 'red' })).replace('{\n', '{\n  "projet": "x",\n');
    const parsed = parseJsonMap(text);
    const d = parsed.diagnostics.filter((x) => x.code === 'unknown-key');
    assert.equal(d.length, 2);
    assert.deepEqual(d[0].range, at(text, '"projet"'));
    assert.match(d[0].message, /did you mean "project"/);
    assert.deepEqual(d[1].range, at(text, '"colour"'));
    assert.ok(d.every((x) => x.severity === 'warning'));
    assert.equal(parsed.map?.domains.length, 1);
  });

  it('duplicate keys: error at the second, last one used', () => {
    const text = '{ "project": "a", "project": "b", "domains": [' + domain({}) + '] }';
    const parsed = parseJsonMap(text);
    assertDiagnostic(parsed, 'duplicate-key', 'error', at(text, '"project"', 1));
    assert.equal(parsed.map?.project, 'b');
  });

  it('missing required fields: one error naming them, at the opening brace', () => {
    const text = mapText(domain({}), '{ "id": "API", "paths": [] }');
    const parsed = parseJsonMap(text);
    assertDiagnostic(
      parsed,
      'missing-field',
      'error',
      { line: 3, column: 4, endLine: 3, endColumn: 5 },
      /Domain "API" is missing "terminal", "prefixes"/,
    );
    assert.deepEqual(
      parsed.map?.domains.map((d) => d.id),
      ['CORE'],
    );
  });

  it('wrong types: at the value', () => {
    const text = mapText(
      domain({ id: 7 }),
      domain({ id: 'API', terminal: 'T2', paths: 'api/', prefixes: ['api:', 3] }),
    );
    const parsed = parseJsonMap(text);
    const d = parsed.diagnostics.filter((x) => x.code === 'wrong-type');
    assert.equal(d.length, 3);
    const seven = at(text, ': 7');
    assert.deepEqual(d[0].range, { ...seven, column: seven.column + 2 });
    assert.match(d[0].message, /"id" must be a string, not a number \(7\)/);
    assert.deepEqual(d[1].range, at(text, '"api/"'));
    const three = at(text, '3]');
    assert.deepEqual(d[2].range, { ...three, endColumn: three.column + 1 });
  });

  it('agentsPerTerminal: a whole number from 1 to 100', () => {
    const text = '{ "agentsPerTerminal": 0, "domains": [' + domain({}) + '] }';
    assertDiagnostic(parseJsonMap(text), 'invalid-value', 'error', at(text, '0'));
    const typed = '{ "agentsPerTerminal": "5", "domains": [' + domain({}) + '] }';
    assertDiagnostic(parseJsonMap(typed), 'wrong-type', 'error', at(typed, '"5"'));
    assert.equal(
      parseJsonMap('{ "agentsPerTerminal": 2.5, "domains": [' + domain({}) + '] }').map?.agentsPerTerminal,
      undefined,
    );
  });

  it('name defaults to the id', () => {
    assert.equal(parseJsonMap(mapText(domain({}))).map?.domains[0].name, 'CORE');
    assert.equal(parseJsonMap(mapText(domain({ name: '  ' }))).map?.domains[0].name, 'CORE');
    assert.equal(parseJsonMap(mapText(domain({ name: 'Backend Core' }))).map?.domains[0].name, 'Backend Core');
  });

  it('duplicate ids (case-insensitive): error at the second naming the first, second left out', () => {
    const text = mapText(domain({}), domain({ id: 'core', terminal: 'T2', paths: ['x/'], prefixes: ['x:'] }));
    const parsed = parseJsonMap(text);
    assertDiagnostic(
      parsed,
      'duplicate-id',
      'error',
      at(text, '"core"'),
      /"CORE" is already used by the domain at line 3/,
    );
    assert.equal(parsed.map?.domains.length, 1);
  });

  it('lower-case ids are upper-cased with a warning', () => {
    const text = mapText(domain({ id: 'core' }));
    const parsed = parseJsonMap(text);
    assertDiagnostic(parsed, 'id-not-uppercase', 'warning', at(text, '"core"'));
    assert.equal(parsed.map?.domains[0].id, 'CORE');
  });

  const badIds = [
    'my-domain',
    'A.B',
    'A B',
    '../X',
    'A/B',
    'A\\B',
    "X'",
    'X"; rm -rf',
    '$(id)',
    '`id`',
    '1ABC',
    '_A',
    '',
    'A'.repeat(33),
    'CORÉ',
    'ſ',
  ];
  for (const id of badIds) {
    it(`invalid id ${JSON.stringify(id)}: error at the id, domain left out`, () => {
      const text = mapText(domain({ id }));
      const parsed = parseJsonMap(text);
      assertDiagnostic(parsed, 'invalid-id', 'error', at(text, JSON.stringify(id)));
      assert.deepEqual(parsed.map?.domains, []);
    });
  }

  it('accepts the longest id (32 characters)', () => {
    assert.deepEqual(parseJsonMap(mapText(domain({ id: 'A'.repeat(32) }))).diagnostics, []);
  });

  it('duplicate terminals (case-insensitive): error at the second naming the first', () => {
    const text = mapText(domain({}), domain({ id: 'API', terminal: 't1', paths: ['api/'], prefixes: ['api:'] }));
    const parsed = parseJsonMap(text);
    assertDiagnostic(parsed, 'duplicate-terminal', 'error', at(text, '"t1"'), /already used by domain CORE/);
    assert.equal(parsed.map?.domains.length, 2);
  });

  it('terminal labels: non-empty, no whitespace', () => {
    for (const terminal of ['', '   ', 'T 1', 'T\t1']) {
      const text = mapText(domain({ terminal }));
      const parsed = parseJsonMap(text);
      assertDiagnostic(parsed, 'invalid-terminal', 'error', at(text, JSON.stringify(terminal)));
      assert.deepEqual(parsed.map?.domains, []);
    }
  });

  it('duplicate prefixes across domains (case-insensitive): error, second domain loses it', () => {
    const text = mapText(
      domain({}),
      domain({ id: 'API', terminal: 'T2', paths: ['api/'], prefixes: ['api:', 'Core:'] }),
    );
    const parsed = parseJsonMap(text);
    assertDiagnostic(parsed, 'duplicate-prefix', 'error', at(text, '"Core:"'), /already used by domain CORE/);
    assert.deepEqual(parsed.map?.domains[1].prefixes, ['api:']);
  });

  it('a prefix repeated in one domain: warning', () => {
    const text = mapText(domain({ prefixes: ['core:', 'CORE:'] }));
    const parsed = parseJsonMap(text);
    assertDiagnostic(parsed, 'repeated-prefix', 'warning', at(text, '"CORE:"'));
    assert.deepEqual(parsed.map?.domains[0].prefixes, ['core:']);
  });

  it('prefixes: non-empty, single word; a trailing space is trimmed', () => {
    for (const prefix of ['', ' ', 'co re:', 'a\nb:', 'x\u0000']) {
      const text = mapText(domain({ prefixes: ['ok:', prefix] }));
      const parsed = parseJsonMap(text);
      assertDiagnostic(parsed, 'invalid-prefix', 'error', at(text, JSON.stringify(prefix)));
      assert.deepEqual(parsed.map?.domains[0].prefixes, ['ok:']);
    }
  });

  it('prefixes that start alike across domains: warning', () => {
    const text = mapText(
      domain({ prefixes: ['fe'] }),
      domain({ id: 'FEAT', terminal: 'T2', paths: ['f/'], prefixes: ['feat:'] }),
    );
    assertDiagnostic(parseJsonMap(text), 'ambiguous-prefix', 'warning', at(text, '"feat:"'));
  });

  const escaping: [string, string][] = [
    ['..', 'pattern-outside-folder'],
    ['../other/', 'pattern-outside-folder'],
    ['src/../../x', 'pattern-outside-folder'],
    ['C:\\x', 'pattern-outside-folder'],
    ['c:/x', 'pattern-outside-folder'],
    ['\\\\server\\share', 'pattern-outside-folder'],
    ['//server/share', 'pattern-outside-folder'],
    ['~/x', 'pattern-outside-folder'],
    ['~', 'pattern-outside-folder'],
    ['~bob/x', 'pattern-outside-folder'],
    ['src\\app', 'pattern-backslash'],
    ['', 'empty-pattern'],
    ['   ', 'empty-pattern'],
    ['/', 'empty-pattern'],
    ['./', 'empty-pattern'],
    ['a\nb', 'invalid-pattern'],
  ];
  for (const [pattern, code] of escaping) {
    it(`pattern ${JSON.stringify(pattern)}: ${code}, left out`, () => {
      const text = mapText(domain({ paths: ['ok/', pattern] }));
      const parsed = parseJsonMap(text);
      assertDiagnostic(parsed, code, 'error', at(text, JSON.stringify(pattern)));
      assert.deepEqual(parsed.map?.domains[0].paths, ['ok/']);
    });
  }

  it('a leading "/" anchors at the folder root: not absolute, no diagnostic', () => {
    const parsed = parseJsonMap(
      mapText(domain({ paths: ['/*.md', '/etc/passwd', '/docs/', '..md', 'a..b/', '**/*.py'] })),
    );
    assert.deepEqual(parsed.diagnostics, []);
    assert.deepEqual(parsed.map?.domains[0].paths, ['/*.md', '/etc/passwd', '/docs/', '..md', 'a..b/', '**/*.py']);
  });

  it('the same pattern in two domains: overlapping territory, kept in both (contested)', () => {
    // `docs/**` is anchored (a slash in its middle, as gitignore reads it): the same as `/docs/`.
    const text = mapText(
      domain({ paths: ['/docs/'] }),
      domain({ id: 'API', terminal: 'T2', paths: ['docs/**'], prefixes: ['api:'] }),
    );
    const parsed = parseJsonMap(text);
    assertDiagnostic(parsed, 'overlapping-territory', 'error', at(text, '"docs/**"'), /already owned by domain CORE/);
    assert.deepEqual(parsed.map?.domains[1].paths, ['docs/**']);
  });

  it('anchored and unanchored spellings are different territories', () => {
    const text = mapText(
      domain({ paths: ['docs/'] }),
      domain({ id: 'API', terminal: 'T2', paths: ['/docs/'], prefixes: ['api:'] }),
    );
    assert.deepEqual(parseJsonMap(text).diagnostics, []);
  });

  it('the same pattern twice in one domain: warning, listed once', () => {
    const text = mapText(domain({ paths: ['docs/', 'docs//'] }));
    const parsed = parseJsonMap(text);
    assertDiagnostic(parsed, 'repeated-pattern', 'warning', at(text, '"docs//"'));
    assert.deepEqual(parsed.map?.domains[0].paths, ['docs/']);
  });

  it('a domain with no paths or no prefixes: warnings at the domain', () => {
    const text = mapText(domain({ paths: [], prefixes: [] }));
    const parsed = parseJsonMap(text);
    assertDiagnostic(parsed, 'no-paths', 'warning', { line: 2, column: 4, endLine: 2, endColumn: 5 });
    one(parsed, 'no-prefixes');
  });

  it('handoffs.file must contain {domain}, stay in the folder, out of .git, and hold no control character', () => {
    for (const file of [
      'HANDOFF.md',
      '../HANDOFF_{domain}.md',
      '/tmp/{domain}.md',
      'C:/{domain}.md',
      'HANDOFF_{domain}\u001b[2J.md',
      'a\nHANDOFF_{domain}.md',
      '.git/hooks/{domain}',
      '.GIT/{domain}.md',
      'handoffs/{domain}/',
      '{domain}/notes.md',
    ]) {
      const text = '{ "domains": [' + domain({}) + '], "handoffs": { "file": ' + JSON.stringify(file) + ' } }';
      const parsed = parseJsonMap(text);
      assertDiagnostic(parsed, 'invalid-handoff-file', 'error', at(text, JSON.stringify(file)));
      assert.equal(parsed.map?.handoffFile, DEFAULT_HANDOFF_FILE);
    }
    const fine = '{ "domains": [' + domain({}) + '], "handoffs": { "file": "handoffs/FROM_{domain}.md" } }';
    assert.equal(parseJsonMap(fine).map?.handoffFile, 'handoffs/FROM_{domain}.md');
  });

  it('semantic errors still return the map', () => {
    const parsed = parseJsonMap(
      mapText(domain({}), domain({ id: 'API', terminal: 'T1', paths: ['api/'], prefixes: ['api:'] })),
    );
    assert.deepEqual(codes(parsed), ['duplicate-terminal']);
    assert.equal(parsed.map?.domains.length, 2);
  });
});

describe('parseJsonMap: hostile nesting', () => {
  it('10,000 nested arrays are a syntax-error diagnostic, not a stack overflow', () => {
    const text = `{"domains": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const parsed = parseJsonMap(text);
    assert.equal(parsed.map, undefined);
    assert.deepEqual(
      parsed.diagnostics.map((d) => [d.code, d.severity, d.range?.line, d.range?.column]),
      [['syntax-error', 'error', 0, 12 + 255]],
    );
  });

  it('an unterminated comment is a syntax error whose range stays inside the text', () => {
    for (const text of ['/*', '{"domains": [] /* x', '  /*']) {
      const errors = parseJsonMap(text).diagnostics.filter((d) => d.code === 'syntax-error');
      assert.ok(errors.length > 0);
      for (const d of errors)
        assert.ok(d.range && d.range.endLine === 0 && d.range.endColumn <= text.length, JSON.stringify(d));
    }
  });

  it('brackets inside strings and comments do not count', () => {
    const text = `// ${'['.repeat(1000)}\n{"domains": [{"id": "CORE", "terminal": "T1", "name": "${'{'.repeat(1000)}", "paths": ["a/"], "prefixes": ["core:"]}]}`;
    assert.deepEqual(
      parseJsonMap(text).diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
  });
});

describe('parseJsonMap: Unicode normalisation', () => {
  it('patterns that differ only in NFC vs NFD are a warning naming both', () => {
    const nfc = 'caf\u00e9/';
    const nfd = 'cafe\u0301/';
    const text = mapText(
      domain({ paths: [nfc] }),
      domain({ id: 'API', terminal: 'T2', paths: [nfd], prefixes: ['api:'] }),
    );
    const parsed = parseJsonMap(text);
    const warning = one(parsed, 'unicode-normalization');
    assert.equal(warning.severity, 'warning');
    assert.match(warning.message, /only in Unicode normalisation/);
    assert.deepEqual(
      parsed.map?.domains.map((d) => d.paths),
      [[nfc], [nfd]],
    );
  });
});
