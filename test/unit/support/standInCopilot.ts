// A scripted local stand-in for the OpenAI Chat Completions API (DESIGN.md §8), so the real Copilot
// CLI runs offline with its own-provider settings (COPILOT_PROVIDER_BASE_URL, COPILOT_OFFLINE).
// Copilot 1.0.102 calls `POST /v1/chat/completions` with `stream: true` and reads server-sent
// chunks: the agent's first turn gets the scripted tool call (`finish_reason: "tool_calls"`),
// every later one a closing message. Each request body is kept: the `role: "tool"` messages are
// exactly what the model was told.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInCopilot {
  /** `http://127.0.0.1:PORT/v1`, for COPILOT_PROVIDER_BASE_URL. */
  readonly url: string;
  /** The content of every tool message the agent sent back (the last request carries the history). */
  toolMessages(): string[];
  /** The tool names the agent offered the model. */
  tools(): string[];
  close(): Promise<void>;
}

interface ChatRequest {
  readonly model?: string;
  readonly messages?: { role?: string; content?: unknown }[];
  readonly tools?: { function?: { name?: string } }[];
}

export async function startStandInCopilot(call: {
  readonly name: string;
  readonly arguments: Record<string, unknown>;
}): Promise<StandInCopilot> {
  const bodies: ChatRequest[] = [];
  let called = false;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (!(req.url ?? '').includes('/chat/completions')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
        return;
      }
      let body: ChatRequest = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
      } catch {
        // Kept empty: the test then finds no tool message.
      }
      bodies.push(body);
      // Only the agent's own turn offers tools; the call is made once.
      const turn = Array.isArray(body.tools) && body.tools.length > 0 && !called;
      if (turn) called = true;
      const id = `chatcmpl_${bodies.length}`;
      const created = Math.floor(Date.now() / 1000);
      const model = body.model ?? 'gpt-4.1';
      const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices, ...extra })}\n\n`;
      const delta = turn
        ? {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                index: 0,
                id: 'call_1',
                type: 'function',
                function: { name: call.name, arguments: JSON.stringify(call.arguments) },
              },
            ],
          }
        : { role: 'assistant', content: 'done' };
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(
        chunk([{ index: 0, delta, finish_reason: null }]) +
          chunk([{ index: 0, delta: {}, finish_reason: turn ? 'tool_calls' : 'stop' }]) +
          chunk([], { usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } }) +
          'data: [DONE]\n\n',
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    toolMessages: () =>
      (bodies[bodies.length - 1]?.messages ?? [])
        .filter((m) => m.role === 'tool')
        .map((m) => (typeof m.content === 'string' ? m.content : JSON.stringify(m.content))),
    tools: () => (bodies[0]?.tools ?? []).map((t) => t.function?.name ?? ''),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
