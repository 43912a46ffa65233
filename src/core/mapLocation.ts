import { findNodeAtLocation, parseTree } from 'jsonc-parser';
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
  return kind === 'json' ? locateInJson(text, domainId, pattern) : locateInMarkdown(text, domainId, pattern);
}

/**
 * Looks domains and patterns up by value, not by index: the reader drops invalid domains and
 * trims values, so the map's indices need not match the file's.
 */
function locateInJson(text: string, domainId: string, pattern?: string): TextRange | undefined {
  const tree = parseTree(text);
  const domains = tree && findNodeAtLocation(tree, ['domains']);
  for (const domain of domains?.children ?? []) {
    const id = findNodeAtLocation(domain, ['id']);
    if (typeof id?.value !== 'string' || id.value.trim().toUpperCase() !== domainId) continue;
    const paths = findNodeAtLocation(domain, ['paths']);
    const match = pattern === undefined ? undefined : paths?.children?.find((p) => typeof p.value === 'string' && p.value.trim() === pattern);
    const node = match ?? id;
    return rangeOf(text, node.offset, node.offset + node.length);
  }
  return undefined;
}

function locateInMarkdown(text: string, domainId: string, pattern?: string): TextRange | undefined {
  const lines = text.split(/\r?\n/);
  const idCell = new RegExp(`\\|\\s*\\**${domainId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\**\\s*\\|`, 'i');
  for (let line = 0; line < lines.length; line++) {
    if (!lines[line].trimStart().startsWith('|') || !idCell.test(lines[line])) continue;
    const needle = pattern?.replace(/^\//, '');
    const column = needle ? lines[line].indexOf(needle) : -1;
    if (column >= 0) return { line, column, endLine: line, endColumn: column + needle!.length };
    return { line, column: 0, endLine: line, endColumn: lines[line].length };
  }
  return undefined;
}

function rangeOf(text: string, start: number, end: number): TextRange {
  const a = positionAt(text, start);
  const b = positionAt(text, end);
  return { line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
}

function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart };
}
