// A scripted local stand-in for the OpenAI Responses API (DESIGN.md §8), so the real Codex CLI runs
// offline. Codex calls `POST /v1/responses` and reads server-sent events: response.created, an
// output item (added, then done), response.completed with usage. The first answer is the scripted
// tool call, every later one a closing message. Each request body is kept: the
// `function_call_output` items are exactly what the model was told.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInCodex {
  readonly url: string;
  /** The `output` of every function_call_output the agent sent back, in order (the last request carries the history). */
  outputs(): string[];
  /** Every request body as JSON text, in order: what the model was told at each step. */
  requests(): string[];
  close(): Promise<void>;
}

export async function startStandInCodex(call: {
  readonly name: string;
  readonly arguments: Record<string, unknown>;
}): Promise<StandInCodex> {
  const bodies: { input?: { type?: string; output?: unknown }[] }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (!(req.url ?? '').includes('/responses')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
        return;
      }
      try {
        bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as (typeof bodies)[number]);
      } catch {
        bodies.push({});
      }
      const n = bodies.length;
      const item =
        n === 1
          ? {
              type: 'function_call',
              id: 'fc_1',
              call_id: 'call_1',
              name: call.name,
              arguments: JSON.stringify(call.arguments),
              status: 'completed',
            }
          : {
              type: 'message',
              id: `msg_${n}`,
              role: 'assistant',
              status: 'completed',
              content: [{ type: 'output_text', text: 'done', annotations: [] }],
            };
      const event = (type: string, fields: Record<string, unknown>) =>
        `event: ${type}\ndata: ${JSON.stringify({ type, ...fields })}\n\n`;
      const usage = {
        input_tokens: 10,
        output_tokens: 5,
        total_tokens: 15,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens_details: { reasoning_tokens: 0 },
      };
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(
        event('response.created', { response: { id: `resp_${n}` } }) +
          event('response.output_item.added', { output_index: 0, item }) +
          event('response.output_item.done', { output_index: 0, item }) +
          event('response.completed', { response: { id: `resp_${n}`, usage } }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    outputs: () =>
      (bodies[bodies.length - 1]?.input ?? [])
        .filter((i) => i.type === 'function_call_output')
        .map((i) => String(i.output)),
    requests: () => bodies.map((b) => JSON.stringify(b)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
