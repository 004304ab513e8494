import { formatRateLimit, formatRateLimitPolicy } from './rate-limit-headers';

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
