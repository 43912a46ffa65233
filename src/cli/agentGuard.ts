// `territory pre-tool-use [--domain ID] [--agent claude|gemini|codex|copilot]`: Claude Code's PreToolUse hook (see
// src/core/guard/agentGuard.ts for the contract). Exit 0 allows, silently; exit 2 blocks with the
// reason on stderr, which the model reads. With `--agent gemini` it is Gemini CLI's BeforeTool hook
// (src/core/guard/geminiHook.ts): a block is also exit 2, with `{"decision":"deny","reason":…}` on
// stdout, the form Gemini reads first. With `--agent codex` it is Codex CLI's PreToolUse hook
// (src/core/guard/codexHook.ts), answered as Claude Code's is; every file of an apply_patch is judged.
// With `--agent copilot` it is Copilot CLI's preToolUse hook (src/core/guard/copilotHook.ts): a block
// is `{"permissionDecision":"deny",…}` on stdout and exit 2. The map is read at every call, from the working tree, so a map the lead just
// changed is the one in force. No git process runs here: the hook sits in front of every write.
import { existsSync, lstatSync, readFileSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import {
  domainNamed,
  noPositional,
  singleValue,
  UsageError,
  type CliOptions,
  type CliOutput,
  type FlagSpec,
} from './flags';
import {
  blockUnreadable,
  blockWithoutMap,
  GUARDED_AGENTS,
  guardedToolsOf,
  insideRelative,
  judge,
  MAX_INPUT_BYTES,
  parseHookInput,
  type GuardedAgent,
  type HookInput,
  textAfter,
  type Verdict,
} from '../core/guard/agentGuard';
import { patchTargets } from '../core/guard/codexPatch';
import { savePatch } from '../core/guard/patchStore';
import { handoffAddCommand } from '../core/handoffs/command';
import { appendBlocked } from '../core/guard/blockedLog';
import { readFolderSettings } from '../core/settings';
import { OwnershipResolver } from '../core/ownership/resolver';
import { gitSteering, steeringAt } from '../core/guard/gitControl';
import { readTextSync, realpathOrSelf } from '../core/files';
import { DOMAIN_ENV } from '../core/terminalNames';
import { readFolderMap } from '../core/territory';
import { hasErrors, MAP_FILE_NAME, type DomainMap } from '../core/types';

export interface AgentGuardOutput extends CliOutput {
  /** The hook's stdin; the process's own stdin when absent. */
  readStdin?(limit: number): Promise<string>;
  /** The clock of the blocked-attempts log (tests). */
  now?(): Date;
}

/** `territory pre-tool-use`'s options: the CLI's table and the hook's own small entry point (src/preToolUse.ts) share them. */
export const PRE_TOOL_USE_FLAGS: FlagSpec = { valueFlags: ['--domain', '--agent'] };

/** `--agent`: whose hook this is; Claude Code's when absent. */
export function agentOption(value: string | undefined): GuardedAgent {
  if (value === undefined) return 'claude';
  const agent = GUARDED_AGENTS.find((a) => a === value);
  if (agent === undefined) throw new UsageError(`--agent ${value}: one of ${GUARDED_AGENTS.join(', ')}`);
  return agent;
}

/** stdin, up to `limit` bytes and one more (so that "too large" can be told apart). */
async function readStdin(limit: number): Promise<string> {
  // One synchronous read of the pipe Claude Code writes: setting up process.stdin as a stream
  // costs milliseconds the hook pays on every edit. A non-blocking or closed descriptor falls back.
  try {
    return readFileSync(0, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
  }
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size > limit) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The folder whose map governs: `--cwd` when given, else the project Claude Code was started in
 * (CLAUDE_PROJECT_DIR, which an agent's `cd` does not move), else the working directory; then the
 * nearest ancestor holding territory.json, no higher than the work tree's top.
 */
export function guardRoot(options: CliOptions, env: NodeJS.ProcessEnv, agent: GuardedAgent = 'claude'): string {
  const explicit = path.resolve(options.cwd) !== path.resolve(process.cwd());
  // Gemini CLI sets GEMINI_PROJECT_DIR (and CLAUDE_PROJECT_DIR, for compatibility) to its session's directory.
  const project = agent === 'gemini' ? (env.GEMINI_PROJECT_DIR ?? env.CLAUDE_PROJECT_DIR) : env.CLAUDE_PROJECT_DIR;
  const start = !explicit && project !== undefined && path.isAbsolute(project) ? project : options.cwd;
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, MAP_FILE_NAME))) return dir;
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(start);
  }
}

/** Where a path really lands, folder-relative, once the symbolic links of its existing part are resolved. */
function landingIn(realRoot: string): (absolute: string) => string | undefined {
  return (absolute) => {
    let existing = absolute;
    const tail: string[] = [];
    for (;;) {
      try {
        lstatSync(existing);
        break;
      } catch {
        const parent = path.dirname(existing);
        if (parent === existing) return undefined;
        tail.unshift(path.basename(existing));
        existing = parent;
      }
    }
    try {
      return insideRelative(realRoot, path.join(realpathSync(existing), ...tail));
    } catch {
      return undefined;
    }
  };
}

