import { createHash } from 'node:crypto';
import { GatewayError } from '../common/errors/gateway.error';
import { canonicalJson } from '../common/json/canonical-json';
import { RedisKeys } from '../redis/redis-keys';

/** 1–255 visible ASCII characters (gateway-contract.md section 2). */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** @throws {GatewayError} `bad_request` for an empty, too long or non-visible-ASCII key. */
export function parseIdempotencyKey(header: string | string[]): string {
  if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
    throw new GatewayError(
      'bad_request',
      'Idempotency-Key must be 1 to 255 visible ASCII characters, sent once',
    );
  }
  return header;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Where a client's key is stored: keys are scoped per client, so two clients never collide. */
export function idempotencyScope(clientId: string, key: string): string {
  return RedisKeys.idempotency(sha256(JSON.stringify([clientId, key])));
}

/**
 * What "the same request" means for a key: the same method, path with query (so a key reused for
 * another sync or for `dryRun` is a different request) and body, compared as canonical JSON (RFC
 * 8785), so that key order and whitespace do not matter.
 */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  return sha256(canonicalJson({ method, url, body: body ?? null }) ?? '');
}
