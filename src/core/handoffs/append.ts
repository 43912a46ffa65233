export interface NewHandoffRequest {
  readonly file: string;
  readonly change: string;
  readonly reason: string;
  readonly blocking: boolean;
}

export interface HandoffInsertion {
  /** Character offset in the existing text where `text` is inserted; nothing is replaced. */
  readonly offset: number;
  readonly text: string;
  /** Zero-based line of the request's first checklist item once inserted. */
  readonly requestLine: number;
}

/** The file name of a domain's handoff file, from the map's template. */
export function handoffFileName(template: string, domainId: string): string {
  return template.replace('{domain}', domainId);
}

/** One line: a checklist value may not break the seed's one-line-per-field format. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

export function requestLines(request: NewHandoffRequest): string[] {
  return [
    `- [ ] File: \`${oneLine(request.file).replace(/`/g, '')}\``,
    `- [ ] Change needed: ${oneLine(request.change)}`,
    `- [ ] Reason: ${oneLine(request.reason)}`,
    `- [ ] Blocking: ${request.blocking ? 'Yes' : 'No'}`,
  ];
}

/**
 * What to insert into a handoff file so that it gains one request for `target`, in the seed's
 * format. Nothing is replaced or moved: an empty file gets the seed's header, an existing
 * `### For TARGET:` section gets the request after its last line, otherwise a new section is
 * appended at the end. The file's own line ending is kept.
 */
export function planHandoffInsertion(
  existing: string,
  source: string,
  target: string,
  request: NewHandoffRequest,
): HandoffInsertion {
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const body = requestLines(request);
  const lineStarts = [0];
  for (let i = 0; i < existing.length; i++) if (existing[i] === '\n') lineStarts.push(i + 1);
  const lines = existing.split(/\r?\n/);
  const lineOf = (offset: number) => lineStarts.filter((s) => s <= offset).length - 1;

  if (existing.trim() === '') {
    const text = [`# Handoff from ${source}`, '', '## Required Changes', '', `### For ${target}:`, ...body, ''].join(
      eol,
    );
    return { offset: existing.length, text, requestLine: lineOf(existing.length) + 5 };
  }
  const section = lines.findIndex((l) => isTargetHeading(l, target));
  if (section !== -1) {
    let end = lines.length;
    for (let i = section + 1; i < lines.length; i++) {
      if (/^#{1,3}\s/.test(lines[i] ?? '')) {
        end = i;
        break;
      }
    }
    let last = end - 1;
    while (last > section && lines[last]?.trim() === '') last--;
    // section <= last < lines.length, and lineStarts has one entry per line (both split at '\n').
    const lastLine = lines[last]!;
    // Insert after the section's last non-blank line; the blank lines after it stay where they are.
    const lineEnd = lineStarts[last]! + lastLine.length;
    const gap = /^\s*[-*]\s/.test(lastLine) ? '' : eol;
    return { offset: lineEnd, text: eol + gap + body.join(eol), requestLine: last + 1 + (gap ? 1 : 0) };
  }
  const trailing = /(\r?\n)*$/.exec(existing)?.[0] ?? '';
  const newlines = trailing.split('\n').length - 1;
  const separator = eol.repeat(Math.max(0, 2 - newlines));
  const text = separator + [`### For ${target}:`, ...body].join(eol) + eol;
  return { offset: existing.length, text, requestLine: lineOf(existing.length) + separator.length / eol.length + 1 };
}

function isTargetHeading(line: string, target: string): boolean {
  const name = /^###\s+For\s+\[?([^\]:]+?)\]?\s*:?\s*$/i.exec(line.trim())?.[1];
  return name !== undefined && name.trim().toUpperCase() === target.toUpperCase();
}

export function applyInsertion(existing: string, insertion: HandoffInsertion): string {
  return existing.slice(0, insertion.offset) + insertion.text + existing.slice(insertion.offset);
}
