/**
 * Minimal Squared stand-in for the benchmark: `GET /api/v1/syncs/:id` answers a precomputed document
 * (sync 42 of the simulator, with the asked id); `PUT` echoes it with the sent writable fields. Optional
 * fixed latency per answer. `GET /__stats` counts requests per method and per `X-Request-Id` prefix
 * (the text before the first `-`), `POST /__reset?latencyMs=N` clears them and sets the latency.
 * Environment: STANDIN_DOCUMENT (the JSON document). Answers its port over IPC once listening.
 */
import { createServer, IncomingMessage, ServerResponse } from 'node:http';

const document = JSON.parse(process.env.STANDIN_DOCUMENT ?? '') as {
  data: { id: string; attributes: Record<string, unknown> };
};
const idMarker = `"id":"${document.data.id}"`;
const template = JSON.stringify(document);
const cut = template.indexOf(idMarker);
const before = template.slice(0, cut);
const after = template.slice(cut + idMarker.length);
const getAnswers = new Map<string, string>();

let latencyMs = 0;
let counts: Record<string, number> = {};

function count(key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function answer(response: ServerResponse, status: number, body: string): void {
  const send = () => {
    response.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
  };
  if (latencyMs > 0) {
    setTimeout(send, latencyMs);
  } else {
    send();
  }
}

function getAnswer(id: string): string {
  let body = getAnswers.get(id);
  if (body === undefined) {
    body = `${before}"id":"${id}"${after}`;
    getAnswers.set(id, body);
  }
  return body;
}

function putAnswer(id: string, text: string): string {
  const sent = (JSON.parse(text) as { sync?: Record<string, unknown> }).sync ?? {};
  const attributes = { ...document.data.attributes, ...sent };
  return JSON.stringify({ ...document, data: { ...document.data, id, attributes } });
}

function control(request: IncomingMessage, response: ServerResponse): void {
  const url = new URL(request.url ?? '/', 'http://stand-in');
  if (url.pathname === '/__reset') {
    latencyMs = Number(url.searchParams.get('latencyMs') ?? latencyMs);
    counts = {};
  }
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ latencyMs, counts }));
}

const server = createServer((request, response) => {
  const url = request.url ?? '/';
  if (url.startsWith('/__')) {
    control(request, response);
    return;
  }
  const match = /^\/api\/v1\/syncs\/(\d+)$/.exec(url);
  const requestId = request.headers['x-request-id'];
  count(request.method ?? '?');
  if (typeof requestId === 'string') {
    count(`id:${requestId.split('-')[0]}`);
  }
  if (!match) {
    answer(response, 404, '{"errors":[{"detail":"not found"}]}');
    return;
  }
  if (request.method === 'GET') {
    answer(response, 200, getAnswer(match[1]));
    return;
  }
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () =>
    answer(response, 200, putAnswer(match[1], Buffer.concat(chunks).toString())),
  );
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
