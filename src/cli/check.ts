// `territory check`: staged files, a commit message, a range of commits or a push against the map
// (the git hooks and CI run it). The installs and exports are in exports.ts.
import { existsSync, fstatSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { checkRange, checkRevision, emptyRangeEnd } from '../core/commits/range';
import { checkJson, checkText, failures, type CheckResults } from '../core/guard/checkReport';
import { leadOffLimits, offLimitsFiles, withLeadFiles } from '../core/guard/fileRules';
import { leadFilesOf, type LeadFiles } from '../core/guard/controlFiles';
import { recordedSubject } from '../core/guard/commitMessage';
import { checkSubject, parseExemptions, type Exemption } from '../core/guard/messageRules';
import { wrongBranchWarning } from '../core/sessionBranch';
import { SESSION_FILE } from '../core/session';
import { leadCommit, onlyUnprefixed } from '../core/guard/rangeCheck';
import { readFolderSettings, settingsFromText, SETTINGS_FILE, type TerritorySettings } from '../core/settings';
import type { OwnerLookup } from '../core/commits/attribution';
import { findMapFile, type MapFileLocation } from '../core/map/discover';
import { OwnershipResolver } from '../core/ownership/resolver';
import { DOMAIN_ENV } from '../core/terminalNames';
import type { Domain, DomainMap } from '../core/types';
import {
  amendBase,
  atHeadFromHookReads,
  currentBranch,
  mergeInProgress,
  messageConfig,
  messageConfigOf,
  readAtHead,
  stagedChanges,
  type HeadCommit,
} from '../git/guard';
import { CLEANUP_ENV, COMMENT_CHAR_ENV, GIT_READS_ENV, MESSAGE_CONFIG_ENV } from '../core/guard/hookEnv';
import { parseHookGitReads, parseStagedDiff, type HookGitReads } from '../core/guard/gitReads';
import { judgeMapText, mapPathOf, rangeBase, type JudgingMap } from '../git/mapAt';
import { filesBecomingMaps, mapFileAtCommit } from '../git/mapDiscovery';
import { hooksFoldersInside } from '../core/guard/gitControl';
import { resolveCommit } from '../git/range';
import type { Answer } from '../git/guard';
import { parseMapText } from '../core/territory';
import { hasErrors, MAP_FILE_NAME } from '../core/types';
import type { ChangedFile } from '../core/guard/fileRules';
import { designatedBranchFrom } from '../git/sessionBranch';
import { checkPush, rangeResult } from './checkHistory';
import { findRoot, mapFileRoot } from './map';
import {
  domainNamed,
  noPositional,
  singleValue,
  UsageError,
  type CliOptions,
  type CliOutput,
  type FlagSpec,
  type LoadMap,
  type ParsedFlags,
} from './flags';

export interface GuardCliOutput extends CliOutput {
  /** pre-push's stdin; the process's own stdin when absent. */
  readStdin?(): Promise<string>;
  /** A commit hook's git reads (core/guard/gitReads.ts); the process's own stdin, when it is a pipe, when absent. */
  readHookGitReads?(): string | undefined;
}

type Parsed = ParsedFlags;

const single = singleValue;

/** `--domain`, else TERRITORY_DOMAIN; an id the map does not know is an error, not the lead. */
function domainInForce(
  map: DomainMap,
  option: string | undefined,
): { domain: Domain; source: 'option' | 'environment' } | undefined | string {
  const fromEnv = process.env[DOMAIN_ENV]?.trim();
  const id = option ?? (fromEnv === '' ? undefined : fromEnv);
  if (id === undefined) return undefined;
  const domain = domainNamed(map, id);
  if (!domain)
    return `${option !== undefined ? '--domain' : DOMAIN_ENV}=${id}: no such domain in the map (${map.domains.map((d) => d.id).join(', ')})`;
  return { domain, source: option !== undefined ? 'option' : 'environment' };
}

type Loaded<O> = Exclude<Awaited<ReturnType<LoadMap<O>>>, number> & { readonly location?: MapFileLocation };

/**
 * Runs the loader. In a hook, a repository without any map is none of Territory's business; but a
 * working tree without one while HEAD (or a range's base) holds one is judged with that map:
 * deleting territory.json, staged or not, must not switch the hooks or CI off.
 */
async function loadForHook<O extends CliOptions>(
  options: O,
  io: GuardCliOutput,
  loadMap: LoadMap<O>,
  hook: boolean,
  range: string | undefined,
): Promise<Loaded<O> | number> {
  if (!hook && range === undefined) return loadMap(options, io);
  const held: string[] = [];
  const loaded = await loadMap(options, { out: io.out, err: (text) => held.push(text) });
  if (loaded === 2 && held.some((t) => t.includes('No domain map found'))) {
    const root = await findRoot(options.cwd);
    // A range is judged with its base's map (checkHistory.ts); this one only stands in for the working tree's.
    for (const revision of ['HEAD', ...(range !== undefined ? [range] : [])]) {
      const commit =
        revision === 'HEAD'
          ? await resolveCommit(root, 'HEAD')
          : await rangeBase(root, revision).then((b) => (b.ok ? b.value : undefined));
      const found = commit === undefined ? undefined : orStop(await mapFileAtCommit(root, commit, options.map));
      if (found === undefined) continue;
      const parsed = parseMapText(found.text, found.kind);
      if (parsed.map === undefined || hasErrors(parsed.diagnostics))
        throw new CheckStop(`the map ${found.path} at ${commit!.slice(0, 7)} cannot be read; the lead must repair it`);
      io.err(
        `territory: note: the working tree has no domain map, ${revision === 'HEAD' ? 'HEAD' : `the range's base ${commit!.slice(0, 7)}`} has ${found.path}: judged with that map`,
      );
      return {
        root,
        map: parsed.map,
        reading: { text: found.text },
        location: { file: path.join(root, ...found.path.split('/')), kind: found.kind },
      } as Loaded<O>;
    }
    if (hook) return 0;
  }
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
  if (unknown.length > 0)
    throw new UsageError(
      `--exempt: unknown exemption "${unknown[0]}" (known: merge, revert, fixup; --exempt= for none)`,
    );
  return exemptions;
}

/** `territory check`'s options: the CLI's table and the hooks' own small entry point (checkMain.ts) share them. */
export const CHECK_FLAGS: FlagSpec = {
  valueFlags: ['--message', '--range', '--domain', '--exempt', '--remote', '--base'],
  bareFlags: ['--staged', '--pre-push', '--hook'],
};

/** A reason the check cannot run at all (exit 2): thrown by its steps, printed once by checkCommand. */
class CheckStop extends Error {}

function orStop<T>(result: { ok: true; value: T } | { ok: false; reason: string }, prefix = ''): T {
  if (!result.ok) throw new CheckStop(`${prefix}${result.reason}`);
  return result.value;
}

interface CheckFlags {
  readonly hook: boolean;
  readonly staged: boolean;
  readonly prePush: boolean;
  readonly messageFile: string | undefined;
  readonly range: string | undefined;
  readonly base: string | undefined;
}

function checkFlags(parsed: Parsed): CheckFlags {
  noPositional(parsed, 'check');
  const flags = {
    hook: parsed.flags.has('--hook'),
    staged: parsed.flags.has('--staged'),
    prePush: parsed.flags.has('--pre-push'),
    messageFile: single(parsed, '--message'),
    range: single(parsed, '--range'),
    base: single(parsed, '--base'),
  };
  if (!flags.staged && !flags.prePush && flags.messageFile === undefined && flags.range === undefined)
    throw new UsageError('check needs --staged, --message FILE, --range A..B or --pre-push');
  if (flags.range !== undefined) {
    const problem = checkRange(flags.range) ?? emptyRangeEnd(flags.range);
    if (problem) throw new UsageError(`--range: ${problem}`);
  }
  if (flags.base !== undefined) {
    if (flags.range === undefined)
      throw new UsageError("--base goes with --range (the base branch of a new branch's all-zero start)");
    const problem = checkRevision(flags.base);
    if (problem) throw new UsageError(`--base: ${problem}`);
  }
  return flags;
}

/** What the commit is judged by: the map and settings at HEAD (a commit must not judge itself), and HEAD's session file. */
interface HeadRules {
  readonly map: DomainMap;
  readonly rules: TerritorySettings;
  readonly commit: HeadCommit | undefined;
  readonly session: string | undefined;
  readonly mapInfo: CheckResults['map'];
}

async function rulesAtHead(
  root: string,
  current: { readonly map: DomainMap; readonly text: string | undefined },
  location: MapFileLocation,
  configured: string | undefined,
  settings: TerritorySettings,
  read: ReturnType<typeof readAtHead>,
  io: GuardCliOutput,
): Promise<HeadRules> {
  const atHead = orStop(await read);
  const commit = atHead?.commit;
  const judging = orStop(await judgingAtHead(root, current, location, configured, commit?.hash, atHead?.files));
  if (judging.notice) io.err(`territory: note: ${judging.notice}`);
  return {
    map: judging.map,
    // The settings too (territory.unassigned): a staged edit must not unlock files for its own commit.
    rules: atHead !== undefined ? settingsFromText(atHead.files.get(SETTINGS_FILE)).settings : settings,
    commit,
    session: atHead?.files.get(SESSION_FILE),
    mapInfo: { file: judging.file, from: judging.from, revision: judging.revision },
  };
}

/**
 * The map HEAD holds, as discovery finds it in HEAD's tree (the working tree may hide or add files).
 * territory.json at HEAD wins outright and is among the files read at HEAD already; a markdown map
 * is looked for in HEAD's tree. When HEAD holds the very text the working tree's map was parsed
 * from, that map is used as it is.
 */
async function judgingAtHead(
  root: string,
  current: { readonly map: DomainMap; readonly text: string | undefined },
  location: MapFileLocation,
  configured: string | undefined,
  commit: string | undefined,
  files: ReadonlyMap<string, string | undefined> | undefined,
): Promise<Answer<JudgingMap>> {
  const mapPath = mapPathOf(root, location);
  const same = (file: string, text: string | undefined) =>
    commit !== undefined && file === mapPath && text !== undefined && text === current.text;
  const fromHead = (file: string, kind: MapFileLocation['kind'], text: string | undefined): Answer<JudgingMap> =>
    same(file, text)
      ? { ok: true, value: { map: current.map, from: 'HEAD', revision: commit, file } }
      : judgeMapText(root, current.map, { file: path.join(root, ...file.split('/')), kind }, commit, text, 'HEAD');
  if (commit === undefined) return judgeMapText(root, current.map, location, undefined, undefined, 'HEAD');
  if (configured !== undefined && configured.trim() !== '')
    return fromHead(mapPath, location.kind, files?.get(mapPath));
  const json = files?.get(MAP_FILE_NAME);
  if (json !== undefined) return fromHead(MAP_FILE_NAME, 'json', json);
  const found = await mapFileAtCommit(root, commit);
  if (!found.ok) return found;
  return found.value === undefined
    ? judgeMapText(root, current.map, location, commit, undefined, 'HEAD')
    : fromHead(found.value.path, found.value.kind, found.value.text);
}

/**
 * The staged files that would be taken for the map (territory.json, or a markdown file discovery
 * looks at whose staged text holds a territory table) join the lead files: a domain's commit must
 * not add a map that sorts before the one in force, nor plant one for later.
 */
async function withStagedMaps(ctx: CommitContext, changes: readonly ChangedFile[]): Promise<CommitContext> {
  if (ctx.mapConfigured) return ctx;
  const maps = orStop(
    await filesBecomingMaps(
      ctx.root,
      changes.filter((c) => c.status !== 'D').map((c) => ({ rev: '', path: c.path })),
    ),
  );
  const added = maps.filter((p) => ctx.leadFiles.get(p) !== 'map');
  if (added.length === 0) return ctx;
  const leadFiles = leadFilesOf([...ctx.leadFiles.mapPaths, ...added], ctx.leadFiles.hooksDirs);
  return { ...ctx, leadFiles, resolver: withLeadFiles(ctx.resolver, leadFiles) };
}

/** Everything the message and staged checks share. */
interface CommitContext {
  readonly root: string;
  readonly map: DomainMap;
  readonly resolver: OwnerLookup;
  readonly leadFiles: LeadFiles;
  /** `--map` names the map: discovery is off, no other file can become the map. */
  readonly mapConfigured: boolean;
  readonly inForce: { readonly domain: Domain } | undefined;
  readonly exemptions: readonly Exemption[];
  readonly rules: TerritorySettings;
  /** Whether git is concluding a merge: asked by the message and the staged checks, read once. */
  readonly merging: () => Promise<boolean>;
}

async function messageResult(
  ctx: CommitContext,
  file: string,
  cwd: string,
  settings: ReturnType<typeof messageConfig> | undefined,
): Promise<CheckResults['message']> {
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new CheckStop(`cannot read the message file ${file}: ${(error as Error).message}`);
  }
  // The subject git will record: hooks get GIT_EDITOR=: when no editor ran, and then git keeps comment lines.
  const subject = recordedSubject(text, {
    ...(await (settings ?? messageConfig(ctx.root))),
    editing: process.env.GIT_EDITOR !== ':',
  });
  // A message is a merge's only while git concludes one: its subject alone proves nothing.
  return checkSubject(subject, ctx.map, ctx.inForce?.domain, ctx.exemptions, (await ctx.merging()) ? 2 : 1);
}

