/**
 * P, the reference proxy: the gateway's work with none of its safety. On `PATCH /syncs/:id` it GETs
 * the sync upstream, merges `body.sync` into the writable fields (`shallow-merge.ts`), PUTs
 * the full record and answers Squared's answer. No auth, limits, audit or validation.
 * Environment: UPSTREAM_URL. Answers its port over IPC once listening.
 */
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { Pool } from 'undici';
import { shallowMerge } from './shallow-merge';

const upstream = new Pool(process.env.UPSTREAM_URL ?? '', {
  connections: 64,
  keepAliveTimeout: 30_000,
});
const upstreamHeaders = {
  authorization: 'Bearer reference-proxy',
  'workspace-id': '3',
  accept: 'application/json',
};

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString();
}

async function patch(
  id: string,
  request: IncomingMessage,
): Promise<{ status: number; body: string }> {
  const patchBody = JSON.parse(await readBody(request)) as { sync: Record<string, unknown> };
  const path = `/api/v1/syncs/${id}`;
  const headers = { ...upstreamHeaders, 'x-request-id': String(request.headers['x-request-id']) };
  const current = await upstream.request({ method: 'GET', path, headers });
  const document = (await current.body.json()) as { data: { attributes: Record<string, unknown> } };
  const record = shallowMerge(document.data.attributes, patchBody.sync);
  const written = await upstream.request({
    method: 'PUT',
    path,
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ sync: record }),
  });
  return { status: written.statusCode, body: await written.body.text() };
}

function send(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(body);
}

const server = createServer((request, response) => {
  const match = /^\/syncs\/(\d+)$/.exec(request.url ?? '');
  if (request.method !== 'PATCH' || !match) {
    send(response, 404, '{}');
    return;
  }
  patch(match[1], request).then(
    ({ status, body }) => send(response, status, body),
    () => send(response, 502, '{}'),
  );
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
