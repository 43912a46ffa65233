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
  const domainIndex = map.domains.findIndex((d) => d.id === domainId);
  if (domainIndex === -1) return undefined;
  return kind === 'json' ? locateInJson(text, map, domainIndex, pattern) : locateInMarkdown(text, domainId, pattern);
}

function locateInJson(text: string, map: DomainMap, domainIndex: number, pattern?: string): TextRange | undefined {
  const tree = parseTree(text);
  if (!tree) return undefined;
  const patternIndex = pattern === undefined ? -1 : map.domains[domainIndex].paths.indexOf(pattern);
  const path = patternIndex >= 0 ? ['domains', domainIndex, 'paths', patternIndex] : ['domains', domainIndex, 'id'];
  const node = findNodeAtLocation(tree, path) ?? findNodeAtLocation(tree, ['domains', domainIndex]);
  return node ? rangeOf(text, node.offset, node.offset + node.length) : undefined;
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
