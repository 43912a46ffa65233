// `territory check --range A..B`: every commit of a range against the map, as CI runs it. A
// commit's prefix must be known and its files must lie inside the prefix's domain.
import type { OwnerLookup } from '../commits/attribution';
import type { CommitRecord } from '../commits/grouping';
import type { DomainMap } from '../types';
import {
  isLeadOnly,
  leadOffLimits,
  offLimitsFiles,
  withLeadFiles,
  type ChangedFile,
  type OffLimitsFile,
} from './fileRules';
import type { LeadFileKind, LeadFiles } from './controlFiles';
import { checkSubject, type Exemption, type MessageCheck } from './messageRules';
import type { UnassignedPolicy } from '../settings';

/** What the check needs of a commit: a `CommitRecord`'s fields, its files' status letters optional. */
export type CommitInput = Pick<CommitRecord, 'hash' | 'shortHash' | 'subject' | 'parents'> & {
  readonly files: readonly ChangedFile[];
};

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
  readonly unassignedPolicy: UnassignedPolicy;
  /** Files that are the lead's whatever the map says (the map itself, the vendored checker). */
  readonly leadFiles?: LeadFiles;
}

/**
 * One verdict per commit, in the order given. An exemption waives the prefix, never the file
 * check: a fixup or revert is judged as the domain it names, or else as the lead's (files no
 * domain owns only). An exempt merge carries others' commits, checked where they were made; what
 * it changed itself (its `files`, when the caller filled them in) is the lead's.
 */
export function checkCommits(
  commits: readonly CommitInput[],
  map: DomainMap,
  resolver: OwnerLookup,
  rules: GuardRules,
): CommitVerdict[] {
  const lookup = withLeadFiles(resolver, rules.leadFiles);
  return commits.map((commit) => {
    let message = checkSubject(commit.subject, map, undefined, rules.exemptions, commit.parents.length);
    const lead = leadCommit(message, commit.files, lookup);
    if (lead) message = { ...message, problems: [] };
    // A merge's files are the changes it made itself (see src/git/guard.ts's withMergeChanges).
    const offLimits = message.domain
      ? offLimitsFiles(message.domain, commit.files, resolver, rules.unassignedPolicy, rules.leadFiles)
      : message.exempt
        ? leadOffLimits(commit.files, lookup)
        : [];
    return { commit, message, offLimits, lead, ok: message.problems.length === 0 && offLimits.length === 0 };
  });
}

/** A message whose only fault is a missing prefix: the lead's, if its files are nobody's. */
export function onlyUnprefixed(message: MessageCheck): boolean {
  return (
    message.problems.length > 0 &&
    message.problems.every((p) => p.kind === 'no-prefix') &&
    message.domain === undefined &&
    message.exempt === undefined
  );
}

/** An unprefixed message whose files all belong to nobody: the lead's commit. */
export function leadCommit(message: MessageCheck, files: readonly ChangedFile[], resolver: OwnerLookup): boolean {
  return onlyUnprefixed(message) && isLeadOnly(files, resolver);
}

/** The report lines of one verdict: a mark, the short hash and subject, then one line per problem. */
export function verdictLines(verdict: CommitVerdict): string[] {
  const { commit, message, offLimits } = verdict;
  const tag = message.exempt
    ? ` [${message.exempt}, exempt]`
    : message.domain
      ? ` [${message.domain.id}]`
      : verdict.lead
        ? ' [lead: files no domain owns]'
        : '';
  const lines = [`${verdict.ok ? 'ok  ' : 'FAIL'} ${commit.shortHash} ${commit.subject}${tag}`];
  for (const problem of message.problems) lines.push(`       ${problem.message}`);
  const outside = message.domain
    ? message.domain.id
    : message.exempt === 'merge'
      ? `the lead's files (a change the merge made itself, in neither parent)`
      : `the lead's files (an unprefixed ${message.exempt ?? 'commit'} is the lead's)`;
  for (const file of offLimits) lines.push(`       ${file.path} — owned by ${file.ownerLabel}, outside ${outside}`);
  return lines;
}

/** A commit of a range that changes a lead file: reported whoever made it, failing unless the lead did. */
export interface LeadFileChange {
  readonly verdict: CommitVerdict;
  readonly path: string;
  readonly kind: LeadFileKind;
}

export function leadFileChanges(verdicts: readonly CommitVerdict[], leadFiles: LeadFiles): LeadFileChange[] {
  const changes: LeadFileChange[] = [];
  for (const verdict of verdicts) {
    for (const file of verdict.commit.files) {
      const kind = leadFiles.get(file.path);
      if (kind !== undefined) changes.push({ verdict, path: file.path, kind });
    }
  }
  return changes;
}
