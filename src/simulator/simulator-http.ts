import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { JSON_CONTENT_TYPE, type SimResponse } from './simulator-responses';
import type { SimulatorFault } from './simulator.types';

export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export function lowercaseHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return headers;
}

/** The body as a test wants to see it: JSON when it parses, else the raw text. */
export function bodyForLog(rawBody: string): unknown {
  if (rawBody === '') {
    return undefined;
  }
  try {
    return JSON.parse(rawBody) as unknown;
  } catch {
    return rawBody;
  }
}

/** Rails' `request.ip`: the first forwarded address behind a local proxy, else the peer. */
export function clientIpOf(request: IncomingMessage, headers: Record<string, string>): string {
  const forwarded = headers['x-forwarded-for']?.split(',')[0]?.trim();
  return forwarded || request.socket.remoteAddress || 'unknown';
}

export function pathOf(request: IncomingMessage): string {
  return new URL(request.url ?? '/', 'http://simulator').pathname;
}

export function sendResponse(response: ServerResponse, answer: SimResponse): void {
  const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  response.writeHead(answer.status, {
    'Content-Type': JSON_CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(body),
    ...answer.headers,
  });
  response.end(body);
}

/** The answer a `status` or `garbage` fault sends instead of the real one. */
export function faultAnswer(
  fault: Extract<SimulatorFault, { kind: 'status' | 'garbage' }>,
): SimResponse {
  if (fault.kind === 'garbage') {
    return { status: 200, body: '<html><body>definitely not JSON' };
  }
  const contentType: Record<string, string> = fault.contentType
    ? { 'Content-Type': fault.contentType }
    : {};
  return {
    status: fault.status,
    body: fault.body ?? { status: fault.status, error: STATUS_CODES[fault.status] ?? 'Error' },
    headers: { ...contentType, ...fault.headers },
  };
}
