// `territory handoff add|done|hook`: agents file and close handoff requests themselves, and the
// owner's agent hears of them at its next turn.
//   add  --to ID --file PATH --change TEXT --reason TEXT --blocking yes|no [--patch ID] [--from ID]
//        appends one request, in the seed's template, to the requester's HANDOFF_FROM_<DOMAIN>.md
//        (the requester is the terminal's TERRITORY_DOMAIN, or --from in the lead's shell);
//   done --from ID (--index N | --file PATH)
//        checks every box of that request in ID's file (the lead or ID itself); run by the request's
//        target, which may not write ID's file, it records the claim in its own (doneClaims.ts);
//   hook [--domain ID]
//        Claude Code's SessionStart, UserPromptSubmit and Stop hook (src/core/handoffs/inbox.ts).
// Every refusal is said in one line and writes nothing: the file is written once, at the end.
import { closeSync, constants, fstatSync, lstatSync, openSync, readFileSync, writeSync, ftruncateSync } from 'node:fs';
import * as path from 'node:path';
import {
  CliProblems,
  domainNamed,
  singleValue,
  UsageError,
  type CliOptions,
  type CliOutput,
  type FlagSpec,
  type LoadMap,
} from './flags';
import { guardRoot } from './agentGuard';
import { readStdin } from './eventCommand';
import { relative } from './map';
import { insideRelative, handoffFileOf, readHookObject } from '../core/guard/agentGuard';
import { readPatch } from '../core/guard/patchStore';
import { fieldProblem, fileFieldProblem, parseBlockingOption } from '../core/handoffs/command';
import { applyInsertion, planHandoffInsertion } from '../core/handoffs/append';
import { applyCheckboxEdits, toggleEdits } from '../core/handoffs/toggle';
import { analyzeHandoffFile, fileOwnershipProblem } from '../core/handoffs/validate';
import { readHandoffTexts } from '../core/handoffs/discover';
import { inboxAnswer, inboxEventOf, requestKey, type InboxEvent } from '../core/handoffs/inbox';
import { claimAppend, isClaimedDone } from '../core/handoffs/doneClaims';
import { readTold, writeTold } from '../core/handoffs/toldState';
import { logFolder } from '../core/logFile';
import { OwnershipResolver } from '../core/ownership/resolver';
import { readFolderSettings } from '../core/settings';
import { DOMAIN_ENV } from '../core/terminalNames';
import { readFolderMap } from '../core/territory';
import { hasErrors, type Domain, type DomainMap } from '../core/types';
import { count } from '../core/plural';

export const HANDOFF_FLAGS: FlagSpec = {
  valueFlags: ['--to', '--file', '--change', '--reason', '--blocking', '--patch', '--from', '--index', '--domain'],
};

/** A handoff file larger than this is not rewritten by the CLI: no request list grows so large. */
const MAX_HANDOFF_BYTES = 1024 * 1024;
const NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const NONBLOCK = constants.O_NONBLOCK ?? 0;
const MAX_HOOK_INPUT = 1024 * 1024;

export interface HandoffOutput extends CliOutput {
  /** The hook's stdin (tests); the process's own stdin when absent. */
  readHookInput?(limit: number): string;
}

function envDomain(env: NodeJS.ProcessEnv): string | undefined {
  const value = env[DOMAIN_ENV]?.trim();
  return value === '' ? undefined : value;
}

function knownDomain(map: DomainMap, typed: string, option: string): Domain {
  const domain = domainNamed(map, typed);
  if (domain === undefined)
    throw new CliProblems([
      `${option} ${typed.slice(0, 60)}: no domain of the map (${map.domains.map((d) => d.id).join(', ')})`,
    ]);
  return domain;
}

/** The handoff file's text now ('' when there is none), refusing a link, a non-file or a file too large. */
function readHandoffFile(root: string, rel: string): string {
  const absolute = path.join(root, ...rel.split('/'));
  let stat;
  try {
    stat = lstatSync(absolute);
  } catch {
    return '';
  }
  if (stat.isSymbolicLink())
    throw new CliProblems([
      `${rel} is a symbolic link; Territory writes a handoff file only as a real file (remove the link, then try again)`,
    ]);
  if (!stat.isFile()) throw new CliProblems([`${rel} is not a regular file`]);
  if (stat.size > MAX_HANDOFF_BYTES)
    throw new CliProblems([`${rel} is larger than ${MAX_HANDOFF_BYTES / 1024} KiB; the lead should collect it first`]);
  return readFileSync(absolute, 'utf8');
}

/**
 * Writes `next` over the handoff file whose text was `before`, unless it changed in between (an
 * editor saving, another agent's add): then nothing is written and the caller is told to retry.
 */