/** The staged files against the domain in force, or (the lead) the domain the message's prefix names. */
async function stagedResult(
  ctx: CommitContext,
  message: CheckResults['message'],
  headCommit: HeadCommit | undefined,
  plainStaged: ReturnType<typeof stagedChanges> | undefined,
): Promise<{ staged: CheckResults['staged']; message: CheckResults['message'] }> {
  const { root, inForce, resolver } = ctx;
  const domain = inForce?.domain ?? (message && message.exempt !== 'merge' ? message.domain : undefined);
  const via = inForce ? 'terminal' : 'prefix';
  // Concluding a merge stages the other side's changes, whoever made them: exempt like the merge itself.
  const concluding = ctx.exemptions.includes('merge') && (message?.exempt === 'merge' || (await ctx.merging()));
  if (concluding) return { staged: { domain, via, skipped: 'merge', files: 0, offLimits: [] }, message };
  // The lead's unprefixed message is fine when every staged file is one no domain owns.
  const mayBeLead = !inForce && message !== undefined && onlyUnprefixed(message);
  // The lead's fixup or revert of an unprefixed commit is still the lead's: files no domain owns only.
  const leadExempt =
    !inForce &&
    message !== undefined &&
    message.domain === undefined &&
    (message.exempt === 'fixup' || message.exempt === 'revert');
  // An amend replaces HEAD: the new commit's files count from HEAD's parent, HEAD's own included.
  const amend = await amendBase(root, process.env, headCommit);
  const stagedFiles = async () =>
    orStop(await (amend === undefined && plainStaged ? plainStaged : stagedChanges(root, amend)));
  if (leadExempt) {
    const changes = await stagedFiles();
    return {
      staged: {
        domain: undefined,
        via,
        lead: true,
        files: changes.length,
        offLimits: leadOffLimits(changes, resolver),
        amend: amend !== undefined,
      },
      message,
    };
  }
  if (domain === undefined && !mayBeLead)
    return { staged: { domain: undefined, via, files: 0, offLimits: [] }, message };
  const changes = await stagedFiles();
  if (message && mayBeLead && leadCommit(message, changes, resolver)) {
    return {
      staged: { domain: undefined, via, lead: true, files: changes.length, offLimits: [], amend: amend !== undefined },
      message: { ...message, problems: [] },
    };
  }
  if (domain === undefined) return { staged: { domain: undefined, via, files: 0, offLimits: [] }, message };
  const judged = await withStagedMaps(ctx, changes);
  return {
    staged: {
      domain,
      via,
      files: changes.length,
      offLimits: offLimitsFiles(domain, changes, judged.resolver, ctx.rules.unassigned, judged.leadFiles),
      amend: amend !== undefined,
    },
    message,
  };
}

