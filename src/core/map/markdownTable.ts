/**
 * Just enough GitHub-flavoured markdown to find tables, their cells and the column of every
 * cell, plus fenced code blocks (tables inside fences are not tables). Not a markdown parser:
 * the map reader needs positions, which general-purpose parsers rarely keep per cell.
 */

export interface Cell {
  /** The cell's text without surrounding spaces; `\|` is still escaped here. */
  readonly raw: string;
  /** Columns of `raw` in its line; for an empty cell, the space between its pipes. */
  readonly start: number;
  readonly end: number;
}

export interface Row {
  readonly line: number;
  readonly cells: readonly Cell[];
  /** Columns of the row's text, without surrounding spaces (a missing cell is at its end). */
  readonly startColumn: number;
  readonly endColumn: number;
}

export interface Table {
  readonly header: Row;
  readonly rows: readonly Row[];
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;
const DELIMITER_CELL = /^:?-+:?$/;

/** For each line, whether it is inside a fenced code block (fence lines included). */
export function fencedLines(lines: readonly string[]): boolean[] {
  const fenced: boolean[] = [];
  let open: string | undefined;
  for (const line of lines) {
    if (open === undefined) {
      const m = FENCE_OPEN.exec(line);
      const marker = m?.[1];
      if (m && marker !== undefined && !(marker[0] === '`' && line.slice(m[0].length).includes('`'))) open = marker;
      fenced.push(open !== undefined);
    } else {
      fenced.push(true);
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line)?.[1];
      if (close !== undefined && close[0] === open[0] && close.length >= open.length) open = undefined;
    }
  }
  return fenced;
}

/** Splits a table line into cells on unescaped pipes; undefined when the line has no pipe. */
export function splitRow(line: string, lineNumber: number): Row | undefined {
  const pipes: number[] = [];
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === '|') pipes.push(i);
  }
  if (pipes.length === 0) return undefined;
  const first = line.search(/\S/);
  const last = line.trimEnd().length - 1;
  // A leading or trailing pipe only delimits the row; it opens or closes no cell.
  const leading = pipes[0] === first;
  const trailing = pipes[pipes.length - 1] === last && last !== first;
  const inner = pipes.filter((p) => !(leading && p === first) && !(trailing && p === last));
  const bounds = [leading ? first : first - 1, ...inner, trailing ? last : last + 1];
  const cells: Cell[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    // Both indexes are below bounds.length.
    const from = bounds[i]! + 1;
    const to = bounds[i + 1]!;
    const text = line.slice(from, to);
    const lead = text.length - text.trimStart().length;
    const raw = text.trim();
    cells.push(raw === '' ? { raw, start: from, end: to } : { raw, start: from + lead, end: from + lead + raw.length });
  }
  return { line: lineNumber, cells, startColumn: first, endColumn: last + 1 };
}

function isDelimiterRow(row: Row): boolean {
  return row.cells.length > 0 && row.cells.every((c) => DELIMITER_CELL.test(c.raw.replace(/\s+/g, '')));
}

/** Every table outside fenced code: a header row, a delimiter row of as many cells, body rows. */
export function findTables(lines: readonly string[]): Table[] {
  const fenced = fencedLines(lines);
  const tables: Table[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const headerLine = lines[i];
    const delimiterLine = lines[i + 1];
    if (
      headerLine === undefined ||
      delimiterLine === undefined ||
      fenced[i] ||
      fenced[i + 1] ||
      /^ {4,}/.test(headerLine)
    )
      continue;
    const header = splitRow(headerLine, i);
    const delimiter = header && splitRow(delimiterLine, i + 1);
    if (!header || !delimiter || !isDelimiterRow(delimiter) || delimiter.cells.length !== header.cells.length) continue;
    const rows: Row[] = [];
    let j = i + 2;
    for (; j < lines.length; j++) {
      const line = lines[j];
      if (line === undefined || fenced[j] || /^\s*(#|$)/.test(line)) break;
      const row = splitRow(line, j);
      if (!row) break;
      rows.push(row);
    }
    tables.push({ header, rows });
    i = j - 1;
  }
  return tables;
}

export interface CodeSpan {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export interface Item {
  /** Text outside code spans, joined by single spaces (for prose words such as "root"). */
  readonly prose: readonly { text: string; before: number }[];
  readonly spans: readonly CodeSpan[];
  readonly raw: string;
  readonly start: number;
  readonly end: number;
}

/**
 * Splits a cell into comma- (or semicolon-) separated items, keeping code spans whole so that a
 * comma inside backticks does not split. Positions are columns in the line.
 */
export function splitItems(cell: Cell): Item[] {
  const items: Item[] = [];
  const text = cell.raw;
  let itemStart = 0;
  let spans: CodeSpan[] = [];
  let prose: { text: string; before: number }[] = [];
  let proseStart = 0;
  const flushProse = (to: number) => {
    const t = text.slice(proseStart, to).trim();
    if (t) prose.push({ text: t, before: spans.length });
  };
  const flushItem = (to: number) => {
    flushProse(to);
    const slice = text.slice(itemStart, to);
    const lead = slice.length - slice.trimStart().length;
    const raw = slice.trim();
    if (raw)
      items.push({
        prose,
        spans,
        raw,
        start: cell.start + itemStart + lead,
        end: cell.start + itemStart + lead + raw.length,
      });
    spans = [];
    prose = [];
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\') {
      i += 2;
    } else if (c === '`') {
      const run = /^`+/.exec(text.slice(i))![0];
      const close = findClosingRun(text, i + run.length, run.length);
      if (close < 0) {
        i += run.length; // An unmatched backtick run is literal text.
        continue;
      }
      flushProse(i);
      const inner = text.slice(i + run.length, close);
      const lead = inner.length - inner.trimStart().length;
      spans.push({
        text: inner.trim(),
        start: cell.start + i + run.length + lead,
        end: cell.start + i + run.length + lead + inner.trim().length,
      });
      i = close + run.length;
      proseStart = i;
    } else if (c === ',' || c === ';') {
      flushItem(i);
      i++;
      itemStart = proseStart = i;
    } else {
      i++;
    }
  }
  flushItem(text.length);
  return items;
}

function findClosingRun(text: string, from: number, length: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] !== '`') continue;
    let j = i;
    while (j < text.length && text[j] === '`') j++;
    if (j - i === length) return i;
    i = j;
  }
  return -1;
}

/** Removes markdown escapes of pipes and emphasis/backticks wrapped around a whole cell. */
export function plainCell(raw: string): string {
  let s = raw.replace(/\\\|/g, '|').trim();
  for (let changed = true; changed;) {
    changed = false;
    const inner = /^(\*\*|__|\*|_|`+)(.+)\1$/.exec(s)?.[2];
    if (inner !== undefined) {
      s = inner.trim();
      changed = true;
    }
  }
  return s;
}