export async function preToolUseCommand(
  options: CliOptions,
  io: AgentGuardOutput,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const parsed = options.flags;
  noPositional(parsed, 'pre-tool-use');
  const agent = agentOption(singleValue(parsed, '--agent'));
  const fromEnv = env[DOMAIN_ENV]?.trim();
  const domainId = singleValue(parsed, '--domain') ?? (fromEnv === '' ? undefined : fromEnv);
  // No domain in force: the lead's own session, which the guard does not restrict.
  if (domainId === undefined) return 0;
  // Claude Code lets the call through when the hook times out: past the deadline the guard blocks
  // with its reason instead, and says nothing more (a read still pending cannot speak after it).
  let late = false;
  const say = (text: string) => {
    if (!late) (io.document ?? io.err)(text, 'err');
  };
  // Gemini CLI reads the JSON on stdout before stderr (https://geminicli.com/docs/hooks/reference):
  // `decision: "deny"` and exit 2 both block there, so a block carries both.
  // Copilot CLI blocks only on `permissionDecision: "deny"` on stdout (src/core/guard/copilotHook.ts).
  const refuse =
    agent === 'gemini'
      ? (text: string) => {
          if (!late) io.out(JSON.stringify({ decision: 'deny', reason: text }));
        }
      : agent === 'copilot'
        ? (text: string) => {
            if (!late) io.out(JSON.stringify({ permissionDecision: 'deny', permissionDecisionReason: text }));
          }
        : say;
  const ms = guardDeadlineMs(env);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<number>((resolve) => {
    timer = setTimeout(() => {
      refuse(
        blockMessage(
          domainId,
          `the guard could not decide within ${ms / 1000} s (a file it reads did not answer, or the map is too large to judge in time)`,
        ),
      );
      late = true;
      resolve(2);
    }, ms);
  });
  try {
    return await Promise.race([judgeToolCall(options, io, env, { domainId, agent, say, refuse }), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Claude Code's limit is AGENT_HOOK_TIMEOUT (30 s) from the hook's start, Node's own start-up included: the guard answers well before. */
export const GUARD_DEADLINE_MS = 15_000;
/** Shortens the deadline (tests); it can never lengthen it. */
export const GUARD_DEADLINE_ENV = 'TERRITORY_GUARD_DEADLINE_MS';

function guardDeadlineMs(env: NodeJS.ProcessEnv): number {
  const asked = Number(env[GUARD_DEADLINE_ENV]);
  return Number.isFinite(asked) && asked > 0 ? Math.min(asked, GUARD_DEADLINE_MS) : GUARD_DEADLINE_MS;
}

/**
 * For the hook's entry points, once the answer is out: a read that never returns (a FIFO, a hung
 * file system) would keep the process, and so the hook, alive until Claude Code's own timeout,
 * which lets the call through. process.exit would wait for that read too (Node joins its I/O
 * threads on exit), so a process still alive half a second after answering is killed; the hook
 * command turns any status but 0 and 2 into a block (claudeHook.ts), after the reason printed here.
 */
export function leaveOnceAnswered(code: number): void {
  process.exitCode = code;
  // Only a block is hurried: an allow that lingers is an allow when Claude Code gives up waiting too.
  if (code === 2) setTimeout(() => process.kill(process.pid, 'SIGKILL'), 500).unref();
}

/** Who asks and how to answer: `say` for notes (stderr), `refuse` for the block's reason in the agent's form. */
interface Asker {
  readonly domainId: string;
  readonly agent: GuardedAgent;
  readonly say: (text: string) => void;
  readonly refuse: (text: string) => void;
}

async function judgeToolCall(
  options: CliOptions,
  io: AgentGuardOutput,
  env: NodeJS.ProcessEnv,
  asker: Asker,
): Promise<number> {
  const { domainId, agent, say, refuse } = asker;
  let text: string;
  try {
    text = await (io.readStdin ?? readStdin)(MAX_INPUT_BYTES);
  } catch (error) {
    refuse(blockMessage(domainId, `the hook input could not be read (${(error as Error).message})`));
    return 2;
  }
  const input = parseHookInput(text, agent);
  // Tools that write no file pass before anything is read from disk.
  if (input.ok && guardedToolsOf(agent)[input.tool] === undefined) return 0;
  const root = guardRoot(options, env, agent);
  // A Codex patch may write several files: each is judged, the first refusal answers.
  let calls: HookInput[] = [input];
  if (agent === 'codex' && input.ok && input.target !== undefined) {
    const targets = patchTargets(
      input.tool,
      input.target,
      input.cwd !== undefined && path.isAbsolute(input.cwd) ? input.cwd : root,
    );
    // A shell command that is no apply_patch: the OS sandbox confines it, the hook cannot read it.
    if (targets === undefined) return 0;
    calls =
      targets.length === 0
        ? [{ ok: true, tool: input.tool, target: undefined, cwd: input.cwd, problem: 'the patch names no file' }]
        : targets.map((t) => ({ ok: true, tool: input.tool, target: t.file, cwd: input.cwd, change: t.change }));
  }
  const reading = await readFolderMap(root, options.map);
  const map = reading.parsed?.map;
  if (reading.failure !== undefined || map === undefined || hasErrors(reading.parsed?.diagnostics ?? [])) {
    const firstError = reading.parsed?.diagnostics.find((d) => d.severity === 'error');
    refuse(
      blockWithoutMap(
        domainId,
        reading.failure ?? `${reading.source?.file ?? MAP_FILE_NAME}: ${firstError?.message ?? 'not a usable map'}`,
      ),
    );
    return 2;
  }
  const domain = domainNamed(map, domainId);
  if (domain === undefined) {
    refuse(
      blockWithoutMap(
        domainId,
        `${DOMAIN_ENV}=${domainId} names no domain of the map (${map.domains.map((d) => d.id).join(', ')})`,
      ),
    );
    return 2;
  }
  // A settings file the parser cannot take gives the defaults (territory.unassigned locked): the map still judges.
  const { settings, problems } = await readFolderSettings(root);
  const realRoot = realpathOrSelf(root);
  const judgeOne = (call: HookInput): Verdict =>
    call.ok
      ? judge(call, {
          root,
          realRoot: realRoot !== root ? realRoot : undefined,
          map,
          resolver: OwnershipResolver.compile(map),
          domain,
          unassignedPolicy: settings.unassigned,
          mapPath: reading.source ? insideRelative(root, reading.source.file) : undefined,
          mapConfigured: options.map !== undefined && options.map.trim() !== '',
          realTarget: landingIn(realRoot),
          steersGit: (absolute) => steeringAt(gitSteering(root, env), absolute),
          readText: (relative) => readTextSync(path.join(root, ...relative.split('/'))),
          agent,
        })
      : blockUnreadable({ domain }, call.reason);
  let verdict: Verdict = { block: false, why: 'not-a-file-tool' };
  let blockedCall: HookInput = input;
  for (const call of calls) {
    verdict = judgeOne(call);
    blockedCall = call;
    if (verdict.block) break;
  }
  if (!verdict.block) return 0;
  const tool = input.ok ? input.tool : 'unknown';
  // `territory guard-check`'s canary is no agent's attempt: the Session Board does not show it, and no patch is kept.
  const canary = input.ok && input.canary === true;
  const kept =
    !canary && blockedCall.ok
      ? keptChange(root, map, domain.id, verdict, blockedCall, io.now?.() ?? new Date())
      : undefined;
  refuse(kept === undefined ? verdict.message : `${verdict.message}\n${kept.message}`);
  for (const problem of problems) say(`territory: note: ${problem}`);
  if (canary) return 2;
  // appendBlocked refuses a symbolic link anywhere on the way to the log (core/logFile.ts).
  // The record names the kept patch, so the Session Board's item opens the change the agent meant.
  const logProblem = appendBlocked(root, {
    time: (io.now?.() ?? new Date()).toISOString(),
    domain: domain.id,
    file: verdict.file,
    owner: verdict.owner,
    tool,
    ...(kept?.patch !== undefined ? { patch: kept.patch } : {}),
  });
  if (logProblem !== undefined) say(`territory: note: the blocked edit was not recorded: ${logProblem}`);
  return 2;
}

/**
 * Saves the blocked call's change as a patch (src/core/guard/patchStore.ts): the message says where
 * it is and the one command that turns it into a request, `patch` is its folder-relative path (for
 * the blocked-edit log); undefined for a call that carries no change.
 */
function keptChange(
  root: string,
  map: DomainMap,
  domainId: string,
  verdict: Extract<Verdict, { block: true }>,
  call: Extract<HookInput, { ok: true }>,
  now: Date,
): { readonly message: string; readonly patch?: string } | undefined {
  if (call.change === undefined || verdict.file === '') return undefined;
  const change = call.change;
  const saved = savePatch(
    root,
    { file: verdict.file, domain: domainId, owner: verdict.owner, tool: call.tool, time: now.toISOString() },
    (current) => textAfter(change, current),
    now,
  );
  if (!saved.ok) return { message: `Territory kept no patch of this change: ${saved.reason}.` };
  const patch = saved.patch.path;
  const owner = domainNamed(map, verdict.owner);
  const kept = `The change you meant is kept in ${patch} (a unified diff against the file as it is).`;
  if (owner === undefined || owner.id !== verdict.owner)
    return { message: `${kept} Name it in the request's "Change needed" line.`, patch };
  const command = handoffAddCommand({ to: owner.id, file: verdict.file, patch: saved.patch.id });
  return {
    message: `${kept} Turn it into the request with one command (fill in the change, the reason and whether your work waits for it):\n${command}`,
    patch,
  };
}

function blockMessage(domainId: string, reason: string): string {
  return `Territory: ${domainId}'s edit was blocked because the guard could not judge it: ${reason}. Stop editing and tell the lead.`;
}
