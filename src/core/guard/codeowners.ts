// CODEOWNERS from the map, so the code host asks each domain's owners to review changes to it.
// GitHub's rules ("About code owners", docs.github.com/en/repositories/managing-your-repositorys-
// settings-and-features/customizing-your-repository/about-code-owners): gitignore-like patterns,
// except that `[ ]` character ranges, `!` negation and `\#` escapes do not work; the last matching
// pattern takes precedence; paths are case sensitive. The map is most-specific-wins: entries are
// written from the least to the most specific pattern, so the last match is the most specific one,
// as in the map — and where the map has no single most specific match (a contested path) GitHub
// would silently pick the later line, so such a map is refused rather than exported.
// Territory's control files (controlFiles.ts, the one list) are the lead's whatever the map says:
// their lines come after every domain's, so the last match gives them to the lead's owners (`*`).
import { compilePattern, type CompiledPattern } from '../ownership/pattern';
import type { UnassignedPolicy } from '../ownership/offLimits';
import { OwnershipResolver } from '../ownership/resolver';
import { MAP_FILE_NAME, type DomainMap } from '../types';
import { CONTROL_PATTERNS } from './controlFiles';

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

export interface CodeownersOptions {
  /** The map files (folder-relative) besides `territory.json`: a markdown map in force. */
  readonly mapPaths?: readonly string[];
  /** territory.unassigned: `locked` is a policy CODEOWNERS cannot say, so the block says so. */
  readonly unassigned?: UnassignedPolicy;
}

export interface CodeownersExport {
  /** What the block cannot enforce that Territory does, as sentences for the user. */
  readonly warnings: string[];
  /** The lines of the generated block, without the markers. */
  readonly lines: string[];
  readonly skipped: SkippedPattern[];
  /** Domains with no owners configured: their paths get the lead's owners (`*`), or none. */
  readonly unowned: string[];
  /** Files (or one pattern written by several domains) the map leaves contested: no export can say who owns them. */
  readonly contested: { readonly path: string; readonly domains: string[] }[];
}

/** More alternatives than this from one pattern's `[ ]` classes and the pattern is skipped, as braces are capped. */
const MAX_CLASS_ALTERNATIVES = 64;

/** Characters a class may list to be written out: nothing CODEOWNERS would read as a glob, escape or comment. */
const PLAIN_CLASS_CHAR = /^[A-Za-z0-9._-]$/;

/** The characters of one `[ ]` class body (`ab`, `a-c`), or why it cannot be listed. */
function classChars(body: string): string[] | { reason: string } {
  if (/^[!^]/.test(body))
    return { reason: 'CODEOWNERS has no [ ] character ranges, and a negated one cannot be written out' };
  const chars: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const from = body.charAt(i);
    if (body[i + 1] === '-' && i + 2 < body.length) {
      const to = body.charAt(i + 2);
      if (!PLAIN_CLASS_CHAR.test(from) || !PLAIN_CLASS_CHAR.test(to) || to < from)
        return { reason: `CODEOWNERS has no [ ] character ranges, and [${body}] cannot be written out` };
      for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c++) chars.push(String.fromCharCode(c));
      i += 2;
    } else if (PLAIN_CLASS_CHAR.test(from)) chars.push(from);
    else return { reason: `CODEOWNERS has no [ ] character ranges, and [${body}] cannot be written out` };
  }
  return [...new Set(chars)];
}

/** A segment with its `[ ]` classes written out as alternatives (`[ab]*` → `a*`, `b*`), as braces are. */
function expandClasses(segment: string): string[] | { reason: string } {
  const open = segment.indexOf('[');
  if (open < 0) return segment.includes(']') ? { reason: 'CODEOWNERS has no [ ] character ranges' } : [segment];
  const close = segment.indexOf(']', open + 2);
  if (close < 0) return { reason: 'CODEOWNERS has no [ ] character ranges' };
  const chars = classChars(segment.slice(open + 1, close));
  if (!Array.isArray(chars)) return chars;
  const rest = expandClasses(segment.slice(close + 1));
  if (!Array.isArray(rest)) return rest;
  if (chars.length * rest.length > MAX_CLASS_ALTERNATIVES)
    return {
      reason: `CODEOWNERS has no [ ] character ranges, and ${segment} stands for more than ${MAX_CLASS_ALTERNATIVES} patterns`,
    };
  return chars.flatMap((c) => rest.map((r) => `${segment.slice(0, open)}${c}${r}`));
}

/**
 * The CODEOWNERS spelling of a pattern: one line per alternative of its small `[ ]` classes (braces
 * are expanded before, by compilePattern); extglobs and larger classes cannot be said there.
 */
