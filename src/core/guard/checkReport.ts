// How `territory check` reports: text for people (and for the hooks, which print it on refusal)
// and JSON whose field names are part of the CLI's interface (see README).
import type { Domain } from '../types';
import type { OffLimitsFile } from './fileRules';
import { describeLeadFile } from './controlFiles';
import type { MessageCheck } from './messageRules';
import type { PushProblem } from './push';
import { verdictLines, type CommitVerdict, type LeadFileChange } from './rangeCheck';
import { count } from '../plural';

export interface StagedResult {
  /** undefined: no domain in force, nothing checked. */
  readonly domain: Domain | undefined;
  /** Where the domain came from: the terminal (TERRITORY_DOMAIN / --domain) or, for the lead, the message's prefix. */
  readonly via: 'terminal' | 'prefix';
  /** Set when the files were not checked because a merge (exempt) is being committed. */
  readonly skipped?: 'merge';
  /** The lead's unprefixed commit of files no domain owns. */
  readonly lead?: boolean;
  readonly files: number;
  readonly offLimits: readonly OffLimitsFile[];
  /** `git commit --amend` is running: the files are the amended commit's, from HEAD's parent. */
  readonly amend?: boolean;
}

/** Where the judging map came from: HEAD (the hooks), the range's base (CI), or the working tree (no commit had one). */
export type MapFrom = 'HEAD' | 'base' | 'working tree';

export interface CheckResults {
  readonly domain: { readonly id: string; readonly source: 'option' | 'environment' } | undefined;
  readonly staged?: StagedResult;
  readonly message?: MessageCheck;
  readonly range?: {
    readonly spec: string;
    readonly verdicts: readonly CommitVerdict[];
    /** The commit whose map judged the range (its base), when it had one. */
    readonly base?: string;
    readonly mapFrom?: MapFrom;
    readonly leadFiles?: readonly LeadFileChange[];
    readonly notices?: readonly string[];
  };
  /** The map the check judged with (see README, "Guardrails"). */
  readonly map?: { readonly file: string; readonly from: MapFrom; readonly revision: string | undefined };
  readonly push?: {
    readonly problems: readonly PushProblem[];
    readonly verdicts: readonly CommitVerdict[];
    readonly unchecked: readonly string[];
    /** The branch rule 4 designates, and where it came from. */
    readonly designated?: { readonly branch: string | undefined; readonly source: 'session' | 'map' | 'none' };
  };
  /** Warnings and notes that do not fail the check (a domain committing on another branch). */
  readonly notes?: readonly string[];
}

function domainJson(domain: Domain | undefined): Record<string, unknown> | null {
  return domain ? { id: domain.id, terminal: domain.terminal, name: domain.name } : null;
}

function fileJson(file: OffLimitsFile): Record<string, unknown> {
  return { path: file.path, status: file.status ?? null, owner: file.owner, ownerLabel: file.ownerLabel };
}

function messageJson(check: MessageCheck): Record<string, unknown> {
  return {
    ok: check.problems.length === 0,
    subject: check.subject,
    prefix: check.prefix ?? null,
    domain: check.domain?.id ?? null,
    exempt: check.exempt ?? null,
    problems: check.problems,
  };
}

function verdictJson(v: CommitVerdict): Record<string, unknown> {
  return {
    hash: v.commit.hash,
    shortHash: v.commit.shortHash,
    subject: v.commit.subject,
    ok: v.ok,
    lead: v.lead,
    prefix: v.message.prefix ?? null,
    domain: v.message.domain?.id ?? null,
    exempt: v.message.exempt ?? null,
    problems: v.message.problems,
    offLimits: v.offLimits.map(fileJson),
  };
}

/** The failures, one short phrase each, for the one-line reason on stderr. */
export function failures(results: CheckResults): string[] {
  const reasons: string[] = [];
  const { staged, message, range, push } = results;
  if (staged && staged.offLimits.length > 0)
    reasons.push(
      `${count(staged.offLimits.length, 'staged file')} outside ${staged.domain ? staged.domain.id : "the lead's files"}`,
    );
  if (message && message.problems.length > 0)
    reasons.push(
      `the commit message ${message.problems.map((p) => (p.kind === 'wrong-domain' ? "has another domain's prefix" : p.kind === 'empty' ? 'is empty' : 'has no known prefix')).join(' and ')}`,
    );
  if (range) {
    const bad = range.verdicts.filter((v) => !v.ok).length;
    if (bad > 0)
      reasons.push(
        `${bad} of ${count(range.verdicts.length, 'commit')} in ${range.spec} ${bad === 1 ? 'breaks' : 'break'} the map`,
      );
  }
  if (push) {
    for (const problem of push.problems) {
      reasons.push(
        problem.kind === 'force'
          ? `a force push to ${problem.ref}`
          : problem.kind === 'branch'
            ? `${problem.ref} is not the designated branch ${push.designated?.branch ?? ''}`.trimEnd()
            : `deleting ${problem.ref}`,
      );
    }
    const bad = push.verdicts.filter((v) => !v.ok).length;
    if (bad > 0) reasons.push(`${count(bad, 'pushed commit')} ${bad === 1 ? 'breaks' : 'break'} the map`);
  }
  return reasons;
}

