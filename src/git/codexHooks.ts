// What Codex CLI itself makes of a folder's hooks, asked through its own app-server (JSON-RPC over
// stdio, one JSON object per line; https://developers.openai.com/codex/app-server): `hooks/list`
// says, per hook, whether Codex will run it (its trust status), and `config/batchWrite` records the
// trust the way Codex's /hooks screen does, keyed by the hook and the hash Codex computed — Territory
// never computes a hash. Codex runs a project hook only once trusted, and a hook whose text changed
// is "modified", which Codex skips as silently as an untrusted one.
import type { CodexHookSeen } from '../core/guard/codexTrust';
import { startLineSession, type LineSession } from './door';

/** How long one conversation with the app-server may take (it starts in well under a second). */
const SESSION_MS = 20_000;

export type CodexHookList =
  | { readonly ok: true; readonly hooks: readonly CodexHookSeen[]; readonly notes: readonly string[] }
  | { readonly ok: false; readonly reason: string };

type Answer = { readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly reason: string };

/** One app-server session: initialize, then `talk`, then close. */
async function withAppServer<T>(
  codex: string,
  root: string,
  env: NodeJS.ProcessEnv | undefined,
  talk: (request: (method: string, params: unknown) => Promise<Answer>) => Promise<T>,
): Promise<T | { readonly ok: false; readonly reason: string }> {
  const session = startLineSession(root, codex, ['app-server'], {
    timeoutMs: SESSION_MS,
    ...(env ? { env } : {}),
  });
  if ('refused' in session) return { ok: false, reason: session.refused };
  let next = 1;
  const request = (method: string, params: unknown) => ask(session, next++, method, params);
  try {
    const hello = await request('initialize', { clientInfo: { name: 'territory', version: '1' } });
    if (!hello.ok) return { ok: false, reason: `${codex} app-server did not start: ${hello.reason}` };
    session.send(JSON.stringify({ method: 'initialized' }));
    return await talk(request);
  } finally {
    await session.close();
  }
}

async function ask(session: LineSession, id: number, method: string, params: unknown): Promise<Answer> {
  session.send(JSON.stringify({ id, method, params }));
  const line = await session.receive((text) => idOf(text) === id);
  if (line === undefined)
    return { ok: false, reason: `no answer to ${method} (not a Codex CLI, or it did not answer)` };
  const message = JSON.parse(line) as { result?: unknown; error?: { message?: unknown } };
  if (message.error !== undefined)
    return { ok: false, reason: `${method}: ${String(message.error.message ?? 'failed')}` };
  return { ok: true, result: message.result };
}

function idOf(line: string): unknown {
  try {
    return (JSON.parse(line) as { id?: unknown }).id;
  } catch {
    return undefined;
  }
}

/** The hooks Codex CLI sees for `root`, each with its trust status. */
export async function listCodexHooks(codex: string, root: string, env?: NodeJS.ProcessEnv): Promise<CodexHookList> {
  return withAppServer(codex, root, env, async (request) => listed(await request('hooks/list', { cwds: [root] })));
}

function listed(answer: Answer): CodexHookList {
  if (!answer.ok) return answer;
  const data = (answer.result as { data?: unknown } | null)?.data;
  const hooks: CodexHookSeen[] = [];
  // What Codex says of files it could not load: errors, and warnings (a hooks file that does not parse is one).
  const notes: string[] = [];
  for (const entry of Array.isArray(data)
    ? (data as { hooks?: unknown; errors?: unknown; warnings?: unknown }[])
    : []) {
    for (const error of Array.isArray(entry?.errors) ? (entry.errors as Record<string, unknown>[]) : [])
      if (typeof error?.path === 'string' && typeof error.message === 'string')
        notes.push(`${error.path}: ${error.message}`);
    for (const warning of Array.isArray(entry?.warnings) ? (entry.warnings as unknown[]) : [])
      if (typeof warning === 'string') notes.push(warning);
    for (const hook of Array.isArray(entry?.hooks) ? (entry.hooks as Record<string, unknown>[]) : []) {
      const { key, eventName, command, trustStatus, currentHash, sourcePath } = hook;
      if (typeof key !== 'string' || typeof currentHash !== 'string' || typeof trustStatus !== 'string') continue;
      hooks.push({
        key,
        event: typeof eventName === 'string' ? eventName : '',
        command: typeof command === 'string' ? command : '',
        trust: trustStatus,
        hash: currentHash,
        sourcePath: typeof sourcePath === 'string' ? sourcePath : '',
      });
    }
  }
  return { ok: true, hooks, notes };
}

/**
 * Records Codex's trust in `hooks` (each at the hash Codex reported), then lists again: the
 * outcome is what Codex says afterwards, never what was written.
 */
export async function trustCodexHooks(
  codex: string,
  root: string,
  hooks: readonly CodexHookSeen[],
  env?: NodeJS.ProcessEnv,
): Promise<CodexHookList> {
  return withAppServer(codex, root, env, async (request) => {
    const state = Object.fromEntries(hooks.map((h) => [h.key, { trusted_hash: h.hash }]));
    const written = await request('config/batchWrite', {
      edits: [{ keyPath: 'hooks.state', mergeStrategy: 'upsert', value: state }],
    });
    if (!written.ok) return written;
    return listed(await request('hooks/list', { cwds: [root] }));
  });
}
