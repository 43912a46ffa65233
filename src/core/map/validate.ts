import { expandBraces, normalizePattern } from '../ownership/pattern';
import { patternProblem } from '../ownership/patternBounds';
import type { Domain, TextRange } from '../types';
import { CONTROL_CHARS, type DiagnosticSink, where } from './text';

/**
 * Validation shared by the JSON and the markdown reader. Both readers turn their source into
 * drafts (raw strings with the range each came from); this module decides what is valid.
 *
 * Policy: a value that fails validation is reported and LEFT OUT of the returned map, so that
 * whatever reaches the rest of the extension is safe to put in file names, environment
 * variables and git arguments. A domain without a valid id or terminal is left out entirely.
 */

export interface Located<T> {
  readonly value: T;
  readonly range?: TextRange;
}

export interface DraftDomain {
  readonly id: Located<string>;
  readonly terminal: Located<string>;
  readonly name?: Located<string>;
  readonly paths: readonly Located<string>[];
  readonly prefixes: readonly Located<string>[];
  readonly rules: readonly string[];
  /** Where to report problems of the domain as a whole (no paths, no prefixes). */
  readonly range?: TextRange;
}

/** Ids end up in `HANDOFF_FROM_<ID>.md`, `TERRITORY_DOMAIN=<ID>` and git arguments. */
export const DOMAIN_ID_PATTERN = /^[A-Z][A-Z0-9_]{0,31}$/;
const ASCII_ID_ANY_CASE = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;

export function validateId(raw: Located<string>, sink: DiagnosticSink): string | undefined {
  const id = raw.value.trim();
  if (DOMAIN_ID_PATTERN.test(id)) return id;
  // Upper-case only plain ASCII: toUpperCase() maps some non-ASCII letters onto ASCII ones.
  if (ASCII_ID_ANY_CASE.test(id)) {
    const upper = id.toUpperCase();
    sink.warning('id-not-uppercase', `Domain id "${id}" is used as "${upper}": ids are upper case.`, raw.range);
    return upper;
  }
  const why = id === '' ? 'it is empty' : `"${id}" is not an upper-case identifier`;
  sink.error(
    'invalid-id',
    `Invalid domain id: ${why}. Ids become file names (HANDOFF_FROM_<ID>.md), environment values and git ` +
      'arguments, so they must be an upper-case letter followed by up to 31 upper-case letters, digits or "_".',
    raw.range,
  );
  return undefined;
}

export function validateTerminal(raw: Located<string>, sink: DiagnosticSink): string | undefined {
  const label = raw.value.trim();
  if (label === '') sink.error('invalid-terminal', 'The terminal label is empty.', raw.range);
  else if (/\s/.test(label) || CONTROL_CHARS.test(label))
    sink.error('invalid-terminal', `Terminal label "${label}" must not contain whitespace.`, raw.range);
  else return label;
  return undefined;
}

export function validatePrefix(raw: Located<string>, sink: DiagnosticSink): string | undefined {
  // A trailing space ("core: ") is how the seed writes prefixes in prose: trimmed, not an error.
  const prefix = raw.value.trim();
  if (prefix === '') sink.error('invalid-prefix', 'The commit prefix is empty.', raw.range);
  else if (/\s/.test(prefix) || CONTROL_CHARS.test(prefix))
    sink.error('invalid-prefix', `Commit prefix "${prefix}" must be one word without whitespace.`, raw.range);
  else return prefix;
  return undefined;
}

/**
 * Patterns follow gitignore conventions and stay inside the folder. A leading "/" anchors at the
 * folder root (it is not an absolute path); "..", drive letters, UNC paths, "~" and backslashes
 * would reach outside it (or mean something else on another OS), so they are refused.
 */
