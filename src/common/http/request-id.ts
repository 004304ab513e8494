import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A caller's id is kept only in this form (also what the OpenAPI document declares). */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const REQUEST_ID = Symbol('gateway.requestId');

type WithRequestId = IncomingMessage & { [REQUEST_ID]?: string };

/**
 * The request's id: the caller's `X-Request-Id` when it is well-formed (contract section 7), a UUID
 * otherwise. Cached on the raw request because Fastify and the HTTP logger both ask for it.
 */
export function requestIdOf(raw: IncomingMessage): string {
  const request = raw as WithRequestId;
  request[REQUEST_ID] ??= pickRequestId(raw.headers['x-request-id']);
  return request[REQUEST_ID];
}

function pickRequestId(header: string | string[] | undefined): string {
  return typeof header === 'string' && REQUEST_ID_PATTERN.test(header) ? header : randomUUID();
}
