// Phase 4 of the seed ("Merge"): `git log --oneline` to see all commits by prefix, resolve merge
// conflicts, run the full test suite, merge. The report gathers what the lead checks first.
import type { ParsedHandoffFile } from '../handoffs/types';
import { allViolations, sharedFiles, type CommitGrouping, type SharedFile } from './grouping';
import { describeNeed, openBlocking, type HandoffNeed } from './handoffNeeds';
import { code, count, location, plain, utc, type LinkTo } from './markdown';
import { describeTestRun, type ReportRange, type TestResults, type TestRun } from './report';

/** The result of a real merge check (src/git/mergeCheck.ts), or why none was made. */
export type MergeOutcome =
  | {
      readonly state: 'clean' | 'conflicts';
      readonly conflicts: readonly string[];
      readonly messages: readonly string[];
      readonly method: string;
    }
  | { readonly state: 'unknown'; readonly reason: string };

export interface MergeReportInput {
  readonly range: ReportRange;
  readonly grouping: CommitGrouping;
  readonly handoffs: readonly ParsedHandoffFile[];
  /** What is merged (a branch name or `HEAD`) and into what; base undefined when there is none. */
  readonly head: string;
  readonly base: string | undefined;
  readonly merge: MergeOutcome;
  /** The configured test task (`territory.testTask`), empty when none. */
  readonly testTask: string;
  readonly lastTestRun?: TestRun;
  readonly generatedAt: Date;
  /** Rule 4's branch (the session plan's, else the map's real one), when one is designated. */
  readonly sessionBranch?: string;
  /** The branch still points at the base's commit (just created): no session commits yet. */
  readonly atBase?: boolean;
}

export interface OnelineCommit {
  readonly hash: string;
  readonly shortHash: string;
  readonly subject: string;
  readonly violations: number;
}

export interface MergeReport {
  readonly head: string;
  readonly base: string | null;
  readonly range: ReportRange;
  readonly generatedAt: string;
  readonly total: number;
  readonly merge: MergeOutcome;
  readonly byDomain: readonly {
    readonly domain: string;
    readonly prefixes: readonly string[];
    readonly commits: readonly OnelineCommit[];
  }[];
  readonly unattributed: readonly (OnelineCommit & { readonly kind: string })[];
  readonly violations: readonly {
    readonly hash: string;
    readonly shortHash: string;
    readonly subject: string;
    readonly domain: string;
    readonly path: string;
    readonly owner: string;
  }[];
  readonly sharedFiles: readonly SharedFile[];
  readonly openBlockingHandoffs: readonly HandoffNeed[];
  readonly testTask: string | null;
  readonly lastTestRun: TestResults;
  /** Nothing stands in the way: clean merge, no violation, no open blocking handoff. */
  readonly ready: boolean;
  readonly sessionBranch: string | null;
  /** The branch still points at the base's commit: no session commits yet, nothing to merge. */
  readonly noSessionCommits: boolean;
}

export function buildMergeReport(input: MergeReportInput): MergeReport {
  const { grouping } = input;
  const oneline = (c: {
    commit: { hash: string; shortHash: string; subject: string };
    violations: readonly unknown[];
  }): OnelineCommit => ({
    hash: c.commit.hash,
    shortHash: c.commit.shortHash,
    subject: c.commit.subject,
    violations: c.violations.length,
  });
  const violations = allViolations(grouping).map(({ commit, domain, violation }) => ({
    hash: commit.hash,
    shortHash: commit.shortHash,
    subject: commit.subject,
    domain: domain.id,
    path: violation.path,
    owner: violation.owner,
  }));
  const openBlockingHandoffs = openBlocking(input.handoffs);
  return {
    head: input.head,
    base: input.base ?? null,
    range: input.range,
    generatedAt: input.generatedAt.toISOString(),
    total: grouping.total,
    merge: input.merge,
    byDomain: grouping.groups
      .filter((g) => g.commits.length > 0)
      .map((g) => ({ domain: g.domain.id, prefixes: g.domain.prefixes, commits: g.commits.map(oneline) })),
    unattributed: grouping.unattributed.map((c) => ({ ...oneline(c), kind: c.attribution.kind })),
    violations,
    sharedFiles: sharedFiles(grouping),
    openBlockingHandoffs,
    testTask: input.testTask === '' ? null : input.testTask,
    lastTestRun: describeTestRun(input.lastTestRun),
    ready: input.merge.state === 'clean' && violations.length === 0 && openBlockingHandoffs.length === 0,
    sessionBranch: input.sessionBranch ?? null,
    noSessionCommits: input.atBase === true,
  };
}

