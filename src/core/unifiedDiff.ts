// A unified diff of two texts, small and dependency-free: the lines both share at the start and
// the end are context, everything between is one hunk (removed, then added). Not the shortest
// diff for scattered edits, but always a correct one: `git apply` and `patch` take it as is, and
// a blocked edit (the agent guard keeps it as a patch, patchStore.ts) is usually one change.

/** Lines of context around the hunk, as `diff -u` writes them. */
const CONTEXT = 3;

interface Lines {
  readonly lines: string[];
  /** Whether the text ends without a line break (the diff then says "\ No newline at end of file"). */
  readonly noFinalNewline: boolean;
}

function splitLines(text: string): Lines {
  if (text === '') return { lines: [], noFinalNewline: false };
  const lines = text.split('\n');
  const noFinalNewline = lines.at(-1) !== '';
  if (!noFinalNewline) lines.pop();
  return { lines, noFinalNewline };
}

/** `start,count` of a hunk header: an empty range is written at the line before it, as diff does. */
function range(start: number, count: number): string {
  return `${count === 0 ? start : start + 1},${count}`;
}

/**
 * The unified diff turning `before` into `after`, with `---`/`+++` headers naming `oldName` and
 * `newName` (`/dev/null` for a side that does not exist); empty when the texts are equal.
 */
export function unifiedDiff(before: string, after: string, oldName: string, newName: string): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  let prefix = 0;
  // A last line that lacks its line break differs from the same text with one: it stays in the hunk.
  const same = (i: number, j: number) =>
    a.lines[i] === b.lines[j] &&
    (i < a.lines.length - 1 || !a.noFinalNewline) === (j < b.lines.length - 1 || !b.noFinalNewline);
  while (prefix < a.lines.length && prefix < b.lines.length && same(prefix, prefix)) prefix++;
  let suffix = 0;
  while (
    suffix < a.lines.length - prefix &&
    suffix < b.lines.length - prefix &&
    same(a.lines.length - 1 - suffix, b.lines.length - 1 - suffix)
  )
    suffix++;
  const start = Math.max(0, prefix - CONTEXT);
  const aEnd = Math.min(a.lines.length, a.lines.length - suffix + CONTEXT);
  const bEnd = Math.min(b.lines.length, b.lines.length - suffix + CONTEXT);
  const out = [
    `--- ${oldName}`,
    `+++ ${newName}`,
    `@@ -${range(start, aEnd - start)} +${range(start, bEnd - start)} @@`,
  ];
  const line = (mark: string, text: Lines, i: number) => {
    out.push(`${mark}${text.lines[i]}`);
    if (i === text.lines.length - 1 && text.noFinalNewline) out.push('\\ No newline at end of file');
  };
  for (let i = start; i < prefix; i++) line(' ', a, i);
  for (let i = prefix; i < a.lines.length - suffix; i++) line('-', a, i);
  for (let i = prefix; i < b.lines.length - suffix; i++) line('+', b, i);
  for (let i = a.lines.length - suffix; i < aEnd; i++) line(' ', a, i);
  return out.join('\n') + '\n';
}