export function codeownersPatterns(pattern: CompiledPattern, folder = ''): string[] | { reason: string } {
  if (pattern.segments.some((s) => /[+@!]\(/.test(s))) return { reason: 'CODEOWNERS has no extglobs' };
  if (pattern.segments.some((s) => /[{}]/.test(s))) return { reason: 'CODEOWNERS has no { } alternatives' };
  let alternatives: string[][] = [[]];
  for (const segment of pattern.segments) {
    const expanded = expandClasses(segment);
    if (!Array.isArray(expanded)) return expanded;
    alternatives = alternatives.flatMap((prefix) => expanded.map((s) => [...prefix, s]));
    if (alternatives.length > MAX_CLASS_ALTERNATIVES)
      return {
        reason: `CODEOWNERS has no [ ] character ranges, and ${pattern.source} stands for more than ${MAX_CLASS_ALTERNATIVES} patterns`,
      };
  }
  return alternatives.map((segments) => spell(pattern, segments, folder));
}

const escapeSegment = (segment: string) => segment.replace(/\\/g, '\\\\').replace(/ /g, '\\ ');

/** `folder`: the map's folder below the repository root, which GitHub's patterns are relative to. */
function spell(pattern: CompiledPattern, written: readonly string[], folder: string): string {
  // `**/**/x` is `**/x`: the map's reader puts its own `**` before an unanchored pattern, and one
  // that already starts with `**/` must not get a second (GitHub matched 20 of 5,000 files to no line).
  const segments = written.filter((s, i) => !(s === '**' && written[i - 1] === '**')).map(escapeSegment);
  let body: string;
  if (folder !== '') {
    // Inside the map's folder: anchored there, at any depth below it for an unanchored pattern.
    body = `/${folder}/${segments.join('/')}`;
  } else if (!pattern.anchored) {
    const rest = segments.slice(1);
    const [name] = rest;
    // One name matches at any depth by itself; a longer unanchored path needs the explicit `**/`,
    // and so does a name starting with `#`, which would read as a comment (CODEOWNERS has no `\#`).
    body = rest.length === 1 && name !== undefined && !name.startsWith('#') ? name : `**/${rest.join('/')}`;
  } else {
    body = `/${segments.join('/')}`;
  }
  return pattern.dirOnly ? `${body}/` : body;
}

/** Contested files of the listing, and patterns several domains write alike (contested wherever they match). */
function contestedPaths(map: DomainMap, files: readonly string[]): CodeownersExport['contested'] {
  const contested: CodeownersExport['contested'] = [];
  const writers = new Map<string, string[]>();
  for (const domain of map.domains) {
    for (const source of domain.paths) {
      for (const compiled of compilePattern(source)) {
        const key = `${compiled.anchored ? '/' : ''}${compiled.segments.join('/')}${compiled.dirOnly ? '/' : ''}`;
        const ids = writers.get(key) ?? [];
        if (!ids.includes(domain.id)) ids.push(domain.id);
        writers.set(key, ids);
      }
    }
  }
  for (const [key, ids] of writers)
    if (ids.length > 1) contested.push({ path: key.replace(/^\*\*\//, ''), domains: ids });
  const resolver = OwnershipResolver.compile(map);
  for (const file of files) {
    const owner = resolver.resolve(file);
    if (owner.kind === 'contested') contested.push({ path: file, domains: owner.domains.map((d) => d.id) });
  }
  return contested;
}

/**
 * The CODEOWNERS entries of the map. Handoff files come last: `HANDOFF_FROM_<X>.md` is X's
 * whatever the patterns say, so it must be the last match.
 */
export function codeownersExport(
  map: DomainMap,
  owners: OwnersByDomain,
  files: readonly string[] = [],
  folder = '',
  options: CodeownersOptions = {},
): CodeownersExport {
  const base = folder
    .replace(/\\/g, '/')
    .replace(/^\/+|\/+$/g, '')
    .split('/')
    .filter((s) => s !== '')
    .map(escapeSegment)
    .join('/');
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
        const patterns = codeownersPatterns(compiled, base);
        if (!Array.isArray(patterns)) skipped.push({ domain: domain.id, pattern: source, reason: patterns.reason });
        else
          for (const pattern of patterns)
            entries.push({ pattern, owners: domainOwners, specificity: compiled.specificity, order: order++ });
      }
    }
  }
  entries.sort((a, b) => a.specificity - b.specificity || a.order - b.order);
  const lines: string[] = [];
  const unowned = map.domains.filter((d) => (owners[d.id] ?? []).length === 0).map((d) => d.id);
  lines.push('# Generated from the domain map: edit the map (and territory.codeOwners), then export again.');
  lines.push('# Last match wins, so entries run from the least to the most specific pattern, as the map decides.');
  for (const id of unowned) {
    const fallback = lead.length > 0 ? "the lead's owners (*) review it" : 'its paths require no review';
    lines.push(`# ${id}: no owners configured (setting territory.codeOwners or --owner ${id}=@team); ${fallback}.`);
  }
  const warnings = policyWarnings(lead.length > 0, options.unassigned);
  for (const warning of warnings) lines.push(`# ${warning}`);
  for (const s of skipped) lines.push(`# skipped ${s.domain} pattern ${s.pattern}: ${s.reason}`);
  if (lead.length > 0) lines.push(`${base === '' ? '*' : `/${base}/`} ${lead.join(' ')}`);
  const width = Math.max(0, ...entries.map((e) => e.pattern.length));
  const line = (pattern: string, who: readonly string[]) =>
    who.length > 0 ? `${pattern.padEnd(width)} ${who.join(' ')}` : pattern;
  for (const entry of entries) lines.push(line(entry.pattern, entry.owners));
  if (map.handoffFile.includes('{domain}')) {
    for (const domain of map.domains) {
      const file = map.handoffFile.replace('{domain}', domain.id).replace(/\\/g, '/').replace(/^\/+/, '');
      lines.push(line(`/${base === '' ? '' : `${base}/`}${file.replace(/ /g, '\\ ')}`, ownersOf(domain.id)));
    }
  }
  // Last: whatever line a domain's pattern wrote for them, these files are the lead's.
  lines.push(
    "# Territory's control files (the map, its settings, hooks, CI workflow): the lead's whatever the map says.",
  );
  for (const pattern of controlLines(options.mapPaths ?? [], base)) lines.push(line(pattern, lead));
  return { lines, warnings, skipped, unowned, contested: contestedPaths(map, files) };
}

/** The CODEOWNERS patterns of Territory's control files (and the map files), below the map's folder `base`. */
function controlLines(mapPaths: readonly string[], base: string): string[] {
  const at = (path: string) => `/${base === '' ? '' : `${base}/`}${path.split('/').map(escapeSegment).join('/')}`;
  // territory.json is the lead's even beside a markdown map (it would become the map).
  const patterns = [MAP_FILE_NAME, ...mapPaths].map((p) => at(p.replace(/\\/g, '/').replace(/^\/+/, '')));
  for (const control of CONTROL_PATTERNS) {
    // `.git/` is never in a repository's tree: no review can be asked for it; the map is above.
    if (control.kind === 'git' || control.kind === 'map') continue;
    patterns.push(
      control.anywhere
        ? base === ''
          ? escapeSegment(control.pattern)
          : `/${base}/**/${escapeSegment(control.pattern)}`
        : at(control.pattern),
    );
  }
  return [...new Set(patterns)];
}

/** What CODEOWNERS cannot say of Territory's rules with these owners and this policy. */
function policyWarnings(leadOwned: boolean, unassigned: UnassignedPolicy | undefined): string[] {
  const warnings: string[] = [];
  if (!leadOwned) {
    warnings.push(
      "no lead owner (territory.codeOwners \"*\" or --owner '*=@lead'): the domain map and Territory's control files (.territory/, .vscode/settings.json, the CI workflow, hooks) get no owner, so no review protects them",
    );
  }
  if (unassigned === 'locked') {
    warnings.push(
      `territory.unassigned is "locked": Territory refuses a domain's change to files no domain owns, but CODEOWNERS cannot forbid a change, only ask for review; ${leadOwned ? "here the lead's owners (*) review them" : 'with no lead owner they need no review'}`,
    );
  }
  return warnings;
}

/** `territory.codeOwners` (`{ "CORE": ["@team"] }`), checked owner by owner. */
export function readCodeOwners(value: unknown): { owners: Record<string, string[]>; problems: string[] } {
  const owners: Record<string, string[]> = {};
  const problems: string[] = [];
  if (value === undefined || value === null) return { owners, problems };
  if (typeof value !== 'object' || Array.isArray(value))
    return { owners, problems: ['territory.codeOwners must be an object of domain id to owners'] };
  for (const [id, list] of Object.entries(value as Record<string, unknown>)) {
    const entries = typeof list === 'string' ? [list] : Array.isArray(list) ? list : [];
    for (const entry of entries) {
      const problem = typeof entry === 'string' ? checkOwner(entry.trim()) : 'an owner must be a string';
      if (problem) problems.push(`territory.codeOwners.${id}: ${problem}`);
      else (owners[id] ??= []).push((entry as string).trim());
    }
  }
  return { owners, problems };
}
