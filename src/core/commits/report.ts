// The seed's REPORT FORMAT (each terminal prompt ends with it), filled in from git and the handoff
// files instead of from an agent's memory:
//   - Files modified: [list]          - Commits made: [list with hashes]
//   - Handoffs needed: [Yes/No, details]   (TEST: - Test results: [pass/fail counts])
//   - Status: [Complete/Blocked/Partial]
import type { ParsedHandoffFile } from '../handoffs/types';
import type { Domain } from '../types';
import type { FileViolation } from './attribution';
import type { ChangeEntry, OwnedChange } from './changes';
import { statusLabel } from './changes';
import type { AttributedCommit } from './grouping';
import { describeNeed, openRequestsFrom, openRequestsTo, type HandoffNeed } from './handoffNeeds';
import { code, count, location, plain, utc, type LinkTo } from './markdown';

export type ReportStatus = 'Complete' | 'Blocked' | 'Partial';

/** The rule, stated in every report so nobody has to guess what "Complete" means. */
export const STATUS_RULE =
  'Blocked when the domain has an open handoff request marked "Blocking: Yes" (its work waits on another domain). ' +
  'Otherwise Partial when files of its territory are uncommitted, a request addressed to it is still open, ' +
  'or it has no commit in the range. Otherwise Complete.';

/** The last run of the configured test task (`territory.testTask`). */
export interface TestRun {
  readonly task: string;
  /** Undefined when the task ended without reporting an exit code. */
  readonly exitCode: number | undefined;
  readonly startedAt: string;
  readonly endedAt: string;
  /** The commit HEAD was at when the run began, when known: Finish Session trusts a run at its head only. */
  readonly head?: string;
}

/** The commits a report covers, and how they were chosen. */
export interface ReportRange {
  readonly label: string;
  readonly spec: string | undefined;
  /** Set when the range held more commits than were read. */
  readonly capped?: { readonly loaded: number; readonly total: number };
}

export interface DomainReportInput {
  readonly domain: Domain;
  readonly range: ReportRange;
  /** The domain's commits in the range (its group of groupCommits). */
  readonly commits: readonly AttributedCommit[];
  /** Uncommitted changes in the domain's territory. */
  readonly uncommitted: readonly (ChangeEntry | OwnedChange)[];
  readonly handoffs: readonly ParsedHandoffFile[];
  /** Last run of the test task, when one is known (only the TEST variant shows it). */
  readonly testRun?: TestRun;
  readonly generatedAt: Date;
}

export interface ReportFile {
  readonly path: string;
  /** Status letter in the newest commit that changed it (`A`, `M`, `D` …). */
  readonly status: string;
  readonly commits: number;
  /** The owner, when the file is outside the domain's territory. */
  readonly outsideOwner: string | null;
}

export interface ReportCommit {
  readonly hash: string;
  readonly shortHash: string;
  readonly subject: string;
  readonly author: string;
  readonly date: string;
  readonly violations: readonly FileViolation[];
}

export interface TestResults {
  readonly known: boolean;
  readonly task: string | null;
  readonly passed: boolean | null;
  readonly exitCode: number | null;
  readonly endedAt: string | null;
  /** The line as the report prints it. */
  readonly text: string;
}

export interface DomainReport {
  readonly variant: 'domain' | 'test';
  readonly domain: {
    readonly id: string;
    readonly terminal: string;
    readonly name: string;
    readonly prefixes: readonly string[];
  };
  readonly range: ReportRange;
  readonly generatedAt: string;
  readonly filesModified: readonly ReportFile[];
  readonly commits: readonly ReportCommit[];
  readonly handoffsNeeded: readonly HandoffNeed[];
  readonly requestsToDomain: readonly HandoffNeed[];
  readonly uncommitted: readonly { readonly path: string; readonly status: string }[];
  readonly violations: readonly {
    readonly hash: string;
    readonly shortHash: string;
    readonly path: string;
    readonly owner: string;
  }[];
  readonly testResults: TestResults | null;
  readonly status: ReportStatus;
  readonly statusReason: string;
  readonly statusRule: string;
}

