// What a domain's Claude Code agent is told of handoffs at its next turn, without the lead: the
// open requests addressed to it (file, change, reason, the kept patch) and, for its own requests,
// those another domain has marked done. Claude Code's hooks contract
// (https://code.claude.com/docs/en/hooks): a SessionStart or UserPromptSubmit command hook that
// exits 0 with `{"hookSpecificOutput":{"hookEventName":…,"additionalContext":…}}` on stdout adds
// that text to the model's context; a Stop hook's `{"decision":"block","reason":…}` keeps the agent
// working with the reason as its next instruction, and the input's `stop_hook_active` is true when
// the agent is already continuing because of a Stop hook (Claude Code also ends the turn after a
// run of consecutive blocks). So a Stop is turned back at most once per request, never while
// `stop_hook_active`. What each domain has been told is kept in `.territory/handoffs/` (toldState.ts).
import { createHash } from 'node:crypto';
import { isOpen, type HandoffRequest, type ParsedHandoffFile } from './types';
import { count } from '../plural';

export type InboxEvent = 'SessionStart' | 'UserPromptSubmit' | 'Stop';
export const INBOX_EVENTS: readonly InboxEvent[] = ['SessionStart', 'UserPromptSubmit', 'Stop'];

/**
 * Gemini CLI's names for the same three moments, with the same answers
 * (https://geminicli.com/docs/hooks/reference): SessionStart and BeforeAgent add
 * `hookSpecificOutput.additionalContext`; AfterAgent's `decision: "deny"` (alias "block") sends the
 * reason back as a new prompt, with `stop_hook_active` set on the retry. Codex uses Claude Code's.
 */
export const GEMINI_INBOX_EVENTS: Readonly<Record<string, InboxEvent>> = {
  SessionStart: 'SessionStart',
  BeforeAgent: 'UserPromptSubmit',
  AfterAgent: 'Stop',
};

/** The inbox moment a hook input's `hook_event_name` stands for, in any of the agents' names. */
export function inboxEventOf(name: unknown): InboxEvent | undefined {
  if (typeof name !== 'string') return undefined;
  return (
    INBOX_EVENTS.find((e) => e === name) ??
    (Object.hasOwn(GEMINI_INBOX_EVENTS, name) ? GEMINI_INBOX_EVENTS[name] : undefined)
  );
}

/** What a domain was told, by request key (see requestKey). */
export interface ToldState {
  /** Open requests to the domain it has read in full. */
  readonly incoming: readonly string[];
  /** Its own requests it was told are done. */
  readonly done: readonly string[];
  /** Blocking requests to it for which a Stop was turned back. */
  readonly stopped: readonly string[];
}

export const EMPTY_TOLD: ToldState = { incoming: [], done: [], stopped: [] };
/** The most keys kept per list: the oldest go first (a key no request has any more is only history). */
export const MAX_TOLD_KEYS = 500;