/**
 * Whether this run gives rule 4's branch warning: a staged check, but not the commit-msg hook's
 * run, which follows the pre-commit hook's for the same commit (one warning per commit, not two).
 */
function warnsBranch(flags: CheckFlags): boolean {
  return flags.staged && !(flags.hook && flags.messageFile !== undefined);
}

/**
 * `territory check [--staged] [--message FILE] [--range A..B] [--pre-push --remote=NAME] [--domain ID] [--exempt LIST] [--hook]`:
 * exit 1 when anything checked breaks the map.
 */
export async function checkCommand<O extends CliOptions>(
  options: O,
  io: GuardCliOutput,
  loadMap: LoadMap<O>,
): Promise<number> {
  const parsed = options.flags;
  const flags = checkFlags(parsed);
  const domainAsked = single(parsed, '--domain') !== undefined || (process.env[DOMAIN_ENV]?.trim() ?? '') !== '';
  // Every commit of every domain terminal waits for git: its reads start as soon as the folder and
  // its map file are known, and the map and the settings are read while git works.
  const early = await startEarly(options, flags, io);
  let loaded: Loaded<O> | number;
  try {
    loaded = await loadForHook(options, io, loadMap, flags.hook, flags.range);
  } catch (error) {
    if (!(error instanceof CheckStop)) throw error;
    io.err(`territory: ${error.message}`);
    return 2;
  }
  if (typeof loaded === 'number') return loaded;
  const { root } = loaded;
  try {
    const { settings, problems } = await readFolderSettings(root);
    for (const problem of problems) io.err(`territory: note: ${problem}`);
    const exemptions = exemptionsOf(parsed, settings);
    // The rules in force before the change: the hooks judge with the map at HEAD, not with an edit
    // the commit being made may carry; the map file itself is the lead's (leadFiles).
    const location =
      loaded.location ??
      (early?.root === root ? early.location : await findMapFile(root, options.map).catch(() => undefined));
    if (location === undefined) throw new CheckStop('cannot locate the map file read for this check');
    const reads =
      early?.root === root
        ? early
        : startReads(
            root,
            location,
            flags,
            early === undefined ? hookGitReads(flags, root, options.cwd, io) : undefined,
          );
    // The branch, for rule 4's warning to a domain terminal committing elsewhere. A designated
    // branch comes from the session file or the map's `branch`: with neither in the working tree
    // the branch is not asked now, and later only if HEAD's files name one after all.
    const sessionFile = existsSync(path.join(root, ...SESSION_FILE.split('/')));
    const branchRead =
      warnsBranch(flags) && domainAsked && (sessionFile || loaded.map.branch !== undefined)
        ? currentBranch(root)
        : undefined;
    const results: { -readonly [K in keyof CheckResults]: CheckResults[K] } = { domain: undefined };
    let mergeState: Promise<boolean> | undefined;
    const merging = () => (mergeState ??= mergeInProgress(root));
    const workingMapPath = mapPathOf(root, location);
    // Compiled while git works; used when HEAD's map is the working tree's (the usual case).
    const currentResolver = reads.atHead ? OwnershipResolver.compile(loaded.map) : undefined;
    const head = reads.atHead
      ? await rulesAtHead(
          root,
          { map: loaded.map, text: loaded.reading?.text },
          location,
          options.map,
          settings,
          reads.atHead,
          io,
        )
      : undefined;
    const map = head?.map ?? loaded.map;
    // The map in force and the one judging (they differ when the working tree hides or adds one) are both the lead's.
    // And the hooks folder core.hooksPath names inside the work tree (read from git's config files, no process).
    const leadFiles = leadFilesOf([workingMapPath, head?.mapInfo?.file], hooksFoldersInside(root));
    if (head) results.map = head.mapInfo;
    const inForce = domainInForce(map, single(parsed, '--domain'));
    if (typeof inForce === 'string') throw new CheckStop(inForce);
    results.domain = inForce ? { id: inForce.domain.id, source: inForce.source } : undefined;
    const resolver = withLeadFiles(
      map === loaded.map && currentResolver ? currentResolver : OwnershipResolver.compile(map),
      leadFiles,
    );
    const plainStaged = reads.staged;
    const messageSettings = reads.message;
    const ctx: CommitContext = {
      root,
      map,
      resolver,
      leadFiles,
      mapConfigured: (options.map ?? '').trim() !== '',
      inForce,
      exemptions,
      rules: head?.rules ?? settings,
      merging,
    };

    if (flags.messageFile !== undefined)
      results.message = await messageResult(ctx, flags.messageFile, options.cwd, messageSettings);
    if (flags.staged) Object.assign(results, await stagedResult(ctx, results.message, head?.commit, plainStaged));
    if (warnsBranch(flags) && inForce) {
      // Rule 4 at commit time: a warning only (the push is where it is enforced). The branch is
      // asked only when there is a designated one to compare it with.
      const session = designatedBranchFrom(map, head?.session);
      const warning =
        session.designated.branch === undefined
          ? undefined
          : wrongBranchWarning(inForce.domain.id, await (branchRead ?? currentBranch(root)), session.designated);
      if (warning) results.notes = [warning];
    }
    if (flags.range !== undefined) {
      const checked = orStop(
        await rangeResult(
          root,
          flags.range,
          { base: flags.base, settings, current: loaded.map, location, configured: options.map, exemptions, leadFiles },
          io,
        ),
      );
      results.range = checked.range;
      if (results.map === undefined && checked.mapInfo) results.map = checked.mapInfo;
      // A range that ends at the all-zero commit (a deleted branch) leaves nothing more to check.
      if (checked.empty) return finish(options, io, root, results, flags.hook);
    }
    if (flags.prePush) {
      const rules = { exemptions, unassignedPolicy: ctx.rules.unassigned, leadFiles };
      const push = await checkPush(
        root,
        map,
        resolver,
        rules,
        settings.baseBranch,
        single(parsed, '--remote'),
        await (io.readStdin ?? readAllStdin)(),
        inForce?.domain.id,
      );
      if (typeof push === 'string') throw new CheckStop(push);
      results.push = push.result;
      if (push.notes.length > 0) results.notes = [...(results.notes ?? []), ...push.notes];
    }
    return finish(options, io, root, results, flags.hook);
  } catch (error) {
    if (!(error instanceof CheckStop)) throw error;
    io.err(`territory: ${error.message}`);
    return 2;
  }
}

