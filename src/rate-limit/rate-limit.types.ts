/** The two named throttlers of gateway-contract.md section 4, in the order they are checked. */
export const THROTTLER_NAMES = ['client', 'org'] as const;
export type ThrottlerName = (typeof THROTTLER_NAMES)[number];

/** A quota as the `RateLimit-Policy` header states it. */
export interface RateLimitPolicy {
  name: ThrottlerName;
  limit: number;
  ttlMs: number;
}

/** One throttler's state after counting a request, as the `RateLimit` header states it. */
export interface RateLimitState {
  name: ThrottlerName;
  remaining: number;
  resetSeconds: number;
}

/** The ratelimit-headers draft revision the answers follow (`RATE_LIMIT_HEADERS`). */
export type RateLimitHeaderDraft = 'draft-8' | 'draft-7' | 'draft-6';
