// What a domain may not edit, as root-relative gitignore globs: the sandbox's write limits are made
// from them (claudeSandbox.ts). The PreToolUse hook (claudeHook.ts, agentGuard.ts) judges the file
// tools against the map as it is at each call; these globs are a snapshot of the files there are at
// export time. Where a domain's own territory lies inside another domain's pattern, that pattern is
// spelled out as the files and folders that exist now.
//
// Earlier exports wrote them as Claude Code `permissions.deny` `Edit(...)` rules; such a rule
// refuses before any hook runs, with a generic message and no owner (DESIGN.md §8), so the export
// now removes the rules it wrote.
import { compilePattern, segmentRegExp, type CompiledPattern } from '../ownership/pattern';
import { OwnershipResolver, type Ownership } from '../ownership/resolver';
import type { Domain, DomainMap } from '../types';
import { isOffLimits } from '../ownership/offLimits';
import type { UnassignedPolicy } from '../settings';

export interface PermissionInputs {
  readonly map: DomainMap;
  readonly resolver: OwnershipResolver;
  /** The folder's files (git's listing), relative, `/`-separated. */
  readonly files: readonly string[];
  readonly unassignedPolicy: UnassignedPolicy;
}

export interface OffLimitsGlobs {
  /** gitignore globs relative to the folder root (no leading `/`). */
  readonly globs: string[];
  /** Patterns of other domains written as today's files because the domain's own territory nests in them. */
  readonly expanded: string[];
}

/** Escapes what gitignore would read as glob syntax in a literal path. */
export function escapeGlob(path: string): string {
  return path.replace(/[\\*?[\]]/g, '\\$&').replace(/^([!#])/, '\\$1');
}

function owns(ownership: Ownership, domain: Domain): boolean {
  return (ownership.kind === 'owned' && ownership.domain.id === domain.id) || (ownership.kind === 'contested' && ownership.domains.some((d) => d.id === domain.id));
}

function segmentsMeet(a: string, b: string): boolean {
  if (a === b) return true;
  const aLiteral = !/[*?[\]]|[+@!]\(/.test(a);
  const bLiteral = !/[*?[\]]|[+@!]\(/.test(b);
  if (aLiteral && bLiteral) return false;
  if (aLiteral) return segmentRegExp(b).test(a);
  if (bLiteral) return segmentRegExp(a).test(b);
  return true;
}

/** Whether some path could be matched by both patterns (a cheap, safe over-estimate). */
export function mayOverlap(a: CompiledPattern, b: CompiledPattern): boolean {
  const n = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const sa = a.segments[i];
    const sb = b.segments[i];
    if (sa === undefined || sb === undefined) break;
    if (sa === '**' || sb === '**') return true;
    if (!segmentsMeet(sa, sb)) return false;
  }
  // One is a prefix of the other: the shorter one owns the longer one's whole subtree.
  return true;
}

function gitignoreCompatible(pattern: CompiledPattern): boolean {
  return !pattern.segments.some((s) => /[+@!]\(|[{}]/.test(s));
}

function globsOfPattern(pattern: CompiledPattern): string[] {
  const body = pattern.segments.join('/');
  return pattern.dirOnly ? [`${body}/**`] : [body, `${body}/**`];
}

/**
 * The smallest list of folders (`dir/**`) and files covering every listed file `isOff` selects:
 * a folder stands for its files when all of them are selected and `dirAllowed` says nothing the
 * domain owns may appear there later.
 */
export function coverFiles(files: readonly string[], isOff: (file: string) => boolean, dirAllowed: (dir: string) => boolean): string[] {
  const total = new Map<string, number>();
  const off = new Map<string, number>();
  const selected = files.filter(isOff);
  const selectedSet = new Set(selected);
  for (const file of files) {
    const parts = file.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      total.set(dir, (total.get(dir) ?? 0) + 1);
      if (selectedSet.has(file)) off.set(dir, (off.get(dir) ?? 0) + 1);
    }
  }
  const result = new Set<string>();
  for (const file of selected) {
    const parts = file.split('/');
    let entry = escapeGlob(file);
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (total.get(dir) === off.get(dir) && dirAllowed(dir)) {
        entry = `${escapeGlob(dir)}/**`;
        break;
      }
    }
    result.add(entry);
  }
  return [...result];
}

/** Everything `domainId` may not edit, as root-relative gitignore globs. */
export function offLimitsGlobs(inputs: PermissionInputs, domainId: string): OffLimitsGlobs {
  const { map, resolver, files, unassignedPolicy } = inputs;
  const own = map.domains.find((d) => d.id === domainId);
  if (!own) return { globs: [], expanded: [] };
  const handoff = (d: Domain) => map.handoffFile.replace('{domain}', d.id).replace(/^\/+/, '');
  const ownPatterns = [...own.paths.flatMap(compilePattern), ...(map.handoffFile.includes('{domain}') ? compilePattern(`/${escapeGlob(handoff(own))}`) : [])];
  const mine = (file: string) => owns(resolver.resolve(file), own);
  // A folder may be denied whole only when none of the domain's patterns could own something in it.
  const dirAllowed = (dir: string) => {
    const asPattern = compilePattern(`/${escapeGlob(dir)}/`)[0];
    return asPattern !== undefined && !ownPatterns.some((q) => mayOverlap(asPattern, q));
  };
  const globs = new Set<string>();
  const expanded: string[] = [];
  for (const other of map.domains) {
    if (other === own) continue;
    for (const source of other.paths) {
      const alternatives = compilePattern(source);
      const alone = OwnershipResolver.compile({ domains: [{ ...other, paths: [source] }], handoffFile: '' });
      const matches = (file: string) => alone.resolve(file).kind === 'owned';
      const nests = alternatives.some((p) => !gitignoreCompatible(p) || ownPatterns.some((q) => mayOverlap(p, q) && q.specificity >= p.specificity));
      if (!nests && !files.some((f) => matches(f) && mine(f))) {
        for (const p of alternatives) for (const glob of globsOfPattern(p)) globs.add(glob);
        continue;
      }
      expanded.push(`${other.id}'s ${source}`);
      for (const entry of coverFiles(files, (f) => matches(f) && !mine(f), dirAllowed)) globs.add(entry);
    }
    if (map.handoffFile.includes('{domain}')) globs.add(escapeGlob(handoff(other)));
  }
  // Files nobody owns (the lead's, when locked) and files other domains contest exist only as listed.
  const offLimitsAs = (kind: 'unassigned' | 'contested') => (f: string) => {
    const ownership = resolver.resolve(f);
    return ownership.kind === kind && isOffLimits(ownership, domainId, unassignedPolicy);
  };
  for (const entry of coverFiles(files, offLimitsAs('unassigned'), dirAllowed)) globs.add(entry);
  for (const entry of coverFiles(files, offLimitsAs('contested'), () => false)) globs.add(entry);
  return { globs: [...globs].sort(), expanded };
}

/** Where the per-domain settings files go, relative to the folder; `claude --settings <file>` reads one. */
export const CLAUDE_SETTINGS_DIR = '.territory/claude';

export function claudeSettingsFile(domainId: string): string {
  return `${CLAUDE_SETTINGS_DIR}/${domainId}.settings.json`;
}

/** Where format 1 of the export wrote its `Edit(...)` deny rules, which a new export removes (exports.ts). */
export const DENY_PATH = ['permissions', 'deny'];
