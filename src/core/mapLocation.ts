import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { excessiveNesting } from './jsonDepth';
import { LineIndex } from './map/text';
import type { DomainMap, MapSourceKind, TextRange } from './types';

/**
 * Finds where a domain (or one of its patterns) is written in the map file, so diagnostics
 * computed after parsing (coverage, contested files) land on the right line.
 */
export function locateInMap(
  text: string,
  kind: MapSourceKind,
  map: DomainMap,
  domainId: string,
  pattern?: string,
): TextRange | undefined {
  if (!map.domains.some((d) => d.id === domainId)) return undefined;
  return locatorFor(text, kind).locate(domainId, pattern);
}

interface Locator {
  locate(domainId: string, pattern?: string): TextRange | undefined;
}

/**
 * One index per map text, kept for the next call: a map of 2,000 domains gets thousands of
 * coverage diagnostics, and parsing the file again for each made `validate` quadratic.
 */
let cached: { text: string; kind: MapSourceKind; locator: Locator } | undefined;

function locatorFor(text: string, kind: MapSourceKind): Locator {
  if (cached?.text !== text || cached.kind !== kind)
    cached = { text, kind, locator: kind === 'json' ? jsonLocator(text) : markdownLocator(text) };
  return cached.locator;
}

/**
 * Domains and patterns are looked up by value, not by index: the reader drops invalid domains
 * and trims values, so the map's indices need not match the file's.
 */
function jsonLocator(text: string): Locator {
  const lines = new LineIndex(text);
  const byId = new Map<string, { id: TextRange; patterns: Map<string, TextRange> }>();
  const tree = excessiveNesting(text) === undefined ? parseTree(text) : undefined;
  const domains = tree && findNodeAtLocation(tree, ['domains']);
  for (const domain of domains?.children ?? []) {
    const id = findNodeAtLocation(domain, ['id']);
    if (typeof id?.value !== 'string') continue;
    const key = id.value.trim().toUpperCase();
    if (byId.has(key)) continue;
    const patterns = new Map<string, TextRange>();
    for (const p of findNodeAtLocation(domain, ['paths'])?.children ?? []) {
      if (typeof p.value === 'string' && !patterns.has(p.value.trim()))
        patterns.set(p.value.trim(), lines.range(p.offset, p.length));
    }
    byId.set(key, { id: lines.range(id.offset, id.length), patterns });
  }
  return {
    locate: (domainId, pattern) => {
      const entry = byId.get(domainId);
      return entry && ((pattern !== undefined ? entry.patterns.get(pattern) : undefined) ?? entry.id);
    },
  };
}

function markdownLocator(text: string): Locator {
  const lines = text.split(/\r?\n/);
  const rows = new Map<string, number>();
  for (const [line, row] of lines.entries()) {
    if (!row.trimStart().startsWith('|')) continue;
    // Every cell of a table row that could be the domain's id: the first row naming it wins.
    for (const cell of row.split('|')) {
      const id = withoutStars(cell.trim()).toUpperCase();
      if (id !== '' && id.length <= 64 && !rows.has(id)) rows.set(id, line);
    }
  }
  return {
    locate: (domainId, pattern) => {
      const line = rows.get(domainId.toUpperCase());
      const row = line === undefined ? undefined : lines[line];
      if (line === undefined || row === undefined) return undefined;
      const needle = pattern?.replace(/^\//, '');
      const column = needle ? row.indexOf(needle) : -1;
      if (column >= 0) return { line, column, endLine: line, endColumn: column + needle!.length };
      return { line, column: 0, endLine: line, endColumn: row.length };
    },
  };
}

/** `**CORE**` → `CORE`, by hand: `\*+$` backtracks over a long run of stars. */
function withoutStars(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text[start] === '*') start++;
  while (end > start && text[end - 1] === '*') end--;
  return text.slice(start, end);
}
