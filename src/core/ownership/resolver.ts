import * as path from 'node:path';
import type { Domain, DomainMap } from '../types';
import { compilePattern, isLiteralSegment, segmentRegExp, type CompiledPattern } from './pattern';
import { MAX_GLOB_NAME } from './patternBounds';

export type Ownership =
  | { readonly kind: 'owned'; readonly domain: Domain; readonly pattern: string; readonly viaHandoff: boolean }
  | { readonly kind: 'unassigned' }
  | { readonly kind: 'contested'; readonly domains: readonly Domain[]; readonly patterns: readonly string[] }
  | { readonly kind: 'outside' };

interface Terminal {
  readonly domainIndex: number;
  readonly domain: Domain;
  readonly pattern: CompiledPattern;
  readonly result: Ownership;
  /** The index of `<domain id>\0<pattern as written>` in `matchKeys`: one per pattern of the map, shared by its alternatives. */
  readonly keyId: number;
}

/** A node of the segment automaton: literal edges, glob edges and a `**` edge. */
class Node {
  literal: Map<string, Node> | undefined;
  globs: { re: RegExp; node: Node }[] | undefined;
  /** The glob edges by the source of their expression: one lookup per insert, not one regex per edge. */
  globIndex: Map<string, { re: RegExp; node: Node }> | undefined;
  /** The node reached through a `**` edge; it loops on any segment. */
  anyDepth: Node | undefined;
  loops = false;
  terminals: Terminal[] | undefined;
  /** Stamp that de-duplicates a node within one step of the walk. */
  seen = 0;
}

/** The walk's state after a directory's segments (see `resolveInDirectory`). */
interface DirectoryState {
  readonly dir: string;
  readonly nodes: Node[];
  readonly bestScore: number;
  readonly best: Terminal[];
  readonly recorded: Terminal[];
  /** No state has a literal or glob edge: a file's name cannot change the answer. */
  readonly nameFree: boolean;
  /** With `nameFree`, the answer for every file of the directory, once one was resolved. */
  fixed: { owner: Ownership; ids: number[] } | undefined;
}

const UNASSIGNED: Ownership = Object.freeze({ kind: 'unassigned' });
const OUTSIDE: Ownership = Object.freeze({ kind: 'outside' });

/**
 * Answers "who owns this path?" for one map. Compiled once per map; each query walks the path's
 * segments through one automaton built from every pattern, so its cost depends on the path's
 * depth, not on the number of patterns. Queries allocate nothing but the segment split.
 */
export class OwnershipResolver {
  private readonly root = new Node();
  private readonly contested = new Map<string, Ownership>();
  private readonly handoffFile: RegExp | undefined;
  private readonly handoffOwners = new Map<string, Ownership>();
  private readonly handoffPrefix: string;
  private stamp = 0;
  private current: Node[] = [];
  private next: Node[] = [];
  private best: Terminal[] = [];
  /** While coverage runs: every terminal a walk reached, deciding or not. */
  private recording: Set<Terminal> | undefined;
  /** The set `resolveMatching` reuses from one path to the next. */
  private scratch: Set<Terminal> | undefined;
  /**
   * Every pattern of the map as `<domain id>\0<pattern as written>`, indexed by the ids
   * `resolveMatchingIds` reports: live coverage counts files per id in an array, where counting
   * per key string built a string and hashed it for every match of every file.
   */
  readonly matchKeys: readonly string[];
  /** Per key id, the last call of `resolveMatchingIds` that reported it: each id once per call. */
  private readonly keyStamps: Uint32Array;
  private keyStamp = 0;

  static compile(map: DomainMap): OwnershipResolver {
    return new OwnershipResolver(map);
  }

