// A scripted local stand-in for the Gemini API (DESIGN.md §8), so the real Gemini CLI runs offline.
// The CLI calls `POST /v1beta/models/<model>:streamGenerateContent?alt=sse`; each answer is one
// server-sent event holding a whole candidate. The script is a list of turns: a function call the
// model "makes", then a text that ends the turn. Every request body is kept, so a test reads the
// `functionResponse` the agent sent back: exactly what the model was told.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type GeminiTurn =
  { readonly call: { readonly name: string; readonly args: Record<string, unknown> } } | { readonly text: string };

export interface GeminiRequest {
  readonly path: string;
  readonly body: {
    contents?: { role?: string; parts?: Record<string, unknown>[] }[];
    tools?: { functionDeclarations?: { name: string; parameters?: unknown; parametersJsonSchema?: unknown }[] }[];
  };
}

export interface StandInGemini {
  readonly url: string;
  readonly requests: GeminiRequest[];
  /** The `functionResponse.response` objects the agent sent, in order (the last request carries the whole history). */
  functionResponses(): Record<string, unknown>[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function candidate(turn: GeminiTurn): Record<string, unknown> {
  const part = 'call' in turn ? { functionCall: { name: turn.call.name, args: turn.call.args } } : { text: turn.text };
  return {
    candidates: [{ content: { role: 'model', parts: [part] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 },
  };
}

/**
 * Answers the generation requests with `turns` in order (the last one again when they run out);
 * anything else (token counting, model listings) gets an empty JSON object.
 */
export async function startStandInGemini(turns: readonly GeminiTurn[]): Promise<StandInGemini> {
  const requests: GeminiRequest[] = [];
  let next = 0;
  const server: Server = createServer((req, res) => {
    void readBody(req).then((text) => {
      const url = req.url ?? '';
      let body: GeminiRequest['body'] = {};
      try {
        body = text === '' ? {} : (JSON.parse(text) as GeminiRequest['body']);
      } catch {
        body = {};
      }
      if (req.method === 'POST' && /:streamGenerateContent/.test(url)) {
        requests.push({ path: url, body });
        const turn = turns[Math.min(next, turns.length - 1)];
        next++;
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(turn === undefined ? '' : `data: ${JSON.stringify(candidate(turn))}\n\n`);
        return;
      }
      if (req.method === 'POST' && /:generateContent/.test(url)) {
        requests.push({ path: url, body });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(candidate({ text: '{}' })));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(url.includes('countTokens') ? JSON.stringify({ totalTokens: 10 }) : '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    functionResponses: () =>
      (requests[requests.length - 1]?.body.contents ?? []).flatMap((c) =>
        (c.parts ?? []).flatMap((p) => {
          const fr = p.functionResponse as { response?: Record<string, unknown> } | undefined;
          return fr?.response !== undefined ? [fr.response] : [];
        }),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
