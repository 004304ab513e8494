import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GatewayError } from '../common/errors/gateway.error';
import { findJsonBodyViolation } from './json-body-rules';

export const BODY_LIMIT_BYTES = 64 * 1024;
const JSON_TYPES = ['application/json', 'application/merge-patch+json'];

/**
 * Accepts only JSON bodies (anything else is 415) of at most 64 KiB (413), sent without a content
 * coding (415: the gateway decodes none, and must not read compressed bytes as JSON). A parsed body
 * that breaks a rule of `json-body-rules.ts` (too deep, a prototype key, a number JSON cannot carry)
 * is a 422 here, before authentication and before any code copies, validates or walks it.
 */
export function registerBodyParsers(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    JSON_TYPES,
    { parseAs: 'string', bodyLimit: BODY_LIMIT_BYTES },
    (
      request: FastifyRequest,
      body: string,
      done: (error: Error | null, value?: unknown) => void,
    ) => {
      try {
        assertIdentityEncoding(request.headers['content-encoding']);
        done(null, parseJsonBody(body));
      } catch (error) {
        done(error as Error);
      }
    },
  );
}

/** `Content-Encoding` absent, or a list of `identity` only (RFC 9110 8.4); duplicates arrive joined. */
function assertIdentityEncoding(header: string | undefined): void {
  const codings = (header ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  if (codings.length > 0) {
    throw new GatewayError(
      'unsupported_media_type',
      'Send the body without a Content-Encoding (identity only)',
    );
  }
}

function parseJsonBody(text: string): unknown {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new GatewayError('bad_request', 'The body is not valid JSON');
  }
  const violation = findJsonBodyViolation(body);
  if (violation !== undefined) {
    throw new GatewayError('validation_failed', violation.detail, { errors: [violation.error] });
  }
  return body;
}