export function checkJson(root: string, results: CheckResults): Record<string, unknown> {
  const { staged, message, range, push } = results;
  return {
    ok: failures(results).length === 0,
    root,
    domain: results.domain ?? null,
    staged: staged
      ? {
          ok: staged.offLimits.length === 0,
          domain: domainJson(staged.domain),
          via: staged.domain ? staged.via : null,
          skipped: staged.skipped ?? null,
          lead: staged.lead ?? false,
          files: staged.files,
          offLimits: staged.offLimits.map(fileJson),
          amend: staged.amend ?? false,
        }
      : null,
    message: message ? messageJson(message) : null,
    range: range
      ? {
          ok: range.verdicts.every((v) => v.ok),
          spec: range.spec,
          commits: range.verdicts.map(verdictJson),
          failed: range.verdicts.filter((v) => !v.ok).length,
          base: range.base ?? null,
          mapFrom: range.mapFrom ?? null,
          leadFiles: (range.leadFiles ?? []).map((c) => ({
            hash: c.verdict.commit.hash,
            shortHash: c.verdict.commit.shortHash,
            subject: c.verdict.commit.subject,
            path: c.path,
            kind: c.kind,
            ok: c.verdict.ok,
          })),
          notices: range.notices ?? [],
        }
      : null,
    push: push
      ? {
          ok: push.problems.length === 0 && push.verdicts.every((v) => v.ok),
          problems: push.problems,
          commits: push.verdicts.map(verdictJson),
          unchecked: push.unchecked,
          designatedBranch: push.designated
            ? { branch: push.designated.branch ?? null, source: push.designated.source }
            : null,
        }
      : null,
    notes: results.notes ?? [],
    map: results.map
      ? { file: results.map.file, from: results.map.from, revision: results.map.revision ?? null }
      : null,
  };
}

/** The text report. `quiet` (the hooks) prints only what failed. */
export function checkText(results: CheckResults, quiet: boolean): string[] {
  const lines: string[] = [];
  const { staged, message, range, push } = results;
  if (staged) {
    if (staged.lead && staged.offLimits.length > 0) {
      lines.push(
        `Staged files that a domain owns, in the lead's commit (an unprefixed ${message?.exempt ?? 'commit'} is the lead's):`,
      );
      for (const file of staged.offLimits) lines.push(`  ${file.path} — owned by ${file.ownerLabel}`);
      lines.push(
        `Name the domain in the message (fixup! core: …, Revert "core: …"), or commit each domain's files separately.`,
      );
    } else if (staged.lead) {
      if (!quiet)
        lines.push(`Staged files: ${staged.files}, all owned by no domain: the lead's commit, no prefix needed.`);
    } else if (staged.skipped === 'merge') {
      if (!quiet)
        lines.push(
          'Staged files: not checked — a merge is being committed (the merge exemption); its commits were checked where they were made.',
        );
    } else if (!staged.domain) {
      if (!quiet)
        lines.push(
          'Staged files: not checked — no domain in force (TERRITORY_DOMAIN or --domain); the lead may commit anything.',
        );
    } else if (staged.offLimits.length > 0) {
      const d = staged.domain;
      const why =
        staged.via === 'prefix'
          ? `the domain of the message's prefix`
          : `the seed's rule 1: only edit files in your domain`;
      lines.push(
        `${staged.amend ? "Files of the amended commit (from HEAD's parent)" : 'Staged files'} outside ${d.id} (${d.terminal}, ${d.name}) — ${why}:`,
      );
      for (const file of staged.offLimits) lines.push(`  ${file.path} — owned by ${file.ownerLabel}`);
      lines.push(
        staged.via === 'prefix'
          ? `Commit each domain's files separately, each with its own prefix.`
          : `Unstage them (git restore --staged <file>) and ask their owner in a handoff file instead.`,
      );
    } else if (!quiet) lines.push(`Staged files: ${staged.files}, all inside ${staged.domain.id}.`);
  }
  if (message) {
    if (message.problems.length > 0) {
      lines.push(`Commit message "${message.subject}":`);
      for (const problem of message.problems) lines.push(`  ${problem.message}`);
    } else if (!quiet)
      lines.push(
        `Commit message: ${message.exempt ? `${message.exempt}, exempt` : `prefix ${message.prefix} (${message.domain?.id})`}.`,
      );
  }
  if (range) {
    for (const verdict of range.verdicts) if (!quiet || !verdict.ok) lines.push(...verdictLines(verdict));
    const judge = range.base ? `the map at ${range.base.slice(0, 7)}` : "the working tree's map";
    for (const change of range.leadFiles ?? []) {
      if (quiet && change.verdict.ok) continue;
      const { shortHash, subject } = change.verdict.commit;
      lines.push(
        change.kind === 'map'
          ? `The map changes in ${shortHash} ${subject} (${change.path}): this range is judged with ${judge}.`
          : change.kind === 'checker'
            ? `The vendored checker changes in ${shortHash} ${subject} (${change.path}): CI should run the base's copy.`
            : `A control file changes in ${shortHash} ${subject} (${change.path}, ${describeLeadFile(change.kind)}): the lead's alone.`,
      );
    }
    for (const notice of range.notices ?? []) if (!quiet) lines.push(`Note: ${notice}`);
    const bad = range.verdicts.filter((v) => !v.ok).length;
    if (!quiet || bad > 0)
      lines.push(`${range.spec}: ${count(range.verdicts.length, 'commit')}, ${bad} breaking the map.`);
  }
  if (push) {
    for (const problem of push.problems) lines.push(problem.message);
    for (const verdict of push.verdicts) if (!quiet || !verdict.ok) lines.push(...verdictLines(verdict));
    for (const note of push.unchecked) if (!quiet) lines.push(note);
  }
  // Shown in the hooks too: they are what the terminal must hear (a commit on the wrong branch).
  for (const note of results.notes ?? []) lines.push(note);
  return lines;
}
