// The agent guard: Claude Code's PreToolUse hook (and Gemini CLI's BeforeTool hook, geminiHook.ts) asks, before every file-writing tool call,
// whether the domain in force may write the target. The contract (https://code.claude.com/docs/en/hooks):
// the hook gets JSON on stdin (session_id, transcript_path, cwd, permission_mode, hook_event_name,
// tool_name, tool_input, tool_use_id); Edit, Write and MultiEdit carry an absolute
// `tool_input.file_path`, NotebookEdit a `tool_input.notebook_path`. Exit 2 blocks the call and
// Claude reads stderr as the reason; exit 1, a timeout or a missing command do NOT block. So every
// doubt in a domain terminal (input that does not parse, a target that is not a string) is a block
// with its reason here, never an exit 1 that would silently let the write through.
import * as path from 'node:path';
import type { OwnershipResolver, Ownership } from '../ownership/resolver';
import type { Domain, DomainMap } from '../types';
import { describeLeadFile, leadFilesOf, type LeadFileKind } from './controlFiles';
import { describeOwner, isOffLimits, ownerKey } from '../ownership/offLimits';
import type { UnassignedPolicy } from '../settings';
import { isMapCandidate } from '../map/candidates';
import { hasTerritoryTable } from '../map/markdownMap';
import { nestingProblem } from '../jsonDepth';

/** The tools that write files, and the input field naming the file each writes. */
export const GUARDED_TOOLS: Readonly<Record<string, string>> = {
  Edit: 'file_path',
  Write: 'file_path',
  MultiEdit: 'file_path',
  NotebookEdit: 'notebook_path',
};

/** The `matcher` of the hook entry: a regular expression over tool names, exactly these four. */
export const GUARDED_MATCHER = `^(${Object.keys(GUARDED_TOOLS).join('|')})$`;

/** The agents whose pre-tool hook the guard answers, each in its own input and output format. */
export const GUARDED_AGENTS = ['claude', 'gemini', 'codex', 'copilot'] as const;
export type GuardedAgent = (typeof GUARDED_AGENTS)[number];

/**
 * Gemini CLI's file-writing tools and their path argument, as its BeforeTool hook gets them in
 * `tool_input` (the tool declarations of its requests to the model, 0.61.0: `write_file`
 * {file_path, content} and `replace` {file_path, old_string, new_string, allow_multiple}).
 */
export const GEMINI_GUARDED_TOOLS: Readonly<Record<string, string>> = { write_file: 'file_path', replace: 'file_path' };

/**
 * Codex CLI's tools that carry an apply_patch envelope in `tool_input.command` (codexPatch.ts):
 * `apply_patch` itself, and `Bash` when the shell command is an apply_patch.
 */
export const CODEX_GUARDED_TOOLS: Readonly<Record<string, string>> = { apply_patch: 'command', Bash: 'command' };

/**
 * Copilot CLI's file-writing tools and their path argument, as its preToolUse hook gets them in
 * `toolArgs` (the tool declarations of its requests to the model, 1.0.102: `create` {path,
 * file_text} and `edit` {path, old_str, new_str}).
 */
export const COPILOT_GUARDED_TOOLS: Readonly<Record<string, string>> = { create: 'path', edit: 'path' };

/** The file tools of `agent`, and the input field naming the file each writes (for Codex, the patch). */
export function guardedToolsOf(agent: GuardedAgent = 'claude'): Readonly<Record<string, string>> {
  return agent === 'gemini'
    ? GEMINI_GUARDED_TOOLS
    : agent === 'codex'
      ? CODEX_GUARDED_TOOLS
      : agent === 'copilot'
        ? COPILOT_GUARDED_TOOLS
        : GUARDED_TOOLS;
}

/** More input than any tool call carries (Write's content included) is refused rather than parsed. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/**
 * What a file tool call would put in the file: Write's whole content, or Edit's and MultiEdit's
 * replacements (applied to the file as it is). Kept only to tell whether the result would hold a
 * domains table, that is, whether the write would make the file the map.
 */
export type WriteChange =
  | { readonly kind: 'content'; readonly content: string }
  | {
      readonly kind: 'edits';
      readonly edits: readonly {
        readonly oldString: string;
        readonly newString: string;
        readonly replaceAll: boolean;
      }[];
    };

/** The longest path the guard judges (Windows' extended-length limit; Linux stops at 4,096 bytes). */
export const MAX_TARGET_LENGTH = 32_767;

/** The session id of `territory guard-check`'s canary calls: judged as any call, but not recorded as an agent's blocked edit. */
export const GUARD_CHECK_SESSION = 'territory-guard-check';

