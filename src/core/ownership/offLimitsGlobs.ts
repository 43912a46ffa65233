// The off-limits rule (offLimits.ts says it file by file) compiled once into entries that cover all
// of a domain's off-limits files, for the tools that take paths or globs instead of asking per file:
// VS Code's files.readonlyInclude (readonlyGlobs.ts), Claude Code's sandbox denyWrite
// (guard/claudeSandbox.ts) and srt's allowWrite/denyWrite (guard/sandboxPolicy.ts, through
// `coverPaths`). Another domain's pattern is an entry as written, so that it also covers files made
// later, unless the domain's own territory may lie inside it or no glob syntax can say it; then that
// pattern, and the files no domain owns, are entries for the files and folders that hold them today
// (the folder's listing). test/unit/core/ownership/offLimitsGlobs.test.ts checks each export, read
// the way its tool reads it, against isOffLimits on generated maps.
import { compilePattern, isLiteralSegment, segmentRegExp, type CompiledPattern } from './pattern';
import { isOffLimits, type UnassignedPolicy } from './offLimits';
import { OwnershipResolver, type Ownership } from './resolver';
import type { Domain, DomainMap } from '../types';

export interface OffLimitsInputs {
  readonly map: DomainMap;
  readonly resolver: OwnershipResolver;
  /** The folder's files (git's listing), relative, `/`-separated. */
  readonly files: readonly string[];
  readonly unassignedPolicy: UnassignedPolicy;
  /**
   * The entries are made again whenever the listing changes (VS Code's read-only globs): a folder
   * is folded by today's files alone, where a snapshot (the sandboxes) folds only folders none of
   * the domain's patterns could ever own a file in; else an unanchored pattern (`docs/`, `*.md`)
   * turns every unassigned folder into its files, thousands of entries in settings.json.
   */
  readonly live?: boolean;
}

/** Part of what a domain may not edit: another domain's pattern whole, or a listed file or folder (with everything in it). */
export type OffLimitsEntry =
  | { readonly kind: 'pattern'; readonly pattern: CompiledPattern }
  | { readonly kind: 'path'; readonly path: string; readonly folder: boolean };

export interface OffLimitsEntries {
  readonly entries: readonly OffLimitsEntry[];
  /** Patterns of other domains written as today's files because the domain's own territory may lie inside them (`API's src/`). */
  readonly expanded: readonly string[];
}

/** A listed file, or a folder all of whose listed files were selected. */
export interface CoveredPath {
  readonly path: string;
  readonly folder: boolean;
}

function owns(ownership: Ownership, domain: Domain): boolean {
  return (
    (ownership.kind === 'owned' && ownership.domain.id === domain.id) ||
    (ownership.kind === 'contested' && ownership.domains.some((d) => d.id === domain.id))
  );
}