  private constructor(readonly map: DomainMap) {
    const keys = new Map<string, number>();
    map.domains.forEach((domain, domainIndex) => {
      for (const raw of domain.paths) {
        for (const pattern of compilePattern(raw)) {
          const key = `${domain.id}\0${pattern.source}`;
          let keyId = keys.get(key);
          if (keyId === undefined) keys.set(key, (keyId = keys.size));
          this.insert(pattern, {
            domainIndex,
            domain,
            pattern,
            result: Object.freeze({ kind: 'owned', domain, pattern: raw, viaHandoff: false }),
            keyId,
          });
        }
      }
    });
    this.matchKeys = [...keys.keys()];
    this.keyStamps = new Uint32Array(this.matchKeys.length);
    const [prefix] = map.handoffFile.split('{domain}');
    this.handoffPrefix = prefix ?? '';
    if (map.handoffFile.includes('{domain}')) {
      const escaped = map.handoffFile.split('{domain}').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      this.handoffFile = new RegExp(`^${escaped.join('([A-Za-z0-9_]+)')}$`);
      for (const domain of map.domains) {
        const owned: Ownership = Object.freeze({
          kind: 'owned',
          domain,
          pattern: map.handoffFile.replace('{domain}', domain.id),
          viaHandoff: true,
        });
        // Exact case, as the protocol names the files and as GitHub's CODEOWNERS matches them:
        // HANDOFF_FROM_core.md is no handoff file of CORE.
        this.handoffOwners.set(domain.id, owned);
      }
    }
  }

  /**
   * Owner of a path relative to the folder root (`/` or `\` separated). `isDir` tells whether the
   * path itself is a directory, which matters for directory-only patterns such as `docs/`.
   */
  resolve(relativePath: string, isDir = false): Ownership {
    const segments = splitPath(relativePath);
    if (segments === undefined) return OUTSIDE;
    if (segments.length === 0) return UNASSIGNED;
    if (this.handoffFile !== undefined && relativePath.includes(this.handoffPrefix)) {
      const owner = this.handoffOwner(segments.join('/'));
      if (owner !== undefined) {
        // The patterns a handoff file also matches still match a file.
        if (this.recording !== undefined) this.walk(segments, isDir);
        return owner;
      }
    }
    return this.walk(segments, isDir);
  }

  private handoffOwner(path: string): Ownership | undefined {
    const match = this.handoffFile?.exec(path);
    // Group 1 always takes part in a match.
    return match ? this.handoffOwners.get(match[1]!) : undefined;
  }

  private walk(segments: string[], isDir: boolean): Ownership {
    // Two state buffers swapped per segment, with explicit counts: resetting `length` on every
    // query showed up in profiles.
    let current = this.current;
    let next = this.next;
    let bestScore = -1;
    let bestCount = 0;
    const best = this.best;
    const recording = this.recording;
    this.stamp++;
    let currentCount = this.enter(this.root, current, 0);
    const last = segments.length - 1;
    for (let depth = 0; depth <= last && currentCount > 0; depth++) {
      const nextCount = this.step(current, currentCount, segments[depth]!, next);
      const fullPath = depth === last;
      for (let i = 0; i < nextCount; i++) {
        // The buffers hold stale nodes past their counts, never holes below them.
        const terminals = next[i]!.terminals;
        if (terminals === undefined) continue;
        for (let t = 0; t < terminals.length; t++) {
          const terminal = terminals[t]!;
          if (fullPath && terminal.pattern.dirOnly && !isDir) continue;
          if (recording !== undefined) recording.add(terminal);
          const score = terminal.pattern.specificity;
          if (score > bestScore) {
            bestScore = score;
            bestCount = 0;
          }
          if (score === bestScore) best[bestCount++] = terminal;
        }
      }
      const swap = current;
      current = next;
      next = swap;
      currentCount = nextCount;
    }
    this.current = current;
    this.next = next;
    return this.decide(best, bestCount);
  }

