import { location, type LinkTo } from '../commits/markdown';
import type { Domain } from '../types';
import { isMalformed, isOpen, type HandoffRequest, type ParsedHandoffFile } from './types';
import { count as countOf } from '../plural';

interface Located {
  readonly file: ParsedHandoffFile;
  readonly request: HandoffRequest;
}

export interface DependencyOrder {
  /** Domains in the order their incoming blocking requests should be served: who waits on nobody first. */
  readonly order: string[];
  /** Domains caught in a cycle of blocking requests (each waits, through others, on itself). */
  readonly cycle: string[];
  /** For each domain, the domains it waits on through open blocking requests. */
  readonly waitsOn: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * Who waits on whom: an open blocking request from S to T means S waits on T. The order serves
 * a domain after every domain it waits on (Kahn's algorithm, sinks first); what never frees up
 * is a cycle the lead has to break.
 */
export function dependencyOrder(files: readonly ParsedHandoffFile[]): DependencyOrder {
  const waitsOn = new Map<string, Set<string>>();
  for (const { request } of openRequests(files)) {
    const source = request.source;
    const target = request.target?.domain;
    if (!request.blocking || source === undefined || target === undefined || source === target) continue;
    if (!waitsOn.has(source)) waitsOn.set(source, new Set());
    if (!waitsOn.has(target)) waitsOn.set(target, new Set());
    waitsOn.get(source)?.add(target);
  }
  const remaining = new Map([...waitsOn].map(([domain, targets]) => [domain, new Set(targets)]));
  const order: string[] = [];
  for (let free = [...remaining].filter(([, t]) => t.size === 0).map(([d]) => d); free.length > 0;) {
    free.sort();
    const next: string[] = [];
    for (const domain of free) {
      order.push(domain);
      remaining.delete(domain);
      for (const [other, targets] of remaining) if (targets.delete(domain) && targets.size === 0) next.push(other);
    }
    free = next;
  }
  return { order, cycle: [...remaining.keys()].sort(), waitsOn };
}

function openRequests(files: readonly ParsedHandoffFile[]): Located[] {
  return files.flatMap((file) => file.requests.filter(isOpen).map((request) => ({ file, request })));
}

/**
 * The lead's phase 3 ("Collection") in one markdown page: every open request grouped by target
 * domain, blocking first; requests whose target itself waits on others flagged; malformed files.
 */
export function collectHandoffs(
  files: readonly ParsedHandoffFile[],
  domains: readonly Domain[],
  title = 'Handoff collection',
  link?: LinkTo,
): string {
  const open = openRequests(files);
  const blocking = open.filter((o) => o.request.blocking).length;
  const deps = dependencyOrder(files);
  const out: string[] = [`# ${title}`, ''];
  out.push(
    `${countOf(open.length, 'open request')} (${blocking} blocking) in ${countOf(files.length, 'handoff file')}.`,
    '',
  );

  if (deps.order.length + deps.cycle.length > 1) {
    out.push(
      '## Order of work',
      '',
      'Blocking requests make their source wait on their target. Serve each domain after the domains it waits on:',
      '',
    );
    deps.order.forEach((domain, i) => out.push(`${i + 1}. ${domain}${waitText(deps, domain)}`));
    if (deps.cycle.length > 0) {
      out.push(
        '',
        `**Cycle:** ${deps.cycle.join(', ')} wait on each other through blocking requests. Decide which request goes first.`,
      );
    }
    out.push('');
  }

  const byTarget = new Map<string, Located[]>();
  for (const located of open) {
    const key = located.request.target?.domain ?? (located.request.target ? `?${located.request.target.raw}` : '');
    byTarget.set(key, [...(byTarget.get(key) ?? []), located]);
  }
  const known = domains.map((d) => d.id).filter((id) => byTarget.has(id));
  const unknown = [...byTarget.keys()].filter((k) => !known.includes(k)).sort();
  for (const key of [...known, ...unknown]) {
    const group = sortForLead(byTarget.get(key) ?? []);
    const count = group.filter((g) => g.request.blocking).length;
    out.push(`## ${groupTitle(key, domains)} — ${group.length} open, ${count} blocking`, '');
    for (const located of group) out.push(...requestLines(located, deps, link));
    out.push('');
  }
  if (open.length === 0) out.push('Nothing is open: every request is checked.', '');

  const malformed = files.filter(isMalformed);
  if (malformed.length > 0) {
    out.push('## Malformed handoff files', '');
    for (const file of malformed) {
      out.push(`- \`${file.path}\``);
      for (const d of file.diagnostics.filter((x) => x.severity !== 'info'))
        out.push(`  - line ${d.range.line + 1}: ${d.severity} — ${d.message}`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** Blocking first, then by file and position: the order the lead reads them in. */
export function sortForLead<T extends { request: HandoffRequest; file: { path: string } }>(items: readonly T[]): T[] {
  return [...items].sort(
    (a, b) =>
      Number(b.request.blocking) - Number(a.request.blocking) ||
      a.file.path.localeCompare(b.file.path) ||
      a.request.startLine - b.request.startLine,
  );
}

function groupTitle(key: string, domains: readonly Domain[]): string {
  if (key === '') return 'No target';
  if (key.startsWith('?')) return `Unknown target "${key.slice(1)}"`;
  const domain = domains.find((d) => d.id === key);
  return domain ? `For ${domain.id} (${domain.terminal}, ${domain.name})` : `For ${key}`;
}

function waitText(deps: DependencyOrder, domain: string): string {
  const waits = [...(deps.waitsOn.get(domain) ?? [])].sort();
  return waits.length === 0 ? ' — waits on nobody' : ` — waits on ${waits.join(', ')}`;
}

function requestLines({ file, request }: Located, deps: DependencyOrder, link: LinkTo | undefined): string[] {
  const what = request.file ? location(request.file, undefined, link) : '(no file)';
  const mark = request.blocking ? '**Blocking** ' : '';
  const partial = request.state === 'partial' ? ' (partly checked)' : '';
  const lines = [
    `- [ ] ${mark}${what} — from ${request.source ?? 'unknown source'} (${location(file.path, request.startLine + 1, link)})${partial}`,
  ];
  if (request.change) lines.push(`  - Change needed: ${request.change}`);
  if (request.reason) lines.push(`  - Reason: ${request.reason}`);
  const target = request.target?.domain;
  const waits = target ? [...(deps.waitsOn.get(target) ?? [])].sort() : [];
  if (target && waits.length > 0) {
    const cycle = deps.cycle.includes(target) ? ' (part of a cycle)' : '';
    lines.push(
      `  - **Dependency chain**: ${target} itself has open blocking requests to ${waits.join(', ')}${cycle}; order them first.`,
    );
  }
  return lines;
}
