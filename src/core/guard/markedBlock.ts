// Generated text lives between `# BEGIN TERRITORY` and `# END TERRITORY` in files people also
// edit by hand (CODEOWNERS, a workflow): regenerating replaces that block and nothing else.

export const BLOCK_BEGIN = 'BEGIN TERRITORY';
export const BLOCK_END = 'END TERRITORY';

export type BlockMerge =
  | { readonly ok: true; readonly text: string; readonly changed: boolean }
  | { readonly ok: false; readonly reason: string };

/** The block's lines: the markers (with a note on how it was made) around the body. */
export function renderBlock(body: readonly string[], note: string, comment = '#'): string[] {
  return [`${comment} ${BLOCK_BEGIN} — ${note}`, ...body, `${comment} ${BLOCK_END}`];
}

function isMarker(line: string, marker: string, comment: string): boolean {
  const trimmed = line.trim();
  return trimmed === `${comment} ${marker}` || trimmed.startsWith(`${comment} ${marker} `);
}

/**
 * Puts `block` (from renderBlock) into `existing`: in place of the old block when there is one,
 * else appended at the end. Text outside the markers is kept byte for byte, line endings included.
 * Refuses a file whose markers are unbalanced, since then no one can tell what is generated.
 */
export function mergeBlock(existing: string | undefined, block: readonly string[], comment = '#'): BlockMerge {
  const eol = existing?.includes('\r\n') ? '\r\n' : '\n';
  const rendered = block.join(eol) + eol;
  if (existing === undefined || existing === '') return { ok: true, text: rendered, changed: true };
  // Where each line starts, so the block is cut out by offsets and the rest stays untouched.
  const starts = [0];
  for (let i = 0; i < existing.length; i++) if (existing[i] === '\n') starts.push(i + 1);
  const lines = starts.map((at, i) =>
    existing.slice(at, i + 1 < starts.length ? starts[i + 1] : existing.length).replace(/\r?\n$/, ''),
  );
  const begins = lines.flatMap((l, i) => (isMarker(l, BLOCK_BEGIN, comment) ? [i] : []));
  const ends = lines.flatMap((l, i) => (isMarker(l, BLOCK_END, comment) ? [i] : []));
  if (begins.length === 0 && ends.length === 0) {
    const separator = existing.endsWith('\n') ? (existing.endsWith(`${eol}${eol}`) ? '' : eol) : eol + eol;
    return { ok: true, text: existing + separator + rendered, changed: true };
  }
  const [begin] = begins;
  const [last] = ends;
  if (begins.length !== 1 || ends.length !== 1 || begin === undefined || last === undefined || last < begin) {
    return {
      ok: false,
      reason: `the file has ${begins.length} "${comment} ${BLOCK_BEGIN}" and ${ends.length} "${comment} ${BLOCK_END}" lines out of order; fix the markers by hand`,
    };
  }
  // One start per line, so the begin marker's line has one.
  const start = starts[begin]!;
  const end = starts[last + 1] ?? existing.length;
  // A block that ended the file without a newline gets one: rendered lines always end with it.
  const text = existing.slice(0, start) + rendered + existing.slice(end);
  return { ok: true, text, changed: text !== existing };
}