/** What the hook read from stdin: the tool and its target, or why the input cannot be judged. */
export type HookInput =
  | {
      readonly ok: true;
      readonly tool: string;
      readonly target: string | undefined;
      readonly cwd: string | undefined;
      readonly problem?: string;
      readonly change?: WriteChange;
      readonly canary?: true;
    }
  | { readonly ok: false; readonly reason: string };

/**
 * The JSON object a Claude Code hook gets on stdin, or why it is not one: bounded in size and in
 * depth, then parsed by JSON.parse (the agent guard's and the Session Board's hooks both read
 * their input this way).
 */
export function readHookObject(
  text: string,
  maxBytes: number,
): { ok: true; record: Record<string, unknown> } | { ok: false; reason: string } {
  if (text.length > maxBytes) return { ok: false, reason: `the hook input is larger than ${maxBytes} bytes` };
  // JSON.parse itself takes any depth, but no tool call nests deep, and whatever walks the value later must not overflow.
  const tooDeep = nestingProblem(text, 'the hook input');
  if (tooDeep !== undefined)
    return {
      ok: false,
      reason: tooDeep.replace(/^the hook input:(\d+):(\d+):/, 'the hook input, at line $1, column $2, is'),
    };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `the hook input is not JSON (${(error as Error).message.slice(0, 120)})` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { ok: false, reason: 'the hook input is not a JSON object' };
  return { ok: true, record: value as Record<string, unknown> };
}

/**
 * Reads the hook's JSON. Only `tool_name`, `cwd` and the target field are looked at; everything
 * else (Write's content, MultiEdit's edits) passes through JSON.parse untouched, which handles
 * any nesting without recursing on the stack.
 */
export function parseHookInput(text: string, agent: GuardedAgent = 'claude'): HookInput {
  const read = readHookObject(text, MAX_INPUT_BYTES);
  if (!read.ok) return read;
  const record = agent === 'copilot' ? copilotRecord(read.record) : read.record;
  const tool = record.tool_name;
  if (typeof tool !== 'string')
    return { ok: false, reason: `the hook input has no ${agent === 'copilot' ? 'toolName' : 'tool_name'} string` };
  const cwd = typeof record.cwd === 'string' ? record.cwd : undefined;
  const field = guardedToolsOf(agent)[tool];
  if (field === undefined) return { ok: true, tool, target: undefined, cwd };
  if (record.session_id === GUARD_CHECK_SESSION)
    return { ...parseTarget(tool, field, cwd, record.tool_input, agent), canary: true };
  return parseTarget(tool, field, cwd, record.tool_input, agent);
}

/**
 * Copilot CLI's preToolUse input (1.0.102: `{sessionId, timestamp, cwd, toolName, toolArgs}`) in
 * Claude Code's names; `toolArgs` may also come as JSON text (older releases and the docs' examples),
 * and create's `file_text` and edit's `old_str`/`new_str` become the fields writeChangeOf reads.
 */
function copilotRecord(record: Record<string, unknown>): Record<string, unknown> {
  let args = record.toolArgs;
  if (typeof args === 'string') {
    try {
      args = JSON.parse(args) as unknown;
    } catch {
      args = undefined;
    }
  }
  if (args !== null && typeof args === 'object' && !Array.isArray(args)) {
    const a = args as Record<string, unknown>;
    args = { ...a, content: a.file_text, old_string: a.old_str, new_string: a.new_str };
  }
  return {
    tool_name: record.toolName,
    tool_input: args,
    cwd: record.cwd,
    session_id: record.sessionId ?? record.session_id,
  };
}

function parseTarget(
  tool: string,
  field: string,
  cwd: string | undefined,
  input: unknown,
  agent: GuardedAgent,
): Extract<HookInput, { ok: true }> {
  const target =
    input !== null && typeof input === 'object' && !Array.isArray(input)
      ? (input as Record<string, unknown>)[field]
      : undefined;
  if (typeof target !== 'string' || target === '')
    return {
      ok: true,
      tool,
      target: undefined,
      cwd,
      problem: `tool_input.${field} of ${tool} is not a non-empty string`,
    };
  // A NUL cannot be in a file name: such a path names nothing the map can judge.
  if (target.includes('\0'))
    return { ok: true, tool, target: undefined, cwd, problem: `tool_input.${field} of ${tool} holds a NUL character` };
  // Longer than any system opens (Windows' long paths stop at 32,767): judging it would only cost time.
  // Codex's field is a whole patch (codexPatch.ts reads the paths in it), not a path.
  if (agent !== 'codex' && target.length > MAX_TARGET_LENGTH)
    return {
      ok: true,
      tool,
      target: undefined,
      cwd,
      problem: `tool_input.${field} of ${tool} is ${target.length} characters long, longer than any file system accepts`,
    };
  const change = writeChangeOf(input as Record<string, unknown>, agent === 'gemini' ? 'allow_multiple' : 'replace_all');
  return change === undefined ? { ok: true, tool, target, cwd } : { ok: true, tool, target, cwd, change };
}