/** The git reads of a check, started together: none depends on another. */
interface CheckReads {
  readonly root: string;
  readonly location: MapFileLocation;
  /** HEAD and, in one cat-file process, the map, settings and session file as HEAD holds them. */
  readonly atHead: ReturnType<typeof readAtHead> | undefined;
  /** The staged files against HEAD. */
  readonly staged: ReturnType<typeof stagedChanges> | undefined;
  /** How git will clean the message. */
  readonly message: ReturnType<typeof messageConfig> | undefined;
}

function startReads(
  root: string,
  location: MapFileLocation,
  flags: CheckFlags,
  hookReads: HookGitReads | undefined,
): CheckReads {
  const headFiles = [...new Set([mapPathOf(root, location), MAP_FILE_NAME]), SETTINGS_FILE, SESSION_FILE];
  const readByHook = hookReads && atHeadFromHookReads(hookReads, headFiles);
  const atHead =
    flags.staged || flags.prePush || flags.messageFile !== undefined
      ? readByHook
        ? Promise.resolve(readByHook)
        : readAtHead(root, headFiles)
      : undefined;
  const staged = flags.staged
    ? hookReads
      ? Promise.resolve({ ok: true as const, value: parseStagedDiff(hookReads.staged) })
      : stagedChanges(root)
    : undefined;
  const message = flags.messageFile !== undefined ? (messageConfigFromHook(flags) ?? messageConfig(root)) : undefined;
  return { root, location, atHead, staged, message };
}

