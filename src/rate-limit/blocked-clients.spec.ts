import { ManualClock } from '../../test/support/test-clock';
import { BlockedClients } from './blocked-clients';

describe('BlockedClients', () => {
  const key = BlockedClients.keyOf('a', 'PATCH', '/syncs/:id');
  const t0 = 1_000_000;
  let clock: ManualClock;
  let blocked: BlockedClients;
  /** What `ask` answers at `t0 + ms`. */
  const at = <T>(ms: number, ask: () => T): T => {
    clock.time = t0 + ms;
    return ask();
  };

  beforeEach(() => {
    clock = new ManualClock(t0);
    blocked = new BlockedClients(clock);
  });

  it('knows nothing of a key that was never blocked', () => {
    expect(blocked.secondsLeft(key)).toBeUndefined();
  });

  it('counts down in whole seconds, rounded up like Retry-After, and forgets the block when it ends', () => {
    blocked.block(key, 60);
    expect(at(0, () => blocked.secondsLeft(key))).toBe(60);
    expect(at(1, () => blocked.secondsLeft(key))).toBe(60);
    expect(at(59_001, () => blocked.secondsLeft(key))).toBe(1);
    expect(at(60_000, () => blocked.secondsLeft(key))).toBeUndefined();
    expect(at(0, () => blocked.secondsLeft(key))).toBeUndefined();
  });

  it('says whether any block is still running, forgetting those that ended', () => {
    expect(blocked.anyBlocked()).toBe(false);
    blocked.block(key, 2);
    blocked.block(BlockedClients.keyOf('b', 'GET', '/syncs/:id'), 5);
    expect(at(1_999, () => blocked.anyBlocked())).toBe(true);
    expect(at(2_000, () => blocked.anyBlocked())).toBe(true);
    expect(at(0, () => blocked.secondsLeft(key))).toBeUndefined();
    expect(at(5_000, () => blocked.anyBlocked())).toBe(false);
  });

  it('blocks for at least a second, as the 429 says', () => {
    blocked.block(key, 0);
    expect(at(999, () => blocked.secondsLeft(key))).toBe(1);
  });

  it('keeps clients, methods and routes apart', () => {
    blocked.block(key, 10);
    expect(blocked.secondsLeft(BlockedClients.keyOf('b', 'PATCH', '/syncs/:id'))).toBeUndefined();
    expect(blocked.secondsLeft(BlockedClients.keyOf('a', 'GET', '/syncs/:id'))).toBeUndefined();
  });
});
