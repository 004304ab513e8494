import { ThrottlerStorageService } from '@nestjs/throttler';

/**
 * Pins what the gateway relies on in @nestjs/throttler's in-memory storage (used without REDIS_URL
 * and as the `local` fallback): no timer per request, bounded memory, idle keys evicted. Older
 * versions kept one `setTimeout` per hit; this spec fails if an upgrade brings that back.
 */
describe('in-memory throttler storage', () => {
  let storage: ThrottlerStorageService;

  beforeEach(() => {
    jest.useFakeTimers();
    storage = new ThrottlerStorageService();
  });
  afterEach(() => {
    storage.onApplicationShutdown();
    jest.useRealTimers();
  });

  const hit = (key: string) => storage.increment(key, 60000, 5, 60000, 'client');

  it('keeps one sweep timer, however many requests it counts', async () => {
    for (let i = 0; i < 500; i += 1) {
      await hit(`client:c${i % 50}`);
    }
    expect(jest.getTimerCount()).toBe(1);
  });

  it('keeps at most limit + 1 hits per key, however many requests a key sends', async () => {
    for (let i = 0; i < 1000; i += 1) {
      await hit('client:noisy');
    }
    const record = await hit('client:noisy');
    expect(record.isBlocked).toBe(true);
    expect(storage.storage.get('client:noisy')?.totalHits.get('client')).toBeLessThanOrEqual(6);
  });

  it('evicts idle keys once their window has passed', async () => {
    for (let i = 0; i < 100; i += 1) {
      await hit(`client:c${i}`);
    }
    expect(storage.storage.size).toBe(100);
    jest.advanceTimersByTime(121000);
    expect(storage.storage.size).toBe(0);
  });
});
