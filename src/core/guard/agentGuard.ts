// The agent guard: Claude Code's PreToolUse hook asks, before every file-writing tool call,
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
import { VENDORED_CHECKER } from './fileRules';
import { describeOwner, isOffLimits, ownerKey } from '../ownership/offLimits';
import { SETTINGS_FILE, type UnassignedPolicy } from '../settings';
import { nestingProblem } from '../jsonDepth';

/** The tools that write files, and the input field naming the file each writes. */
export const GUARDED_TOOLS: Readonly<Record<string, string>> = { Edit: 'file_path', Write: 'file_path', MultiEdit: 'file_path', NotebookEdit: 'notebook_path' };

/** The `matcher` of the hook entry: a regular expression over tool names, exactly these four. */
export const GUARDED_MATCHER = `^(${Object.keys(GUARDED_TOOLS).join('|')})$`;

/** More input than any tool call carries (Write's content included) is refused rather than parsed. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** The longest path the guard judges (Windows' extended-length limit; Linux stops at 4,096 bytes). */
export const MAX_TARGET_LENGTH = 32_767;

/** What the hook read from stdin: the tool and its target, or why the input cannot be judged. */
export type HookInput =
  { readonly ok: true; readonly tool: string; readonly target: string | undefined; readonly cwd: string | undefined; readonly problem?: string } | { readonly ok: false; readonly reason: string };

/**
 * The JSON object a Claude Code hook gets on stdin, or why it is not one: bounded in size and in
 * depth, then parsed by JSON.parse (the agent guard's and the Session Board's hooks both read
 * their input this way).
 */
export function readHookObject(text: string, maxBytes: number): { ok: true; record: Record<string, unknown> } | { ok: false; reason: string } {
  if (text.length > maxBytes) return { ok: false, reason: `the hook input is larger than ${maxBytes} bytes` };
  // JSON.parse itself takes any depth, but no tool call nests deep, and whatever walks the value later must not overflow.
  const tooDeep = nestingProblem(text, 'the hook input');
  if (tooDeep !== undefined) return { ok: false, reason: tooDeep.replace(/^the hook input:(\d+):(\d+):/, 'the hook input, at line $1, column $2, is') };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `the hook input is not JSON (${(error as Error).message.slice(0, 120)})` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'the hook input is not a JSON object' };
  return { ok: true, record: value as Record<string, unknown> };
}

/**
 * Reads the hook's JSON. Only `tool_name`, `cwd` and the target field are looked at; everything
 * else (Write's content, MultiEdit's edits) passes through JSON.parse untouched, which handles
 * any nesting without recursing on the stack.
 */
export function parseHookInput(text: string): HookInput {
  const read = readHookObject(text, MAX_INPUT_BYTES);
  if (!read.ok) return read;
  const record = read.record;
  const tool = record.tool_name;
  if (typeof tool !== 'string') return { ok: false, reason: 'the hook input has no tool_name string' };
  const cwd = typeof record.cwd === 'string' ? record.cwd : undefined;
  const field = GUARDED_TOOLS[tool];
  if (field === undefined) return { ok: true, tool, target: undefined, cwd };
  const input = record.tool_input;
  const target = input !== null && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>)[field] : undefined;
  if (typeof target !== 'string' || target === '') return { ok: true, tool, target: undefined, cwd, problem: `tool_input.${field} of ${tool} is not a non-empty string` };
  // A NUL cannot be in a file name: such a path names nothing the map can judge.
  if (target.includes('\0')) return { ok: true, tool, target: undefined, cwd, problem: `tool_input.${field} of ${tool} holds a NUL character` };
  // Longer than any system opens (Windows' long paths stop at 32,767): judging it would only cost time.
  if (target.length > MAX_TARGET_LENGTH)
    return { ok: true, tool, target: undefined, cwd, problem: `tool_input.${field} of ${tool} is ${target.length} characters long, longer than any file system accepts` };
  return { ok: true, tool, target, cwd };
}

/** Files a domain's agent never writes, whatever the map says: the rules and the guard's own state. */
export function isGuardFile(relativePath: string, mapPath: string | undefined): boolean {
  // .vscode/settings.json holds territory.unassigned, which this very check reads: no domain rewrites its own judge.
  if (relativePath === 'territory.json' || relativePath === mapPath || relativePath === VENDORED_CHECKER || relativePath === SETTINGS_FILE) return true;
  // The settings files the agents are started with (a hook removed there opens the gate), the
  // blocked-attempts log, the agents' event logs (an agent writing its own would forge its state), and .git (its hooks and config are what checks the commits).
  return /^(\.territory\/(claude|guard|events)|\.git)(\/|$)/.test(relativePath);
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
  /**
   * The folder-relative place a path really lands on, when a symbolic link on its way leads
   * elsewhere inside the folder (or into it from outside); undefined when it lands where written.
   */
  readonly realTarget?: (absolute: string) => string | undefined;
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
  if (GUARDED_TOOLS[input.tool] === undefined) return { block: false, why: 'not-a-file-tool' };
  if (input.target === undefined) return blockUnreadable(ctx, input.problem ?? 'no target file');
  // Claude Code sends absolute paths; a relative one is read from the session's directory.
  const base = input.cwd !== undefined && path.isAbsolute(input.cwd) ? input.cwd : ctx.root;
  const absolute = path.resolve(base, input.target);
  const written = insideRelative(ctx.root, absolute) ?? (ctx.realRoot !== undefined ? insideRelative(ctx.realRoot, absolute) : undefined);
  const landing = ctx.realTarget?.(absolute);
  const candidates = [...new Set([written, landing].filter((p): p is string => p !== undefined))];
  // The map speaks for its folder only (`territory owner` calls anything else "outside"): a scratch
  // file in /tmp is none of its business. A path reaching into the folder through a link is judged where it lands.
  const [first] = candidates;
  if (first === undefined) return { block: false, why: 'outside' };
  for (const file of candidates) {
    const verdict = judgeRelative(file, ctx);
    if (verdict.block) return verdict;
  }
  const own = ctx.resolver.resolve(first);
  return { block: false, file: first, why: own.kind === 'unassigned' ? 'shared' : 'own' };
}

function judgeRelative(file: string, ctx: JudgeContext): Verdict {
  const { domain, map } = ctx;
  if (isGuardFile(file, ctx.mapPath)) {
    return block(
      file,
      'lead',
      `${file} is the lead's: the domain map, the settings the guard reads, the agents' settings and Territory's guard files belong to no domain.`,
      leadAdvice(map, domain, file),
      domain,
    );
  }
  const ownership = ctx.resolver.resolve(file);
  if (!isOffLimits(ownership, domain.id, ctx.unassignedPolicy)) return { block: false, file, why: 'own' };
  return block(file, ownerKey(ownership), `${file} belongs to ${describeOwner(ownership)}, not to ${domain.id}.`, adviceFor(ownership, map, domain, file), domain);
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
  if (ownership.kind === 'contested') return `Two domains claim it (${ownership.domains.map((d) => d.id).join(', ')}): a map error the lead must settle. ${requestForm(map, domain, 'LEAD', file)}`;
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