function mergeLines(report: MergeReport, link: LinkTo | undefined): string[] {
  const { merge } = report;
  const into = report.base ? `${code(report.head)} into ${code(report.base)}` : code(report.head);
  if (merge.state === 'unknown') return [`Not checked: ${plain(merge.reason)}.`];
  const how = `(checked with ${merge.method === 'merge-tree' ? code('git merge-tree --write-tree') : 'a merge in a temporary worktree'}; your work tree was not touched)`;
  if (merge.state === 'clean') return [`**Clean**: ${into} merges cleanly ${how}.`];
  const lines = [`**Conflicts**: merging ${into} conflicts in ${count(merge.conflicts.length, 'file')} ${how}:`, ''];
  for (const path of merge.conflicts) lines.push(`- ${location(path, undefined, link)}`);
  if (merge.messages.length > 0) lines.push('', '```', ...merge.messages, '```');
  return lines;
}

/** The merge report as markdown; `link` makes its file locations links (the editor's preview, not the pull request). */
export function renderMergeReport(report: MergeReport, link?: LinkTo): string {
  const lines: string[] = [];
  lines.push(`# Merge report: ${plain(report.head)}${report.base ? ` → ${plain(report.base)}` : ''}`, '');
  const capped = report.range.capped
    ? ` (the newest ${report.range.capped.loaded} of ${report.range.capped.total})`
    : '';
  lines.push(
    `Range ${code(report.range.label)} · ${count(report.total, 'commit')}${capped} · generated ${utc(report.generatedAt)}`,
    '',
  );
  const verdict = report.noSessionCommits
    ? `**No session commits yet**: ${code(report.head)} is at ${code(report.base ?? 'the base branch')}, so there is nothing to merge. Commits made on it show here.`
    : report.ready
      ? '**Ready to merge**: it merges cleanly, no commit crosses a territory, no blocking handoff is open. Run the full test suite, then merge.'
      : '**Not ready yet**: see the sections below.';
  lines.push(verdict, '');
  if (report.sessionBranch !== null) {
    lines.push(
      report.sessionBranch === report.head
        ? `Session branch ${code(report.sessionBranch)}: every terminal pushed here (rule 4). "Territory: Finish Session" merges it or opens the pull request.`
        : `**Warning**: the session branch is ${code(report.sessionBranch)}, but this report is of ${code(report.head)}: check out the session branch to report on it.`,
      '',
    );
  }

  lines.push('## Merge check', '', ...mergeLines(report, link), '');

  lines.push('## Commits by prefix', '');
  if (report.byDomain.length === 0) lines.push('No attributed commit in the range.', '');
  for (const group of report.byDomain) {
    lines.push(`### ${group.domain} — ${group.prefixes.map(code).join(', ')} (${group.commits.length})`, '', '```');
    for (const c of group.commits)
      lines.push(
        `${c.shortHash} ${c.subject.replace(/```/g, "'''")}${c.violations > 0 ? `   (${count(c.violations, 'file')} outside ${group.domain})` : ''}`,
      );
    lines.push('```', '');
  }

  lines.push(`## Unattributed commits (${report.unattributed.length})`, '');
  if (report.unattributed.length === 0) lines.push('Every commit carries a domain prefix.', '');
  else {
    lines.push('```');
    for (const c of report.unattributed)
      lines.push(`${c.shortHash} ${c.subject.replace(/```/g, "'''")}${c.kind === 'merge' ? '   (merge)' : ''}`);
    lines.push('```', '');
  }

  lines.push(`## Violations (${report.violations.length})`, '');
  if (report.violations.length === 0) lines.push('No commit changed a file outside its domain.', '');
  else {
    for (const v of report.violations)
      lines.push(
        `- ${code(v.shortHash)} ${plain(v.subject)} — ${location(v.path, undefined, link)} belongs to ${v.owner}`,
      );
    lines.push('');
  }

  lines.push(`## Files changed by more than one domain (${report.sharedFiles.length})`, '');
  if (report.sharedFiles.length === 0) lines.push('None: each file was changed by one domain only.', '');
  else {
    for (const f of report.sharedFiles)
      lines.push(`- ${location(f.path, undefined, link)} — ${f.domains.join(', ')} (${count(f.commits, 'commit')})`);
    lines.push('');
  }

  lines.push(`## Open blocking handoffs (${report.openBlockingHandoffs.length})`, '');
  if (report.openBlockingHandoffs.length === 0) lines.push('None.', '');
  else {
    for (const need of report.openBlockingHandoffs)
      lines.push(
        `- ${describeNeed(need, { code, plain, location: (path, line) => location(path, line, link) }, true)}`,
      );
    lines.push('');
  }

  lines.push('## Full test suite', '');
  if (report.testTask)
    lines.push(
      `Task ${code(report.testTask)} (setting ${code('territory.testTask')}): run it with "Territory: Run Test Suite".`,
    );
  else lines.push(`No test task configured: set ${code('territory.testTask')} to the name of a VS Code task.`);
  lines.push('', `Last run: ${report.lastTestRun.text}`, '');
  return lines.join('\n');
}
