// `territory check --range` and `--pre-push`: the commits of a range (CI) or of a push, each
// judged by the map at its base, and rule 4's designated branch for a domain terminal's push.
import type { CliOutput } from './flags';
import { splitRange, ZERO_COMMIT } from '../core/commits/range';
import type { CheckResults } from '../core/guard/checkReport';
import { withLeadFiles } from '../core/guard/fileRules';
import { leadFilesOf, type LeadFiles } from '../core/guard/controlFiles';
import { filesBecomingMaps } from '../git/mapDiscovery';
import type { CommitRecord } from '../git/log';
import type { MapFileLocation } from '../core/map/discover';
import type { Exemption } from '../core/guard/messageRules';
import { branchRuleProblems, parsePushInput, pushProblems, sharedBranches, updateKind } from '../core/guard/push';
import { unlimitedNote } from '../core/sessionBranch';
import { checkCommits, leadFileChanges, type CommitVerdict, type GuardRules } from '../core/guard/rangeCheck';
import { settingsFromText, SETTINGS_FILE, type TerritorySettings } from '../core/settings';
import type { OwnerLookup } from '../core/commits/attribution';
import { OwnershipResolver } from '../core/ownership/resolver';
import type { DomainMap } from '../core/types';
import { currentBranch, fileAtCommit, isAncestor, pushedCommits, withMergeChanges } from '../git/guard';
import { readLog } from '../git/log';
import { mapAtCommit, rangeBase } from '../git/mapAt';
import { detectBaseBranch, mergeBase, resolveCommit } from '../git/range';
import { firstTime, readDesignatedBranch } from '../git/sessionBranch';

/** What a range is judged by. */
export interface RangeInputs {
  /** `--base`: the base branch of a new branch's all-zero start. */
  readonly base: string | undefined;
  readonly settings: TerritorySettings;
  /** The map read now; the range is judged by the map at its base. */
  readonly current: DomainMap;
  readonly location: MapFileLocation;
  /** `--map`: the map file named, instead of discovery. */
  readonly configured?: string;
  readonly exemptions: readonly Exemption[];
  readonly leadFiles: LeadFiles;
}

/** `--range`: the commits of the range, each judged by the map and settings at the range's base. `empty`: nothing to check (a deleted branch). */
export async function rangeResult(
  root: string,
  range: string,
  inputs: RangeInputs,
  io: CliOutput,
): Promise<
  | { ok: true; value: { range: NonNullable<CheckResults['range']>; mapInfo: CheckResults['map']; empty: boolean } }
  | { ok: false; reason: string }
> {
  const bad = (reason: string) => ({ ok: false as const, reason: `bad range ${range}: ${reason}` });
  const concrete = await concreteRange(
    root,
    range,
    inputs.base ?? inputs.settings.baseBranch,
    inputs.base !== undefined,
  );
  if (!concrete.ok) return bad(concrete.reason);
  const { spec, notices } = concrete.value;
  for (const notice of notices) io.err(`territory: note: ${notice}`);
  if (spec === undefined)
    return { ok: true, value: { range: { spec: range, verdicts: [], notices }, mapInfo: undefined, empty: true } };
  const base =
    concrete.value.base !== null ? { ok: true as const, value: concrete.value.base } : await rangeBase(root, spec);
  if (!base.ok) return bad(base.reason);
  const judging = await mapAtCommit(root, inputs.current, inputs.location, base.value, 'base', inputs.configured);
  if (!judging.ok) return judging;
  const log = await readLog(root, spec);
  if (!log.ok) return bad(log.reason);
  const commits = await withMergeChanges(root, log.commits);
  if (!commits.ok) return commits;
  const rangeMap = judging.value.map;
  const rangeRules = base.value !== undefined ? await settingsAt(root, base.value) : inputs.settings;
  const { exemptions } = inputs;
  const leadFiles = await rangeLeadFiles(root, inputs, judging.value.file, commits.value);
  if (!leadFiles.ok) return leadFiles;
  const verdicts = checkCommits(
    commits.value,
    rangeMap,
    withLeadFiles(OwnershipResolver.compile(rangeMap), leadFiles.value),
    {
      exemptions,
      unassignedPolicy: rangeRules.unassigned,
      leadFiles: leadFiles.value,
    },
  );
  return {
    ok: true,
    value: {
      range: {
        spec,
        verdicts,
        base: base.value,
        mapFrom: judging.value.from,
        leadFiles: leadFileChanges(verdicts, leadFiles.value),
        notices: [...notices, ...(judging.value.notice ? [judging.value.notice] : [])],
      },
      mapInfo: { file: judging.value.file, from: judging.value.from, revision: judging.value.revision },
      empty: false,
    },
  };
}

/**
 * The lead files of a range: the map read now, the base's map, and every file a commit of the range
 * made a candidate map (territory.json added, a markdown file discovery looks at filled with a
 * territory table). Which file is the map is the lead's to change: a commit that deletes the map,
 * adds an earlier-sorting one or switches markdown and JSON changes one of these.
 */
async function rangeLeadFiles(
  root: string,
  inputs: RangeInputs,
  judgingFile: string,
  commits: readonly CommitRecord[],
): Promise<{ ok: true; value: LeadFiles } | { ok: false; reason: string }> {
  const changed = commits.flatMap((c) =>
    c.files.filter((f) => f.status !== 'D').map((f) => ({ rev: c.hash, path: f.path })),
  );
  const maps = inputs.configured ? { ok: true as const, value: [] } : await filesBecomingMaps(root, changed);
  if (!maps.ok) return maps;
  return {
    ok: true,
    value: leadFilesOf([...inputs.leadFiles.mapPaths, judgingFile, ...maps.value], inputs.leadFiles.hooksDirs),
  };
}

