import type { OwnershipResolver } from '../ownership/resolver';
import type { Domain } from '../types';

export interface Attribution {
  /** The domain whose prefix starts the subject, or undefined (unattributed). */
  readonly domain: Domain | undefined;
  /** The prefix that matched, as written in the map. */
  readonly prefix: string | undefined;
  readonly kind: 'prefixed' | 'revert' | 'merge' | 'fixup' | 'unprefixed';
}

const REVERT = /^Revert\s+"(.*)"\s*$/i;
const FIXUP = /^(fixup|squash|amend)!\s*(.*)$/i;

/**
 * The domain a commit belongs to, from its subject: `core: …` → the domain with prefix `core:`
 * (case-insensitive; the longest matching prefix wins so `feat:` is not taken for `fe`), also
 * `core(scope): …`. `Revert "core: …"` and `fixup! core: …` belong to the domain of the commit they
 * undo or amend. Merge commits (several parents) are never attributed by their subject.
 */
export function attributeSubject(subject: string, domains: readonly Domain[], parents = 1): Attribution {
  if (parents > 1) return { domain: undefined, prefix: undefined, kind: 'merge' };
  let text = subject.trim();
  let kind: Attribution['kind'] = 'prefixed';
  for (let depth = 0; depth < 5; depth++) {
    const revert = REVERT.exec(text);
    const fixup = FIXUP.exec(text);
    if (revert) {
      text = revert[1].trim();
      kind = 'revert';
    } else if (fixup) {
      text = fixup[2].trim();
      kind = 'fixup';
    } else break;
  }
  const lower = text.toLowerCase();
  let best: { domain: Domain; prefix: string } | undefined;
  for (const domain of domains) {
    for (const prefix of domain.prefixes) {
      if (!matchesPrefix(lower, prefix.toLowerCase())) continue;
      if (!best || prefix.length > best.prefix.length) best = { domain, prefix };
    }
  }
  if (!best) return { domain: undefined, prefix: undefined, kind: 'unprefixed' };
  return { domain: best.domain, prefix: best.prefix, kind };
}

function matchesPrefix(subject: string, prefix: string): boolean {
  if (subject.startsWith(prefix)) {
    // `core:` must not match `core:x`-less words like `corex: …`; a prefix without `:` needs a boundary.
    return prefix.endsWith(':') || subject.length === prefix.length || /[\s:(!]/.test(subject[prefix.length]);
  }
  if (!prefix.endsWith(':')) return false;
  // Conventional-commit scope: `core(models): …` for the prefix `core:`.
  if (!subject.startsWith(prefix.slice(0, -1))) return false;
  let scoped = SCOPED.get(prefix);
  if (scoped === undefined) {
    scoped = new RegExp(`^${escape(prefix.slice(0, -1))}\\([^)]*\\)!?:`);
    SCOPED.set(prefix, scoped);
  }
  return scoped.test(subject);
}

/** Compiled `name(scope):` tests by prefix: grouping 100,000 commits must not compile one per commit. */
const SCOPED = new Map<string, RegExp>();

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
export function violationsOf(domain: Domain, files: readonly string[], resolver: OwnerLookup, unassignedLocked = true): FileViolation[] {
  const violations: FileViolation[] = [];
  for (const path of files) {
    const owner = resolver.resolve(path);
    if (owner.kind === 'owned' && owner.domain.id === domain.id) continue;
    if (owner.kind === 'unassigned' && !unassignedLocked) continue;
    if (owner.kind === 'contested' && owner.domains.some((d) => d.id === domain.id)) continue;
    if (owner.kind === 'outside') continue;
    violations.push({ path, owner: owner.kind === 'owned' ? owner.domain.id : owner.kind });
  }
  return violations;
}
