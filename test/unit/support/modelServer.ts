// A scripted stand-in for the Anthropic Messages API, so the real Claude Code CLI runs offline
// (DESIGN.md §8): Claude Code, pointed at it by ANTHROPIC_BASE_URL, calls
// `POST /v1/messages?beta=true` with `stream: true` and reads server-sent events. The agent's turn
// (a request offering tools) is answered with the scripted tool calls, one per request, then with
// text and `end_turn`; any other request (token counting, a side query without tools) gets a small
// answer. Every request is recorded, so a test asserts on the tool_result text the agent read.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One tool call the stand-in model makes. */
export interface ToolCall {
  readonly name: string;
  readonly input: Record<string, unknown>;
  /** Text the model says before the call: one message of two content blocks (Claude Code writes a transcript line per block). */
  readonly say?: string;
}

/** A request Claude Code made, its body parsed when it was JSON. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly body: unknown;
}

/** A tool_result block the agent sent back: what it read after a tool call. */
export interface ToolResult {
  readonly toolUseId: string;
  readonly isError: boolean;
  readonly text: string;
}

export interface ModelServer {
  /** `http://127.0.0.1:PORT`, for ANTHROPIC_BASE_URL. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** The calls answered next, one per agent turn request; set before each run. */
  script(calls: readonly ToolCall[]): void;
  /** Every tool_result block of every request since the last `script`, in order, deduplicated by tool_use id. */
  toolResults(): ToolResult[];
  close(): Promise<void>;
}

type Block = Record<string, unknown>;

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((c: Block) => (typeof c.text === 'string' ? c.text : '')).join('');
  return '';
}

/** The tool_result blocks of a Messages request body, in the order the messages carry them. */
export function toolResultsOf(body: unknown): ToolResult[] {
  const messages = (body as { messages?: unknown } | null)?.messages;
  if (!Array.isArray(messages)) return [];
  const results: ToolResult[] = [];
  for (const message of messages as Block[]) {
    if (!Array.isArray(message.content)) continue;
    for (const block of message.content as Block[]) {
      if (block.type !== 'tool_result') continue;
      results.push({
        toolUseId: String(block.tool_use_id),
        isError: block.is_error === true,
        text: textOf(block.content),
      });
    }
  }
  return results;
}

function sse(res: ServerResponse, events: readonly Block[]): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  for (const event of events) res.write(`event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`);
  res.end();
}

const USAGE = { input_tokens: 10, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };

function messageStart(id: string, model: string): Block {
  return {
    type: 'message_start',
    message: {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: USAGE,
    },
  };
}

function toolUseEvents(id: string, model: string, call: ToolCall, toolUseId: string): Block[] {
  const at = call.say !== undefined ? 1 : 0;
  return [
    messageStart(id, model),
    ...(call.say !== undefined
      ? [
          { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
          { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: call.say } },
          { type: 'content_block_stop', index: 0 },
        ]
      : []),
    {
      type: 'content_block_start',
      index: at,
      content_block: { type: 'tool_use', id: toolUseId, name: call.name, input: {} },
    },
    {
      type: 'content_block_delta',
      index: at,
      delta: { type: 'input_json_delta', partial_json: JSON.stringify(call.input) },
    },
    { type: 'content_block_stop', index: at },
    { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 5 } },
    { type: 'message_stop' },
  ];
}

function textEvents(id: string, model: string, text: string): Block[] {
  return [
    messageStart(id, model),
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } },
    { type: 'content_block_stop', index: 0 },
    { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 5 } },
    { type: 'message_stop' },
  ];
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the stand-in on 127.0.0.1 at a port the system picks. */
export async function startModelServer(): Promise<ModelServer> {
  const requests: RecordedRequest[] = [];
  let calls: readonly ToolCall[] = [];
  let next = 0;
  let since = 0;
  let counter = 0;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      let body: unknown = raw;
      try {
        body = raw === '' ? undefined : JSON.parse(raw);
      } catch {
        // Recorded as text.
      }
      requests.push({ method: req.method ?? '', url: req.url ?? '', body });
      const url = req.url ?? '';
      if (req.method !== 'POST' || !url.startsWith('/v1/messages')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        return;
      }
      if (url.startsWith('/v1/messages/count_tokens')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ input_tokens: 10 }));
        return;
      }
      const request = (body ?? {}) as { model?: string; stream?: boolean; tools?: unknown[] };
      const model = request.model ?? 'claude-stand-in';
      const id = `msg_standin_${++counter}`;
      // Only the agent's own turn offers tools; side queries (titles, summaries) get plain text.
      const agentTurn = Array.isArray(request.tools) && request.tools.length > 0;
      const call = agentTurn && next < calls.length ? calls[next++] : undefined;
      const events =
        call !== undefined
          ? toolUseEvents(id, model, call, `toolu_standin_${counter}`)
          : textEvents(id, model, 'Done.');
      if (request.stream === true) {
        sse(res, events);
        return;
      }
      const content =
        call !== undefined
          ? [{ type: 'tool_use', id: `toolu_standin_${counter}`, name: call.name, input: call.input }]
          : [{ type: 'text', text: 'Done.' }];
      const message = {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content,
        stop_reason: call !== undefined ? 'tool_use' : 'end_turn',
        stop_sequence: null,
        usage: USAGE,
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(message));
    })().catch((error: unknown) => {
      res
        .writeHead(500, { 'content-type': 'application/json' })
        .end(JSON.stringify({ type: 'error', error: { type: 'api_error', message: String(error) } }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script(list) {
      calls = list;
      next = 0;
      since = requests.length;
    },
    toolResults() {
      const seen = new Map<string, ToolResult>();
      for (const request of requests.slice(since))
        for (const result of toolResultsOf(request.body))
          if (!seen.has(result.toolUseId)) seen.set(result.toolUseId, result);
      return [...seen.values()];
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
