import { formatRateLimit, formatRateLimitPolicy, rateLimitHeaders } from './rate-limit-headers';

describe('rate-limit headers', () => {
  it('states both quotas as a structured-field list', () => {
    expect(
      formatRateLimitPolicy([
        { name: 'client', limit: 60, ttlMs: 60000 },
        { name: 'org', limit: 40, ttlMs: 60000 },
      ]),
    ).toBe('"client";q=60;w=60, "org";q=40;w=60');
  });

  it('rounds windows up to whole seconds', () => {
    expect(formatRateLimitPolicy([{ name: 'client', limit: 5, ttlMs: 1500 }])).toBe(
      '"client";q=5;w=2',
    );
  });

  it('states what remains of each quota and when it resets', () => {
    expect(
      formatRateLimit([
        { name: 'client', remaining: 12, resetSeconds: 40 },
        { name: 'org', remaining: 0, resetSeconds: 7 },
      ]),
    ).toBe('"client";r=12;t=40, "org";r=0;t=7');
  });

  it('never states a negative reset', () => {
    expect(formatRateLimit([{ name: 'org', remaining: 3, resetSeconds: -1 }])).toBe(
      '"org";r=3;t=0',
    );
  });
});

describe('rateLimitHeaders by draft revision', () => {
  const policies = [
    { name: 'client' as const, limit: 60, ttlMs: 60000 },
    { name: 'org' as const, limit: 40, ttlMs: 30000 },
  ];
  const counted = [
    { name: 'client' as const, remaining: 12, resetSeconds: 40 },
    { name: 'org' as const, remaining: 3, resetSeconds: 7 },
  ];

  it('draft 8: every policy, and the state of each quota counted', () => {
    expect(rateLimitHeaders('draft-8', policies, [])).toEqual({
      'RateLimit-Policy': '"client";q=60;w=60, "org";q=40;w=30',
    });
    expect(rateLimitHeaders('draft-8', policies, counted)).toEqual({
      'RateLimit-Policy': '"client";q=60;w=60, "org";q=40;w=30',
      RateLimit: '"client";r=12;t=40, "org";r=3;t=7',
    });
  });

  it('drafts 7 and 6: the quota with the least remaining, nothing before counting', () => {
    expect(rateLimitHeaders('draft-7', policies, [])).toEqual({});
    expect(rateLimitHeaders('draft-7', policies, counted)).toEqual({
      'RateLimit-Policy': '40;w=30',
      RateLimit: 'limit=40, remaining=3, reset=7',
    });
    expect(rateLimitHeaders('draft-6', policies, counted)).toEqual({
      'RateLimit-Policy': '40;w=30',
      'RateLimit-Limit': '40',
      'RateLimit-Remaining': '3',
      'RateLimit-Reset': '7',
    });
  });

  it('drafts 7 and 6: on a tie, the quota that resets later', () => {
    const tie = [
      { name: 'client' as const, remaining: 0, resetSeconds: 50 },
      { name: 'org' as const, remaining: 0, resetSeconds: 7 },
    ];
    expect(rateLimitHeaders('draft-7', policies, tie).RateLimit).toBe(
      'limit=60, remaining=0, reset=50',
    );
  });
});
