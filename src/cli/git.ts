import type { ChangeJson, CommitJson, CommitsJson, HeadJson, RangeJson, StatusJson } from './json';
import {
  domainNamed,
  noPositional,
  singleValue,
  UsageError,
  type CliOptions,
  type CliOutput,
  type LoadMap,
  type ParsedFlags,
} from './flags';
// The git commands of the CLI: `territory commits`, `territory status`, `territory report`.
// src/cli/main.ts parses the common options and hands each command here with its map loader.
import { groupChanges, offLimitsChanges, statusLabel, type OwnedChange } from '../core/commits/changes';
import type { AttributedCommit } from '../core/commits/grouping';
import { readHandoffFiles } from '../core/commits/handoffNeeds';
import { checkRange, checkRevision, checkSinceDate, type RangeChoice } from '../core/commits/range';
import { buildDomainReport, renderDomainReport } from '../core/commits/report';
import { readFolderSettings, type TerritorySettings } from '../core/settings';
import { OwnershipResolver } from '../core/ownership/resolver';
import type { Domain, DomainMap } from '../core/types';
import { loadHistory, repoNotices, type History } from '../git/history';
import type { CommitRecord } from '../git/log';
import { readRepoState, type HeadState } from '../git/repoState';
import { readStatus } from '../git/status';
import { readTestRecord } from '../git/testRun';
import { findMapFile } from '../core/map/discover';
import { mapFileRoot } from './map';
import { count } from '../core/plural';

interface Parsed {
  readonly positional: string[];
  readonly choice: RangeChoice;
  readonly base: string | undefined;
}

function parseCommandArgs(flags: ParsedFlags): Parsed {
  const { positional } = flags;
  const all = flags.flags.has('--all');
  const range = singleValue(flags, '--range');
  const since = singleValue(flags, '--since');
  if ([range !== undefined, since !== undefined, all].filter(Boolean).length > 1)
    throw new UsageError('give one of --range, --since and --all');
  let choice: RangeChoice = { kind: 'default' };
  if (range !== undefined) {
    const problem = checkRange(range);
    if (problem) throw new UsageError(`--range: ${problem}`);
    choice = { kind: 'range', range };
  } else if (since !== undefined) {
    const problem = checkSinceDate(since);
    if (problem) throw new UsageError(`--since: ${problem}`);
    choice = { kind: 'since', date: since };
  } else if (all) choice = { kind: 'all' };
  const base = singleValue(flags, '--base');
  if (base !== undefined) {
    const problem = checkRevision(base);
    if (problem) throw new UsageError(`--base: ${problem}`);
  }
  return { positional, choice, base };
}

async function settingsFor(root: string, base: string | undefined, io: CliOutput): Promise<TerritorySettings> {
  const { settings, problems } = await readFolderSettings(root);
  for (const problem of problems) io.err(`territory: note: ${problem}`);
  return base === undefined ? settings : { ...settings, baseBranch: base };
}

async function history(
  root: string,
  map: DomainMap,
  resolver: OwnershipResolver,
  parsed: Parsed,
  settings: TerritorySettings,
  io: CliOutput,
): Promise<History | number> {
  const result = await loadHistory(root, map, resolver, {
    choice: parsed.choice,
    baseBranch: settings.baseBranch,
    maxCommits: settings.maxCommits,
    unassignedPolicy: settings.unassigned,
  });
  if (!result.ok) {
    io.err(`territory: ${result.kind === 'range' ? `bad range: ${result.reason}` : result.reason}`);
    return 2;
  }
  return result.history;
}

function headJson(head: HeadState): HeadJson {
  return head.kind === 'branch'
    ? { kind: head.kind, branch: head.branch, hash: head.hash }
    : head.kind === 'detached'
      ? { kind: head.kind, hash: head.hash }
      : { kind: head.kind, branch: head.branch };
}

function commitJson(c: AttributedCommit<CommitRecord>): CommitJson {
  const owners = new Map(c.violations.map((v) => [v.path, v.owner]));
  return {
    hash: c.commit.hash,
    shortHash: c.commit.shortHash,
    subject: c.commit.subject,
    author: c.commit.author,
    date: c.commit.date,
    parents: c.commit.parents,
    kind: c.attribution.kind,
    prefix: c.attribution.prefix ?? null,
    files: c.commit.files.map((f) => ({ status: f.status, path: f.path, violation: owners.get(f.path) ?? null })),
    violations: c.violations,
  };
}

function rangeJson(h: History): RangeJson {
  return {
    label: h.range.label,
    spec: h.range.spec ?? null,
    base: h.range.base ?? null,
    since: h.range.since ?? null,
    limit: h.range.limit ?? null,
  };
}