/**
 * How git will clean the message, as the commit-msg hook read it in its own `git config` process
 * (core/guard/hookEnv.ts); undefined when this is no hook run or the hook did not read it.
 */
function messageConfigFromHook(flags: CheckFlags): Promise<{ commentSetting: string; cleanup: string }> | undefined {
  if (!flags.hook || process.env[MESSAGE_CONFIG_ENV] !== '1') return undefined;
  return Promise.resolve(messageConfigOf(process.env[COMMENT_CHAR_ENV], process.env[CLEANUP_ENV]));
}

/**
 * What a commit hook read from git for this check, in the check's standard input (hookScript.ts):
 * only in a pre-commit or commit-msg hook that says so, and only for the folder git ran in (the
 * hook's, the top level), since its paths are relative to it. Undefined otherwise, or when the
 * stream is not as expected: the check then asks git itself.
 */
function hookGitReads(flags: CheckFlags, root: string, cwd: string, io: GuardCliOutput): HookGitReads | undefined {
  if (!flags.hook || flags.prePush || process.env[GIT_READS_ENV] !== '1' || path.resolve(cwd) !== root)
    return undefined;
  const text = io.readHookGitReads ? io.readHookGitReads() : pipedStdin();
  return text === undefined ? undefined : parseHookGitReads(text);
}