/** The seed's TEST terminal reports "Test results" in place of "Handoffs needed". */
export function isTestDomain(domain: Domain): boolean {
  return domain.id === 'TEST' || domain.prefixes.some((p) => p.toLowerCase() === 'test:');
}

export function decideStatus(
  input: { blockingFrom: number; uncommitted: number; requestsTo: number; commits: number },
  domainId: string,
): { status: ReportStatus; reason: string } {
  if (input.blockingFrom > 0)
    return { status: 'Blocked', reason: `${count(input.blockingFrom, 'open blocking request')} from ${domainId}` };
  const partial: string[] = [];
  if (input.uncommitted > 0) partial.push(`${count(input.uncommitted, 'uncommitted file')} in ${domainId}'s territory`);
  if (input.requestsTo > 0) partial.push(`${count(input.requestsTo, 'open request')} addressed to ${domainId}`);
  if (input.commits === 0) partial.push('no commit in the range');
  if (partial.length > 0) return { status: 'Partial', reason: partial.join('; ') };
  return {
    status: 'Complete',
    reason: `${count(input.commits, 'commit')}, nothing uncommitted, no open request for or from ${domainId}`,
  };
}

export function describeTestRun(run: TestRun | undefined): TestResults {
  if (!run) {
    return {
      known: false,
      task: null,
      passed: null,
      exitCode: null,
      endedAt: null,
      text: 'not known — no run of the test task is recorded (set territory.testTask, then run "Territory: Run Test Suite")',
    };
  }
  const passed = run.exitCode === 0;
  const outcome =
    run.exitCode === undefined
      ? 'unknown — the task ended without an exit code'
      : passed
        ? 'passed'
        : `failed (exit code ${run.exitCode})`;
  return {
    known: run.exitCode !== undefined,
    task: run.task,
    passed: run.exitCode === undefined ? null : passed,
    exitCode: run.exitCode ?? null,
    endedAt: run.endedAt,
    text: `${outcome} — task "${run.task}", ${utc(run.endedAt)}`,
  };
}

