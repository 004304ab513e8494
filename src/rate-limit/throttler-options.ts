import { ExecutionContext } from '@nestjs/common';
import type { ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';
import { type Caller, rateLimitTracker } from '../common/auth/caller';
import type { GatewayRequest } from '../common/http/gateway-request';
import { RateLimitConfig } from '../config/gateway-config';
import { RedisKeys } from '../redis/redis-keys';
import { RateLimitPolicy } from './rate-limit.types';

/** The one tracker of the org-wide bucket: every client and route counts against it. */
const ORG_TRACKER = 'all';

/**
 * The two named throttlers. Each has its own tracker (the client id, or the application of a person's token; never the IP; a constant for
 * the org), and keys are `<throttler>:<tracker>` only: the default key generator hashes in the
 * controller and handler names, which would give every route its own org bucket.
 */
export function createThrottlerOptions(
  config: RateLimitConfig,
  storage: ThrottlerStorage,
): ThrottlerModuleOptions {
  return {
    throttlers: [
      {
        name: 'client',
        limit: (context) => clientPolicy(config, clientOf(context)).limit,
        ttl: (context) => clientPolicy(config, clientOf(context)).ttlMs,
        getTracker: (request) => rateLimitTracker(clientOf(request as GatewayRequest)),
      },
      {
        name: 'org',
        limit: config.org.limit,
        ttl: config.org.ttlMs,
        getTracker: () => ORG_TRACKER,
      },
    ],
    generateKey: (_context, tracker, name) => RedisKeys.rateLimit(name, tracker),
    // The throttler's own X-RateLimit-* and Retry-After-<name> headers: the guard writes the IETF ones.
    setHeaders: false,
    storage,
  };
}

/** The quotas that apply to `caller`, as stated in `RateLimit-Policy`. */
export function policiesFor(config: RateLimitConfig, caller: Caller): RateLimitPolicy[] {
  return [clientPolicy(config, caller), { name: 'org', ...config.org }];
}

function clientPolicy(config: RateLimitConfig, caller: Caller): RateLimitPolicy {
  return { name: 'client', ...(caller.rateLimit ?? config.client) };
}

/** The guard only counts authenticated requests, so `caller` is always set here. */
function clientOf(source: ExecutionContext | GatewayRequest): Caller {
  const request =
    'switchToHttp' in source ? source.switchToHttp().getRequest<GatewayRequest>() : source;
  if (!request.caller) {
    throw new Error('Rate limits counted before authentication');
  }
  return request.caller;
}
