// The commit message rules of `territory check --message` and of every commit `--range` checks:
// a known prefix is required, and with a domain in force it must be that domain's.
import { attributeSubject } from '../commits/attribution';
import type { Domain, DomainMap } from '../types';

/** Messages that may go without a prefix of their own. */
export type Exemption = 'merge' | 'revert' | 'fixup';

export const EXEMPTIONS: readonly Exemption[] = ['merge', 'revert', 'fixup'];

/** git's own merge subjects: `Merge branch 'x'`, `Merge pull request #1 from …`, `Merge remote-tracking branch …`. */
export const GIT_MERGE_SUBJECT = /^Merge (branch(es)?|remote-tracking branch(es)?|tags?|commit|pull request|'|")/;

/**
 * The subjects each exemption lets through, case as git writes them (`git merge`, `git revert`,
 * `git commit --fixup/--squash`); the commitlint export carries the same expressions.
 */
export const EXEMPT_SUBJECTS: Readonly<Record<Exemption, RegExp>> = {
  merge: GIT_MERGE_SUBJECT,
  revert: /^Revert\s+"/,
  fixup: /^(fixup|squash|amend)!/,
};

export type MessageProblemKind = 'no-prefix' | 'wrong-domain' | 'empty';

export interface MessageProblem {
  readonly kind: MessageProblemKind;
  readonly message: string;
}

export interface MessageCheck {
  readonly subject: string;
  /** The domain the subject names by its prefix (also inside `Revert "…"` / `fixup!`), if any. */
  readonly domain: Domain | undefined;
  readonly prefix: string | undefined;
  /** The exemption that waived the prefix requirement, if one did. */
  readonly exempt: Exemption | undefined;
  readonly problems: readonly MessageProblem[];
}

/**
 * The subject of a commit message file as git will record it: comment lines dropped (git's
 * `core.commentChar`, `#` by default), everything below the `--verbose` scissors line ignored,
 * the first non-blank line.
 */
export function messageSubject(text: string, commentChar = '#'): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const scissors = `${commentChar} ------------------------ >8 ------------------------`;
  for (const line of lines) {
    if (line === scissors) break;
    if (commentChar !== '' && line.startsWith(commentChar)) continue;
    // Leading whitespace stays: git records it, and a subject that starts with a space has no prefix.
    // Blank and trailing are git's whitespace only (space, tab, CR): a line of NBSP, U+2028, \v or
    // a BOM is a subject to git, and must not let the next line be judged in its place.
    if (GIT_BLANK.test(line)) continue;
    return line.replace(GIT_TRAILING_SPACE, '');
  }
  return '';
}

/** A line git's cleanup drops as blank, and the whitespace it trims from a line's end (its isspace). */
const GIT_BLANK = /^[ \t\r]*$/;
const GIT_TRAILING_SPACE = /[ \t\r]+$/;

/** Parses `merge,revert` (the CLI's `--exempt` and the setting); unknown words are reported. */
export function parseExemptions(words: readonly string[]): { exemptions: Exemption[]; unknown: string[] } {
  const exemptions: Exemption[] = [];
  const unknown: string[] = [];
  for (const word of words.map((w) => w.trim().toLowerCase()).filter((w) => w !== '')) {
    if ((EXEMPTIONS as readonly string[]).includes(word)) {
      if (!exemptions.includes(word as Exemption)) exemptions.push(word as Exemption);
    } else unknown.push(word);
  }
  return { exemptions, unknown };
}

function prefixList(domains: readonly Domain[]): string {
  return domains.flatMap((d) => d.prefixes).join(' ');
}

/**
 * Checks one subject. `parents` > 1 marks a merge: a commit of history with two parents, or a
 * message written while git concludes a merge (MERGE_HEAD exists). `inForce` is the domain the
 * committer works as (undefined: the lead, who may use any known prefix).
 */
export function checkSubject(
  subject: string,
  map: DomainMap,
  inForce: Domain | undefined,
  exemptions: readonly Exemption[],
  parents = 1,
): MessageCheck {
  const text = subject.trimEnd();
  if (text.trim() === '') {
    return {
      subject: text,
      domain: undefined,
      prefix: undefined,
      exempt: undefined,
      problems: [{ kind: 'empty', message: 'the commit message is empty' }],
    };
  }
  // Only a commit with two parents is a merge: a one-parent commit titled `Merge branch 'x'` is
  // ordinary work, and its subject must not switch the file check off.
  const isMerge = parents > 1;
  if (isMerge && exemptions.includes('merge'))
    return { subject: text, domain: undefined, prefix: undefined, exempt: 'merge', problems: [] };
  const attribution = attributeSubject(text, map.domains, 1);
  const { domain, prefix, kind } = attribution;
  const problems: MessageProblem[] = [];
  let exempt: Exemption | undefined;
  if (kind === 'revert' || kind === 'fixup') {
    if (exemptions.includes(kind)) exempt = kind;
    else
      problems.push({
        kind: 'no-prefix',
        message: `"${text}" needs a prefix of its own (the ${kind} exemption is off); known prefixes: ${prefixList(map.domains)}`,
      });
  } else if (kind === 'unprefixed') {
    // An exempt wrapper around an unprefixed subject is still exempt: `Revert "Initial scaffold"`.
    const wrapperKind = (['revert', 'fixup'] as const).find((k) => EXEMPT_SUBJECTS[k].test(text));
    if (wrapperKind && exemptions.includes(wrapperKind)) exempt = wrapperKind;
    else
      problems.push({
        kind: 'no-prefix',
        message: `"${text}" has no known prefix; use one of: ${prefixList(inForce ? [inForce] : map.domains)}`,
      });
  }
  if (inForce && domain && domain.id !== inForce.id) {
    problems.push({
      kind: 'wrong-domain',
      message: `"${prefix}" is the prefix of ${domain.id} (${domain.terminal}); ${inForce.id} commits use ${inForce.prefixes.join(' or ')}`,
    });
  }
  return { subject: text, domain, prefix, exempt, problems };
}
