import type { Domain } from '../types';

export type DomainLookup =
  | { readonly kind: 'found'; readonly domain: Domain }
  | { readonly kind: 'ambiguous'; readonly domains: readonly Domain[] }
  | { readonly kind: 'none' };

/** Removes what people wrap names in: `[API]`, `**API**`, `` `API` ``, a trailing colon. */
export function cleanName(raw: string): string {
  // Trailing runs are cut by hand: `_+$` and `\s*:\s*$` backtrack over every start in a long run.
  let name = raw.replace(/[`*[\]]/g, '');
  let start = 0;
  let end = name.length;
  while (start < end && name[start] === '_') start++;
  while (end > start && name[end - 1] === '_') end--;
  name = name.slice(start, end).trimEnd();
  if (name.endsWith(':')) name = name.slice(0, -1);
  return name.trim();
}

/** The domain whose id, terminal label or name is exactly `raw` (any case, wrappers removed). */
export function exactDomain(raw: string, domains: readonly Domain[]): Domain | undefined {
  const name = cleanName(raw).toUpperCase();
  return domains.find(
    (d) => d.id.toUpperCase() === name || d.terminal.toUpperCase() === name || d.name.toUpperCase() === name,
  );
}

/**
 * The domain a name written by a person or an agent refers to: its id (`API`), terminal label
 * (`T2`) or name (`Backend API`), in any case. Failing that, the words of the name are tried one
 * by one, so `API (T2)` and `Backend Core team` resolve while `API and FE` is ambiguous.
 */
export function lookupDomain(raw: string, domains: readonly Domain[]): DomainLookup {
  const name = cleanName(raw).toUpperCase();
  if (name === '') return { kind: 'none' };
  const exact = exactDomain(raw, domains);
  if (exact) return { kind: 'found', domain: exact };
  const found = new Set<Domain>();
  for (const word of name.split(/[^A-Z0-9_-]+/)) {
    if (word === '') continue;
    const domain = domains.find((d) => d.id.toUpperCase() === word || d.terminal.toUpperCase() === word);
    if (domain) found.add(domain);
  }
  const [only] = found;
  if (found.size === 1 && only !== undefined) return { kind: 'found', domain: only };
  if (found.size > 1) return { kind: 'ambiguous', domains: [...found] };
  return { kind: 'none' };
}

/** Which of the seed's fields a checklist label names; `note` for anything else. */
export function fieldOf(label: string): 'file' | 'change' | 'reason' | 'blocking' | 'note' {
  const words = label.toLowerCase().replace(/\s+/g, ' ').trim();
  if (/^(files?|path|paths|file path)$/.test(words)) return 'file';
  if (/^(changes?|changes? (needed|required|requested)|needed|what|description|request)$/.test(words)) return 'change';
  if (/^(reason|reasons|why|rationale)$/.test(words)) return 'reason';
  if (/^(blocking|blocks|blocker|blocked)$/.test(words)) return 'blocking';
  return 'note';
}

/** `Yes` → true, `No` → false; undefined for anything else, the template's `Yes/No` included. */
export function parseBlocking(value: string): boolean | undefined {
  const text = value.replace(/[`*_]/g, '').trim().toLowerCase();
  if (/^(yes|y|true|no|n|false)\s*\/\s*(yes|y|true|no|n|false)\b/.test(text)) return undefined;
  if (/^(yes|y|true|blocking)\b/.test(text)) return true;
  if (/^(no|n|false|non-blocking|not blocking)\b/.test(text)) return false;
  return undefined;
}

const NO_FILE = /^(n\/?a|none|tbd|-+|—|\(none\))$/i;

/**
 * The path in a `File:` value: the first backticked span if there is one, else the first word
 * (a markdown link's text, quotes and a trailing `:12` line suffix removed). Undefined when the
 * value names no file.
 */
export function parseFileValue(value: string): string | undefined {
  const ticked = /`([^`]+)`/.exec(value)?.[1];
  let file =
    ticked !== undefined
      ? ticked.trim()
      : (/^\s*\[([^\]]+)\]\([^)]*\)/.exec(value)?.[1] ?? value.trim().split(/\s+/)[0] ?? '');
  file = file.replace(/^["']|["',;]+$/g, '').replace(/\\/g, '/');
  file = file.replace(/:\d+(:\d+)?$/, '').replace(/^(\.\/)+/, '');
  if (file === '' || NO_FILE.test(file)) return undefined;
  return file;
}
