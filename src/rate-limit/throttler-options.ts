import { ExecutionContext } from '@nestjs/common';
import type { ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';
import type { GatewayClient } from '../common/auth/gateway-client';
import type { GatewayRequest } from '../common/http/gateway-request';
import { RateLimitConfig } from '../config/gateway-config';
import { RedisKeys } from '../redis/redis-keys';
import { RateLimitPolicy } from './rate-limit.types';

/** The one tracker of the org-wide bucket: every client and route counts against it. */
const ORG_TRACKER = 'all';

/**
 * The two named throttlers. Each has its own tracker (the client id, never the IP; a constant for
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
        getTracker: (request) => clientOf(request as GatewayRequest).id,
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

/** The quotas that apply to `client`, as stated in `RateLimit-Policy`. */
export function policiesFor(config: RateLimitConfig, client: GatewayClient): RateLimitPolicy[] {
  return [clientPolicy(config, client), { name: 'org', ...config.org }];
}

function clientPolicy(config: RateLimitConfig, client: GatewayClient): RateLimitPolicy {
  return { name: 'client', ...(client.rateLimit ?? config.client) };
}

/** The guard only counts authenticated requests, so `client` is always set here. */
function clientOf(source: ExecutionContext | GatewayRequest): GatewayClient {
  const request =
    'switchToHttp' in source ? source.switchToHttp().getRequest<GatewayRequest>() : source;
  if (!request.client) {
    throw new Error('Rate limits counted before authentication');
  }
  return request.client;
}
