// CODEOWNERS from the map, so the code host asks each domain's owners to review changes to it.
// CODEOWNERS is last-match-wins while the map is most-specific-wins: entries are written from the
// least to the most specific pattern, so the last match is the most specific one, as in the map.
import { compilePattern, type CompiledPattern } from '../ownership/pattern';
import type { DomainMap } from '../types';

/** Owners per domain id; the key `*` gives the owners of everything no domain owns (the lead). */
export type OwnersByDomain = Readonly<Record<string, readonly string[]>>;

export const DEFAULT_OWNER_KEY = '*';

const OWNER = /^(@[A-Za-z0-9][A-Za-z0-9-]*(\/[A-Za-z0-9._-]+)?|[^@\s]+@[^@\s]+\.[^@\s]+)$/;

/** Why `owner` is not a CODEOWNERS owner (`@user`, `@org/team`, an e-mail address), or undefined. */
export function checkOwner(owner: string): string | undefined {
  return OWNER.test(owner) ? undefined : `"${owner}" is not an owner (use @user, @org/team or an e-mail address)`;
}

export interface SkippedPattern {
  readonly domain: string;
  readonly pattern: string;
  readonly reason: string;
}

export interface CodeownersExport {
  /** The lines of the generated block, without the markers. */
  readonly lines: string[];
  readonly skipped: SkippedPattern[];
  /** Domains with no owners configured: their paths get the lead's owners (`*`), or none. */
  readonly unowned: string[];
}

/** The CODEOWNERS spelling of a pattern; character ranges, braces and extglobs cannot be said there. */
export function codeownersPattern(pattern: CompiledPattern): string | { reason: string } {
  if (pattern.segments.some((s) => /[[\]]/.test(s))) return { reason: 'CODEOWNERS has no [ ] character ranges' };
  if (pattern.segments.some((s) => /[+@!]\(/.test(s))) return { reason: 'CODEOWNERS has no extglobs' };
  if (pattern.segments.some((s) => /[{}]/.test(s))) return { reason: 'CODEOWNERS has no { } alternatives' };
  const escape = (segment: string) => segment.replace(/\\/g, '\\\\').replace(/ /g, '\\ ');
  const segments = pattern.segments.map(escape);
  let body: string;
  if (!pattern.anchored) {
    const rest = segments.slice(1);
    // One name matches at any depth by itself; a longer unanchored path needs the explicit `**/`,
    // and so does a name starting with `#`, which would read as a comment (CODEOWNERS has no `\#`).
    body = rest.length === 1 && !rest[0].startsWith('#') ? rest[0] : `**/${rest.join('/')}`;
  } else {
    body = `/${segments.join('/')}`;
  }
  return pattern.dirOnly ? `${body}/` : body;
}

/**
 * The CODEOWNERS entries of the map. Handoff files come last: `HANDOFF_FROM_<X>.md` is X's
 * whatever the patterns say, so it must be the last match.
 */
export function codeownersExport(map: DomainMap, owners: OwnersByDomain): CodeownersExport {
  const lead = owners[DEFAULT_OWNER_KEY] ?? [];
  // A domain without owners of its own falls back to the lead's, like the files nobody owns.
  const ownersOf = (id: string) => ((owners[id] ?? []).length > 0 ? (owners[id] as readonly string[]) : lead);
  const entries: { pattern: string; owners: readonly string[]; specificity: number; order: number }[] = [];
  const skipped: SkippedPattern[] = [];
  let order = 0;
  for (const domain of map.domains) {
    const domainOwners = ownersOf(domain.id);
    for (const source of domain.paths) {
      for (const compiled of compilePattern(source)) {
        const pattern = codeownersPattern(compiled);
        if (typeof pattern !== 'string') skipped.push({ domain: domain.id, pattern: source, reason: pattern.reason });
        else entries.push({ pattern, owners: domainOwners, specificity: compiled.specificity, order: order++ });
      }
    }
  }
  entries.sort((a, b) => a.specificity - b.specificity || a.order - b.order);
  const lines: string[] = [];
  const unowned = map.domains.filter((d) => (owners[d.id] ?? []).length === 0).map((d) => d.id);
  lines.push('# Generated from the domain map: edit the map (and territory.codeOwners), then export again.');
  lines.push('# Last match wins, so entries run from the least to the most specific pattern, as the map decides.');
  for (const id of unowned) {
    const fallback = lead.length > 0 ? 'the lead\'s owners (*) review it' : 'its paths require no review';
    lines.push(`# ${id}: no owners configured (setting territory.codeOwners or --owner ${id}=@team); ${fallback}.`);
  }
  for (const s of skipped) lines.push(`# skipped ${s.domain} pattern ${s.pattern}: ${s.reason}`);
  if (lead.length > 0) lines.push(`* ${lead.join(' ')}`);
  const width = Math.max(0, ...entries.map((e) => e.pattern.length));
  const line = (pattern: string, who: readonly string[]) => (who.length > 0 ? `${pattern.padEnd(width)} ${who.join(' ')}` : pattern);
  for (const entry of entries) lines.push(line(entry.pattern, entry.owners));
  if (map.handoffFile.includes('{domain}')) {
    for (const domain of map.domains) {
      const file = map.handoffFile.replace('{domain}', domain.id).replace(/\\/g, '/').replace(/^\/+/, '');
      lines.push(line(`/${file.replace(/ /g, '\\ ')}`, ownersOf(domain.id)));
    }
  }
  return { lines, skipped, unowned };
}
