import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/repoRoot';
import type { MapDiagnostic, ParsedMap, TextRange } from '../../../src/core/types';

export { REPO_ROOT };

export function fixture(...parts: string[]): string {
  return readFileSync(join(REPO_ROOT, 'test', 'fixtures', ...parts), 'utf8');
}

/** A territory.json text with one domain per line: domain i is on line 2 + i. */
export function mapText(...domains: string[]): string {
  return ['{', '  "domains": [', domains.map((d) => `    ${d}`).join(',\n'), '  ]', '}'].join('\n');
}

/** A one-line domain object with sensible defaults for the fields not given. */
export function domain(fields: Record<string, unknown>): string {
  const all = { id: 'CORE', terminal: 'T1', paths: ['core/'], prefixes: ['core:'], ...fields };
  return JSON.stringify(all).replace(/":/g, '": ');
}

/** The range of the `nth` occurrence of `needle` in `text` (lines split on CRLF or LF). */
export function at(text: string, needle: string, nth = 0): TextRange {
  const lines = text.split(/\r\n|\n/);
  let seen = 0;
  for (let line = 0; line < lines.length; line++) {
    for (let column = lines[line].indexOf(needle); column >= 0; column = lines[line].indexOf(needle, column + 1)) {
      if (seen++ === nth) return { line, column, endLine: line, endColumn: column + needle.length };
    }
  }
  throw new Error(`"${needle}" #${nth} not found`);
}

/** The single diagnostic of that code (fails when there are none or several). */
export function one(parsed: ParsedMap, code: string): MapDiagnostic {
  const found = parsed.diagnostics.filter((d) => d.code === code);
  assert.equal(found.length, 1, `expected one ${code}, got ${JSON.stringify(parsed.diagnostics, null, 1)}`);
  return found[0];
}

export function codes(parsed: ParsedMap): string[] {
  return parsed.diagnostics.map((d) => d.code);
}

export function assertDiagnostic(
  parsed: ParsedMap,
  code: string,
  severity: 'error' | 'warning' | 'info',
  range: TextRange,
  message?: RegExp,
): void {
  const d = one(parsed, code);
  assert.equal(d.severity, severity, `${code}: ${d.message}`);
  assert.deepEqual(d.range, range, `${code} range: ${d.message}`);
  if (message) assert.match(d.message, message);
}