function writeHandoffFile(root: string, rel: string, before: string, next: string): void {
  const dir = path.posix.dirname(rel);
  if (dir !== '.') {
    const folder = logFolder(root, dir, true);
    if (!folder.ok) throw new CliProblems([folder.reason]);
  }
  const absolute = path.join(root, ...rel.split('/'));
  let fd: number;
  try {
    fd = openSync(absolute, constants.O_RDWR | constants.O_CREAT | NOFOLLOW | NONBLOCK, 0o644);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM')
      throw new CliProblems([
        `${rel} cannot be written here (${code}): this terminal's sandbox keeps it read-only; the lead or its own domain can write it`,
      ]);
    if (code === 'ELOOP')
      throw new CliProblems([`${rel} is a symbolic link; Territory writes a handoff file only as a real file`]);
    throw new CliProblems([`cannot open ${rel}: ${(error as Error).message}`]);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.nlink > 1)
      throw new CliProblems([`${rel} is not a regular file of its own; nothing written`]);
    const now = readFileSync(fd, 'utf8');
    if (now !== before)
      throw new CliProblems([
        `${rel} changed while the request was being written; nothing written: run the command again`,
      ]);
    ftruncateSync(fd, 0);
    writeSync(fd, next, 0);
  } finally {
    closeSync(fd);
  }
}

export async function handoffCommand(
  options: CliOptions,
  io: Required<CliOutput> & HandoffOutput,
  loadMap: LoadMap<CliOptions>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const [action, ...rest] = options.flags.positional;
  if (rest.length > 0) throw new UsageError(`handoff ${action ?? ''} takes no argument "${rest[0]}"`);
  if (action === 'hook') return handoffHook(options, io, env);
  if (action !== 'add' && action !== 'done') throw new UsageError('handoff needs add, done or hook');
  const allowed =
    action === 'add'
      ? ['--to', '--file', '--change', '--reason', '--blocking', '--patch', '--from']
      : ['--from', '--index', '--file'];
  for (const name of options.flags.values.keys())
    if (!allowed.includes(name)) throw new UsageError(`handoff ${action} takes no ${name}`);
  const loaded = await loadMap(options, io);
  if (typeof loaded === 'number') return loaded;
  const { root, map } = loaded;
  return action === 'add' ? handoffAdd(options, io, root, map, env) : handoffDone(options, io, root, map, env);
}

/** A path as the agent typed it (from its working directory, or absolute), folder-relative; refused outside the folder. */
function folderFile(options: CliOptions, root: string, typed: string | undefined): string {
  const problem = fileFieldProblem(typed ?? '');
  if (typed === undefined) throw new CliProblems(['--file is required: the file that needs the change']);
  if (problem !== undefined) throw new CliProblems([problem]);
  const rel = insideRelative(root, path.resolve(options.cwd, typed));
  if (rel === undefined || rel === '')
    throw new CliProblems([`--file ${typed}: outside the folder ${root}; name a file inside it`]);
  return rel;
}

