import type { ThrottlerStorage } from '@nestjs/throttler';
import { ManualClock } from '../../test/support/test-clock';
import { GatewayError } from '../common/errors/gateway.error';
import { FailoverThrottlerStorage, STORE_RETRY_DELAY_MS } from './failover-throttler.storage';

type StorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** A storage that answers with a fixed record, or fails while `down` is set. */
class FakeStorage implements ThrottlerStorage {
  down = false;
  calls = 0;

  constructor(private readonly record: StorageRecord) {}

  increment(): Promise<StorageRecord> {
    this.calls += 1;
    return this.down
      ? Promise.reject(new Error('Connection is closed.'))
      : Promise.resolve(this.record);
  }
}

const sharedRecord = { totalHits: 3, timeToExpire: 50, isBlocked: false, timeToBlockExpire: 0 };
const localRecord = { totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 };

function setUp(mode: 'local' | 'open' | 'closed') {
  const shared = new FakeStorage(sharedRecord);
  const local = new FakeStorage(localRecord);
  const logger = { warn: jest.fn(), log: jest.fn() };
  const clock = new ManualClock(0);
  const storage = new FailoverThrottlerStorage(shared, local, mode, clock, logger);
  const hit = () => storage.increment('org:all', 60000, 40, 60000, 'org');
  return { shared, local, logger, hit, advance: (ms: number) => clock.advance(ms) };
}

describe('FailoverThrottlerStorage', () => {
  it('counts in the shared storage while it answers', async () => {
    const { shared, local, hit } = setUp('local');
    await expect(hit()).resolves.toEqual(sharedRecord);
    expect([shared.calls, local.calls]).toEqual([1, 0]);
  });

  it('local: counts in memory while the shared storage fails, then goes back by itself', async () => {
    const { shared, local, logger, hit, advance } = setUp('local');
    shared.down = true;
    await expect(hit()).resolves.toEqual(localRecord);
    await expect(hit()).resolves.toEqual(localRecord);
    // Within the retry delay, the failing store is not asked again (no timeout per request).
    expect([shared.calls, local.calls]).toEqual([1, 2]);
    expect(logger.warn).toHaveBeenCalledTimes(1);

    shared.down = false;
    advance(STORE_RETRY_DELAY_MS);
    await expect(hit()).resolves.toEqual(sharedRecord);
    expect(logger.log).toHaveBeenCalledTimes(1);
  });

  it('open: admits every request while the shared storage fails', async () => {
    const { shared, local, hit } = setUp('open');
    shared.down = true;
    await expect(hit()).resolves.toEqual({
      totalHits: 0,
      timeToExpire: 60,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
    expect(local.calls).toBe(0);
  });

  it('closed: answers service_unavailable while the shared storage fails', async () => {
    const { shared, hit } = setUp('closed');
    shared.down = true;
    const failure = await hit().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GatewayError);
    expect(failure).toMatchObject({ code: 'service_unavailable', status: 503 });
  });
});