  /**
   * Runs `resolve` calls and also learns which patterns matched at least one of their paths, not
   * only those that decided an owner: coverage's "matches no file" in the same single walk per
   * file. Keys are `<domain id>\0<pattern as written>`.
   */
  /**
   * The owner of one path, and into `matches` the key (as `recordMatches` names them) of every
   * pattern that matched it, each once: live coverage counts the files per pattern so that a
   * removed file can make a pattern "match no file" again without another pass over the tree.
   */
  resolveMatching(relativePath: string, matches: string[], isDir = false): Ownership {
    const ids: number[] = [];
    const owner = this.resolveMatchingIds(relativePath, ids, isDir);
    for (const id of ids) matches.push(this.matchKeys[id]!);
    return owner;
  }

  /** `resolveMatching` with the patterns as indices into `matchKeys`, each once: no string is built per match. */
  resolveMatchingIds(relativePath: string, ids: number[], isDir = false): Ownership {
    const slash = relativePath.lastIndexOf('/');
    const handoff = this.handoffFile !== undefined && relativePath.includes(this.handoffPrefix);
    if (slash > 0 && !isDir && !handoff) {
      const state = this.directory;
      // The directory seen last (a sorted listing's neighbours share it): its path was checked then,
      // so only the name needs a look.
      if (
        state !== undefined &&
        slash === state.dir.length &&
        relativePath.startsWith(state.dir) &&
        plainName(relativePath, slash)
      ) {
        return this.resolveNamed(state, relativePath, slash, ids);
      }
      if (!needsNormalising(relativePath)) {
        this.directory = this.walkDirectory(relativePath.slice(0, slash));
        return this.resolveNamed(this.directory, relativePath, slash, ids);
      }
    }
    const recording = (this.scratch ??= new Set<Terminal>());
    recording.clear();
    this.recording = recording;
    let owner: Ownership;
    try {
      owner = this.resolve(relativePath, isDir);
    } finally {
      this.recording = undefined;
    }
    this.recordIds(recording, ids);
    return owner;
  }

  /**
   * A file of the directory `state` describes. Where no state of the walk has an edge a name could
   * take (only `**` loops: `backend/app/` and below, for most maps), every file of the directory
   * has the same owner and patterns, so the first file's answer is kept for the rest.
   */
  private resolveNamed(state: DirectoryState, relativePath: string, slash: number, ids: number[]): Ownership {
    if (state.fixed !== undefined) {
      for (const id of state.fixed.ids) ids.push(id);
      return state.fixed.owner;
    }
    const recording = (this.scratch ??= new Set<Terminal>());
    recording.clear();
    const first = ids.length;
    const owner = this.resolveInDirectory(state, relativePath.slice(slash + 1), recording);
    this.recordIds(recording, ids);
    if (state.nameFree) state.fixed = { owner, ids: ids.slice(first) };
    return owner;
  }

  /** The key id of every terminal recorded, each once. */
  private recordIds(recording: ReadonlySet<Terminal>, ids: number[]): void {
    const stamp = this.nextKeyStamp();
    const stamps = this.keyStamps;
    for (const terminal of recording) {
      if (stamps[terminal.keyId] === stamp) continue;
      stamps[terminal.keyId] = stamp;
      ids.push(terminal.keyId);
    }
  }

  private nextKeyStamp(): number {
    if (++this.keyStamp === 0xffffffff) {
      this.keyStamps.fill(0);
      this.keyStamp = 1;
    }
    return this.keyStamp;
  }

  /**
   * The walk's state after the segments of the directory `resolveMatching` last saw. A listing is
   * sorted, so a directory's files come one after another: each resumes the walk and steps only its
   * own name, instead of walking its whole path again (at 100,000 files, most of the time to
   * build the live coverage, on the extension host).
   */
  private directory: DirectoryState | undefined;

