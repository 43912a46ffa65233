// Tokens each domain's agent spent, summed from the Claude Code transcripts its hook events name
// (`transcript_path`, recorded by events.ts). Each assistant message line carries `message.usage`
// (input_tokens, output_tokens, cache_creation_input_tokens, cache_read_input_tokens) and
// `message.model`; Claude Code writes one message over several lines (one per content block: text,
// thinking, tool_use) that repeat the same message.id and usage, so a message counts once.
//
// The path comes from the agent (any process in its terminal can run the hook with its own JSON),
// so it is hostile: only an absolute `.jsonl` regular file inside the user's Claude folder or the
// work tree is read, with no symbolic link between that folder and the file, opened with
// O_NOFOLLOW | O_NONBLOCK. The read is incremental and bounded: a byte offset per transcript (only
// what was appended is read), at most `budget` bytes per refresh over all transcripts (a long
// backlog is caught up over several refreshes), a line over MAX_TRANSCRIPT_LINE skipped, and a
// last line without its newline left for the next read (Claude Code may be writing it).
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { NO_TOKENS, addTokens, summarize, type ModelTokens, type TokenCounts, type UsageSummary } from './prices';

/** A longer line is skipped: no assistant message Territory needs is this long but a huge Write. */
export const MAX_TRANSCRIPT_LINE = 1024 * 1024;
/** Bytes read per refresh over all transcripts: 25 agents' backlogs never hold the editor up. */
export const REFRESH_BUDGET = 8 * 1024 * 1024;
/** Transcripts followed per domain (each session and subagent has its own). */
export const MAX_TRANSCRIPTS_PER_DOMAIN = 64;
/** Message ids remembered for deduplication, per domain; the oldest go first. */
const MAX_SEEN = 200_000;

const READ = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** The folders a transcript may lie in: the user's Claude folder (CLAUDE_CONFIG_DIR or ~/.claude) and the work tree. */
export function transcriptFolders(root: string, env: NodeJS.ProcessEnv, home: string): string[] {
  const claude = env.CLAUDE_CONFIG_DIR?.trim() || path.join(home, '.claude');
  return [claude, root].filter((f) => path.isAbsolute(f));
}

function inside(folder: string, file: string): boolean {
  const rel = path.relative(folder, file);
  return rel !== '' && !rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel);
}

/** Why `file` is not a transcript Territory reads, or undefined. */
export function refusedTranscript(file: string, folders: readonly string[]): string | undefined {
  if (!path.isAbsolute(file) || file.includes('\0') || path.normalize(file) !== file)
    return 'not an absolute, normal path';
  if (!file.endsWith('.jsonl')) return 'not a .jsonl file';
  const folder = folders.find((f) => inside(path.resolve(f), file));
  if (folder === undefined) return "outside the user's Claude folder and the work tree";
  let real: string;
  let realFolder: string;
  try {
    if (!lstatSync(file).isFile()) return 'not a regular file (a symbolic link, a folder or a device)';
    real = realpathSync(file);
    realFolder = realpathSync(path.resolve(folder));
  } catch {
    return 'not found';
  }
  // The folder itself may be a link (dotfiles); nothing between it and the file may be.
  if (real !== path.join(realFolder, path.relative(path.resolve(folder), file)))
    return 'reached through a symbolic link';
  return undefined;
}

function fieldMax(a: TokenCounts, b: TokenCounts): TokenCounts {
  return {
    input: Math.max(a.input, b.input),
    output: Math.max(a.output, b.output),
    cacheCreation: Math.max(a.cacheCreation, b.cacheCreation),
    cacheRead: Math.max(a.cacheRead, b.cacheRead),
  };
}

interface Cursor {
  ino: number;
  offset: number;
  /** Inside a line longer than MAX_TRANSCRIPT_LINE: skip to its end. */
  skipping: boolean;
}

