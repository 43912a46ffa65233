/**
 * Every diagnostic code the map readers emit, with a one-line meaning. Codes are part of the
 * public interface (VS Code diagnostics, `territory validate --json`): never rename one.
 */
export const MAP_DIAGNOSTIC_CODES = {
  'read-error': 'The map file could not be read from disk.',
  'empty-file': 'The map file is empty.',
  'syntax-error': 'territory.json is not valid JSON with comments (the position of the error is given).',
  'wrong-type': 'A value has the wrong JSON type (for example a number where a string is expected).',
  'unknown-key': 'A key that territory.json does not define (warning; the key is ignored).',
  'duplicate-key': 'The same key appears twice in one object; the last one is used.',
  'missing-field': 'A required field is missing (domains; or id, terminal, paths, prefixes of a domain).',
  'empty-map': 'The map defines no domain at all.',
  'invalid-id': 'A domain id is not an upper-case identifier /^[A-Z][A-Z0-9_]{0,31}$/; the domain is left out.',
  'id-not-uppercase': 'A domain id was written in lower or mixed case; it is used upper-cased (warning).',
  'id-derived': 'A markdown Domain Name cell held words, not an id; an id was derived from them (warning).',
  'duplicate-id': 'Two domains share an id (case-insensitive); the second one is left out.',
  'invalid-terminal': 'A terminal label is empty or contains whitespace; the domain is left out.',
  'duplicate-terminal': 'Two domains share a terminal label (case-insensitive).',
  'invalid-prefix': 'A commit prefix is empty, or contains whitespace or control characters; it is left out.',
  'duplicate-prefix': 'Two domains share a commit prefix (case-insensitive); the second domain loses it.',
  'repeated-prefix': 'A domain lists the same commit prefix twice (warning).',
  'ambiguous-prefix': "One domain's commit prefix starts with another domain's prefix (warning).",
  'no-prefixes': 'A domain has no commit prefix, so its commits cannot be recognised (warning).',
  'empty-pattern': 'A path pattern is empty or owns nothing (such as "/"); it is left out.',
  'invalid-pattern': 'A path pattern contains a line break or a control character; it is left out.',
  'pattern-outside-folder': 'A path pattern escapes the workspace folder (.., C:, \\\\server, ~/); it is left out.',
  'pattern-too-complex':
    'A path pattern would take too long to compile or match (an unclosed "[", more than two "*" in one segment, an extglob such as "+(…)", over 1,024 characters); it is left out.',
  'pattern-backslash': 'A path pattern contains a backslash; patterns use forward slashes. It is left out.',
  'overlapping-territory': 'Two domains list the same path pattern: that territory is contested.',
  'repeated-pattern': 'A domain lists the same path pattern twice (warning).',
  'no-paths': 'A domain owns no path (warning).',
  'invalid-value': 'A value is out of range (agentsPerTerminal must be an integer from 1 to 100).',
  'invalid-handoff-file':
    'handoffs.file must name a file holding {domain}, inside the folder, outside .git, without control characters.',
  'no-territory-table': 'A markdown map file holds no territory table.',
  'missing-columns': 'A markdown table looks like a territory table but lacks some required columns.',
  'multiple-tables': 'A markdown file holds more than one territory table; only the first is read (warning).',
  'empty-cell': 'A cell of the territory table is empty.',
  'ignored-text': 'Words in a markdown table cell that are not a pattern or prefix were ignored (one note per cell).',
  'unicode-normalization':
    'Two patterns differ only in Unicode normalisation (NFC vs NFD, as macOS writes names): they match different files (warning).',
} as const;

export type MapDiagnosticCode = keyof typeof MAP_DIAGNOSTIC_CODES;

/** The codes and meanings as a list, in the order above (for the README and `--help`). */
export function listMapDiagnosticCodes(): { code: MapDiagnosticCode; meaning: string }[] {
  return (Object.keys(MAP_DIAGNOSTIC_CODES) as MapDiagnosticCode[]).map((code) => ({
    code,
    meaning: MAP_DIAGNOSTIC_CODES[code],
  }));
}
