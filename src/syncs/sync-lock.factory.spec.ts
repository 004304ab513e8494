import { loadGatewayConfig } from '../config/gateway-config';
import { TestClock } from '../../test/support/test-clock';
import { RedisConnection } from '../redis/redis-connection';
import { InProcessSyncLock, UnserialisedSyncLock } from './in-process-sync.lock';
import { createSyncLock } from './sync-lock.factory';

const noRedis = { client: undefined } as RedisConnection;

describe('createSyncLock', () => {
  it('serialises in process without REDIS_URL, bounding the lease by the upstream timeout', () => {
    const config = loadGatewayConfig({ SQUARED_TIMEOUT_MS: '1000' });
    expect(config.syncLock).toEqual({
      leaseMs: 6000,
      writeBudgetMs: 4000,
      waitMs: 12000,
      disabled: false,
    });
    expect(createSyncLock(config.syncLock, noRedis, new TestClock())).toBeInstanceOf(
      InProcessSyncLock,
    );
  });

  it('honours the test-only switch outside production and refuses it in production', () => {
    const config = loadGatewayConfig({
      UNSAFE_DISABLE_SYNC_LOCK: 'true',
      SYNC_LOCK_WAIT_MS: '500',
    });
    expect(config.syncLock.waitMs).toBe(500);
    expect(createSyncLock(config.syncLock, noRedis, new TestClock())).toBeInstanceOf(
      UnserialisedSyncLock,
    );
    expect(() =>
      loadGatewayConfig({
        NODE_ENV: 'production',
        UNSAFE_DISABLE_SYNC_LOCK: 'true',
        SQUARED_API_TOKEN: 't',
        SQUARED_WORKSPACE_ID: '3',
        GATEWAY_CLIENTS: '[]',
      }),
    ).toThrow(/UNSAFE_DISABLE_SYNC_LOCK/);
  });
});
