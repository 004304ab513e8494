import { RateLimitHeaderDraft, RateLimitPolicy, RateLimitState } from './rate-limit.types';

/**
 * The IETF ratelimit-headers (draft-ietf-httpapi-ratelimit-headers) of one limited answer, in the
 * revision `RATE_LIMIT_HEADERS` names: every quota's policy, and the state of the quotas counted so far
 * (none yet: draft-8 states the policies only, the older drafts nothing). Windows and resets are whole
 * seconds, rounded up so that a caller waiting that long never arrives early.
 */
export function rateLimitHeaders(
  draft: RateLimitHeaderDraft,
  policies: readonly RateLimitPolicy[],
  counted: readonly RateLimitState[],
): Record<string, string> {
  if (draft === 'draft-8') {
    const headers = { 'RateLimit-Policy': formatRateLimitPolicy(policies) };
    return counted.length === 0 ? headers : { ...headers, RateLimit: formatRateLimit(counted) };
  }
  const state = tightestOf(counted);
  const policy = policies.find((candidate) => candidate.name === state?.name);
  if (!state || !policy) {
    return {};
  }
  return draft === 'draft-7' ? draft7(policy, state) : draft6(policy, state);
}

/** Draft 8: structured-field lists (RFC 9651), one item per named quota. */
export function formatRateLimitPolicy(policies: readonly RateLimitPolicy[]): string {
  return policies
    .map((policy) => `"${policy.name}";q=${policy.limit};w=${toSeconds(policy.ttlMs)}`)
    .join(', ');
}

export function formatRateLimit(states: readonly RateLimitState[]): string {
  return states
    .map((state) => `"${state.name}";r=${state.remaining};t=${resetOf(state)}`)
    .join(', ');
}

/** Draft 7: one combined `RateLimit` and an unnamed policy, for one quota. */
function draft7(policy: RateLimitPolicy, state: RateLimitState): Record<string, string> {
  return {
    'RateLimit-Policy': `${policy.limit};w=${toSeconds(policy.ttlMs)}`,
    RateLimit: `limit=${policy.limit}, remaining=${state.remaining}, reset=${resetOf(state)}`,
  };
}

/** Draft 6: one header per value, for one quota. */
function draft6(policy: RateLimitPolicy, state: RateLimitState): Record<string, string> {
  return {
    'RateLimit-Policy': `${policy.limit};w=${toSeconds(policy.ttlMs)}`,
    'RateLimit-Limit': String(policy.limit),
    'RateLimit-Remaining': String(state.remaining),
    'RateLimit-Reset': String(resetOf(state)),
  };
}

/**
 * The drafts before 8 state one quota: the one closest to refusing (least remaining, then the later
 * reset), which is the one that refused when a request is refused.
 */
function tightestOf(states: readonly RateLimitState[]): RateLimitState | undefined {
  return states.reduce<RateLimitState | undefined>((tightest, state) => {
    if (!tightest || state.remaining < tightest.remaining) {
      return state;
    }
    return state.remaining === tightest.remaining && resetOf(state) > resetOf(tightest)
      ? state
      : tightest;
  }, undefined);
}

function resetOf(state: RateLimitState): number {
  return Math.max(0, state.resetSeconds);
}

function toSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
