// `territory export permissions --agent gemini|codex|copilot`: the guard's hook (geminiHook.ts, codexHook.ts)
// and the Session Board's event hooks merged into the project's Gemini CLI settings, Codex CLI
// hooks file or Copilot CLI hooks file, one file every domain
// terminal shares. Neither agent has per-path deny rules to add beside it: the hook is the one
// layer, and it judges every write against the map as it is then.
import * as path from 'node:path';
import type { DomainMap } from '../types';
import { apply, readIfExists, type ExportResult } from './exports';
import { GEMINI_SETTINGS_FILE, geminiHookEntry, mergeGeminiEventHooks, mergeGeminiHook } from './geminiHook';
import { CODEX_HOOKS_FILE, codexHookEntry, mergeCodexEventHooks, mergeCodexHook } from './codexHook';
import { COPILOT_HOOKS_FILE, copilotHookEntry, mergeCopilotEventHooks, mergeCopilotHook } from './copilotHook';
import { DOMAIN_ENV } from '../terminalNames';
import { CLAUDE_INBOX_SHAPE, GEMINI_INBOX_SHAPE, mergeInboxHooks, terminalInboxCommand } from '../handoffs/inboxHooks';

export interface ProjectHookOptions {
  /** The domain the hook is pinned to (a domain's own checkout); else the terminal's TERRITORY_DOMAIN. */
  readonly domain?: string;
  /** A settings file to merge into instead of the folder's .gemini/settings.json. */
  readonly out?: string;
}

const CODEX_TRUST_NOTE =
  "Codex CLI loads a project's hooks only when the project is trusted, and runs a hook only once you trust it: open /hooks in Codex and trust Territory's hooks (again after each export that changes them), or the guard never runs and the Session Board shows no state";
const COPILOT_TRUST_NOTE =
  'Copilot CLI loads repository hooks only in a folder it trusts (it asks when it starts there); in prompt mode (copilot -p) also set GITHUB_COPILOT_PROMPT_MODE_REPO_HOOKS=true, or the guard never runs';
const TRUST_NOTE =
  'Gemini CLI runs no hooks in a folder it does not trust: trust this folder when it asks (or in ~/.gemini/trustedFolders.json), or the guard never runs';

export async function exportProjectHook(
  ctx: { readonly root: string; readonly map: DomainMap },
  options: ProjectHookOptions,
  agent: 'gemini' | 'codex' | 'copilot' = 'gemini',
): Promise<ExportResult> {
  const { map, root } = ctx;
  if (options.domain !== undefined && !map.domains.some((d) => d.id === options.domain)) {
    return { ok: false, reason: `no domain ${options.domain} in the map (${map.domains.map((d) => d.id).join(', ')})` };
  }
  const file = path.resolve(
    root,
    options.out ??
      (agent === 'codex' ? CODEX_HOOKS_FILE : agent === 'copilot' ? COPILOT_HOOKS_FILE : GEMINI_SETTINGS_FILE),
  );
  const existing = await readIfExists(file);
  const guarded =
    agent === 'codex'
      ? mergeCodexHook(existing, codexHookEntry(options.domain))
      : agent === 'copilot'
        ? mergeCopilotHook(existing, copilotHookEntry(options.domain))
        : mergeGeminiHook(existing, geminiHookEntry(options.domain));
  // The Session Board's event hooks beside the guard, in the same file (mission/agentEvents.ts).
  const eventsMerged = !guarded.ok
    ? guarded
    : agent === 'codex'
      ? mergeCodexEventHooks(guarded.text, options.domain)
      : agent === 'copilot'
        ? mergeCopilotEventHooks(guarded.text, options.domain)
        : mergeGeminiEventHooks(guarded.text, options.domain);
  // Codex reads Claude Code's additionalContext and Stop decision, Gemini the same under its own event
  // names: the handoff inbox joins them (inboxHooks.ts). Copilot's hooks cannot add context.
  const inboxMerged =
    agent !== 'copilot' && eventsMerged.ok
      ? mergeInboxHooks(
          eventsMerged.text,
          terminalInboxCommand(options.domain),
          agent === 'gemini' ? GEMINI_INBOX_SHAPE : CLAUDE_INBOX_SHAPE,
        )
      : eventsMerged;
  // The guard's merge moves its entry behind the event hook in the shared list, which the event merge then puts back: changed is whether the text did.
  const merged = inboxMerged.ok
    ? { ...inboxMerged, changed: existing === undefined || inboxMerged.text !== existing }
    : inboxMerged;
  const written = await apply(root, file, merged);
  if ('reason' in written) return { ok: false, reason: written.reason };
  const scope =
    options.domain !== undefined
      ? `the hook is pinned to ${options.domain}: use it in ${options.domain}'s own checkout, never in one the other domains share`
      : `the hook guards the domain ${DOMAIN_ENV} names in the terminal the agent starts in (Launch Domain Terminals sets it); without it, in the lead's own session, every write is allowed`;
  const board = `event hooks beside the guard report the agent's state to the Session Board (territory event --agent ${agent}): working, waiting, idle, exited${agent === 'codex' ? '; the handoff hook (territory handoff hook) tells the agent of the requests to its domain at each prompt' : ''}`;
  return {
    ok: true,
    files: [written],
    notes: [scope, board, agent === 'codex' ? CODEX_TRUST_NOTE : agent === 'copilot' ? COPILOT_TRUST_NOTE : TRUST_NOTE],
  };
}
