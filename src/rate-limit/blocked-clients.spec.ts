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
