// JSON targets (commitlint's .commitlintrc.json, Claude Code settings) have no comments to mark a
// block with: Territory owns named entries there and edits only those, through jsonc-parser so the
// rest of the file (keys, order, formatting, comments where allowed) stays as the user wrote it.
import { applyEdits, modify, parse, printParseErrorCode, type JSONPath, type ParseError } from 'jsonc-parser';
import { excessiveNesting, MAX_JSON_DEPTH } from '../jsonDepth';

export type JsonMerge =
  | { readonly ok: true; readonly text: string; readonly changed: boolean }
  | { readonly ok: false; readonly reason: string };

function indentOf(text: string): { insertSpaces: boolean; tabSize: number } {
  const indent = /\n([ \t]+)"/.exec(text)?.[1];
  if (indent?.startsWith('\t')) return { insertSpaces: false, tabSize: 1 };
  return { insertSpaces: true, tabSize: indent !== undefined ? indent.length : 2 };
}

/** The parsed root object, or why the text cannot be merged into. */
export function parseObject(
  text: string,
): { ok: true; value: Record<string, unknown> } | { ok: false; reason: string } {
  const tooDeep = excessiveNesting(text);
  if (tooDeep !== undefined)
    return { ok: false, reason: `nested more than ${MAX_JSON_DEPTH} levels deep (offset ${tooDeep}); fix it first` };
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  const [error] = errors;
  if (error !== undefined)
    return {
      ok: false,
      reason: `not valid JSON (${printParseErrorCode(error.error)} at offset ${error.offset}); fix it first`,
    };
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { ok: false, reason: 'the top level is not a JSON object' };
  return { ok: true, value: value as Record<string, unknown> };
}

export function valueAt(root: unknown, path: JSONPath): unknown {
  let at = root;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string | number, unknown>)[key];
  }
  return at;
}

/** Sets the entries at `path` (each a Territory-owned key), leaving every other entry alone. */
export function setJsonValues(
  existing: string | undefined,
  values: readonly { path: JSONPath; value: unknown }[],
): JsonMerge {
  let text = existing === undefined || existing.trim() === '' ? '{}\n' : existing;
  const parsed = parseObject(text);
  if (!parsed.ok) return parsed;
  const formattingOptions = { ...indentOf(text), eol: text.includes('\r\n') ? '\r\n' : '\n' };
  for (const { path, value } of values) {
    // A parent that exists but is not an object would be replaced wholesale: refuse instead.
    const now = parseObject(text);
    if (!now.ok) return now;
    for (let i = 1; i < path.length; i++) {
      const parent = valueAt(now.value, path.slice(0, i));
      if (parent !== undefined && (parent === null || typeof parent !== 'object' || Array.isArray(parent))) {
        return { ok: false, reason: `"${path.slice(0, i).join('.')}" is not an object` };
      }
    }
    text = applyEdits(text, modify(text, path, value, { formattingOptions }));
  }
  if (!text.endsWith('\n')) text += formattingOptions.eol;
  return { ok: true, text, changed: text !== existing };
}

/**
 * Merges a string array Territory shares with the user (Claude Code's `permissions.deny`): the
 * entries Territory wrote last time (`previous`) are replaced by `next`; the user's stay, first.
 */
export function mergeOwnedArray(
  existing: string | undefined,
  path: JSONPath,
  previous: readonly string[],
  next: readonly string[],
): JsonMerge {
  const parsed = parseObject(existing === undefined || existing.trim() === '' ? '{}' : existing);
  if (!parsed.ok) return parsed;
  const current = valueAt(parsed.value, path);
  if (current !== undefined && (!Array.isArray(current) || !current.every((e) => typeof e === 'string'))) {
    return { ok: false, reason: `"${path.join('.')}" is not a list of strings` };
  }
  // Nothing to write where there is nothing yet: no empty list appears in the user's file.
  if (current === undefined && next.length === 0) return { ok: true, text: existing ?? '', changed: false };
  const owned = new Set([...previous, ...next]);
  const kept = ((current as string[] | undefined) ?? []).filter((entry) => !owned.has(entry));
  const merged = [...kept, ...next];
  if (current !== undefined && JSON.stringify(current) === JSON.stringify(merged))
    return { ok: true, text: existing as string, changed: false };
  return setJsonValues(existing, [{ path, value: merged }]);
}
