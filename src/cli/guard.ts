import { domainNamed, noPositional, singleValue, UsageError, type CliOptions, type CliOutput, type LoadMap, type ParsedFlags } from './flags';
// The guard commands of the CLI: `territory check`, `territory hooks`, `territory export` and
// `territory ci-workflow`. src/cli/main.ts parses the common options and hands each command here with
// its map loader, as it does for the git commands of src/cli/git.ts.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { checkRange, checkRevision, emptyRangeEnd, splitRange, ZERO_COMMIT } from '../core/commits/range';
import { checkJson, checkText, failures, type CheckResults } from '../core/guard/checkReport';
import { findCliBundle } from '../core/guard/cliBundle';
import { checkOwner, DEFAULT_OWNER_KEY } from '../core/guard/codeowners';
import { exportCodeowners, exportCommitlint, exportPermissions, writeCiWorkflow, type ExportResult } from '../core/guard/exports';
import { leadFilesOf, leadOffLimits, offLimitsFiles, withLeadFiles } from '../core/guard/fileRules';
import { recordedSubject } from '../core/guard/commitMessage';
import { checkSubject, parseExemptions, type Exemption } from '../core/guard/messageRules';
import { branchRuleProblems, parsePushInput, pushProblems, sharedBranches, updateKind } from '../core/guard/push';
import { unlimitedNote, wrongBranchWarning } from '../core/sessionBranch';
import { SESSION_FILE } from '../core/session';
import { checkCommits, leadCommit, leadFileChanges, onlyUnprefixed, type CommitVerdict, type GuardRules } from '../core/guard/rangeCheck';
import { readFolderSettings, settingsFromText, SETTINGS_FILE, type TerritorySettings } from '../core/settings';
import type { OwnerLookup } from '../core/commits/attribution';
import { findMapFile } from '../core/map/discover';
import { OwnershipResolver } from '../core/ownership/resolver';
import { DOMAIN_ENV } from '../core/terminalNames';
import type { Domain, DomainMap } from '../core/types';
import { listRepositoryFiles } from '../git/files';
import { amendBase, currentBranch, fileAtCommit, gitPath, isAncestor, mergeInProgress, messageConfig, pushedCommits, readAtHead, stagedChanges, withMergeChanges, type HeadCommit } from '../git/guard';
import { installHooks, readHooksStatus, recordCli, uninstallHooks, type CliLocation, type HookChange, type HooksStatus } from '../git/hooks';
import { readLog } from '../git/log';
import { judgeMapText, mapAtCommit, mapPathOf, rangeBase } from '../git/mapAt';
import { detectBaseBranch, mergeBase, resolveCommit } from '../git/range';
import { findRepositoryRoot } from '../git/repository';
import { designatedBranchFrom, firstTime, readDesignatedBranch } from '../git/sessionBranch';

export interface GuardCliOutput extends CliOutput {
  /** pre-push's stdin; the process's own stdin when absent. */
  readStdin?(): Promise<string>;
}

type Parsed = ParsedFlags;

const single = singleValue;

/** `--domain`, else TERRITORY_DOMAIN; an id the map does not know is an error, not the lead. */
function domainInForce(map: DomainMap, option: string | undefined): { domain: Domain; source: 'option' | 'environment' } | undefined | string {
  const fromEnv = process.env[DOMAIN_ENV]?.trim();
  const id = option ?? (fromEnv === '' ? undefined : fromEnv);
  if (id === undefined) return undefined;
  const domain = domainNamed(map, id);
  if (!domain) return `${option !== undefined ? '--domain' : DOMAIN_ENV}=${id}: no such domain in the map (${map.domains.map((d) => d.id).join(', ')})`;
  return { domain, source: option !== undefined ? 'option' : 'environment' };
}

