import { BlockedClients } from './blocked-clients';

describe('BlockedClients', () => {
  const key = BlockedClients.keyOf('a', 'PATCH', '/syncs/:id');
  const t0 = 1_000_000;

  it('knows nothing of a key that was never blocked', () => {
    expect(new BlockedClients().secondsLeft(key, t0)).toBeUndefined();
  });

  it('counts down in whole seconds, rounded up like Retry-After, and forgets the block when it ends', () => {
    const blocked = new BlockedClients();
    blocked.block(key, 60, t0);
    expect(blocked.secondsLeft(key, t0)).toBe(60);
    expect(blocked.secondsLeft(key, t0 + 1)).toBe(60);
    expect(blocked.secondsLeft(key, t0 + 59_001)).toBe(1);
    expect(blocked.secondsLeft(key, t0 + 60_000)).toBeUndefined();
    expect(blocked.secondsLeft(key, t0)).toBeUndefined();
  });

  it('says whether any block is still running, forgetting those that ended', () => {
    const blocked = new BlockedClients();
    expect(blocked.anyBlocked(t0)).toBe(false);
    blocked.block(key, 2, t0);
    blocked.block(BlockedClients.keyOf('b', 'GET', '/syncs/:id'), 5, t0);
    expect(blocked.anyBlocked(t0 + 1_999)).toBe(true);
    expect(blocked.anyBlocked(t0 + 2_000)).toBe(true);
    expect(blocked.secondsLeft(key, t0)).toBeUndefined();
    expect(blocked.anyBlocked(t0 + 5_000)).toBe(false);
  });

  it('blocks for at least a second, as the 429 says', () => {
    const blocked = new BlockedClients();
    blocked.block(key, 0, t0);
    expect(blocked.secondsLeft(key, t0 + 999)).toBe(1);
  });

  it('keeps clients, methods and routes apart', () => {
    const blocked = new BlockedClients();
    blocked.block(key, 10, t0);
    expect(
      blocked.secondsLeft(BlockedClients.keyOf('b', 'PATCH', '/syncs/:id'), t0),
    ).toBeUndefined();
    expect(blocked.secondsLeft(BlockedClients.keyOf('a', 'GET', '/syncs/:id'), t0)).toBeUndefined();
  });
});