function handoffAdd(
  options: CliOptions,
  io: Required<CliOutput>,
  root: string,
  map: DomainMap,
  env: NodeJS.ProcessEnv,
): number {
  const flags = options.flags;
  const fromEnv = envDomain(env);
  const fromFlag = singleValue(flags, '--from');
  if (
    fromEnv !== undefined &&
    fromFlag !== undefined &&
    domainNamed(map, fromFlag)?.id !== domainNamed(map, fromEnv)?.id
  ) {
    throw new CliProblems([
      `--from ${fromFlag}: this terminal is ${fromEnv}'s (${DOMAIN_ENV}); a domain files requests only in its own handoff file`,
    ]);
  }
  const fromTyped = fromFlag ?? fromEnv;
  if (fromTyped === undefined)
    throw new CliProblems([`no requesting domain: run it in a domain terminal (${DOMAIN_ENV}) or pass --from ID`]);
  const source = knownDomain(map, fromTyped, fromFlag !== undefined ? '--from' : DOMAIN_ENV);
  const toTyped = singleValue(flags, '--to');
  if (toTyped === undefined) throw new CliProblems(['--to is required: the domain that owns the file']);
  const target = knownDomain(map, toTyped, '--to');
  if (target.id === source.id)
    throw new CliProblems([`--to ${target.id}: a handoff goes to another domain, not to ${source.id} itself`]);
  const file = folderFile(options, root, singleValue(flags, '--file'));
  const problems: string[] = [];
  const changeText = singleValue(flags, '--change');
  const reason = singleValue(flags, '--reason');
  for (const p of [fieldProblem('--change', changeText), fieldProblem('--reason', reason)])
    if (p !== undefined) problems.push(p);
  const blocking = parseBlockingOption(singleValue(flags, '--blocking'));
  if (typeof blocking === 'string') problems.push(blocking);
  let change = changeText?.trim() ?? '';
  const patchId = singleValue(flags, '--patch');
  if (patchId !== undefined) {
    const patch = readPatch(root, patchId);
    if (!patch.ok) problems.push(`--patch: ${patch.reason}`);
    else if (patch.patch.domain !== source.id)
      problems.push(`--patch ${patchId}: it is ${patch.patch.domain}'s blocked edit, not ${source.id}'s`);
    else if (patch.patch.file !== file)
      problems.push(`--patch ${patchId}: it changes ${patch.patch.file}, not ${file}`);
    else change = `${change} (patch: ${patch.patch.path})`;
  }
  if (problems.length > 0) throw new CliProblems(problems);
  const rel = handoffFileOf(map, source);
  const before = readHandoffFile(root, rel);
  const plan = planHandoffInsertion(before, source.id, target.id, {
    file,
    change,
    reason: reason!.trim(),
    blocking: blocking as boolean,
  });
  writeHandoffFile(root, rel, before, applyInsertion(before, plan));
  const resolver = OwnershipResolver.compile(map);
  const warning = fileOwnershipProblem(file, target.id, { map, resolver });
  const parsed = analyzeHandoffFile(rel, applyInsertion(before, plan), { map, resolver });
  const request = parsed.requests.find((r) => r.startLine === plan.requestLine);
  if (options.json) {
    io.out(
      JSON.stringify(
        {
          handoffFile: rel,
          line: plan.requestLine + 1,
          index: request !== undefined ? request.index + 1 : null,
          source: source.id,
          target: target.id,
          file,
          warning: warning ?? null,
        },
        null,
        2,
      ),
    );
  } else {
    io.out(
      `${relative(options.cwd, path.join(root, rel))}:${plan.requestLine + 1}: request ${request !== undefined ? request.index + 1 : '?'} for ${target.id} (${file})`,
    );
    if (warning !== undefined) io.err(`territory: note: ${warning}`);
  }
  return 0;
}

function handoffDone(
  options: CliOptions,
  io: Required<CliOutput>,
  root: string,
  map: DomainMap,
  env: NodeJS.ProcessEnv,
): number {
  const flags = options.flags;
  const fromTyped = singleValue(flags, '--from');
  if (fromTyped === undefined)
    throw new CliProblems(['--from is required: the domain whose handoff file holds the request']);
  const source = knownDomain(map, fromTyped, '--from');
  const indexText = singleValue(flags, '--index');
  const fileTyped = singleValue(flags, '--file');
  if ((indexText === undefined) === (fileTyped === undefined))
    throw new CliProblems(['give one of --index N (the request number, from 1) or --file PATH']);
  const rel = handoffFileOf(map, source);
  const text = readHandoffFile(root, rel);
  const parsed = analyzeHandoffFile(rel, text, { map, resolver: OwnershipResolver.compile(map) });
  let request;
  if (indexText !== undefined) {
    if (!/^[1-9][0-9]{0,5}$/.test(indexText))
      throw new CliProblems([`--index ${indexText.slice(0, 20)}: a request number, from 1`]);
    request = parsed.requests[Number(indexText) - 1];
    if (request === undefined)
      throw new CliProblems([`--index ${indexText}: ${rel} has ${count(parsed.requests.length, 'request')}`]);
  } else {
    const file = folderFile(options, root, fileTyped);
    const open = parsed.requests.filter((r) => r.file === file && r.state !== 'done');
    if (open.length !== 1)
      throw new CliProblems([
        open.length === 0
          ? `${rel} has no open request for ${file}`
          : `${rel} has ${open.length} open requests for ${file}: pick one with --index (${open.map((r) => r.index + 1).join(', ')})`,
      ]);
    request = open[0]!;
  }
  const caller = envDomain(env);
  if (caller !== undefined) {
    const callerId = domainNamed(map, caller)?.id;
    if (callerId === undefined) throw new CliProblems([`${DOMAIN_ENV}=${caller}: no domain of the map`]);
    if (callerId !== source.id && callerId !== request.target?.domain) {
      throw new CliProblems([
        `request ${request.index + 1} of ${rel} is ${source.id}'s to ${request.target?.domain ?? 'nobody'}: ${callerId} may not mark it done`,
      ]);
    }
  }
  if (request.state === 'done') {
    io.out(`${rel}: request ${request.index + 1} is already done`);
    return 0;
  }
  const callerDomain = caller === undefined ? undefined : domainNamed(map, caller);
  if (callerDomain !== undefined && callerDomain.id !== source.id) {
    // The owner may not write the requester's file: the claim goes into its own, and the requester's hook checks the boxes.
    const own = handoffFileOf(map, callerDomain);
    const ownText = readHandoffFile(root, own);
    const added = claimAppend(ownText, callerDomain.id, source.id, requestKey(request));
    if (added === '')
      io.out(`${rel}: request ${request.index + 1} is already marked done by ${callerDomain.id} (${own})`);
    else {
      writeHandoffFile(root, own, ownText, ownText + added);
      io.out(
        `${relative(options.cwd, path.join(root, rel))}:${request.startLine + 1}: request ${request.index + 1} marked done by ${callerDomain.id} (recorded in ${own}); ${source.id}'s agent is told at its next turn`,
      );
    }
    return 0;
  }
  const edits = toggleEdits(request, true);
  if (edits.length === 0)
    throw new CliProblems([
      `request ${request.index + 1} of ${rel} has no checkbox to check: fix the file (the Handoffs view shows why)`,
    ]);
  writeHandoffFile(root, rel, text, applyCheckboxEdits(text, edits));
  io.out(
    `${relative(options.cwd, path.join(root, rel))}:${request.startLine + 1}: request ${request.index + 1} for ${request.target?.domain ?? '?'} marked done`,
  );
  return 0;
}