/** The guard settings as `commit` holds them: the defaults (unassigned files locked) when it has none. */
async function settingsAt(root: string, commit: string): Promise<TerritorySettings> {
  const text = await fileAtCommit(root, commit, SETTINGS_FILE);
  return settingsFromText(text.ok ? text.value : undefined).settings;
}

/**
 * The range to read for `--range`, with CI's all-zero commits made concrete: an all-zero start
 * (a new branch pushed) becomes "the branch's commits not in the base branch", measured from their
 * merge-base; an all-zero end (the branch deleted) leaves nothing to check (spec undefined).
 * `base` null: the range's own base applies (see rangeBase).
 */
async function concreteRange(
  root: string,
  range: string,
  baseBranch: string,
  explicit: boolean,
): Promise<
  | { ok: true; value: { spec: string | undefined; base: string | null; notices: string[] } }
  | { ok: false; reason: string }
> {
  const parts = splitRange(range);
  if ('single' in parts) return { ok: true, value: { spec: range, base: null, notices: [] } };
  if (ZERO_COMMIT.test(parts.to))
    return {
      ok: true,
      value: {
        spec: undefined,
        base: null,
        notices: ['the range ends at the all-zero commit: the push deletes the branch, there are no commits to check'],
      },
    };
  if (!ZERO_COMMIT.test(parts.from ?? '')) return { ok: true, value: { spec: range, base: null, notices: [] } };
  const detected = await detectBaseBranch(root, baseBranch);
  if (!detected.ref)
    return {
      ok: false,
      reason: `a new branch (all-zero start) is checked against its base branch, and ${explicit ? `--base "${baseBranch}" names no commit here` : (detected.notice ?? 'there is none')} (fetch it: actions/checkout with fetch-depth: 0)`,
    };
  const tip = await resolveCommit(root, parts.to);
  if (!tip) return { ok: false, reason: `"${parts.to}" names no commit in this repository` };
  const shared = await mergeBase(root, detected.ref, tip);
  if (!shared)
    return {
      ok: false,
      reason: `${parts.to} shares no history with ${detected.ref} here (a shallow clone? fetch-depth: 0)`,
    };
  return {
    ok: true,
    value: {
      spec: `${detected.ref}..${tip}`,
      base: shared,
      notices: [`a new branch (all-zero start): checking its commits not in ${detected.ref}`],
    },
  };
}

export async function checkPush(
  root: string,
  map: DomainMap,
  resolver: OwnerLookup,
  rules: GuardRules,
  baseBranch: string,
  remote: string | undefined,
  input: string,
  domainId: string | undefined,
): Promise<{ result: NonNullable<CheckResults['push']>; notes: string[] } | string> {
  const updates = parsePushInput(input);
  // Rule 4: a domain terminal pushes the designated branch only; that branch is shared, never deleted.
  const session = await readDesignatedBranch(root, map);
  const { designated } = session;
  const notes = session.problems.map((p) => `note: ${p}`);
  const note = unlimitedNote(designated);
  if (domainId !== undefined && note !== undefined && (await firstTime(root, 'unlimited-push'))) notes.push(note);
  if (designated.branch !== undefined) await firstTime(root, 'unlimited-push', true);
  const shared = sharedBranches(designated.branch ?? map.branch, await currentBranch(root), baseBranch);
  const problems = [
    ...branchRuleProblems(updates, designated.branch, domainId),
    ...(await pushProblems(updates, shared, (a, b) => isAncestor(root, a, b))),
  ];
  const refused = new Set(problems.map((p) => p.ref));
  const verdicts: CommitVerdict[] = [];
  const unchecked: string[] = [];
  const seen = new Set<string>();
  for (const update of updates) {
    const kind = updateKind(update);
    if (kind === 'delete' || refused.has(update.remoteRef)) continue;
    const commits = await pushedCommits(
      root,
      remote ?? '',
      update.localSha,
      kind === 'update' ? update.remoteSha : undefined,
    );
    if (!commits.ok) return commits.reason;
    if (commits.value === undefined) {
      unchecked.push(
        `${update.remoteRef}: the new commits were not checked here (too many, or no remote-tracking branches to compare with); CI checks them`,
      );
      continue;
    }
    const fresh = await withMergeChanges(
      root,
      commits.value.filter((c) => !seen.has(c.hash)),
    );
    if (!fresh.ok) return fresh.reason;
    fresh.value.forEach((c) => seen.add(c.hash));
    // Which file is the map is the lead's: a pushed commit that plants one is judged as changing the map.
    const planted = await filesBecomingMaps(
      root,
      fresh.value.flatMap((c) => c.files.filter((f) => f.status !== 'D').map((f) => ({ rev: c.hash, path: f.path }))),
    );
    if (!planted.ok) return planted.reason;
    const leadFiles = leadFilesOf([...(rules.leadFiles?.mapPaths ?? []), ...planted.value], rules.leadFiles?.hooksDirs);
    verdicts.push(...checkCommits(fresh.value, map, withLeadFiles(resolver, leadFiles), { ...rules, leadFiles }));
  }
  return {
    result: { problems, verdicts, unchecked, designated: { branch: designated.branch, source: designated.source } },
    notes,
  };
}