export function validatePattern(raw: Located<string>, sink: DiagnosticSink): string | undefined {
  const pattern = raw.value.trim();
  const outside = (why: string): undefined => {
    sink.error(
      'pattern-outside-folder',
      `Pattern "${pattern}" ${why}; patterns are relative to the folder.`,
      raw.range,
    );
    return undefined;
  };
  if (pattern === '') {
    sink.error('empty-pattern', 'The path pattern is empty.', raw.range);
    return undefined;
  }
  if (CONTROL_CHARS.test(pattern)) {
    sink.error(
      'invalid-pattern',
      `Pattern ${JSON.stringify(pattern)} contains a line break or control character.`,
      raw.range,
    );
    return undefined;
  }
  if (/^[A-Za-z]:/.test(pattern)) return outside('starts with a drive letter');
  if (/^(\\\\|\/\/|\\\/|\/\\)/.test(pattern)) return outside('is a network (UNC) path');
  if (/^~[\w.-]*([/\\]|$)/.test(pattern)) return outside('starts in a home directory (~)');
  if (pattern.split(/[/\\]/).includes('..')) return outside('contains a ".." segment');
  if (pattern.includes('\\')) {
    sink.error('pattern-backslash', `Pattern "${pattern}" contains a backslash: use "/" as the separator.`, raw.range);
    return undefined;
  }
  // Before anything compiles it: a run of unclosed "[" takes seconds in minimatch, in every command and in the agent guard.
  const tooComplex = patternProblem(pattern, expandBraces);
  if (tooComplex !== undefined) {
    const shown = pattern.length > 60 ? `${pattern.slice(0, 60)}…` : pattern;
    sink.error(
      'pattern-too-complex',
      `Pattern "${shown}" (character ${tooComplex.index + 1}) ${tooComplex.reason}.`,
      raw.range,
    );
    return undefined;
  }
  if (patternKey(pattern).replace(/\//g, '') === '') {
    sink.error('empty-pattern', `Pattern "${pattern}" owns nothing.`, raw.range);
    return undefined;
  }
  return pattern;
}

/**
 * A canonical spelling for duplicate detection: "/docs/", "docs/**" and "/docs//" own the same
 * territory; "docs/" (any depth) and "/docs/" (root only) do not. Braces are not expanded on
 * purpose (an expansion such as {1..9999999} must not cost anything here).
 */
export function patternKey(pattern: string): string {
  const { anchored, dirOnly, segments } = normalizePattern(pattern);
  return (anchored ? '/' : '') + segments.join('/') + (dirOnly && segments.length ? '/' : '');
}

interface Seen {
  readonly domain: string;
  readonly range?: TextRange;
  /** The value as written (keys are lower-cased). */
  readonly value?: string;
}

/** Validates drafts one by one, then across domains (duplicates and overlaps). */
export function buildDomains(drafts: readonly DraftDomain[], sink: DiagnosticSink): Domain[] {
  const domains: Domain[] = [];
  const ids = new Map<string, Seen>();
  const terminals = new Map<string, Seen>();
  const prefixOwners = new Map<string, Seen>();
  const patternOwners = new Map<string, Seen>();
  const normalizedKeys = new Map<string, { key: string; pattern: string; domain: string }>();

  for (const draft of drafts) {
    const id = validateId(draft.id, sink);
    const terminal = validateTerminal(draft.terminal, sink);
    if (id === undefined || terminal === undefined) continue;

    const firstWithId = ids.get(id);
    if (firstWithId) {
      sink.error(
        'duplicate-id',
        `Domain id "${id}" is already used by the domain at ${where(firstWithId.range)}.`,
        draft.id.range,
      );
      continue;
    }
    ids.set(id, { domain: id, range: draft.id.range });

    const terminalKey = terminal.toLowerCase();
    const firstWithTerminal = terminals.get(terminalKey);
    if (firstWithTerminal) {
      sink.error(
        'duplicate-terminal',
        `Terminal "${terminal}" is already used by domain ${firstWithTerminal.domain}.`,
        draft.terminal.range,
      );
    } else {
      terminals.set(terminalKey, { domain: id, range: draft.terminal.range });
    }

    const name = draft.name?.value.replace(/\s+/g, ' ').trim() || id;

    const prefixes: string[] = [];
    for (const raw of draft.prefixes) {
      const prefix = validatePrefix(raw, sink);
      if (prefix === undefined) continue;
      const key = prefix.toLowerCase();
      const owner = prefixOwners.get(key);
      if (owner?.domain === id) {
        sink.warning('repeated-prefix', `Commit prefix "${prefix}" is listed twice in domain ${id}.`, raw.range);
      } else if (owner) {
        sink.error(
          'duplicate-prefix',
          `Commit prefix "${prefix}" is already used by domain ${owner.domain}.`,
          raw.range,
        );
      } else {
        prefixOwners.set(key, { domain: id, range: raw.range, value: prefix });
        prefixes.push(prefix);
      }
    }

    const paths: string[] = [];
    for (const raw of draft.paths) {
      const pattern = validatePattern(raw, sink);
      if (pattern === undefined) continue;
      const key = patternKey(pattern);
      // `café/` typed on one machine and pasted from another can differ in bytes only: git and the
      // resolver compare bytes, so the two match different files.
      const normalized = key.normalize('NFC');
      const twin = normalizedKeys.get(normalized);
      if (twin !== undefined && twin.key !== key) {
        sink.warning(
          'unicode-normalization',
          `Pattern "${pattern}" differs from "${twin.pattern}" (${twin.domain}) only in Unicode normalisation: they match different files; write both the same way.`,
          raw.range,
        );
      } else if (twin === undefined) normalizedKeys.set(normalized, { key, pattern, domain: id });
      const owner = patternOwners.get(key);
      if (owner?.domain === id) {
        sink.warning('repeated-pattern', `Pattern "${pattern}" is listed twice in domain ${id}.`, raw.range);
        continue;
      }
      if (owner) {
        // Kept in both domains: the ownership resolver shows the paths as contested.
        sink.error(
          'overlapping-territory',
          `Pattern "${pattern}" is already owned by domain ${owner.domain} (overlapping territory).`,
          raw.range,
        );
      } else {
        patternOwners.set(key, { domain: id, range: raw.range });
      }
      paths.push(pattern);
    }

    if (draft.paths.length === 0) sink.warning('no-paths', `Domain ${id} owns no path.`, draft.range);
    if (draft.prefixes.length === 0) sink.warning('no-prefixes', `Domain ${id} has no commit prefix.`, draft.range);

    const rules = draft.rules.map((r) => r.trim()).filter((r) => r !== '');
    domains.push({ id, terminal, name, paths, prefixes, rules });
  }
  reportAmbiguousPrefixes(prefixOwners, sink);
  return domains;
}

/**
 * "fe" and "feat:" in two domains: a commit "feat: x" starts with both. Sorted, every prefix is
 * followed by the keys that extend it, so the scan costs the number of such pairs, not n².
 */
function reportAmbiguousPrefixes(owners: ReadonlyMap<string, Seen>, sink: DiagnosticSink): void {
  const position = new Map([...owners.keys()].map((key, index) => [key, index]));
  const sorted = [...owners.keys()].sort();
  for (const [i, prefix] of sorted.entries()) {
    for (let j = i + 1; j < sorted.length; j++) {
      const other = sorted[j];
      if (other === undefined || !other.startsWith(prefix)) break;
      // Reported at whichever of the two comes later in the file.
      const [first, second] = [prefix, other]
        .sort((a, b) => position.get(a)! - position.get(b)!)
        .map((k) => owners.get(k)!);
      if (first === undefined || second === undefined || first.domain === second.domain) continue;
      sink.warning(
        'ambiguous-prefix',
        `Commit prefix "${second.value}" and domain ${first.domain}'s prefix "${first.value}" start alike: a commit may match both.`,
        second.range,
      );
    }
  }
}
