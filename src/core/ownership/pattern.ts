import { braceExpand, Minimatch } from 'minimatch';
import { patternProblem } from './patternBounds';

/**
 * One alternative of a territory pattern, normalised to gitignore semantics:
 * a leading `/` or an inner `/` anchors at the folder root, a trailing `/` (or `/**`)
 * means "this directory and everything below", a pattern without a slash matches at any depth.
 */
export interface CompiledPattern {
  /** The pattern as written in the map. */
  readonly source: string;
  readonly anchored: boolean;
  readonly dirOnly: boolean;
  /** Path segments after normalisation; `**` stands for any number of segments. */
  readonly segments: readonly string[];
  readonly specificity: number;
}

const GLOB_MAGIC = /[*?[\]]|[+@!]\(/;

export function isLiteralSegment(segment: string): boolean {
  return !GLOB_MAGIC.test(segment);
}

/**
 * Specificity ranks competing matches: more literal segments first (a deeper directory beats its
 * parent, `docs/` beats `*.md`), then more segments, then a pattern with no wildcard at all
 * (a literal file beats a glob). It depends on the pattern only, so any matcher can reproduce it.
 */
function specificityOf(segments: readonly string[]): number {
  const real = segments.filter((s) => s !== '**');
  const literal = real.filter(isLiteralSegment).length;
  const fullyLiteral = literal === real.length && real.length === segments.length ? 1 : 0;
  return literal * 10_000 + real.length * 10 + fullyLiteral;
}

/** More alternatives than this and braces are taken literally: `{1..9999999}` must not hang the editor. */
const MAX_ALTERNATIVES = 64;

/** The alternatives a pattern's braces expand to (the pattern itself when they would be too many). */
export function expandBraces(pattern: string): string[] {
  if (/\{[^}]*\.\.[^}]*\}/.test(pattern)) return [pattern];
  let estimate = 1;
  for (const group of pattern.match(/\{[^{}]*\}/g) ?? []) estimate *= group.split(',').length;
  if (estimate > MAX_ALTERNATIVES) return [pattern];
  // The estimate counts innermost groups only: nested ones (`{a,{b,c}}`) are counted once expanded.
  const expanded = braceExpand(pattern);
  return expanded.length > MAX_ALTERNATIVES ? [pattern] : expanded;
}

/** The gitignore reading of one pattern (braces not expanded): anchoring, directory-only, segments. */
export function normalizePattern(pattern: string): { anchored: boolean; dirOnly: boolean; segments: string[] } {
  let body = pattern.trim().replace(/\\/g, '/');
  let dirOnly = false;
  // gitignore: a slash "at the beginning or middle" anchors; the one before a trailing `**` is in
  // the middle (`models/**` is root-relative), a lone trailing slash is not (`models/`). A pattern
  // that is nothing but `/**` keeps its `**`: it owns everything, as `**` does.
  let middleSlash = false;
  while (body.endsWith('/**') && body.replace(/^\/+/, '') !== '**') {
    body = body.slice(0, -3);
    dirOnly = true;
    middleSlash = true;
  }
  if (body.endsWith('/')) {
    body = body.replace(/\/+$/, '');
    dirOnly = true;
  }
  let anchored = body.startsWith('/') || (middleSlash && body !== '');
  body = body.replace(/^\/+/, '');
  if (body.startsWith('**/')) {
    // `**/x` is the explicit spelling of an unanchored pattern.
    body = body.slice(3);
    if (!body.includes('/')) anchored = false;
    else body = '**/' + body;
  } else if (body.includes('/')) {
    anchored = true;
  }
  return { anchored, dirOnly, segments: body.split('/').filter((s) => s !== '' && s !== '.') };
}

/** Returns the compiled alternatives of a pattern (braces expanded), or [] for an empty pattern. */
export function compilePattern(source: string): CompiledPattern[] {
  const result: CompiledPattern[] = [];
  // The map refuses such a pattern (pattern-too-complex); anything that compiles one anyway gets nothing to run slowly.
  let alternatives: string[] = [];
  if (patternProblem(source.trim(), (p) => (alternatives = expandBraces(p))) !== undefined) return result;
  for (const alternative of alternatives) {
    const { anchored, dirOnly, segments } = normalizePattern(alternative);
    if (segments.length === 0) continue;
    const full = anchored ? segments : ['**', ...segments];
    result.push({ source, anchored, dirOnly, segments: full, specificity: specificityOf(full) });
  }
  return result;
}

/** A regular expression for one path segment, with the same semantics minimatch gives it. */
export function segmentRegExp(segment: string): RegExp {
  const re = new Minimatch(segment, { dot: true }).makeRe();
  if (!re) throw new Error(`Invalid pattern segment: ${segment}`);
  return re;
}

/**
 * The whole pattern as one minimatch glob that matches the owned path and everything below it.
 * Used by the reference matcher (tests and the benchmark baseline).
 */
export function toOwningGlob(pattern: CompiledPattern): string {
  const body = pattern.segments.join('/');
  return pattern.dirOnly ? `${body}/**` : `${body}{,/**}`;
}
