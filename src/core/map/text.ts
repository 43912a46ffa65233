import type { MapDiagnostic, Severity, TextRange } from '../types';
import type { MapDiagnosticCode } from './codes';

/**
 * Line breaks as VS Code counts them (CRLF, LF and a lone CR), so that a range computed here
 * points at the same characters in the editor. Columns are UTF-16 code units, like VS Code's.
 */
export const LINE_BREAK = /\r\n|\r|\n/;

export function splitLines(text: string): string[] {
  return text.split(LINE_BREAK);
}

/** Converts offsets into zero-based line/column positions. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        this.starts.push(i + 1);
      }
    }
  }

  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.starts.length - 1;
    // starts is never empty (it begins with 0) and 0 <= low <= mid <= high < starts.length.
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, column: offset - this.starts[low]! };
  }

  range(offset: number, length: number): TextRange {
    const start = this.position(offset);
    const end = this.position(offset + Math.max(0, length));
    return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
  }
}

export function lineRange(line: number, column: number, endColumn: number): TextRange {
  return { line, column, endLine: line, endColumn };
}

/** Collects diagnostics; the only way the readers report problems (they never throw). */
export class DiagnosticSink {
  readonly diagnostics: MapDiagnostic[] = [];

  add(severity: Severity, code: MapDiagnosticCode, message: string, range?: TextRange): void {
    this.diagnostics.push(range ? { severity, code, message, range } : { severity, code, message });
  }

  error(code: MapDiagnosticCode, message: string, range?: TextRange): void {
    this.add('error', code, message, range);
  }

  warning(code: MapDiagnosticCode, message: string, range?: TextRange): void {
    this.add('warning', code, message, range);
  }

  /** In document order (stable), so that editors and the CLI list them top to bottom. */
  sorted(): MapDiagnostic[] {
    const line = (d: MapDiagnostic) => d.range?.line ?? Number.MAX_SAFE_INTEGER;
    return [...this.diagnostics].sort((a, b) => line(a) - line(b) || (a.range?.column ?? 0) - (b.range?.column ?? 0));
  }
}

/** "line 12" for messages: people count lines from 1. */
export function where(range: TextRange | undefined): string {
  return range ? `line ${range.line + 1}` : 'an earlier entry';
}

// eslint-disable-next-line no-control-regex
export const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
