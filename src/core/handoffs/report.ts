// Output of `territory handoffs`: the JSON field names are an interface (README, DESIGN.md §4).
import { claimedText, isMalformed, isOpen, type HandoffRequest, type ParsedHandoffFile } from './types';
import { count } from '../plural';

export interface HandoffFilter {
  /** Only requests not yet done. */
  readonly open: boolean;
  /** Only requests marked `Blocking: Yes`. */
  readonly blocking: boolean;
}

export function matchesFilter(request: HandoffRequest, filter: HandoffFilter): boolean {
  return (!filter.open || isOpen(request)) && (!filter.blocking || request.blocking);
}

/** The JSON document of `territory handoffs --json`; lines and columns count from 1. */
export function handoffsJson(
  root: string,
  handoffFile: string,
  files: readonly ParsedHandoffFile[],
  filter: HandoffFilter,
): unknown {
  const all = files.flatMap((f) => f.requests);
  return {
    root,
    handoffFile,
    filters: filter,
    summary: {
      files: files.length,
      requests: all.length,
      open: all.filter(isOpen).length,
      openBlocking: all.filter((r) => isOpen(r) && r.blocking).length,
      /** Marked done by their targets, their boxes not yet checked by their requesters' hooks (not counted open). */
      claimedDone: all.filter((r) => r.claimedBy !== undefined).length,
      malformedFiles: files.filter(isMalformed).length,
    },
    files: files.map((file) => ({
      path: file.path,
      source: file.source.domain ?? null,
      headingSource: file.source.heading ?? null,
      malformed: isMalformed(file),
      requests: file.requests.length,
      diagnostics: file.diagnostics.map((d) => ({
        severity: d.severity,
        code: d.code,
        message: d.message,
        line: d.range.line + 1,
        column: d.range.column + 1,
      })),
    })),
    requests: files.flatMap((file) =>
      file.requests
        .filter((r) => matchesFilter(r, filter))
        .map((r) => ({
          handoffFile: file.path,
          line: r.startLine + 1,
          endLine: r.endLine + 1,
          source: r.source ?? null,
          target: r.target?.domain ?? null,
          targetRaw: r.target?.raw ?? null,
          file: r.file ?? null,
          change: r.change ?? null,
          reason: r.reason ?? null,
          blocking: r.blocking,
          state: r.state,
          claimedDoneBy: r.claimedBy ?? null,
          checked: r.checked,
          items: r.items.map((i) => ({
            field: i.field,
            label: i.label,
            line: i.line + 1,
            checked: i.checkbox ? i.checkbox.checked : null,
          })),
        })),
    ),
  };
}

const BOX: Record<HandoffRequest['state'], string> = { open: '[ ]', partial: '[~]', done: '[x]' };

/** Human output: per handoff file its requests (source → target), then its diagnostics as `file:line:`. */
export function handoffsText(
  files: readonly ParsedHandoffFile[],
  filter: HandoffFilter,
  display: (path: string) => string,
): string[] {
  const out: string[] = [];
  for (const file of files) {
    const requests = file.requests.filter((r) => matchesFilter(r, filter));
    out.push(`${display(file.path)} — from ${file.source.domain ?? 'unknown source'}`);
    for (const r of requests) {
      const target = r.target?.domain ?? (r.target ? `${r.target.raw}?` : 'no target');
      const blocking = r.blocking ? '  BLOCKING' : '';
      const claimed = claimedText(r);
      out.push(
        `  ${claimed !== undefined ? '[c]' : BOX[r.state]} ${r.source ?? '?'} → ${target}  ${r.file ?? '(no file)'}${blocking}  (line ${r.startLine + 1})${claimed !== undefined ? `  ${claimed}` : ''}`,
      );
      if (r.change) out.push(`      ${r.change}`);
    }
    if (requests.length === 0) out.push('  (no matching request)');
    for (const d of file.diagnostics.filter((x) => x.severity !== 'info')) {
      out.push(
        `${display(file.path)}:${d.range.line + 1}:${d.range.column + 1}: ${d.severity} [${d.code}] ${d.message}`,
      );
    }
  }
  const all = files.flatMap((f) => f.requests);
  const open = all.filter(isOpen);
  const claimed = all.filter((r) => r.claimedBy !== undefined).length;
  out.push(
    `${count(files.length, 'handoff file')}, ${count(all.length, 'request')}, ${open.length} open, ${open.filter((r) => r.blocking).length} open blocking${claimed > 0 ? `, ${claimed} claimed done` : ''}, ${count(files.filter(isMalformed).length, 'malformed file')}`,
  );
  return out;
}