export function buildDomainReport(input: DomainReportInput): DomainReport {
  const { domain } = input;
  const files = new Map<string, { status: string; commits: number; outsideOwner: string | null }>();
  const violations: DomainReport['violations'][number][] = [];
  for (const { commit, violations: found } of input.commits) {
    const outside = new Map(found.map((v) => [v.path, v.owner]));
    for (const file of commit.files) {
      const known = files.get(file.path);
      // Commits arrive newest first: the first status seen is the newest.
      if (known) known.commits++;
      else files.set(file.path, { status: file.status, commits: 1, outsideOwner: outside.get(file.path) ?? null });
    }
    for (const v of found)
      violations.push({ hash: commit.hash, shortHash: commit.shortHash, path: v.path, owner: v.owner });
  }
  const handoffsNeeded = openRequestsFrom(input.handoffs, domain.id);
  const requestsToDomain = openRequestsTo(input.handoffs, domain.id);
  const uncommitted = input.uncommitted.map((c) => ({ path: c.path, status: statusLabel(c) }));
  const { status, reason } = decideStatus(
    {
      blockingFrom: handoffsNeeded.filter((n) => n.blocking).length,
      uncommitted: uncommitted.length,
      requestsTo: requestsToDomain.length,
      commits: input.commits.length,
    },
    domain.id,
  );
  const variant = isTestDomain(domain) ? 'test' : 'domain';
  return {
    variant,
    domain: { id: domain.id, terminal: domain.terminal, name: domain.name, prefixes: domain.prefixes },
    range: input.range,
    generatedAt: input.generatedAt.toISOString(),
    filesModified: [...files]
      .map(([path, f]) => ({ path, ...f }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    commits: input.commits.map(({ commit, violations: v }) => ({
      hash: commit.hash,
      shortHash: commit.shortHash,
      subject: commit.subject,
      author: commit.author,
      date: commit.date,
      violations: v,
    })),
    handoffsNeeded,
    requestsToDomain,
    uncommitted,
    violations,
    testResults: variant === 'test' ? describeTestRun(input.testRun) : null,
    status,
    statusReason: reason,
    statusRule: STATUS_RULE,
  };
}

/** The report as markdown: the seed's four lines first, then what they rest on. */
export function renderDomainReport(report: DomainReport, link?: LinkTo): string {
  const { domain } = report;
  const FORMAT = { code, plain, location: (path: string, line: number) => location(path, line, link) };
  const lines: string[] = [];
  lines.push(`# Report: ${domain.id} (${plain(domain.terminal)} · ${plain(domain.name)})`, '');
  const capped = report.range.capped
    ? ` (the newest ${report.range.capped.loaded} of ${report.range.capped.total} commits)`
    : '';
  lines.push(
    `Range: ${code(report.range.label)}${capped} · prefix${domain.prefixes.length > 1 ? 'es' : ''} ${domain.prefixes.map(code).join(', ')} · generated ${utc(report.generatedAt)}`,
    '',
  );

  lines.push(`- Files modified: ${report.filesModified.length === 0 ? 'none' : report.filesModified.length}`);
  for (const f of report.filesModified) {
    lines.push(
      `  - ${location(f.path, undefined, link)}${f.outsideOwner ? ` — outside ${domain.id}'s territory (owner: ${f.outsideOwner})` : ''}`,
    );
  }
  lines.push(`- Commits made: ${report.commits.length === 0 ? 'none' : report.commits.length}`);
  for (const c of report.commits)
    lines.push(
      `  - ${code(c.shortHash)} ${plain(c.subject)}${c.violations.length > 0 ? ` — ${count(c.violations.length, 'file')} outside the territory` : ''}`,
    );
  if (report.variant === 'test' && report.testResults) {
    lines.push(`- Test results: ${report.testResults.text}`);
  } else {
    lines.push(
      `- Handoffs needed: ${report.handoffsNeeded.length === 0 ? 'No' : `Yes, ${count(report.handoffsNeeded.length, 'open request')}`}`,
    );
    for (const need of report.handoffsNeeded) lines.push(`  - ${describeNeed(need, FORMAT)}`);
  }
  lines.push(`- Status: ${report.status} — ${report.statusReason}`, '');
  lines.push(`Status rule: ${report.statusRule}`, '');

  const details: string[] = [];
  if (report.variant === 'test' && report.handoffsNeeded.length > 0) {
    details.push(
      `- Open requests from ${domain.id}:`,
      ...report.handoffsNeeded.map((n) => `  - ${describeNeed(n, FORMAT)}`),
    );
  }
  if (report.requestsToDomain.length > 0) {
    details.push(
      `- Open requests addressed to ${domain.id}:`,
      ...report.requestsToDomain.map((n) => `  - ${describeNeed(n, FORMAT, true)}`),
    );
  }
  if (report.uncommitted.length > 0) {
    details.push(
      `- Uncommitted in ${domain.id}'s territory:`,
      ...report.uncommitted.map((u) => `  - ${location(u.path, undefined, link)} (${plain(u.status)})`),
    );
  }
  if (report.violations.length > 0) {
    details.push(
      `- Files committed outside ${domain.id}'s territory:`,
      ...report.violations.map(
        (v) => `  - ${code(v.shortHash)} ${location(v.path, undefined, link)} — owner: ${v.owner}`,
      ),
    );
  }
  if (details.length > 0) lines.push('## Details', '', ...details, '');
  return lines.join('\n');
}

/** `territory report --json`: the report as data (field names are an interface, see README). */
export function domainReportJson(report: DomainReport): unknown {
  return report;
}