/**
 * Claude Code's hook: JSON on stdout when there is something to say, nothing otherwise; always
 * exit 0 (a note on stderr, which Claude Code shows only in its debug output, when it cannot read).
 */
async function handoffHook(
  options: CliOptions,
  io: Required<CliOutput> & HandoffOutput,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const domainTyped = singleValue(options.flags, '--domain') ?? envDomain(env);
  if (domainTyped === undefined) return 0;
  const read = readHookObject((io.readHookInput ?? readStdin)(MAX_HOOK_INPUT), MAX_HOOK_INPUT);
  if (!read.ok) {
    io.err(`territory: note: handoff hook: ${read.reason}`);
    return 0;
  }
  const event = inboxEventOf(read.record.hook_event_name);
  if (event === undefined) return 0;
  const root = guardRoot(options, env);
  const reading = await readFolderMap(root, options.map);
  const map = reading.parsed?.map;
  if (map === undefined || hasErrors(reading.parsed?.diagnostics ?? [])) return 0;
  const domain = domainNamed(map, domainTyped);
  if (domain === undefined) return 0;
  const resolver = OwnershipResolver.compile(map);
  const notes: string[] = [];
  const texts = new Map((await readHandoffTexts(root, map.handoffFile)).map((f) => [f.path, f.text]));
  let files = [...texts].map(([file, text]) => analyzeHandoffFile(file, text, { map, resolver }));
  // The domain's own requests its owners marked done in their files: their boxes are checked here, in the domain's own file.
  const ownPath = handoffFileOf(map, domain);
  const own = files.find((f) => f.path === ownPath);
  const claimed = own?.requests.filter((r) => r.state !== 'done' && isClaimedDone(r, files, texts)) ?? [];
  if (own !== undefined && claimed.length > 0) {
    const before = texts.get(ownPath) ?? '';
    try {
      const after = applyCheckboxEdits(
        before,
        claimed.flatMap((r) => toggleEdits(r, true)),
      );
      writeHandoffFile(root, ownPath, before, after);
      texts.set(ownPath, after);
      files = files.map((f) => (f.path === ownPath ? analyzeHandoffFile(ownPath, after, { map, resolver }) : f));
    } catch (error) {
      notes.push(
        `${ownPath}: requests marked done by their owners are not checked yet: ${error instanceof CliProblems ? error.problems.join('; ') : (error as Error).message}`,
      );
    }
  }
  const { settings } = await readFolderSettings(root);
  const told = readTold(root, domain.id, notes);
  const answer = inboxAnswer({
    event: event as InboxEvent,
    domain: domain.id,
    files,
    told,
    stopHookActive: read.record.stop_hook_active === true,
    stopHook: settings.handoffStopHook,
    claimedDone: (r) => isClaimedDone(r, files, texts),
  });
  if (JSON.stringify(answer.told) !== JSON.stringify(told)) {
    const problem = writeTold(root, domain.id, answer.told);
    if (problem !== undefined) notes.push(problem);
  }
  for (const note of notes) io.err(`territory: note: ${note}`);
  // The context answers in the agent's own event name (Gemini's BeforeAgent for Claude Code's UserPromptSubmit).
  const context = answer.output?.hookSpecificOutput as Record<string, unknown> | undefined;
  const output =
    context !== undefined
      ? { hookSpecificOutput: { ...context, hookEventName: read.record.hook_event_name } }
      : answer.output;
  if (output !== undefined) io.out(JSON.stringify(output));
  return 0;
}