/** The standard input when it is a pipe or a socket (never a terminal, which would wait for a person), as latin1. */
function pipedStdin(): string | undefined {
  try {
    const input = fstatSync(0);
    return input.isFIFO() || input.isSocket() ? readFileSync(0, 'latin1') : undefined;
  } catch {
    return undefined;
  }
}

/** The reads of the folder the map loader will find, before it parses the map; undefined without a map file. */
async function startEarly(options: CliOptions, flags: CheckFlags, io: GuardCliOutput): Promise<CheckReads | undefined> {
  // Only where the file system shows the folder (territory.json): finding it through git would be
  // one more process, and the loader asks again.
  const root = mapFileRoot(options.cwd);
  if (root === undefined) return undefined;
  const location = await findMapFile(root, options.map).catch(() => undefined);
  if (location === undefined) return undefined;
  const reads = startReads(root, location, flags, hookGitReads(flags, root, options.cwd, io));
  // Settled here too: reads left unused (the map turns out unusable) must not reject unhandled.
  for (const read of [reads.atHead, reads.staged, reads.message]) void read?.catch(() => undefined);
  return reads;
}

/** Prints the report and the one-line reason; the exit code. */
function finish(options: CliOptions, io: GuardCliOutput, root: string, results: CheckResults, hook: boolean): number {
  if (options.json) io.out(JSON.stringify(checkJson(root, results), null, 2));
  else for (const line of checkText(results, hook)) (hook ? io.err : io.out)(line);
  const failed = failures(results);
  if (failed.length === 0) return 0;
  io.err(
    `territory: check failed: ${failed.join('; ')}${hook ? ` (emergency bypass: TERRITORY_SKIP_HOOKS=1 or --no-verify)` : ''}`,
  );
  return 1;
}
