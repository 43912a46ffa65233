// Whether Codex CLI will run Territory's guard, from what Codex itself lists (src/git/codexHooks.ts
// asks its app-server). Codex loads a project's `.codex/hooks.json` only in a folder it trusts, and
// runs each hook only once its exact text is trusted: a guard that passes its canary but that Codex
// skips is no guard. Only hooks whose text is exactly what Territory writes are ever offered for
// trust, so a planted hook that merely carries Territory's marker is never trusted through it.
import * as path from 'node:path';
import { CODEX_HOOKS_FILE, codexHookCommand } from './codexHook';
import { terminalEventCommand } from '../mission/eventHooks';
import { terminalInboxCommand } from '../handoffs/inboxHooks';

/** One hook as Codex lists it. */
export interface CodexHookSeen {
  /** Codex's key for it (the file, the event and its place in the file). */
  readonly key: string;
  /** Codex's event name (`preToolUse`, `stop` …). */
  readonly event: string;
  readonly command: string;
  /** `trusted`, `managed` (run without asking), `untrusted` or `modified` (changed since trusted). */
  readonly trust: string;
  /** The hash Codex computed for its trust record. */
  readonly hash: string;
  /** The file it comes from. */
  readonly sourcePath: string;
}

/** The three ways to give the trust: the editor's offer, the CLI, Codex's own screen. */
const HOW_TO_TRUST = 'Trust in Codex, territory guard-check --agent codex --trust, or /hooks in Codex';

const RUNS = new Set(['trusted', 'managed']);

/** Territory's own hooks among `hooks`: from the folder's `.codex/hooks.json`, with exactly the text Territory writes. */
export function territoryCodexHooks(
  hooks: readonly CodexHookSeen[],
  root: string,
  domainIds: readonly string[],
): CodexHookSeen[] {
  const file = path.join(root, ...CODEX_HOOKS_FILE.split('/'));
  const expected = new Set([...guardCommands(domainIds), ...eventCommands(domainIds)]);
  return hooks.filter((h) => h.sourcePath === file && expected.has(h.command));
}

// Env-keyed (what Launch writes) or pinned to one domain (`export permissions --domain ID`).
const guardCommands = (ids: readonly string[]) => [undefined, ...ids].map((id) => codexHookCommand(id));
// The Session Board's event hook and the handoff inbox, written beside the guard.
const eventCommands = (ids: readonly string[]) =>
  [undefined, ...ids].flatMap((id) => [terminalEventCommand('codex', '.', id), terminalInboxCommand(id)]);

/** Territory's hooks Codex would skip today: the ones a trust would make it run. */
export function untrustedTerritoryHooks(
  hooks: readonly CodexHookSeen[],
  root: string,
  domainIds: readonly string[],
): CodexHookSeen[] {
  return territoryCodexHooks(hooks, root, domainIds).filter((h) => !RUNS.has(h.trust));
}

/** Why Codex CLI would not run Territory's guard in `root`, or undefined when it would. */
export function codexTrustProblem(
  hooks: readonly CodexHookSeen[],
  root: string,
  domainIds: readonly string[],
  notes: readonly string[] = [],
): string | undefined {
  const file = path.join(root, ...CODEX_HOOKS_FILE.split('/'));
  const loaded = hooks.some((h) => h.sourcePath === file);
  // Nothing loaded from the file and Codex says why (it does not parse): that, not the folder's trust.
  const said = loaded ? undefined : notes.find((n) => n.includes(file));
  if (said !== undefined)
    return `Codex CLI cannot load ${CODEX_HOOKS_FILE}: ${said.split(file).join(CODEX_HOOKS_FILE).slice(0, 300)}`;
  const guards = new Set(guardCommands(domainIds));
  const guard = territoryCodexHooks(hooks, root, domainIds).find(
    (h) => h.event === 'preToolUse' && guards.has(h.command),
  );
  if (guard === undefined)
    return loaded
      ? `Codex CLI lists no hook of ${CODEX_HOOKS_FILE} with Territory's exact guard: write it again (Launch, or territory export permissions --agent codex)`
      : `Codex CLI does not trust this folder, so it loads none of ${CODEX_HOOKS_FILE}: start codex in the folder once and trust it when it asks`;
  if (RUNS.has(guard.trust)) return undefined;
  return guard.trust === 'modified'
    ? `Codex CLI skips Territory's guard: the hook changed since it was trusted; trust it again (${HOW_TO_TRUST})`
    : `Codex CLI skips Territory's guard until it is trusted (${HOW_TO_TRUST})`;
}