/** `allField`: the flag that makes an edit replace every occurrence (Claude Code's replace_all, Gemini CLI's allow_multiple). */
function writeChangeOf(input: Record<string, unknown>, allField: string): WriteChange | undefined {
  if (typeof input.content === 'string') return { kind: 'content', content: input.content };
  const edit = (e: unknown) => {
    const r = (e !== null && typeof e === 'object' ? e : {}) as Record<string, unknown>;
    return {
      oldString: typeof r.old_string === 'string' ? r.old_string : '',
      newString: typeof r.new_string === 'string' ? r.new_string : '',
      replaceAll: r[allField] === true,
    };
  };
  if (Array.isArray(input.edits)) return { kind: 'edits', edits: input.edits.map(edit) };
  if (typeof input.new_string === 'string') return { kind: 'edits', edits: [edit(input)] };
  return undefined;
}

/**
 * The file's text after `change`, from its text now (undefined: no such file). An edit whose old
 * text is not found changes nothing here (the tool itself then fails). Where the result cannot be
 * told, every new text is joined to the old: a table split across replacements is still seen.
 */
export function textAfter(change: WriteChange, current: string | undefined): string {
  if (change.kind === 'content') return change.content;
  let text = current ?? '';
  for (const { oldString, newString, replaceAll } of change.edits) {
    if (oldString === '') text = current === undefined ? newString : `${text}\n${newString}`;
    else text = replaceAll ? text.split(oldString).join(newString) : text.replace(oldString, () => newString);
  }
  return text;
}

export interface JudgeContext {
  readonly root: string;
  /** The folder's real path (symbolic links resolved), when it differs from `root`. */
  readonly realRoot?: string;
  readonly map: DomainMap;
  readonly resolver: OwnershipResolver;
  readonly domain: Domain;
  readonly unassignedPolicy: UnassignedPolicy;
  /** The map file, folder-relative (`/`-separated). */
  readonly mapPath?: string;
  /** `territory.mapFile` names the map: discovery is off, and no other file can become the map. */
  readonly mapConfigured?: boolean;
  /** What steers git at an absolute path (its directories, the hooks core.hooksPath names, global config), if anything: gitControl.ts. */
  readonly steersGit?: (absolute: string) => string | undefined;
  /** A folder-relative file's text now, undefined when there is none (to see what an Edit makes of it). */
  readonly readText?: (relative: string) => string | undefined;
  /**
   * The folder-relative place a path really lands on, when a symbolic link on its way leads
   * elsewhere inside the folder (or into it from outside); undefined when it lands where written.
   */
  readonly realTarget?: (absolute: string) => string | undefined;
  /** Whose tool call this is (its file tools): Claude Code unless said. */
  readonly agent?: GuardedAgent;
}

export type Verdict =
  | { readonly block: false; readonly file?: string; readonly why: 'not-a-file-tool' | 'own' | 'outside' | 'shared' }
  | { readonly block: true; readonly file: string; readonly owner: string; readonly message: string };

