import type { HandoffRequest } from './types';

/** Replace the one character at `offset` (between a checkbox's brackets) by `text`. */
export interface CheckboxEdit {
  readonly offset: number;
  readonly text: ' ' | 'x';
  /** The character it replaces, so that an edit can be verified and undone exactly. */
  readonly previous: string;
}

/**
 * The single-character edits that check (or uncheck) every box of `request`; boxes already in
 * that state are left alone. By default the request is checked unless it is already done.
 * Nothing but a box's inner character is ever touched.
 */
export function toggleEdits(request: HandoffRequest, checked = !request.checked): CheckboxEdit[] {
  const edits: CheckboxEdit[] = [];
  for (const item of request.items) {
    const box = item.checkbox;
    if (box === undefined || box.checked === checked) continue;
    edits.push({ offset: box.offset, text: checked ? 'x' : ' ', previous: box.char });
  }
  return edits;
}

/** True when every edit still points at a checkbox character of `text` (`[ ]`, `[x]`, `[X]`). */
export function editsApply(text: string, edits: readonly CheckboxEdit[]): boolean {
  return edits.every(
    (e) => text[e.offset - 1] === '[' && text[e.offset + 1] === ']' && /^[ xX]$/.test(text[e.offset] ?? ''),
  );
}

/**
 * `text` with the edits applied. Throws when an edit does not point at a checkbox: applying it
 * anyway would damage the file, and callers re-parse first so this means a bug.
 */
export function applyCheckboxEdits(text: string, edits: readonly CheckboxEdit[]): string {
  if (!editsApply(text, edits)) throw new Error('checkbox edits do not match the text: re-parse the file first');
  let result = text;
  for (const edit of edits) result = result.slice(0, edit.offset) + edit.text + result.slice(edit.offset + 1);
  return result;
}
