import { compilePattern, type CompiledPattern } from './ownership/pattern';
import type { DomainMap } from './types';

export interface ReadonlyGlobs {
  /** Globs (relative to the folder) of everything off-limits for the domain. */
  readonly include: string[];
  /** The domain's own territory nested inside another domain's: must stay writable. */
  readonly exclude: string[];
}

/**
 * The `files.readonlyInclude` / `files.readonlyExclude` entries that make exactly the domain's
 * off-limits files read-only. VS Code's exclude beats include, so the domain's own patterns are
 * excluded only where they sit inside another domain's territory; unassigned files (when locked)
 * are listed as the folders and files that hold them, since a glob cannot say "nobody's".
 */
export function readonlyGlobs(
  map: DomainMap,
  domainId: string,
  unassigned: { readonly locked: boolean; readonly directories: readonly string[]; readonly files: readonly string[] },
  /** Files that must stay writable whoever owns them: the settings file the globs are written into. */
  writable: readonly string[] = [],
): ReadonlyGlobs {
  const own = map.domains.find((d) => d.id === domainId);
  if (!own) return { include: [], exclude: [] };
  const include = new Set<string>();
  const exclude = new Set<string>();
  const others = map.domains.filter((d) => d !== own);
  const otherPatterns = others.flatMap((d) => d.paths.flatMap(compilePattern));
  for (const pattern of otherPatterns) for (const glob of globsOf(pattern)) include.add(glob);
  for (const domain of others) include.add(map.handoffFile.replace('{domain}', domain.id));
  for (const pattern of own.paths.flatMap(compilePattern)) {
    if (otherPatterns.some((other) => contains(other, pattern))) for (const glob of globsOf(pattern)) exclude.add(glob);
  }
  // The handoff file of the active domain is its own even where another domain owns `*.md`.
  exclude.add(map.handoffFile.replace('{domain}', own.id));
  if (unassigned.locked) {
    for (const dir of unassigned.directories) include.add(`${dir}/**`);
    for (const file of unassigned.files) include.add(file);
  }
  // VS Code's exclude beats include: a read-only settings file could never be rewritten, and the
  // next domain switch would silently change nothing.
  if (include.size > 0) for (const file of writable) exclude.add(file);
  return { include: [...include].sort(), exclude: [...exclude].sort() };
}

/** The VS Code globs that cover what a pattern owns (the path and everything below it). */
export function globsOf(pattern: CompiledPattern): string[] {
  const body = pattern.segments.join('/');
  return pattern.dirOnly ? [`${body}/**`] : [body, `${body}/**`];
}

/** True when `outer` owns a directory that holds the whole of `inner` (literal prefixes only). */
function contains(outer: CompiledPattern, inner: CompiledPattern): boolean {
  if (!outer.anchored || !inner.anchored) return false;
  if (outer.segments.length >= inner.segments.length) return false;
  return outer.segments.every((segment, i) => segment === inner.segments[i] || segment === '*');
}