/** `path` relative to `root`, `/`-separated, or undefined when it lies outside. */
export function insideRelative(root: string, absolute: string): string | undefined {
  const rel = path.relative(root, absolute);
  // The folder itself is inside (a write to it is judged, and refused, as the lead's).
  if (rel === '') return '';
  if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

/** The handoff file a domain writes its requests to, as the map names it. */
export function handoffFileOf(map: DomainMap, domain: Domain): string {
  return map.handoffFile.replace('{domain}', domain.id).replace(/^\/+/, '');
}

/** The decision on one tool call. */
export function judge(input: Extract<HookInput, { ok: true }>, ctx: JudgeContext): Verdict {
  if (guardedToolsOf(ctx.agent)[input.tool] === undefined) return { block: false, why: 'not-a-file-tool' };
  if (input.target === undefined) return blockUnreadable(ctx, input.problem ?? 'no target file');
  // Claude Code sends absolute paths; a relative one is read from the session's directory.
  const base = input.cwd !== undefined && path.isAbsolute(input.cwd) ? input.cwd : ctx.root;
  const absolute = path.resolve(base, input.target);
  const written =
    insideRelative(ctx.root, absolute) ??
    (ctx.realRoot !== undefined ? insideRelative(ctx.realRoot, absolute) : undefined);
  const landing = ctx.realTarget?.(absolute);
  const candidates = [...new Set([written, landing].filter((p): p is string => p !== undefined))];
  // The map speaks for its folder only (`territory owner` calls anything else "outside"): a scratch
  // file in /tmp is none of its business. A path reaching into the folder through a link is judged where it lands.
  const [first] = candidates;
  // Where git keeps what it runs for this folder, inside it or not: a linked worktree's hooks and
  // config live in the main checkout, core.hooksPath and a global config can point anywhere.
  const steering = ctx.steersGit?.(absolute);
  if (steering !== undefined) {
    const shown = first ?? absolute;
    return block(
      shown,
      'lead',
      `${shown} is the lead's: it is in ${steering}, which decides what git runs for this folder.`,
      leadAdvice(ctx.map, ctx.domain, shown),
      ctx.domain,
    );
  }
  if (first === undefined) return { block: false, why: 'outside' };
  for (const file of candidates) {
    const verdict = judgeRelative(file, ctx, input.change);
    if (verdict.block) return verdict;
  }
  const own = ctx.resolver.resolve(first);
  return { block: false, file: first, why: own.kind === 'unassigned' ? 'shared' : 'own' };
}

function judgeRelative(file: string, ctx: JudgeContext, change: WriteChange | undefined): Verdict {
  const { domain, map } = ctx;
  const kind: LeadFileKind | undefined =
    leadFilesOf([ctx.mapPath]).get(file) ?? (becomesMap(file, ctx, change) ? 'map' : undefined);
  if (kind !== undefined) {
    const what =
      kind === 'map' && file !== ctx.mapPath && file !== 'territory.json'
        ? `this write would put a domains table in ${file}, which would make it the domain map`
        : describeLeadFile(kind);
    return block(
      file,
      'lead',
      `${file} is the lead's: ${what}, and no domain changes the rules it is judged by.`,
      leadAdvice(map, domain, file),
      domain,
    );
  }
  const ownership = ctx.resolver.resolve(file);
  if (!isOffLimits(ownership, domain.id, ctx.unassignedPolicy)) return { block: false, file, why: 'own' };
  return block(
    file,
    ownerKey(ownership),
    `${file} belongs to ${describeOwner(ownership)}, not to ${domain.id}.`,
    adviceFor(ownership, map, domain, file),
    domain,
  );
}

/** Whether writing `file` would leave a domains table in a file discovery may pick as the map. */
function becomesMap(file: string, ctx: JudgeContext, change: WriteChange | undefined): boolean {
  if (ctx.mapConfigured || !isMapCandidate(file) || change === undefined) return false;
  return hasTerritoryTable(textAfter(change, ctx.readText?.(file)));
}

function block(file: string, owner: string, what: string, advice: string, domain: Domain): Verdict {
  return { block: true, file, owner, message: `Territory: ${domain.id} may not edit this file. ${what}\n${advice}` };
}

/** How the agent asks for the change: the seed's HANDOFF format, in the exact section to append to. */
function requestForm(map: DomainMap, domain: Domain, target: string, file: string): string {
  return [
    `Do not write the file. Ask for the change instead: append to ${handoffFileOf(map, domain)} (at the folder root; create it with the heading "# Handoff from ${domain.id}" and "## Required Changes" if missing) under the section "### For ${target}:" (add that heading if it is not there yet):`,
    `- [ ] File: \`${file}\``,
    '- [ ] Change needed: <what needs to change>',
    '- [ ] Reason: <why you need it>',
    '- [ ] Blocking: Yes/No',
  ].join('\n');
}

function adviceFor(ownership: Ownership, map: DomainMap, domain: Domain, file: string): string {
  // Another domain's handoff file is its outbox: requests to it go into one's own.
  if (ownership.kind === 'owned' && ownership.viaHandoff) {
    return `Each domain writes only its own handoff file. ${requestForm(map, domain, ownership.domain.id, '<the file you need changed>')}`;
  }
  if (ownership.kind === 'owned') return requestForm(map, domain, ownership.domain.id, file);
  if (ownership.kind === 'contested')
    return `Two domains claim it (${ownership.domains.map((d) => d.id).join(', ')}): a map error the lead must settle. ${requestForm(map, domain, 'LEAD', file)}`;
  return leadAdvice(map, domain, file);
}

function leadAdvice(map: DomainMap, domain: Domain, file: string): string {
  return `No domain may change it without the lead (territory.unassigned is locked). ${requestForm(map, domain, 'LEAD', file)}`;
}

/** Input the guard cannot read, in a domain terminal: blocked with the reason (a silent allow would open the gate). */
export function blockUnreadable(ctx: { readonly domain: Domain }, reason: string): Verdict {
  return {
    block: true,
    file: '',
    owner: 'unknown',
    message: `Territory: ${ctx.domain.id}'s edit was blocked because the guard could not judge it: ${reason}. Retry with an absolute file path inside your territory, or ask the lead.`,
  };
}

/** A broken or missing map in a domain terminal: every write waits until the lead fixes it. */
export function blockWithoutMap(domainId: string, reason: string): string {
  return `Territory: ${domainId}'s edit was blocked: the domain map cannot be read (${reason}), so no write can be checked. Stop editing and tell the lead; do not change the map yourself.`;
}
