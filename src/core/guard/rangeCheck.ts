// `territory check --range A..B`: every commit of a range against the map, as CI runs it. A
// commit's prefix must be known and its files must lie inside the prefix's domain.
import type { OwnerLookup } from '../commits/attribution';
import type { DomainMap } from '../types';
import { isLeadOnly, offLimitsFiles, type ChangedFile, type OffLimitsFile } from './fileRules';
import { checkSubject, type Exemption, type MessageCheck } from './messageRules';

/** What the check needs of a commit (src/git/log.ts's CommitRecord has it). */
export interface CommitInput {
  readonly hash: string;
  readonly shortHash: string;
  readonly subject: string;
  readonly parents: readonly string[];
  readonly files: readonly ChangedFile[];
}

export interface CommitVerdict {
  readonly commit: CommitInput;
  readonly message: MessageCheck;
  readonly offLimits: readonly OffLimitsFile[];
  /** An unprefixed commit of files no domain owns: the lead's, accepted without a prefix. */
  readonly lead: boolean;
  readonly ok: boolean;
}

export interface GuardRules {
  readonly exemptions: readonly Exemption[];
  readonly unassignedLocked: boolean;
}

/** One verdict per commit, in the order given. Exempt merges are not checked for files: they carry others' commits. */
export function checkCommits(commits: readonly CommitInput[], map: DomainMap, resolver: OwnerLookup, rules: GuardRules): CommitVerdict[] {
  return commits.map((commit) => {
    let message = checkSubject(commit.subject, map, undefined, rules.exemptions, commit.parents.length);
    const lead = leadCommit(message, commit.files, resolver);
    if (lead) message = { ...message, problems: [] };
    const offLimits = message.exempt !== 'merge' && message.domain ? offLimitsFiles(message.domain, commit.files, resolver, rules.unassignedLocked) : [];
    return { commit, message, offLimits, lead, ok: message.problems.length === 0 && offLimits.length === 0 };
  });
}

/** A message whose only fault is a missing prefix: the lead's, if its files are nobody's. */
export function onlyUnprefixed(message: MessageCheck): boolean {
  return message.problems.length > 0 && message.problems.every((p) => p.kind === 'no-prefix') && message.domain === undefined && message.exempt === undefined;
}

/** An unprefixed message whose files all belong to nobody: the lead's commit. */
export function leadCommit(message: MessageCheck, files: readonly ChangedFile[], resolver: OwnerLookup): boolean {
  return onlyUnprefixed(message) && isLeadOnly(files, resolver);
}

/** The report lines of one verdict: a mark, the short hash and subject, then one line per problem. */
export function verdictLines(verdict: CommitVerdict): string[] {
  const { commit, message, offLimits } = verdict;
  const tag = message.exempt ? ` [${message.exempt}, exempt]` : message.domain ? ` [${message.domain.id}]` : verdict.lead ? ' [lead: files no domain owns]' : '';
  const lines = [`${verdict.ok ? 'ok  ' : 'FAIL'} ${commit.shortHash} ${commit.subject}${tag}`];
  for (const problem of message.problems) lines.push(`       ${problem.message}`);
  for (const file of offLimits) lines.push(`       ${file.path} — owned by ${file.ownerLabel}, outside ${message.domain?.id}`);
  return lines;
}
