// The handoff requests the reports list, from parsed handoff files (src/core/handoffs). Kept in one
// place so the reports depend on the handoff parser only through ParsedHandoffFile.
import { readHandoffTexts } from '../handoffs/discover';
import { isOpen, type HandoffRequest, type ParsedHandoffFile, type RequestState } from '../handoffs/types';
import { analyzeHandoffTexts } from '../handoffs/doneClaims';
import type { OwnershipResolver } from '../ownership/resolver';
import type { DomainMap } from '../types';

export interface HandoffNeed {
  /** The handoff file, folder-relative. */
  readonly handoffFile: string;
  /** 1-based line of the request. */
  readonly line: number;
  readonly source: string | null;
  /** The target domain id, or the heading as written when it names no domain. */
  readonly target: string | null;
  readonly file: string | null;
  readonly change: string | null;
  readonly reason: string | null;
  readonly blocking: boolean;
  readonly state: RequestState;
}

function toNeed(file: ParsedHandoffFile, request: HandoffRequest): HandoffNeed {
  return {
    handoffFile: file.path,
    line: request.startLine + 1,
    source: request.source ?? null,
    target: request.target?.domain ?? request.target?.raw ?? null,
    file: request.file ?? null,
    change: request.change ?? null,
    reason: request.reason ?? null,
    blocking: request.blocking,
    state: request.state,
  };
}

function select(files: readonly ParsedHandoffFile[], test: (request: HandoffRequest) => boolean): HandoffNeed[] {
  const needs: HandoffNeed[] = [];
  for (const file of files)
    for (const request of file.requests) if (isOpen(request) && test(request)) needs.push(toNeed(file, request));
  return needs;
}

/** Open requests a domain wrote for others: the seed's "Handoffs needed". */
export function openRequestsFrom(files: readonly ParsedHandoffFile[], domainId: string): HandoffNeed[] {
  return select(files, (r) => r.source?.toUpperCase() === domainId.toUpperCase());
}

/** Open requests other domains addressed to `domainId`: work still owed by it. */
export function openRequestsTo(files: readonly ParsedHandoffFile[], domainId: string): HandoffNeed[] {
  return select(files, (r) => r.target?.domain === domainId && r.source?.toUpperCase() !== domainId.toUpperCase());
}

/** Every open request marked `Blocking: Yes`: what phase 4 must settle before merging. */
export function openBlocking(files: readonly ParsedHandoffFile[]): HandoffNeed[] {
  return select(files, (r) => r.blocking);
}

/** `For API: \`path\` — change (blocking)`, one line. */
export function describeNeed(
  need: HandoffNeed,
  format: {
    code: (t: string) => string;
    plain: (t: string) => string;
    location?: (path: string, line: number) => string;
  },
  withSource = false,
): string {
  const parts = [
    withSource ? `${need.source ?? '?'} → ${need.target ?? 'no target'}:` : `For ${need.target ?? 'no target'}:`,
  ];
  if (need.file) parts.push(format.code(need.file));
  if (need.change) parts.push(`— ${format.plain(need.change)}`);
  const flags = [
    need.blocking ? 'Blocking: Yes' : undefined,
    need.state === 'partial' ? 'partly done' : undefined,
  ].filter((f) => f !== undefined);
  if (flags.length > 0) parts.push(`(${flags.join(', ')})`);
  parts.push(
    `— ${format.location ? format.location(need.handoffFile, need.line) : format.code(`${need.handoffFile}:${need.line}`)}`,
  );
  return parts.join(' ');
}

/** The folder's handoff files, read and parsed against the map (the CLI; the extension has its own watcher). */
export async function readHandoffFiles(
  root: string,
  map: DomainMap,
  resolver: OwnershipResolver | undefined,
): Promise<ParsedHandoffFile[]> {
  const context = { map, resolver };
  return analyzeHandoffTexts(await readHandoffTexts(root, map.handoffFile), context);
}