/** A request's identity across edits of other requests: its source, target, file and change (not its line or index). */
export function requestKey(request: HandoffRequest): string {
  const text = [request.source ?? '', request.target?.domain ?? '', request.file ?? '', request.change ?? ''].join(
    '\u0000',
  );
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** One request for the agent: where it is, what it asks, and the command that marks it done. */
function describe(file: ParsedHandoffFile, request: HandoffRequest, withDone: boolean): string {
  const lines = [
    `- From ${request.source ?? '?'} (${file.path}, request ${request.index + 1}, line ${request.startLine + 1})${request.blocking ? ', BLOCKING: its agent waits for it' : ''}:`,
    `  File: ${request.file ?? '(none named)'}`,
    `  Change needed: ${request.change ?? '(none given)'}`,
    `  Reason: ${request.reason ?? '(none given)'}`,
  ];
  if (withDone)
    lines.push(
      `  When it is done, run: territory handoff done --from ${request.source ?? '?'} --index ${request.index + 1}`,
    );
  return lines.join('\n');
}

/** The hook's answer: JSON for stdout (undefined: say nothing) and the state to keep. */
export interface InboxAnswer {
  readonly output: Record<string, unknown> | undefined;
  readonly told: ToldState;
}

export interface InboxInput {
  readonly event: InboxEvent;
  readonly domain: string;
  readonly files: readonly ParsedHandoffFile[];
  readonly told: ToldState;
  /** The Stop input's stop_hook_active. */
  readonly stopHookActive: boolean;
  /** territory.handoffStopHook: turn a Stop back while a blocking request to the domain is open. */
  readonly stopHook: boolean;
  /** Whether the request's target has already marked it done (doneClaims.ts): no longer the owner's to hear of. */
  readonly claimedDone?: (request: HandoffRequest) => boolean;
}

function bounded(keys: readonly string[]): string[] {
  const unique = [...new Set(keys)];
  return unique.slice(Math.max(0, unique.length - MAX_TOLD_KEYS));
}

export function inboxAnswer(input: InboxInput): InboxAnswer {
  const { domain, files, told } = input;
  const incoming = files.flatMap((file) =>
    file.requests
      .filter((r) => isOpen(r) && r.target?.domain === domain && r.source !== domain && input.claimedDone?.(r) !== true)
      .map((request) => ({ file, request, key: requestKey(request) })),
  );
  if (input.event === 'Stop') {
    if (!input.stopHook || input.stopHookActive) return { output: undefined, told };
    const waiting = incoming.filter((i) => i.request.blocking && !told.stopped.includes(i.key));
    if (waiting.length === 0) return { output: undefined, told };
    const reason = [
      `Territory: before you stop, ${waiting.length === 1 ? 'a blocking request to' : `${waiting.length} blocking requests to`} ${domain} ${waiting.length === 1 ? 'is' : 'are'} open; another domain's agent waits for ${waiting.length === 1 ? 'it' : 'them'}.`,
      ...waiting.map((i) => describe(i.file, i.request, true)),
      'Make the change if it is yours to make, then mark it done with the command shown; if you cannot, say why in your reply (you will not be stopped again for it).',
    ].join('\n');
    return {
      output: { decision: 'block', reason },
      told: { ...told, stopped: bounded([...told.stopped, ...waiting.map((i) => i.key)]) },
    };
  }
  // A new session has none of it in context: every open request is told again.
  const fresh = input.event === 'SessionStart' ? incoming : incoming.filter((i) => !told.incoming.includes(i.key));
  const earlier = incoming.length - fresh.length;
  const done = files.flatMap((file) =>
    file.requests
      .filter((r) => r.source === domain && r.state === 'done')
      .map((request) => ({ file, request, key: requestKey(request) })),
  );
  const newlyDone = done.filter((d) => !told.done.includes(d.key));
  const parts: string[] = [];
  if (fresh.length > 0) {
    parts.push(
      `Territory: ${fresh.length === 1 ? 'a handoff request to' : `${fresh.length} handoff requests to`} ${domain} (your domain) ${fresh.length === 1 ? 'is' : 'are'} open:`,
      ...fresh.map((i) => describe(i.file, i.request, true)),
    );
    if (fresh.some((i) => /\.territory\/patches\//.test(i.request.change ?? '')))
      parts.push(
        "A patch named in a request is the requester's intended change as a unified diff: read it, and apply what is right (git apply, or edit by hand).",
      );
  }
  if (earlier > 0)
    parts.push(
      `Territory: ${count(earlier, 'earlier handoff request')} to ${domain} ${earlier === 1 ? 'is' : 'are'} still open (territory handoffs --open lists them).`,
    );
  if (newlyDone.length > 0) {
    parts.push(
      `Territory: ${newlyDone.length === 1 ? 'a handoff request' : `${newlyDone.length} handoff requests`} of ${domain} (yours) ${newlyDone.length === 1 ? 'was' : 'were'} marked done:`,
      ...newlyDone.map(
        (d) => `- To ${d.request.target?.domain ?? '?'}: ${d.request.file ?? '(no file)'}: ${d.request.change ?? ''}`,
      ),
    );
  }
  const next: ToldState = {
    ...told,
    incoming: bounded([...told.incoming, ...fresh.map((i) => i.key)]),
    done: bounded([...told.done, ...newlyDone.map((d) => d.key)]),
  };
  if (parts.length === 0) return { output: undefined, told: next };
  return {
    output: { hookSpecificOutput: { hookEventName: input.event, additionalContext: parts.join('\n') } },
    told: next,
  };
}
