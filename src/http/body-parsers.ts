import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GatewayError } from '../common/errors/gateway.error';
import { findForbiddenKey } from '../syncs/forbidden-keys';

export const BODY_LIMIT_BYTES = 64 * 1024;
const JSON_TYPES = ['application/json', 'application/merge-patch+json'];

/**
 * Accepts only JSON bodies (anything else is 415) of at most 64 KiB (413). Keys that could reach an
 * object's prototype (`__proto__`, `constructor`, `prototype`) are rejected here, before any code
 * copies the body into another object.
 */
export function registerBodyParsers(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    JSON_TYPES,
    { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES },
    (
      _request: FastifyRequest,
      body: string,
      done: (error: Error | null, value?: unknown) => void,
    ) => {
      try {
        done(null, parseJsonBody(body));
      } catch (error) {
        done(error as Error);
      }
    },
  );
}

function parseJsonBody(text: string): unknown {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new GatewayError('bad_request', 'The body is not valid JSON');
  }
  const forbidden = findForbiddenKey(body);
  if (forbidden !== undefined) {
    throw new GatewayError('validation_failed', 'The body contains a forbidden key', {
      errors: [{ field: forbidden, message: 'is a forbidden key' }],
    });
  }
  return body;
}
