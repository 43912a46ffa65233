import { DEFAULT_HANDOFF_FILE, type DomainMap, type ParsedMap, type TextRange } from '../types';
import { type Cell, findTables, type Item, plainCell, type Row, splitItems } from './markdownTable';
import { readTemplates, type Templates } from './markdownTemplates';
import { DiagnosticSink, lineRange, splitLines } from './text';
import { buildDomains, type DraftDomain, type Located } from './validate';

/**
 * Reads the seed's "Domain Territory Map": a markdown table with the columns Terminal, Domain
 * Name, Exclusive Paths and Commit Prefix (any case, any order, other columns ignored). The
 * first such table is read; the rest of the document only enriches it (names from the
 * "### TERMINAL n: NAME" headings, project, branch, agents per terminal, domain rules).
 */

type Column = 'terminal' | 'domain' | 'paths' | 'prefixes';

const COLUMN_TITLES: Record<Column, string> = {
  terminal: 'Terminal',
  domain: 'Domain Name',
  paths: 'Exclusive Paths',
  prefixes: 'Commit Prefix',
};

/** Header spellings accepted for each column (compared lower-case, spaces collapsed). */
const COLUMN_ALIASES: Record<Column, readonly string[]> = {
  terminal: ['terminal', 'terminals'],
  domain: ['domain name', 'domain'],
  paths: ['exclusive paths', 'exclusive path', 'paths'],
  prefixes: ['commit prefix', 'commit prefixes', 'prefix', 'prefixes'],
};

const COLUMNS = Object.keys(COLUMN_TITLES) as Column[];

/** Prose allowed around patterns and prefixes; anything else is reported as ignored. */
const FILLER_WORDS = new Set([
  'root',
  'or',
  'and',
  '&',
  '/',
  '+',
  'only',
  'the',
  'at',
  'in',
  'files',
  'file',
  'folder',
  'directory',
  'dir',
  '(root)',
  '(root only)',
]);

interface ColumnLayout {
  readonly columns: Partial<Record<Column, number>>;
  readonly found: number;
}

function locateColumns(header: Row): ColumnLayout {
  const columns: Partial<Record<Column, number>> = {};
  header.cells.forEach((cell, index) => {
    const title = plainCell(cell.raw).replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();
    const column = COLUMNS.find((c) => COLUMN_ALIASES[c].includes(title));
    if (column && columns[column] === undefined) columns[column] = index;
  });
  return { columns, found: Object.keys(columns).length };
}

/** Whether the text holds a complete territory table (what map discovery looks for). */
export function hasTerritoryTable(text: string): boolean {
  return findTables(splitLines(text)).some((t) => locateColumns(t.header).found === COLUMNS.length);
}

export function parseMarkdownMap(text: string): ParsedMap | undefined {
  const lines = splitLines(text);
  const sink = new DiagnosticSink();
  const tables = findTables(lines).map((table) => ({ table, ...locateColumns(table.header) }));
  const complete = tables.filter((t) => t.found === COLUMNS.length);
  const [chosen] = complete;
  if (chosen === undefined) {
    // A table with at least two of the columns was probably meant as the territory table;
    // one matching column ("Terminal" alone) is too common in other tables to say so.
    const partial = tables.find((t) => t.found >= 2);
    if (!partial) return undefined;
    const missing = COLUMNS.filter((c) => partial.columns[c] === undefined).map((c) => `"${COLUMN_TITLES[c]}"`);
    sink.error(
      'missing-columns',
      `This table looks like a territory table but lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`,
      rowRange(partial.table.header),
    );
    return { kind: 'markdown', map: undefined, diagnostics: sink.sorted() };
  }
  for (const extra of complete.slice(1)) {
    sink.warning(
      'multiple-tables',
      'Only the first territory table of the file is read; this one is ignored.',
      rowRange(extra.table.header),
    );
  }
  const { table, columns } = chosen;
  const templates = readTemplates(lines);
  const drafts = table.rows.flatMap((row) => readRow(row, columns as Record<Column, number>, templates, sink));
  if (table.rows.length === 0) {
    sink.error('empty-map', 'The territory table has no rows: the map defines no domain.', rowRange(table.header));
  }
  const domains = buildDomains(drafts, sink);
  const map: DomainMap = {
    ...(templates.project !== undefined ? { project: templates.project } : {}),
    ...(templates.branch !== undefined ? { branch: templates.branch } : {}),
    ...(templates.agentsPerTerminal !== undefined ? { agentsPerTerminal: templates.agentsPerTerminal } : {}),
    domains,
    handoffFile: DEFAULT_HANDOFF_FILE,
  };
  return { kind: 'markdown', map, diagnostics: sink.sorted() };
}

function rowRange(row: Row): TextRange {
  return lineRange(row.line, row.startColumn, row.endColumn);
}

function cellAt(row: Row, index: number): Cell {
  // GFM: a row with fewer cells than the header has empty cells at the end.
  return row.cells[index] ?? { raw: '', start: row.endColumn, end: row.endColumn };
}

function cellRange(row: Row, cell: Cell): TextRange {
  return lineRange(row.line, cell.start, cell.end);
}