interface DomainTally {
  readonly files: string[];
  readonly models: Map<string, { tokens: TokenCounts; messages: number }>;
  /** Each message id counted, with the usage counted for it. */
  readonly seen: Map<string, TokenCounts>;
  partial: boolean;
}

/** One assistant message's usage from a transcript line, or undefined. */
export function usageOfLine(line: string): { id: string; model: string; tokens: TokenCounts } | undefined {
  // Most lines (prompts, tool results, file snapshots) are not assistant messages: never parsed.
  if (!line.includes('"assistant"') || !line.includes('"usage"')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  const message = record.message as Record<string, unknown> | undefined;
  if (record.type !== 'assistant' || message === null || typeof message !== 'object') return undefined;
  const usage = message.usage as Record<string, unknown> | undefined;
  const model = typeof message.model === 'string' ? message.model.slice(0, 100) : 'unknown model';
  if (usage === null || typeof usage !== 'object' || model === '<synthetic>') return undefined;
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.min(v, 1e9) : 0);
  const tokens = {
    input: n(usage.input_tokens),
    output: n(usage.output_tokens),
    cacheCreation: n(usage.cache_creation_input_tokens),
    cacheRead: n(usage.cache_read_input_tokens),
  };
  // The message id joins a message's lines; the request id too where the id is missing; else the line's own uuid.
  const id = [message.id, record.requestId, record.uuid].find((v): v is string => typeof v === 'string' && v !== '');
  return id === undefined ? undefined : { id: id.slice(0, 200), model, tokens };
}

/**
 * Follows the transcripts of each domain. `note` hears once per transcript why it is not read.
 * A transcript belongs to the first domain that named it.
 */
export class TranscriptUsage {
  private readonly cursors = new Map<string, Cursor>();
  private readonly owners = new Map<string, string>();
  private readonly domains = new Map<string, DomainTally>();
  private readonly refused = new Set<string>();
  private start = 0;

  constructor(
    private readonly folders: readonly string[],
    private readonly note: (message: string) => void = () => undefined,
  ) {}

  private tally(domain: string): DomainTally {
    let t = this.domains.get(domain);
    if (!t) this.domains.set(domain, (t = { files: [], models: new Map(), seen: new Map(), partial: false }));
    return t;
  }

  /** Names a transcript for a domain (from a hook event); checked when read. */
  follow(domain: string, file: string): void {
    if (this.owners.has(file) || this.refused.has(file)) return;
    const t = this.tally(domain);
    if (t.files.length >= MAX_TRANSCRIPTS_PER_DOMAIN) return;
    const why = refusedTranscript(file, this.folders);
    if (why !== undefined) {
      this.refused.add(file);
      this.note(`${domain}: the transcript ${file.slice(0, 200)} is not read: ${why}`);
      return;
    }
    this.owners.set(file, domain);
    t.files.push(file);
  }

  /** Reads what was appended to the followed transcripts, at most `budget` bytes in all. */
  read(budget = REFRESH_BUDGET): void {
    const files = [...this.owners.keys()];
    let left = Math.max(budget, MAX_TRANSCRIPT_LINE + 1);
    for (const t of this.domains.values()) t.partial = false;
    // Each refresh starts one file further, so one long backlog never starves the others.
    for (let i = 0; i < files.length; i++) {
      const file = files[(this.start + i) % files.length]!;
      const tally = this.tally(this.owners.get(file)!);
      if (left <= 0) {
        tally.partial ||= this.unread(file);
        continue;
      }
      const spent = this.readFile(file, tally, left);
      left -= spent;
      if (left <= 0) tally.partial ||= this.unread(file);
    }
    this.start = files.length === 0 ? 0 : (this.start + 1) % files.length;
  }

  private unread(file: string): boolean {
    try {
      return lstatSync(file).size > (this.cursors.get(file)?.offset ?? 0);
    } catch {
      return false;
    }
  }

