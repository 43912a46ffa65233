import type { OwnershipResolver } from '../ownership/resolver';
import type { Domain } from '../types';
import { isOffLimits, ownerKey, type UnassignedPolicy } from '../ownership/offLimits';

export interface Attribution {
  /** The domain whose prefix starts the subject, or undefined (unattributed). */
  readonly domain: Domain | undefined;
  /** The prefix that matched, as written in the map. */
  readonly prefix: string | undefined;
  readonly kind: 'prefixed' | 'revert' | 'merge' | 'fixup' | 'unprefixed';
}

/**
 * git's own wrappers, spelled exactly as git writes them (`git revert`, `git commit --fixup`): the
 * commitlint export says the same thing in its header pattern (src/core/guard/commitlint.ts).
 */
export const REVERT_WRAPPER = /^Revert\s+"(.*)"\s*$/;
export const FIXUP_WRAPPER = /^(fixup|squash|amend)!\s*(.*)$/;

/**
 * The domain a commit belongs to, from its subject. One rule, the one the commitlint export
 * enforces too: the subject starts with a prefix exactly as the map writes it (case included) —
 * a prefix `core:` also as `core(scope):`, `core!:` or `core(scope)!:` — then one space and a
 * description (`core: x`; not `Core: x`, `core:x` or ` core: x`). A prefix written without a colon
 * (`[api]`, `fe`) is followed by a space and the description, or takes the colon form (`fe: x`).
 * The longest matching prefix wins, so `feat:` is not taken for `fe`. `Revert "core: …"` and
 * `fixup! core: …` belong to the domain of the commit they undo or amend, and their kind is the
 * outermost wrapper's. Merge commits (several parents) are never attributed by their subject.
 */
export function attributeSubject(subject: string, domains: readonly Domain[], parents = 1): Attribution {
  if (parents > 1) return { domain: undefined, prefix: undefined, kind: 'merge' };
  // git strips trailing whitespace; leading whitespace stays in the recorded subject and is no prefix.
  let text = subject.trimEnd();
  let kind: Attribution['kind'] = 'prefixed';
  for (let depth = 0; depth < 5; depth++) {
    const revert = REVERT_WRAPPER.exec(text)?.[1];
    const fixup = FIXUP_WRAPPER.exec(text)?.[2];
    if (revert !== undefined) {
      text = revert.trimEnd();
      if (kind === 'prefixed') kind = 'revert';
    } else if (fixup !== undefined) {
      text = fixup.trimEnd();
      if (kind === 'prefixed') kind = 'fixup';
    } else break;
  }
  let best: { domain: Domain; prefix: string } | undefined;
  for (const domain of domains) {
    for (const prefix of domain.prefixes) {
      if (!matchesPrefix(text, prefix.trim())) continue;
      if (!best || prefix.length > best.prefix.length) best = { domain, prefix };
    }
  }
  if (!best) return { domain: undefined, prefix: undefined, kind: 'unprefixed' };
  return { domain: best.domain, prefix: best.prefix, kind };
}

function matchesPrefix(subject: string, prefix: string): boolean {
  if (prefix === '' || !subject.startsWith(prefix.endsWith(':') ? prefix.slice(0, -1) : prefix)) return false;
  let compiled = PREFIX_FORMS.get(prefix);
  if (compiled === undefined) {
    compiled = new RegExp(`^(?:${prefixesPattern([prefix])})`);
    PREFIX_FORMS.set(prefix, compiled);
  }
  return compiled.test(subject);
}

/**
 * The accepted beginnings of a subject for these prefixes, as a regular expression source with no
 * anchor and no flags, so that commitlint's JSON configuration can carry it: the conventional
 * `name(scope)!: ` (group 1 the name, group 2 the scope) and, for a prefix written without a
 * colon, `name `; a description must follow the space.
 */
export function prefixesPattern(prefixes: readonly string[]): string {
  const byLength = (a: string, b: string) => b.length - a.length || a.localeCompare(b);
  const written = [...new Set(prefixes.map((p) => p.trim()).filter((p) => p !== '' && p !== ':'))];
  const names = [...new Set(written.map((p) => (p.endsWith(':') ? p.slice(0, -1) : p)))].sort(byLength).map(escape);
  const bare = written
    .filter((p) => !p.endsWith(':'))
    .sort(byLength)
    .map(escape);
  // No prefix at all: a pattern that matches nothing, not the empty name.
  if (names.length === 0) return '(?!)';
  const forms = [`(${names.join('|')})(?:\\(([^()]*)\\))?!?: (?=\\S)`];
  if (bare.length > 0) forms.push(`(?:${bare.join('|')}) (?=\\S)`);
  return forms.join('|');
}

/** Compiled prefix tests: grouping 100,000 commits must not compile one per commit. */
const PREFIX_FORMS = new Map<string, RegExp>();

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface FileViolation {
  readonly path: string;
  /** The owner's id, `unassigned` or `contested`. */
  readonly owner: string;
}

/** Anything that answers "who owns this path?": the resolver, or a cache in front of it. */
export type OwnerLookup = Pick<OwnershipResolver, 'resolve'>;

/** The files of a commit that lie outside its domain's territory. */
export function violationsOf(
  domain: Domain,
  files: readonly string[],
  resolver: OwnerLookup,
  unassigned: UnassignedPolicy = 'locked',
): FileViolation[] {
  const violations: FileViolation[] = [];
  for (const path of files) {
    const owner = resolver.resolve(path);
    if (isOffLimits(owner, domain.id, unassigned)) violations.push({ path, owner: ownerKey(owner) });
  }
  return violations;
}