/** Runs the loader; in a hook, a repository without any map is none of Territory's business. */
async function loadForHook<O extends CliOptions>(options: O, io: GuardCliOutput, loadMap: LoadMap<O>, hook: boolean): Promise<{ root: string; map: DomainMap } | number> {
  if (!hook) return loadMap(options, io);
  const held: string[] = [];
  const loaded = await loadMap(options, { out: io.out, err: (text) => held.push(text) });
  if (loaded === 2 && held.some((t) => t.includes('No domain map found'))) return 0;
  held.forEach((t) => io.err(t));
  return loaded;
}

async function readAllStdin(): Promise<string> {
  // Run by hand at a terminal there is nothing to read: git gives the refs only to the hook.
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function exemptionsOf(parsed: Parsed, settings: TerritorySettings): readonly Exemption[] {
  const option = single(parsed, '--exempt');
  if (option === undefined) return settings.commitExemptions;
  const { exemptions, unknown } = parseExemptions(option.split(','));
  if (unknown.length > 0) throw new UsageError(`--exempt: unknown exemption "${unknown[0]}" (known: merge, revert, fixup; --exempt= for none)`);
  return exemptions;
}

/**
 * `territory check [--staged] [--message FILE] [--range A..B] [--pre-push --remote=NAME] [--domain ID] [--exempt LIST] [--hook]`:
 * exit 1 when anything checked breaks the map.
 */
export async function checkCommand<O extends CliOptions>(options: O, io: GuardCliOutput, loadMap: LoadMap<O>): Promise<number> {
  const parsed = options.flags;
  noPositional(parsed, 'check');
  const hook = parsed.flags.has('--hook');
  const staged = parsed.flags.has('--staged');
  const prePush = parsed.flags.has('--pre-push');
  const messageFile = single(parsed, '--message');
  const range = single(parsed, '--range');
  if (!staged && !prePush && messageFile === undefined && range === undefined) throw new UsageError('check needs --staged, --message FILE, --range A..B or --pre-push');
  if (range !== undefined) {
    const problem = checkRange(range) ?? emptyRangeEnd(range);
    if (problem) throw new UsageError(`--range: ${problem}`);
  }
  const baseOption = single(parsed, '--base');
  if (baseOption !== undefined) {
    if (range === undefined) throw new UsageError("--base goes with --range (the base branch of a new branch's all-zero start)");
    const problem = checkRevision(baseOption);
    if (problem) throw new UsageError(`--base: ${problem}`);
  }
  const loaded = await loadForHook(options, io, loadMap, hook);
  if (typeof loaded === 'number') return loaded;
  const { root } = loaded;
  const { settings, problems } = await readFolderSettings(root);
  for (const problem of problems) io.err(`territory: note: ${problem}`);
  const exemptions = exemptionsOf(parsed, settings);
  // The rules in force before the change: the hooks judge with the map at HEAD, not with an edit
  // the commit being made may carry; the map file itself is the lead's (leadFiles).
  const location = await findMapFile(root, options.map).catch(() => undefined);
  if (location === undefined) {
    io.err('territory: cannot locate the map file read for this check');
    return 2;
  }
  const results: { -readonly [K in keyof CheckResults]: CheckResults[K] } = { domain: undefined };
  let map = loaded.map;
  // The settings too (territory.unassigned): a staged edit must not unlock files for its own commit.
  let rules = settings;
  // Every commit of every domain terminal waits for these: the reads that do not depend on each
  // other start together (the staged files against HEAD, the message settings, HEAD's own files).
  const plainStaged = staged ? stagedChanges(root) : undefined;
  const messageSettings = messageFile !== undefined ? messageConfig(root) : undefined;
  // The branch, for rule 4's warning to a domain terminal committing elsewhere.
  const domainAsked = single(parsed, '--domain') !== undefined || (process.env[DOMAIN_ENV]?.trim() ?? '') !== '';
  const branchRead = staged && domainAsked ? currentBranch(root) : undefined;
  // Whether git is concluding a merge: asked by the message and the staged checks, read once.
  let mergeState: Promise<boolean> | undefined;
  const merging = () => (mergeState ??= mergeInProgress(root));
  let headCommit: HeadCommit | undefined;
  let headSession: string | undefined;
  if (staged || prePush || messageFile !== undefined) {
    const mapPath = mapPathOf(root, location);
    // One cat-file process for everything the checks read at HEAD (the session file: rule 4's warning).
    const atHead = await readAtHead(root, [mapPath, SETTINGS_FILE, SESSION_FILE]);
    if (!atHead.ok) {
      io.err(`territory: ${atHead.reason}`);
      return 2;
    }
    headCommit = atHead.value?.commit;
    const judging = judgeMapText(root, loaded.map, location, headCommit?.hash, atHead.value?.files.get(mapPath), 'HEAD');
    if (!judging.ok) {
      io.err(`territory: ${judging.reason}`);
      return 2;
    }
    if (judging.value.notice) io.err(`territory: note: ${judging.value.notice}`);
    map = judging.value.map;
    results.map = { file: judging.value.file, from: judging.value.from, revision: judging.value.revision };
    if (atHead.value !== undefined) rules = settingsFromText(atHead.value.files.get(SETTINGS_FILE)).settings;
    headSession = atHead.value?.files.get(SESSION_FILE);
  }
  const leadFiles = leadFilesOf([mapPathOf(root, location)]);
  const inForce = domainInForce(map, single(parsed, '--domain'));
  if (typeof inForce === 'string') {
    io.err(`territory: ${inForce}`);
    return 2;
  }
  results.domain = inForce ? { id: inForce.domain.id, source: inForce.source } : undefined;
  const resolver = withLeadFiles(OwnershipResolver.compile(map), leadFiles);

  if (messageFile !== undefined) {
    let text: string;
    try {
      text = await readFile(path.resolve(options.cwd, messageFile), 'utf8');
    } catch (error) {
      io.err(`territory: cannot read the message file ${messageFile}: ${(error as Error).message}`);
      return 2;
    }
    // The subject git will record: hooks get GIT_EDITOR=: when no editor ran, and then git keeps comment lines.
    const subject = recordedSubject(text, { ...(await (messageSettings ?? messageConfig(root))), editing: process.env.GIT_EDITOR !== ':' });
    // A message is a merge's only while git concludes one: its subject alone proves nothing.
    results.message = checkSubject(subject, map, inForce?.domain, exemptions, (await merging()) ? 2 : 1);
  }
  if (staged) {
    // Without a domain in force (the lead), a message's prefix names the domain the files must belong to.
    const message = results.message;
    const domain = inForce?.domain ?? (message && message.exempt !== 'merge' ? message.domain : undefined);
    const via = inForce ? 'terminal' : 'prefix';
    // Concluding a merge stages the other side's changes, whoever made them: exempt like the merge itself.
    const concluding = exemptions.includes('merge') && (message?.exempt === 'merge' || (await merging()));
    // The lead's unprefixed message is fine when every staged file is one no domain owns.
    const mayBeLead = !inForce && message !== undefined && onlyUnprefixed(message);
    // The lead's fixup or revert of an unprefixed commit is still the lead's: files no domain owns only.
    const leadExempt = !inForce && message !== undefined && message.domain === undefined && (message.exempt === 'fixup' || message.exempt === 'revert');
    // An amend replaces HEAD: the new commit's files count from HEAD's parent, HEAD's own included.
    const amend = concluding ? undefined : await amendBase(root, process.env, headCommit);
    const stagedFiles = () => (amend === undefined && plainStaged ? plainStaged : stagedChanges(root, amend));
    if (concluding) results.staged = { domain, via, skipped: 'merge', files: 0, offLimits: [] };
    else if (leadExempt) {
      const changes = await stagedFiles();
      if (!changes.ok) {
        io.err(`territory: ${changes.reason}`);
        return 2;
      }
      results.staged = { domain: undefined, via, lead: true, files: changes.value.length, offLimits: leadOffLimits(changes.value, resolver), amend: amend !== undefined };
    } else if (domain === undefined && !mayBeLead) results.staged = { domain: undefined, via, files: 0, offLimits: [] };
    else {
      const changes = await stagedFiles();
      if (!changes.ok) {
        io.err(`territory: ${changes.reason}`);
        return 2;
      }
      if (message && mayBeLead && leadCommit(message, changes.value, resolver)) {
        results.message = { ...message, problems: [] };
        results.staged = { domain: undefined, via, lead: true, files: changes.value.length, offLimits: [], amend: amend !== undefined };
      } else if (domain === undefined) results.staged = { domain: undefined, via, files: 0, offLimits: [] };
      else results.staged = { domain, via, files: changes.value.length, offLimits: offLimitsFiles(domain, changes.value, resolver, rules.unassigned, leadFiles), amend: amend !== undefined };
    }
  }
  const notes: string[] = [];
  if (staged && inForce) {
    // Rule 4 at commit time: a warning only (the push is where it is enforced).
    const [branch, session] = await Promise.all([branchRead ?? currentBranch(root), designatedBranchFrom(root, map, headSession)]);
    const warning = wrongBranchWarning(inForce.domain.id, branch, session.designated);
    if (warning) notes.push(warning);
  }
  if (notes.length > 0) results.notes = notes;
  if (range !== undefined) {
    const concrete = await concreteRange(root, range, baseOption ?? settings.baseBranch, baseOption !== undefined);
    if (!concrete.ok) {
      io.err(`territory: bad range ${range}: ${concrete.reason}`);
      return 2;
    }
    const { spec, notices } = concrete.value;
    for (const notice of notices) io.err(`territory: note: ${notice}`);
    if (spec === undefined) {
      results.range = { spec: range, verdicts: [], notices };
      return finish(options, io, root, results, hook);
    }
    const base = concrete.value.base !== null ? { ok: true as const, value: concrete.value.base } : await rangeBase(root, spec);
    if (!base.ok) {
      io.err(`territory: bad range ${range}: ${base.reason}`);
      return 2;
    }
    const judging = await mapAtCommit(root, loaded.map, location, base.value, 'base');
    if (!judging.ok) {
      io.err(`territory: ${judging.reason}`);
      return 2;
    }
    if (results.map === undefined) results.map = { file: judging.value.file, from: judging.value.from, revision: judging.value.revision };
    const log = await readLog(root, spec);
    if (!log.ok) {
      io.err(`territory: bad range ${range}: ${log.reason}`);
      return 2;
    }
    const commits = await withMergeChanges(root, log.commits);
    if (!commits.ok) {
      io.err(`territory: ${commits.reason}`);
      return 2;
    }
    const rangeMap = judging.value.map;
    const rangeRules = base.value !== undefined ? await settingsAt(root, base.value) : settings;
    const verdicts = checkCommits(commits.value, rangeMap, withLeadFiles(OwnershipResolver.compile(rangeMap), leadFiles), { exemptions, unassignedPolicy: rangeRules.unassigned, leadFiles });
    results.range = {
      spec,
      verdicts,
      base: base.value,
      mapFrom: judging.value.from,
      leadFiles: leadFileChanges(verdicts, leadFiles),
      notices: [...notices, ...(judging.value.notice ? [judging.value.notice] : [])],
    };
  }
  if (prePush) {
    const push = await checkPush(
      root,
      map,
      resolver,
      { exemptions, unassignedPolicy: rules.unassigned, leadFiles },
      settings.baseBranch,
      single(parsed, '--remote'),
      await (io.readStdin ?? readAllStdin)(),
      inForce?.domain.id,
    );
    if (typeof push === 'string') {
      io.err(`territory: ${push}`);
      return 2;
    }
    results.push = push.result;
    if (push.notes.length > 0) results.notes = [...(results.notes ?? []), ...push.notes];
  }

  return finish(options, io, root, results, hook);
}

/** The guard settings as `commit` holds them: the defaults (unassigned files locked) when it has none. */
async function settingsAt(root: string, commit: string): Promise<TerritorySettings> {
  const text = await fileAtCommit(root, commit, SETTINGS_FILE);
  return settingsFromText(text.ok ? text.value : undefined).settings;
}

/** Prints the report and the one-line reason; the exit code. */
function finish(options: CliOptions, io: GuardCliOutput, root: string, results: CheckResults, hook: boolean): number {
  if (options.json) io.out(JSON.stringify(checkJson(root, results), null, 2));
  else for (const line of checkText(results, hook)) (hook ? io.err : io.out)(line);
  const failed = failures(results);
  if (failed.length === 0) return 0;
  io.err(`territory: check failed: ${failed.join('; ')}${hook ? ` (emergency bypass: TERRITORY_SKIP_HOOKS=1 or --no-verify)` : ''}`);
  return 1;
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
): Promise<{ ok: true; value: { spec: string | undefined; base: string | null; notices: string[] } } | { ok: false; reason: string }> {
  const parts = splitRange(range);
  if ('single' in parts) return { ok: true, value: { spec: range, base: null, notices: [] } };
  if (ZERO_COMMIT.test(parts.to))
    return { ok: true, value: { spec: undefined, base: null, notices: ['the range ends at the all-zero commit: the push deletes the branch, there are no commits to check'] } };
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
  if (!shared) return { ok: false, reason: `${parts.to} shares no history with ${detected.ref} here (a shallow clone? fetch-depth: 0)` };
  return { ok: true, value: { spec: `${detected.ref}..${tip}`, base: shared, notices: [`a new branch (all-zero start): checking its commits not in ${detected.ref}`] } };
}

async function checkPush(
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
  const problems = [...branchRuleProblems(updates, designated.branch, domainId), ...(await pushProblems(updates, shared, (a, b) => isAncestor(root, a, b)))];
  const refused = new Set(problems.map((p) => p.ref));
  const verdicts: CommitVerdict[] = [];
  const unchecked: string[] = [];
  const seen = new Set<string>();
  for (const update of updates) {
    const kind = updateKind(update);
    if (kind === 'delete' || refused.has(update.remoteRef)) continue;
    const commits = await pushedCommits(root, remote ?? '', update.localSha, kind === 'update' ? update.remoteSha : undefined);
    if (!commits.ok) return commits.reason;
    if (commits.value === undefined) {
      unchecked.push(`${update.remoteRef}: the new commits were not checked here (too many, or no remote-tracking branches to compare with); CI checks them`);
      continue;
    }
    const fresh = await withMergeChanges(
      root,
      commits.value.filter((c) => !seen.has(c.hash)),
    );
    if (!fresh.ok) return fresh.reason;
    fresh.value.forEach((c) => seen.add(c.hash));
    verdicts.push(...checkCommits(fresh.value, map, resolver, rules));
  }
  return { result: { problems, verdicts, unchecked, designated: { branch: designated.branch, source: designated.source } }, notes };
}

function hooksJson(status: HooksStatus, changes: readonly HookChange[] | undefined): Record<string, unknown> {
  return {
    installed: status.installed,
    dir: status.dir,
    hooksPath: status.hooksPath ?? null,
    shared: status.shared,
    hooks: status.hooks.map((h) => ({ name: h.name, state: h.state, chained: h.chained })),
    changes: changes?.map((c) => ({ name: c.name, action: c.action, detail: c.detail ?? null })) ?? null,
  };
}

/** `territory hooks install|uninstall|status`: the pre-commit, commit-msg and pre-push hooks. */
export async function hooksCommand<O extends CliOptions>(options: O, io: GuardCliOutput): Promise<number> {
  const parsed = options.flags;
  const [action, extra] = parsed.positional;
  if (!['install', 'uninstall', 'status'].includes(action ?? '') || extra !== undefined) throw new UsageError('hooks needs one of install, uninstall, status');
  const root = await findRepositoryRoot(options.cwd);
  if (root === undefined) {
    io.err(`territory: ${options.cwd} is not in a git repository`);
    return 2;
  }
  const cliOption = single(parsed, '--cli');
  if (cliOption !== undefined && action !== 'install') throw new UsageError('--cli goes with hooks install');
  let result;
  if (action === 'install') {
    // The CLI the hooks run is the one recorded here: --cli (a copy the user chose, even one
    // committed in the repository: its hash is recorded with it), else this very CLI.
    let location: CliLocation | undefined;
    if (cliOption !== undefined) {
      const file = path.resolve(options.cwd, cliOption);
      if (!existsSync(file)) {
        io.err(`territory: --cli ${cliOption}: no such file`);
        return 2;
      }
      location = { cli: file, node: process.execPath };
    } else {
      const bundle = findCliBundle(__dirname);
      location = bundle ? { cli: bundle, node: process.execPath } : undefined;
    }
    result = await installHooks(root, location);
  } else if (action === 'uninstall') result = await uninstallHooks(root);
  else {
    const status = await readHooksStatus(root);
    result = status.ok ? { ok: true as const, value: { status: status.value, changes: undefined } } : status;
  }
  if (!result.ok) {
    io.err(`territory: ${result.reason}`);
    return 2;
  }
  const { status, changes } = result.value;
  if (options.json) io.out(JSON.stringify(hooksJson(status, changes), null, 2));
  else {
    io.out(`Hooks directory: ${status.dir}${status.hooksPath ? ` (core.hooksPath = ${status.hooksPath})` : ''}`);
    if (status.shared) io.out('  It lies outside this repository: the hooks also run in other repositories, where they pass when there is no map.');
    for (const hook of status.hooks) {
      const change = changes?.find((c) => c.name === hook.name);
      io.out(`  ${hook.name.padEnd(10)} ${hook.state}${hook.chained ? ', chains to your earlier hook' : ''}${change ? ` — ${change.action}${change.detail ? `: ${change.detail}` : ''}` : ''}`);
    }
    io.out(status.installed ? 'Territory hooks are installed.' : 'Territory hooks are not (all) installed.');
  }
  const refused = (changes ?? []).filter((c) => c.action === 'refused');
  if (refused.length > 0) {
    io.err(`territory: ${refused.map((c) => `${c.name}: ${c.detail}`).join('; ')}`);
    return 1;
  }
  return 0;
}

/** `--owner CORE=@team,@lead` (repeatable): owners per domain; `*` for files no domain owns. */
function ownersOption(parsed: Parsed, map: DomainMap, settings: TerritorySettings): Record<string, readonly string[]> {
  const owners: Record<string, readonly string[]> = { ...settings.codeOwners };
  for (const value of parsed.values.get('--owner') ?? []) {
    const eq = value.indexOf('=');
    if (eq <= 0) throw new UsageError(`--owner ${value}: write ID=@owner[,@owner]`);
    const key = value.slice(0, eq).trim();
    const id = key === DEFAULT_OWNER_KEY ? key : domainNamed(map, key)?.id;
    if (id === undefined) throw new UsageError(`--owner ${value}: no domain "${key}" in the map`);
    const list = value
      .slice(eq + 1)
      .split(/[,\s]+/)
      .filter((o) => o !== '');
    const bad = list.map(checkOwner).find((p) => p !== undefined);
    if (bad) throw new UsageError(`--owner: ${bad}`);
    owners[id] = list;
  }
  return owners;
}

function reportExport(options: CliOptions, io: GuardCliOutput, what: string, result: ExportResult): number {
  if (!result.ok) {
    io.err(`territory: ${what}: ${result.reason}`);
    return 2;
  }
  if (options.json) io.out(JSON.stringify({ export: what, files: result.files, notes: result.notes }, null, 2));
  else {
    for (const file of result.files) io.out(`${file.changed ? 'wrote' : 'unchanged'} ${file.file}`);
    for (const note of result.notes) io.out(`note: ${note}`);
  }
  return 0;
}

/** `territory export codeowners|commitlint|permissions`: regenerate one export from the map. */
export async function exportCommand<O extends CliOptions>(options: O, io: GuardCliOutput, loadMap: LoadMap<O>): Promise<number> {
  const parsed = options.flags;
  const [target, extra] = parsed.positional;
  if (!['codeowners', 'commitlint', 'permissions'].includes(target ?? '') || extra !== undefined) throw new UsageError('export needs one of codeowners, commitlint, permissions');
  const out = single(parsed, '--out');
  const domainOption = single(parsed, '--domain');
  if (target !== 'permissions' && domainOption !== undefined) throw new UsageError('--domain goes with export permissions');
  if (target !== 'codeowners' && parsed.values.has('--owner')) throw new UsageError('--owner goes with export codeowners');
  const loaded = await loadMap(options, io);
  if (typeof loaded === 'number') return loaded;
  const { root, map } = loaded;
  const { settings, problems } = await readFolderSettings(root);
  for (const problem of problems) io.err(`territory: note: ${problem}`);
  // A map below the repository top: GitHub and commitlint read their files at the top.
  const ctx = { root, map, repoRoot: await findRepositoryRoot(root) };
  if (target === 'codeowners') {
    const owners = ownersOption(parsed, map, settings);
    const listing = await listRepositoryFiles(root);
    if (!listing.ok) {
      io.err(`territory: codeowners: ${listing.reason}`);
      return 2;
    }
    return reportExport(options, io, target, await exportCodeowners(ctx, owners, out, listing.files));
  }
  if (target === 'commitlint') return reportExport(options, io, target, await exportCommitlint(ctx, out, settings.commitExemptions));
  const domain = domainOption === undefined ? undefined : domainNamed(map, domainOption)?.id;
  if (domainOption !== undefined && domain === undefined) throw new UsageError(`--domain ${domainOption}: no such domain in the map`);
  const listing = await listRepositoryFiles(root);
  if (!listing.ok) {
    io.err(`territory: permissions: ${listing.reason}`);
    return 2;
  }
  const manifest = (await gitPath(root, 'territory/exports.json')) ?? path.join(root, '.territory', 'exports.json');
  const exported = await exportPermissions(ctx, { files: listing.files, unassignedPolicy: settings.unassigned, manifest, domain, out });
  // The settings' PreToolUse hook finds the CLI through git config, as the git hooks do: record this one.
  const bundle = findCliBundle(__dirname);
  if (exported.ok && bundle !== undefined) {
    const recorded = await recordCli(root, { cli: bundle, node: process.execPath });
    if (!recorded.ok) io.err(`territory: note: git config territory.cli not recorded (${recorded.reason}); the agents' hook blocks every edit until a CLI is found`);
  }
  return reportExport(options, io, target, exported);
}

/** `territory ci-workflow [--out FILE] [--cli BUNDLE]`: the pull-request job and the CLI copy it runs. */
export async function ciWorkflowCommand<O extends CliOptions>(options: O, io: GuardCliOutput, loadMap: LoadMap<O>): Promise<number> {
  const parsed = options.flags;
  noPositional(parsed, 'ci-workflow');
  const loaded = await loadMap(options, io);
  if (typeof loaded === 'number') return loaded;
  const cli = single(parsed, '--cli');
  const cliBundle = cli !== undefined ? path.resolve(options.cwd, cli) : findCliBundle(__dirname);
  const ctx = { root: loaded.root, map: loaded.map, repoRoot: await findRepositoryRoot(loaded.root) };
  return reportExport(options, io, 'ci-workflow', await writeCiWorkflow(ctx, { cliBundle, out: single(parsed, '--out') }));
}