function segmentsMeet(a: string, b: string): boolean {
  if (a === b) return true;
  const aLiteral = isLiteralSegment(a);
  const bLiteral = isLiteralSegment(b);
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

/** Extglobs and braces: what neither gitignore nor VS Code's globs can say. */
function plainGlob(pattern: CompiledPattern): boolean {
  return !pattern.segments.some((s) => /[+@!]\(|[{}]/.test(s));
}

/** A listed folder as a directory-only pattern; a name a glob would misread stands as `*` (any name): `mayOverlap` only widens. */
function folderPattern(dir: string): CompiledPattern {
  return {
    source: `/${dir}/`,
    anchored: true,
    dirOnly: true,
    segments: dir.split('/').map((s) => (isLiteralSegment(s) ? s : '*')),
    specificity: 0,
  };
}

function handoffOf(map: DomainMap, domain: Domain): string {
  return map.handoffFile.replace('{domain}', domain.id).replace(/^\/+/, '');
}

/** The domain's patterns, and its handoff file, which is its own whatever pattern matches it (the resolver asks the handoff name first). */
export function ownPatternsOf(map: DomainMap, domain: Domain): CompiledPattern[] {
  const handoff: CompiledPattern[] = map.handoffFile.includes('{domain}')
    ? [{ ...folderPattern(handoffOf(map, domain)), dirOnly: false, specificity: Number.MAX_SAFE_INTEGER }]
    : [];
  return [...domain.paths.flatMap(compilePattern), ...handoff];
}

/** Whether the domain whose patterns are `own` may own a path `pattern` matches (one of its patterns meets it at least as specifically): then `pattern` cannot be denied whole. */
export function mayHoldOwn(pattern: CompiledPattern, own: readonly CompiledPattern[]): boolean {
  return own.some((q) => mayOverlap(pattern, q) && q.specificity >= pattern.specificity);
}

/** A listing's folders, counted once: `cover` is asked several times per export. */
export class ListedFolders {
  /** Per file, its folders from the outermost in. */
  private readonly parents: string[][];
  private readonly total = new Map<string, number>();

  constructor(readonly files: readonly string[]) {
    this.parents = files.map((file) => {
      const dirs: string[] = [];
      for (let slash = file.indexOf('/'); slash !== -1; slash = file.indexOf('/', slash + 1))
        dirs.push(file.slice(0, slash));
      for (const dir of dirs) this.total.set(dir, (this.total.get(dir) ?? 0) + 1);
      return dirs;
    });
  }

  /**
   * The smallest list of folders and files covering every listed file `select` picks: a folder
   * stands for its files when all of them are picked and `folderAllowed` says so (nothing that must
   * stay apart may appear there later); the outermost such folder wins.
   */
  cover(select: (file: string) => boolean, folderAllowed: (dir: string) => boolean): CoveredPath[] {
    const picked = new Map<string, number>();
    const selected: number[] = [];
    this.files.forEach((file, i) => {
      if (!select(file)) return;
      selected.push(i);
      for (const dir of this.parents[i]!) picked.set(dir, (picked.get(dir) ?? 0) + 1);
    });
    const result = new Map<string, CoveredPath>();
    for (const i of selected) {
      const dir = this.parents[i]!.find((d) => this.total.get(d) === picked.get(d) && folderAllowed(d));
      const entry: CoveredPath =
        dir !== undefined ? { path: dir, folder: true } : { path: this.files[i]!, folder: false };
      result.set(`${entry.folder ? 'd' : 'f'}:${entry.path}`, entry);
    }
    return [...result.values()];
  }
}

/** `ListedFolders.cover` for one question. */
export function coverPaths(
  files: readonly string[],
  select: (file: string) => boolean,
  folderAllowed: (dir: string) => boolean,
): CoveredPath[] {
  return new ListedFolders(files).cover(select, folderAllowed);
}

/** Everything `domainId` may not edit, as entries; none for a domain the map does not have. */
export function offLimitsEntries(inputs: OffLimitsInputs, domainId: string): OffLimitsEntries {
  const { map, resolver, files, unassignedPolicy } = inputs;
  const own = map.domains.find((d) => d.id === domainId);
  if (!own) return { entries: [], expanded: [] };
  const handoffs = map.handoffFile.includes('{domain}');
  const ownPatterns = ownPatternsOf(map, own);
  // One walk per file: the owners are asked three times below.
  const owners = new Map(files.map((file) => [file, resolver.resolve(file)]));
  const ownerOf = (file: string) => owners.get(file) ?? resolver.resolve(file);
  const mine = (file: string) => owns(ownerOf(file), own);
  const ownFiles = files.filter(mine);
  // A folder may be covered whole only when none of the domain's patterns could own something in it.
  const allowed = new Map<string, boolean>();
  const folderAllowed = (dir: string) => {
    if (inputs.live === true) return true;
    let answer = allowed.get(dir);
    if (answer === undefined) allowed.set(dir, (answer = !ownPatterns.some((q) => mayOverlap(folderPattern(dir), q))));
    return answer;
  };
  const folders = new ListedFolders(files);
  const entries = new Map<string, OffLimitsEntry>();
  const addPath = (path: CoveredPath) =>
    entries.set(`${path.folder ? 'd' : 'f'}:${path.path}`, { kind: 'path', ...path });
  const expanded: string[] = [];
  for (const other of map.domains) {
    if (other === own) continue;
    for (const source of other.paths) {
      const alternatives = compilePattern(source);
      const alone = OwnershipResolver.compile({ domains: [{ ...other, paths: [source] }], handoffFile: '' });
      const matches = (file: string) => alone.resolve(file).kind === 'owned';
      const nests = alternatives.some((p) => !plainGlob(p) || mayHoldOwn(p, ownPatterns));
      if (!nests && !ownFiles.some(matches)) {
        for (const pattern of alternatives)
          entries.set(`p:${pattern.dirOnly}:${pattern.segments.join('/')}`, { kind: 'pattern', pattern });
        continue;
      }
      expanded.push(`${other.id}'s ${source}`);
      for (const path of folders.cover((f) => matches(f) && !mine(f), folderAllowed)) addPath(path);
    }
    if (handoffs) addPath({ path: handoffOf(map, other), folder: false });
  }
  // Files nobody owns (the lead's, when locked) and files other domains contest exist only as listed.
  const offLimitsAs = (kind: 'unassigned' | 'contested') => (f: string) => {
    const ownership = ownerOf(f);
    return ownership.kind === kind && isOffLimits(ownership, domainId, unassignedPolicy);
  };
  for (const path of folders.cover(offLimitsAs('unassigned'), folderAllowed)) addPath(path);
  for (const path of folders.cover(offLimitsAs('contested'), () => false)) addPath(path);
  return { entries: [...entries.values()], expanded };
}

/** The globs that cover what a pattern owns (the path and everything below it), in the syntax gitignore, minimatch and VS Code share. */
export function globsOf(pattern: CompiledPattern): string[] {
  // `**/` owns what lies in any folder, not the files at the root, which `**/**/**` would match too.
  if (pattern.segments.every((s) => s === '**')) return pattern.dirOnly ? ['*/**'] : ['**'];
  const body = pattern.segments.join('/');
  return pattern.dirOnly ? [`${body}/**`] : [body, `${body}/**`];
}

/**
 * A literal path as a VS Code glob: the characters its globs read as syntax each in a one-character
 * class (VS Code's globs take no backslash escape: https://code.visualstudio.com/docs/editor/glob-patterns).
 */
export function literalGlob(path: string): string {
  return path.replace(/[*?[{}]/g, '[$&]');
}

/** The globs of one entry (VS Code's and minimatch's syntax): a folder is `folder/**`. */
export function entryGlobs(entry: OffLimitsEntry): string[] {
  if (entry.kind === 'pattern') return globsOf(entry.pattern);
  return [entry.folder ? `${literalGlob(entry.path)}/**` : literalGlob(entry.path)];
}

/** Everything `domainId` may not edit, as root-relative globs (VS Code's and minimatch's syntax), sorted. */
export function offLimitsGlobs(
  inputs: OffLimitsInputs,
  domainId: string,
): { globs: string[]; expanded: readonly string[] } {
  const { entries, expanded } = offLimitsEntries(inputs, domainId);
  return { globs: [...new Set(entries.flatMap(entryGlobs))].sort(), expanded };
}
