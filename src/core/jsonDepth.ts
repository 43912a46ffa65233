// JSON parsers recurse once per level of nesting: a file of 10,000 `[` overflows the stack before
// any diagnostic is made. Files a branch brings in (the map, the session plan, settings) are
// measured first, in one pass that skips strings and comments, and refused past a sane depth.

/** No map, plan or settings file Territory reads needs more than a handful of levels. */
export const MAX_JSON_DEPTH = 256;

/** The offset where the nesting first exceeds `limit`, or undefined when it never does. */
export function excessiveNesting(text: string, limit = MAX_JSON_DEPTH): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c /* \ */) i++;
    } else if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      while (i < text.length && text.charCodeAt(i) !== 0x0a) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > limit) return i;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}

/** 1-based line and column of `offset` (LF, CRLF and a lone CR end a line, as in editors). */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/**
 * Why `text` is too deep to parse, as `<label>:<line>:<column>: …`, or undefined. Every reader of
 * JSON a branch or an agent controls asks this before jsonc-parser (which recurses) or before
 * anything walks what JSON.parse built.
 */
export function nestingProblem(text: string, label: string, limit = MAX_JSON_DEPTH): string | undefined {
  const offset = excessiveNesting(text, limit);
  if (offset === undefined) return undefined;
  const { line, column } = lineColumn(text, offset);
  return `${label}:${line}:${column}: nested more than ${limit} levels deep`;
}