/** `territory commits [--range A..B | --since DATE | --all] [--base BRANCH]`: exit 1 when a commit crosses a territory. */
export async function commitsCommand<O extends CliOptions>(
  options: O,
  io: CliOutput,
  loadMap: LoadMap<O>,
): Promise<number> {
  const parsed = parseCommandArgs(options.flags);
  noPositional(parsed, 'commits');
  const loaded = await loadMap(options, io);
  if (typeof loaded === 'number') return loaded;
  const { root, map } = loaded;
  const resolver = OwnershipResolver.compile(map);
  const h = await history(root, map, resolver, parsed, await settingsFor(root, parsed.base, io), io);
  if (typeof h === 'number') return h;
  const { grouping } = h;
  if (options.json) {
    const body: CommitsJson = {
      root,
      head: headJson(h.state.head),
      range: rangeJson(h),
      total: h.total,
      loaded: h.commits.length,
      capped: h.capped,
      notices: h.notices,
      groups: grouping.groups.map((g) => ({
        domain: g.domain.id,
        terminal: g.domain.terminal,
        name: g.domain.name,
        prefixes: g.domain.prefixes,
        count: g.commits.length,
        violatingCommits: g.violatingCommits,
        violations: g.violations,
        commits: g.commits.map(commitJson),
      })),
      unattributed: { count: grouping.unattributed.length, commits: grouping.unattributed.map(commitJson) },
      violations: grouping.groups.flatMap((g) =>
        g.commits.flatMap((c) =>
          c.violations.map((v) => ({
            hash: c.commit.hash,
            shortHash: c.commit.shortHash,
            subject: c.commit.subject,
            domain: g.domain.id,
            path: v.path,
            owner: v.owner,
          })),
        ),
      ),
    };
    io.out(JSON.stringify(body, null, 2));
  } else {
    for (const notice of h.notices) io.err(`territory: note: ${notice}`);
    io.out(
      `Range: ${h.range.label} — ${count(h.total, 'commit')}${h.capped ? ` (newest ${h.commits.length} shown)` : ''}`,
    );
    const line = (c: AttributedCommit<CommitRecord>) => {
      io.out(`  ${c.commit.shortHash} ${c.commit.subject}  (${c.commit.author}, ${c.commit.date.slice(0, 10)})`);
      for (const v of c.violations) io.out(`      ! ${v.path} — owned by ${v.owner}`);
    };
    for (const g of grouping.groups) {
      const bad = g.violatingCommits > 0 ? `, ${g.violatingCommits} with violations` : '';
      io.out(`${g.domain.id} (${g.domain.prefixes.join(' ')}) — ${count(g.commits.length, 'commit')}${bad}`);
      g.commits.forEach(line);
    }
    io.out(`Unattributed — ${count(grouping.unattributed.length, 'commit')}`);
    grouping.unattributed.forEach(line);
    io.out(
      `${count(grouping.violatingCommits, 'commit')} with ${count(grouping.violations, 'file')} outside their domain`,
    );
  }
  if (grouping.violations > 0) {
    io.err(
      `territory: ${count(grouping.violatingCommits, 'commit')} ${grouping.violatingCommits === 1 ? 'changes' : 'change'} files outside their domain`,
    );
    return 1;
  }
  return 0;
}

function changeJson(change: OwnedChange): ChangeJson {
  return {
    path: change.path,
    from: change.from ?? null,
    renamedTo: change.renamedTo ?? null,
    index: change.index,
    workTree: change.workTree,
    conflicted: change.conflicted,
  };
}

/** `territory status`: uncommitted changes grouped by owning domain (the seed's rule 2). */
export async function statusCommand<O extends CliOptions>(
  options: O,
  io: CliOutput,
  loadMap: LoadMap<O>,
): Promise<number> {
  const parsed = parseCommandArgs(options.flags);
  noPositional(parsed, 'status');
  // git's status is most of this command's time in a large repository: it starts as soon as the
  // folder is known to hold a map, before the map is read, and before the smaller reads.
  const early = await startStatusReads(options);
  const loaded = await loadMap(options, io);
  if (typeof loaded === 'number') return loaded;
  const { root, map } = loaded;
  const resolver = OwnershipResolver.compile(map);
  const settingsRead = readFolderSettings(root);
  const [repo, status] = await Promise.all(
    early?.root === root ? early.reads : [readRepoState(root), readStatus(root)],
  );
  if (!repo.ok) {
    io.err(`territory: ${repo.reason}`);
    return 2;
  }
  if (!status.ok) {
    io.err(`territory: ${status.reason}`);
    return 2;
  }
  const byOwner = groupChanges(status.entries, resolver);
  const order = [...map.domains.map((d) => d.id), 'unassigned', 'contested'];
  const owners = [...byOwner.keys()].sort((a, b) => rank(order, a) - rank(order, b));
  const active = activeFromEnvironment(map);
  const { settings, problems } = await settingsRead;
  for (const problem of problems) io.err(`territory: note: ${problem}`);
  const outside = [...offLimitsChanges(byOwner, resolver, active?.id, settings.unassigned).values()].reduce(
    (n, changes) => n + changes.length,
    0,
  );
  const notices = repoNotices(repo.state);
  if (options.json) {
    const body: StatusJson = {
      root,
      head: headJson(repo.state.head),
      operation: repo.state.operation ?? null,
      notices,
      total: status.entries.length,
      activeDomain: active?.id ?? null,
      outsideActive: active ? outside : null,
      groups: owners.map((owner) => {
        const domain = map.domains.find((d) => d.id === owner);
        return {
          owner,
          terminal: domain?.terminal ?? null,
          name: domain?.name ?? null,
          changes: (byOwner.get(owner) ?? []).map(changeJson),
        };
      }),
    };
    io.out(JSON.stringify(body, null, 2));
    return 0;
  }
  for (const notice of notices) io.err(`territory: note: ${notice}`);
  const head = repo.state.head;
  io.out(
    head.kind === 'branch'
      ? `On branch ${head.branch}`
      : head.kind === 'detached'
        ? `HEAD detached at ${head.hash.slice(0, 7)}`
        : `On branch ${head.branch} (no commits yet)`,
  );
  if (status.entries.length === 0) io.out('Nothing uncommitted.');
  for (const owner of owners) {
    const changes = byOwner.get(owner) ?? [];
    const domain = map.domains.find((d) => d.id === owner);
    io.out(`${owner}${domain ? ` (${domain.terminal})` : ''} — ${count(changes.length, 'file')}`);
    for (const change of changes)
      io.out(
        `  ${change.renamedTo !== undefined ? 'R ' : change.conflicted ? 'U ' : `${change.index}${change.workTree}`} ${change.path}${change.renamedTo !== undefined || change.from !== undefined || change.conflicted ? `  (${statusLabel(change)})` : ''}`,
      );
  }
  if (active && outside > 0)
    io.out(
      `As ${active.id} (TERRITORY_DOMAIN): ${count(outside, 'uncommitted change')} ${outside === 1 ? 'belongs' : 'belong'} to others — check before editing.`,
    );
  return 0;
}

