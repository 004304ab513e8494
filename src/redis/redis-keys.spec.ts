import { RedisKeys } from './redis-keys';

describe('RedisKeys', () => {
  // Replicas of two versions share Redis during a rolling update: a key spelled differently by the
  // new one would not be seen by the old one (two lock holders, a lost session, a second login).
  it('spells every family exactly as the released gateway does', () => {
    expect(RedisKeys.rateLimit('client', 'billing-ui')).toBe('client:billing-ui');
    expect(RedisKeys.rateLimit('org', 'all')).toBe('org:all');
    expect(RedisKeys.syncLock(42)).toBe('sync-lock:42');
    expect(RedisKeys.idempotency('ab12')).toBe('idempotency:ab12');
    expect(RedisKeys.squaredSessionToken('acc')).toBe('squared-session:acc:token');
    expect(RedisKeys.squaredSessionLogin('acc')).toBe('squared-session:acc:login');
    expect(RedisKeys.squaredLoginBudget('acc', 'tag')).toBe('squared-login:acc:tag:budget');
    expect(RedisKeys.upstreamHold()).toBe('upstream-hold');
    expect(RedisKeys.browserSession('d1g')).toBe('session:d1g');
  });

  it('gives each family its own first word, so no two can collide', () => {
    const firstWords = [
      RedisKeys.rateLimit('client', 'x'),
      RedisKeys.rateLimit('org', 'x'),
      RedisKeys.syncLock(1),
      RedisKeys.idempotency('x'),
      RedisKeys.squaredSessionToken('x'),
      RedisKeys.squaredLoginBudget('x', 'y'),
      RedisKeys.upstreamHold(),
      RedisKeys.browserSession('x'),
    ].map((key) => key.split(':')[0]);
    expect(new Set(firstWords).size).toBe(firstWords.length);
  });
});