  /** Reads one transcript from its offset; returns the bytes read. */
  private readFile(file: string, tally: DomainTally, max: number): number {
    let fd: number;
    try {
      fd = openSync(file, READ);
    } catch {
      return 0;
    }
    let spent = 0;
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) return 0;
      let cursor = this.cursors.get(file);
      // A new file under the name, or one cut shorter: read it from the start (ids seen stay seen).
      if (!cursor || cursor.ino !== stat.ino || stat.size < cursor.offset)
        cursor = { ino: stat.ino, offset: 0, skipping: false };
      this.cursors.set(file, cursor);
      const chunk = Buffer.allocUnsafe(Math.min(MAX_TRANSCRIPT_LINE + 1, Math.max(0, stat.size - cursor.offset)));
      while (cursor.offset < stat.size && spent < max) {
        const want = Math.min(chunk.length, stat.size - cursor.offset, max - spent);
        const got = readSync(fd, chunk, 0, want, cursor.offset);
        if (got <= 0) break;
        spent += got;
        const data = chunk.subarray(0, got);
        let from = 0;
        if (cursor.skipping) {
          const end = data.indexOf(0x0a);
          if (end < 0) {
            cursor.offset += got;
            continue;
          }
          cursor.skipping = false;
          from = end + 1;
        }
        const last = data.lastIndexOf(0x0a);
        if (last < from) {
          // No whole line here: a line still being written (left for later), or one too long to keep.
          if (got - from > MAX_TRANSCRIPT_LINE) {
            cursor.offset += got;
            cursor.skipping = true;
            continue;
          }
          cursor.offset += from;
          break;
        }
        this.count(data.subarray(from, last + 1), tally);
        cursor.offset += last + 1;
        if (got < want) break;
      }
      tally.partial ||= spent >= max && cursor.offset < stat.size;
      return spent;
    } catch {
      return spent;
    } finally {
      closeSync(fd);
    }
  }

  private count(bytes: Buffer, tally: DomainTally): void {
    let start = 0;
    while (start < bytes.length) {
      // Jump to the next line naming "usage" (a native search): most lines are not assistant messages.
      const at = bytes.indexOf('"usage"', start);
      if (at < 0) return;
      const lineStart = bytes.lastIndexOf(0x0a, at) + 1;
      let end = bytes.indexOf(0x0a, at);
      if (end < 0) end = bytes.length;
      if (end - lineStart <= MAX_TRANSCRIPT_LINE) this.add(usageOfLine(bytes.toString('utf8', lineStart, end)), tally);
      start = end + 1;
    }
  }

  /**
   * Counts a message once. Its later lines may carry a larger usage (the last block's final output
   * count): each field keeps its largest value, and only the growth is added.
   */
  private add(usage: ReturnType<typeof usageOfLine>, tally: DomainTally): void {
    if (usage === undefined) return;
    const before = tally.seen.get(usage.id);
    const max = before === undefined ? usage.tokens : fieldMax(before, usage.tokens);
    if (before === undefined && tally.seen.size >= MAX_SEEN)
      tally.seen.delete(tally.seen.keys().next().value as string);
    tally.seen.set(usage.id, max);
    const growth =
      before === undefined
        ? max
        : {
            input: max.input - before.input,
            output: max.output - before.output,
            cacheCreation: max.cacheCreation - before.cacheCreation,
            cacheRead: max.cacheRead - before.cacheRead,
          };
    const m = tally.models.get(usage.model) ?? { tokens: NO_TOKENS, messages: 0 };
    tally.models.set(usage.model, {
      tokens: addTokens(m.tokens, growth),
      messages: m.messages + (before === undefined ? 1 : 0),
    });
  }

  /** A domain's usage so far; undefined while none of its transcripts was named. */
  usageOf(domain: string): UsageSummary | undefined {
    const t = this.domains.get(domain);
    if (!t || t.files.length === 0) return undefined;
    const perModel: ModelTokens[] = [...t.models].map(([model, m]) => ({
      model,
      tokens: m.tokens,
      messages: m.messages,
    }));
    return summarize(perModel, t.partial);
  }
}
