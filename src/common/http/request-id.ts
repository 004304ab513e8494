import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { redactString } from '../secrets/secret-policy';

/** A caller's id is kept only in this form (also what the OpenAPI document declares). */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const REQUEST_ID = Symbol('gateway.requestId');

type WithRequestId = IncomingMessage & { [REQUEST_ID]?: string };

/**
 * The request's id: the caller's `X-Request-Id` when it is well-formed (contract section 7) and no
 * credential, a UUID otherwise. Cached on the raw request because Fastify and the HTTP logger both ask for it.
 */
export function requestIdOf(raw: IncomingMessage): string {
  const request = raw as WithRequestId;
  request[REQUEST_ID] ??= pickRequestId(raw.headers['x-request-id']);
  return request[REQUEST_ID];
}

/**
 * A caller id that looks like a credential (a JWT, a gateway key: both fit the syntax) is replaced
 * too: the id is echoed in the answer, every log line and the audit record, where no secret may go.
 */
function pickRequestId(header: string | string[] | undefined): string {
  return typeof header === 'string' &&
    REQUEST_ID_PATTERN.test(header) &&
    redactString(header) === header
    ? header
    : randomUUID();
}