  /** `walk` over the directory's segments (cached in `state`) and then `name`, a file's: the same answer and the same terminals recorded. */
  private resolveInDirectory(state: DirectoryState, name: string, recording: Set<Terminal>): Ownership {
    for (const terminal of state.recorded) recording.add(terminal);
    const current = this.current;
    const next = this.next;
    const count = state.nodes.length;
    for (let i = 0; i < count; i++) current[i] = state.nodes[i]!;
    const best = this.best;
    let bestCount = state.best.length;
    for (let i = 0; i < bestCount; i++) best[i] = state.best[i]!;
    let bestScore = state.bestScore;
    const nextCount = count > 0 ? this.step(current, count, name, next) : 0;
    for (let i = 0; i < nextCount; i++) {
      const terminals = next[i]!.terminals;
      if (terminals === undefined) continue;
      for (let t = 0; t < terminals.length; t++) {
        const terminal = terminals[t]!;
        // The name is a file's: a directory-only pattern cannot match it.
        if (terminal.pattern.dirOnly) continue;
        recording.add(terminal);
        const score = terminal.pattern.specificity;
        if (score > bestScore) {
          bestScore = score;
          bestCount = 0;
        }
        if (score === bestScore) best[bestCount++] = terminal;
      }
    }
    return this.decide(best, bestCount);
  }

  private walkDirectory(dir: string): DirectoryState {
    let current: Node[] = [];
    let next: Node[] = [];
    const recorded = new Set<Terminal>();
    let best: Terminal[] = [];
    let bestScore = -1;
    this.stamp++;
    let count = this.enter(this.root, current, 0);
    for (const segment of dir.split('/')) {
      if (count === 0) break;
      const nextCount = this.step(current, count, segment, next);
      for (let i = 0; i < nextCount; i++) {
        for (const terminal of next[i]!.terminals ?? []) {
          recorded.add(terminal);
          const score = terminal.pattern.specificity;
          if (score > bestScore) {
            bestScore = score;
            best = [];
          }
          if (score === bestScore) best.push(terminal);
        }
      }
      [current, next] = [next, current];
      count = nextCount;
    }
    const nodes = current.slice(0, count);
    return {
      dir,
      nodes,
      bestScore,
      best,
      recorded: [...recorded],
      nameFree: nodes.every((node) => node.literal === undefined && node.globs === undefined),
      fixed: undefined,
    };
  }

  recordMatches(run: () => void): Set<string> {
    const recording = new Set<Terminal>();
    this.recording = recording;
    try {
      run();
    } finally {
      this.recording = undefined;
    }
    return new Set([...recording].map((t) => `${t.domain.id}\0${t.pattern.source}`));
  }

  private decide(best: Terminal[], count: number): Ownership {
    const first = best[0];
    if (count === 0 || first === undefined) return UNASSIGNED;
    let single = true;
    for (let i = 1; i < count; i++) if (best[i]!.domainIndex !== first.domainIndex) single = false;
    if (single) return first.result;
    const byDomain = new Map<number, Terminal>();
    for (const terminal of best.slice(0, count)) {
      if (!byDomain.has(terminal.domainIndex)) byDomain.set(terminal.domainIndex, terminal);
    }
    const contenders = [...byDomain.values()].sort((a, b) => a.domainIndex - b.domainIndex);
    const key = contenders.map((t) => `${t.domainIndex}:${t.pattern.source}`).join('|');
    let result = this.contested.get(key);
    if (result === undefined) {
      result = Object.freeze({
        kind: 'contested',
        domains: contenders.map((t) => t.domain),
        patterns: contenders.map((t) => t.pattern.source),
      });
      this.contested.set(key, result);
    }
    return result;
  }

  /** The states one segment leads to from `current`, written into `next`; their count. */
  private step(current: Node[], currentCount: number, segment: string, next: Node[]): number {
    let nextCount = 0;
    this.stamp++;
    for (let i = 0; i < currentCount; i++) {
      const node = current[i]!;
      if (node.loops) nextCount = this.enter(node, next, nextCount);
      const literal = node.literal?.get(segment);
      if (literal !== undefined) nextCount = this.enter(literal, next, nextCount);
      const globs = node.globs;
      // A name no file system holds is matched by literal segments only (see MAX_GLOB_NAME).
      if (globs !== undefined && segment.length <= MAX_GLOB_NAME) {
        for (let g = 0; g < globs.length; g++) {
          const glob = globs[g]!;
          if (glob.re.test(segment)) nextCount = this.enter(glob.node, next, nextCount);
        }
      }
    }
    return nextCount;
  }

