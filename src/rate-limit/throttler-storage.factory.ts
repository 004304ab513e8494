import { ThrottlerStorage, ThrottlerStorageService } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import type { Clock } from '../common/clock';
import { RateLimitConfig } from '../config/gateway-config';
import { FailoverThrottlerStorage } from './failover-throttler.storage';
import { RedisConnection } from '../redis/redis-connection';

/**
 * Redis when configured (one atomic Lua script per increment, so replicas never over-admit), behind
 * the failover wrapper; otherwise @nestjs/throttler's own in-memory storage. Since 6.x that storage
 * keeps no timer per request: one unref'd sweep interval evicts idle keys, and a key holds at most
 * `limit + 1` hit timestamps (see memory-throttler-storage.spec.ts, which pins this on upgrades).
 */
export function createThrottlerStorage(
  limits: RateLimitConfig,
  redis: RedisConnection,
  clock: Clock,
): ThrottlerStorage {
  if (!redis.client || !redis.commands) {
    return new ThrottlerStorageService();
  }
  // Passing our own client: the Redis storage then leaves its lifecycle to RedisConnection.
  const shared = new ThrottlerStorageRedisService(redis.client);
  // Behind the connection's circuit: while it is open the failure mode applies at once, and a
  // timed-out increment opens it for the lock, idempotency and the session too.
  const circuit = redis.commands.circuit;
  const guarded: ThrottlerStorage = {
    increment: (...args) => circuit.run(() => shared.increment(...args)),
  };
  return new FailoverThrottlerStorage(
    guarded,
    new ThrottlerStorageService(),
    limits.storeFailure,
    clock,
  );
}
