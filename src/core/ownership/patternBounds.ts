// Patterns whose compiling or matching would take seconds are refused before minimatch sees them.
// Measured with minimatch 10 (issue #25 item 8): a `[` that no `]` closes makes its class parser
// scan to the end of the segment, and then start again one character later, so 1,000 of them take
// 0.5 s to compile and 10,000 more than 20 s, in every command and in the agent guard (whose hook
// lets the tool call through when it times out). At match time, `*a*a*ab` becomes nested lazy
// quantifiers: three `*` against a 4,096-character name take 17 s, and an extglob such as
// `+(a|aa)b` takes 8 s against 40 characters. The bounds below keep every pattern's compile and
// match time linear in the pattern, and no more than quadratic (two `*`) in a name, whose length
// the resolver bounds too (MAX_GLOB_NAME: two `*` against 1,024 characters take 0.3 ms).
import { Minimatch } from 'minimatch';

/** Longer than any path a pattern needs to spell (PATH_MAX is 4,096 bytes; patterns are short). */
export const MAX_PATTERN_LENGTH = 1024;
/** `*` runs per path segment: two keep a match quadratic in the name at worst (`*.test.*`). */
export const MAX_STARS_PER_SEGMENT = 2;
/** `**` segments per pattern: each adds a state every step of the walk can stay in. */
export const MAX_GLOBSTARS = 4;
/** Brace groups per pattern (their expansion is bounded separately, see pattern.ts). */
export const MAX_BRACE_GROUPS = 8;
/**
 * A name longer than this is matched against literal segments only: no file system holds one
 * (NAME_MAX is 255 bytes), and a wildcard tested against it would cost quadratic time.
 */
export const MAX_GLOB_NAME = 1024;

export interface PatternProblem {
  /** Zero-based index into the pattern (as trimmed) of the character at fault. */
  readonly index: number;
  readonly reason: string;
}

// The POSIX classes minimatch reads inside a bracket expression (brace-expressions.js).
const POSIX_CLASSES = [
  '[:alnum:]',
  '[:alpha:]',
  '[:ascii:]',
  '[:blank:]',
  '[:cntrl:]',
  '[:digit:]',
  '[:graph:]',
  '[:lower:]',
  '[:print:]',
  '[:punct:]',
  '[:space:]',
  '[:upper:]',
  '[:word:]',
  '[:xdigit:]',
];

/**
 * Where the bracket expression starting at `pos` ends (the index after its `]`), or -1 when no
 * `]` closes it and minimatch reads the `[` as a literal character. The same walk as minimatch's
 * parseClass, without building the class: `!`/`^` right after `[` negates, a `]` right after that
 * is a member, a POSIX class is one member, and `a-]` is a range member followed by the end.
 * Backslashes never reach here (the map refuses them; compiling turns them into `/`).
 */
export function bracketEnd(glob: string, pos: number): number {
  let i = pos + 1;
  let sawStart = false;
  let rangeStart = false;
  while (i < glob.length) {
    const c = glob[i];
    if ((c === '!' || c === '^') && i === pos + 1) {
      i++;
      continue;
    }
    if (c === ']' && sawStart) return i + 1;
    sawStart = true;
    if (c === '[') {
      const posix = POSIX_CLASSES.find((cls) => glob.startsWith(cls, i));
      if (posix !== undefined) {
        // minimatch: a range ending in a POSIX class poisons the rest of the glob (it consumes it all).
        if (rangeStart) return glob.length;
        i += posix.length;
        continue;
      }
    }
    if (rangeStart) {
      rangeStart = false;
      i++;
      continue;
    }
    if (glob.startsWith('-]', i + 1)) {
      i += 2;
      continue;
    }
    if (glob.startsWith('-', i + 1)) {
      rangeStart = true;
      i += 2;
      continue;
    }
    i++;
  }
  return -1;
}

const EXTGLOB = /[?*+@!]\(/;

/**
 * Why a pattern is refused as too costly to compile or match, or undefined. Linear in the
 * pattern's length: a closed bracket expression is stepped over whole, the first unclosed one ends
 * the walk. `expand` gives the pattern's brace expansions (their segments are what minimatch
 * compiles); it runs only once the pattern's length and brace groups are known to be bounded.
 */
export function patternProblem(
  pattern: string,
  expand: (pattern: string) => readonly string[] = (p) => [p],
): PatternProblem | undefined {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return {
      index: MAX_PATTERN_LENGTH,
      reason: `is ${pattern.length} characters long; a pattern is at most 1,024: shorten it or split it into several`,
    };
  }
  const ext = EXTGLOB.exec(pattern);
  if (ext !== null) {
    return {
      index: ext.index,
      reason: `uses the extglob "${ext[0]}…)", whose matching time can grow exponentially with a file name's length; write the alternatives as {a,b} or as separate patterns (a literal parenthesis is written "[(]")`,
    };
  }
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '{' && ++braces > MAX_BRACE_GROUPS)
      return { index: i, reason: `has more than ${MAX_BRACE_GROUPS} "{" groups; split it into several patterns` };
  }
  for (const alternative of expand(pattern)) {
    const problem = alternativeProblem(alternative);
    // An index into an expansion is not one into the pattern: point at the pattern's start then.
    if (problem !== undefined)
      return alternative === pattern
        ? problem
        : { index: 0, reason: `${problem.reason} (in its expansion "${alternative}")` };
  }
  return undefined;
}

function alternativeProblem(glob: string): PatternProblem | undefined {
  let globstars = 0;
  let start = 0;
  for (const segment of glob.split('/')) {
    if (segment === '**') {
      if (++globstars > MAX_GLOBSTARS)
        return {
          index: start,
          reason: `has more than ${MAX_GLOBSTARS} "**" segments; one "**" already spans any number of folders`,
        };
    } else {
      const problem = segmentProblem(segment);
      if (problem !== undefined) return { index: start + problem.index, reason: problem.reason };
    }
    start += segment.length + 1;
  }
  return undefined;
}

function segmentProblem(segment: string): PatternProblem | undefined {
  let stars = 0;
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '[') {
      const end = bracketEnd(segment, i);
      if (end === -1) {
        return {
          index: i,
          reason:
            'has a "[" that no "]" closes in its path segment, and runs of those make compiling it take seconds; write "[[]" for a literal "["',
        };
      }
      i = end - 1;
    } else if (c === '*' && segment[i - 1] !== '*') {
      if (++stars > MAX_STARS_PER_SEGMENT) {
        return {
          index: i,
          reason: `has more than ${MAX_STARS_PER_SEGMENT} "*" in one path segment, which makes matching a long name slow; use "**/" or split it into several patterns`,
        };
      }
    }
  }
  return compileProblem(segment);
}

/**
 * A segment minimatch cannot turn into a regular expression: a class beside an unclosed brace
 * (`{a,[[:alpha:]]`) makes it write `\,` into a /u expression, which throws. Only segments with
 * a class or an escape are tried, so the common literal and `*` segments cost nothing here.
 */
function compileProblem(segment: string): PatternProblem | undefined {
  if (!/[[\\]/.test(segment)) return undefined;
  try {
    if (new Minimatch(segment, { dot: true }).makeRe() !== false) return undefined;
  } catch {
    // Reported below.
  }
  return {
    index: 0,
    reason: `cannot be compiled by the glob matcher (segment "${segment.slice(0, 60)}"); write a "[" or "{" meant literally as "[[]" or "[{]"`,
  };
}