function readRow(row: Row, columns: Record<Column, number>, templates: Templates, sink: DiagnosticSink): DraftDomain[] {
  const cells = Object.fromEntries(COLUMNS.map((c) => [c, cellAt(row, columns[c])])) as Record<Column, Cell>;
  for (const column of COLUMNS) {
    if (cells[column].raw !== '') continue;
    // An empty terminal or domain drops the row; empty paths or prefixes leave a usable domain.
    const fatal = column === 'terminal' || column === 'domain';
    sink.add(
      fatal ? 'error' : 'warning',
      'empty-cell',
      `The "${COLUMN_TITLES[column]}" cell of this row is empty.`,
      cellRange(row, cells[column]),
    );
  }
  if (cells.terminal.raw === '' || cells.domain.raw === '') return [];

  const terminal: Located<string> = { value: plainCell(cells.terminal.raw), range: cellRange(row, cells.terminal) };
  let idText = plainCell(cells.domain.raw);
  let name: string | undefined;
  if (/^[A-Za-z][A-Za-z0-9_]*(?:[\s-]+[A-Za-z0-9_]+)+$/.test(idText)) {
    // "Backend Core" in the Domain Name column: a name, from which an id is derived.
    name = idText;
    idText = idText.toUpperCase().replace(/[\s-]+/g, '_');
    sink.warning(
      'id-derived',
      `"${name}" is a name, not an id: the domain's id is "${idText}".`,
      cellRange(row, cells.domain),
    );
  }
  const number = /(\d+)$/.exec(terminal.value)?.[1];
  const template = number !== undefined ? templates.byNumber.get(Number(number)) : undefined;
  name = template?.name ?? name;
  return [
    {
      id: { value: idText, range: cellRange(row, cells.domain) },
      terminal,
      ...(name !== undefined ? { name: { value: name } } : {}),
      paths: readPatterns(row, cells.paths, sink),
      prefixes: readPrefixes(row, cells.prefixes, sink),
      rules: template?.rules ?? [],
      range: rowRange(row),
    },
  ];
}

function unescape(s: string): string {
  return s.replace(/\\\|/g, '|');
}

/** The words of an item other than the filler around patterns ("root", "or", "files" …). */
function proseWords(item: Item): string[] {
  return item.prose.flatMap((p) => p.text.split(/\s+/)).filter((w) => w !== '' && !FILLER_WORDS.has(w.toLowerCase()));
}

/** One note per cell for everything it ignored: real documents annotate their patterns. */
function reportIgnored(row: Row, cell: Cell, ignored: readonly string[], sink: DiagnosticSink): void {
  if (ignored.length === 0) return;
  sink.add(
    'info',
    'ignored-text',
    `Ignored "${ignored.join(' ')}": only the patterns in backticks are read from this cell.`,
    cellRange(row, cell),
  );
}

/**
 * "`a/`, `b/`" → two patterns; "root `*.md`" → "/*.md" (root only); bare "a/, b/" without
 * backticks too. In a cell that holds backticked patterns, only they are patterns: the prose
 * around them (`(routes/, dependencies/)`, `(README, ROADMAP, etc.)`) is ignored with one note.
 */
function readPatterns(row: Row, cell: Cell, sink: DiagnosticSink): Located<string>[] {
  const patterns: Located<string>[] = [];
  const items = splitItems(cell);
  const backticked = items.some((item) => item.spans.length > 0);
  const ignored: string[] = [];
  for (const item of items) {
    if (item.spans.length === 0) {
      if (backticked) {
        ignored.push(item.raw);
        continue;
      }
      const text = unescape(item.raw);
      const root = /^root\s+(\S.*)$/i.exec(text)?.[1];
      patterns.push({
        value: root !== undefined ? anchor(root) : text,
        range: lineRange(row.line, item.start, item.end),
      });
      continue;
    }
    item.spans.forEach((span, index) => {
      // "root" applies to the span written right after it.
      const before = item.prose
        .filter((p) => p.before === index)
        .map((p) => p.text)
        .join(' ');
      const isRoot = /\broot\b/i.test(before);
      const value = unescape(span.text);
      patterns.push({ value: isRoot ? anchor(value) : value, range: lineRange(row.line, span.start, span.end) });
    });
    ignored.push(...proseWords(item));
  }
  reportIgnored(row, cell, ignored, sink);
  return patterns;
}

function anchor(pattern: string): string {
  const p = pattern.trim();
  return p.startsWith('/') ? p : `/${p}`;
}

/** "`test:` or `docs:`" → two prefixes; bare "test: or docs:" (no backticks) too. */
function readPrefixes(row: Row, cell: Cell, sink: DiagnosticSink): Located<string>[] {
  const prefixes: Located<string>[] = [];
  for (const item of splitItems(cell)) {
    if (item.spans.length > 0) {
      for (const span of item.spans)
        prefixes.push({ value: unescape(span.text), range: lineRange(row.line, span.start, span.end) });
      reportIgnored(row, cell, proseWords(item), sink);
      continue;
    }
    // Without backticks, prefixes are the words of the item other than "or"/"and".
    const text = item.raw;
    for (const m of text.matchAll(/\S+/g)) {
      if (FILLER_WORDS.has(m[0].toLowerCase())) continue;
      const start = item.start + (m.index ?? 0);
      prefixes.push({ value: unescape(m[0]), range: lineRange(row.line, start, start + m[0].length) });
    }
  }
  return prefixes;
}