  /** Adds a node and whatever its `**` edges reach without consuming a segment. */
  private enter(node: Node, into: Node[], count: number): number {
    let at: Node | undefined = node;
    while (at !== undefined && at.seen !== this.stamp) {
      at.seen = this.stamp;
      into[count++] = at;
      at = at.anyDepth;
    }
    return count;
  }

  /** Maps repeat segments (`*.py` under many folders): each is turned into a regex once per compile. */
  private readonly segmentCache = new Map<string, RegExp>();

  private segmentRegExp(segment: string): RegExp {
    let re = this.segmentCache.get(segment);
    if (re === undefined) this.segmentCache.set(segment, (re = segmentRegExp(segment)));
    return re;
  }

  private insert(pattern: CompiledPattern, terminal: Terminal): void {
    let node = this.root;
    for (const segment of pattern.segments) {
      if (segment === '**') {
        if (node.anyDepth === undefined) {
          node.anyDepth = new Node();
          node.anyDepth.loops = true;
        }
        node = node.anyDepth;
      } else if (isLiteralSegment(segment)) {
        node.literal ??= new Map();
        let child = node.literal.get(segment);
        if (child === undefined) node.literal.set(segment, (child = new Node()));
        node = child;
      } else {
        const re = this.segmentRegExp(segment);
        node.globs ??= [];
        node.globIndex ??= new Map();
        let edge = node.globIndex.get(re.source);
        if (edge === undefined) {
          edge = { re, node: new Node() };
          node.globs.push(edge);
          node.globIndex.set(re.source, edge);
        }
        node = edge.node;
      }
    }
    (node.terminals ??= []).push(terminal);
  }
}

/**
 * Where a backslash separates path segments (Windows); elsewhere it is a character of a file name
 * (`a\b.py` is one file on Linux) and git lists it as such.
 */
const BACKSLASH_SEPARATES = path.sep === '\\';

/**
 * Backslashes (Windows), empty, `.` or `..` segments: anything a plain split would get wrong.
 * By hand rather than one regular expression: it runs for every path of every listing.
 */
function needsNormalising(p: string): boolean {
  const last = p.length - 1;
  if (last < 0 || p.charCodeAt(0) === 47 || p.charCodeAt(last) === 47) return true;
  if (BACKSLASH_SEPARATES && p.includes('\\')) return true;
  if (p.includes('//')) return true;
  if (p.charCodeAt(0) === 46 && (last === 0 || p[1] === '/' || (p[1] === '.' && (last === 1 || p[2] === '/'))))
    return true;
  if (!p.includes('/.')) return false;
  return p.includes('/./') || p.includes('/../') || p.endsWith('/.') || p.endsWith('/..');
}

/** The name after `slash` needs no normalising (not empty, `.` or `..`, no Windows backslash): the directory before it was checked already. */
function plainName(p: string, slash: number): boolean {
  const length = p.length - slash - 1;
  if (length === 0) return false;
  if (p.charCodeAt(slash + 1) === 46 && (length === 1 || (length === 2 && p.charCodeAt(slash + 2) === 46)))
    return false;
  return !BACKSLASH_SEPARATES || !p.includes('\\', slash);
}

/** Splits a relative path into segments; undefined when it leaves the root. */
export function splitPath(relativePath: string): string[] | undefined {
  if (!needsNormalising(relativePath)) return relativePath.split('/');
  const segments: string[] = [];
  for (const segment of (BACKSLASH_SEPARATES ? relativePath.replace(/\\/g, '/') : relativePath).split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) return undefined;
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  return segments;
}
