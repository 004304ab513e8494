import { GatewayError } from '../common/errors/gateway.error';
import { ThrottlerName } from './rate-limit.types';

/** The contract's 429 for a quota: `Retry-After` in whole seconds (at least 1) and the limit's name. */
export function rateLimitedError(limit: ThrottlerName, resetSeconds: number): GatewayError {
  return new GatewayError('rate_limited', `The ${limit} rate limit is exhausted`, {
    headers: { 'Retry-After': String(Math.max(1, resetSeconds)) },
    extensions: { limit },
  });
}
