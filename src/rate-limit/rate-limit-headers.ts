import { RateLimitPolicy, RateLimitState } from './rate-limit.types';

/**
 * The IETF draft `RateLimit-Policy` and `RateLimit` headers (draft-ietf-httpapi-ratelimit-headers),
 * as structured-field lists: one item per named throttler, a string naming the policy with its
 * parameters. Windows and resets are whole seconds, rounded up so that a caller waiting that long
 * never arrives early.
 */
export function formatRateLimitPolicy(policies: readonly RateLimitPolicy[]): string {
  return policies
    .map((policy) => `"${policy.name}";q=${policy.limit};w=${toSeconds(policy.ttlMs)}`)
    .join(', ');
}

export function formatRateLimit(states: readonly RateLimitState[]): string {
  return states
    .map((state) => `"${state.name}";r=${state.remaining};t=${Math.max(0, state.resetSeconds)}`)
    .join(', ');
}

function toSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