/** The status reads of the folder `loadMap` will find, started now; undefined when it holds no map. */
async function startStatusReads(
  options: CliOptions,
): Promise<{ root: string; reads: [ReturnType<typeof readRepoState>, ReturnType<typeof readStatus>] } | undefined> {
  // Only where the file system shows the folder (territory.json): finding it through git would be
  // one more process, and the loader asks again.
  const root = mapFileRoot(options.cwd);
  if (root === undefined || (await findMapFile(root, options.map).catch(() => undefined)) === undefined)
    return undefined;
  const status = readStatus(root);
  const repo = readRepoState(root);
  // Settled here too: a read whose answer goes unused (the map turns out unusable) must not reject unhandled.
  void status.catch(() => undefined);
  void repo.catch(() => undefined);
  return { root, reads: [repo, status] };
}

function rank(order: readonly string[], key: string): number {
  const i = order.indexOf(key);
  return i === -1 ? order.length : i;
}

/** The domain of the terminal the CLI runs in (`TERRITORY_DOMAIN`, set by Launch Domain Terminals). */
function activeFromEnvironment(map: DomainMap): Domain | undefined {
  const id = process.env.TERRITORY_DOMAIN?.trim().toUpperCase();
  return id ? map.domains.find((d) => d.id === id) : undefined;
}

/** `territory report <DOMAIN>`: the seed's REPORT FORMAT for one domain, as markdown (or JSON). */
export async function reportCommand<O extends CliOptions>(
  options: O,
  io: CliOutput,
  loadMap: LoadMap<O>,
): Promise<number> {
  const parsed = parseCommandArgs(options.flags);
  if (parsed.positional.length !== 1) throw new UsageError('report needs one domain id, e.g. territory report CORE');
  const loaded = await loadMap(options, io);
  if (typeof loaded === 'number') return loaded;
  const { root, map } = loaded;
  const domain = domainNamed(map, parsed.positional[0]);
  if (!domain)
    throw new UsageError(
      `no domain "${parsed.positional[0]}" in the map (domains: ${map.domains.map((d) => d.id).join(', ')})`,
    );
  const resolver = OwnershipResolver.compile(map);
  const h = await history(root, map, resolver, parsed, await settingsFor(root, parsed.base, io), io);
  if (typeof h === 'number') return h;
  const status = await readStatus(root);
  if (!status.ok) {
    io.err(`territory: ${status.reason}`);
    return 2;
  }
  const record = await readTestRecord(h.state);
  if (record?.refused !== undefined) io.err(`territory: note: ${record.refused}`);
  const report = buildDomainReport({
    domain,
    range: {
      label: h.range.label,
      spec: h.range.spec,
      capped: h.capped ? { loaded: h.commits.length, total: h.total } : undefined,
    },
    commits: h.grouping.groups.find((g) => g.domain.id === domain.id)?.commits ?? [],
    uncommitted: groupChanges(status.entries, resolver).get(domain.id) ?? [],
    handoffs: await readHandoffFiles(root, map, resolver),
    testRun: record?.run,
    generatedAt: new Date(),
  });
  if (options.json) io.out(JSON.stringify({ root, ...report }, null, 2));
  else {
    for (const notice of h.notices) io.err(`territory: note: ${notice}`);
    (io.document ?? io.out)(renderDomainReport(report));
  }
  return 0;
}
