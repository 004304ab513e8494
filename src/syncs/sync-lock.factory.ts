import { Logger } from '@nestjs/common';
import type { Clock } from '../common/clock';
import { SyncLockConfig } from '../config/gateway-config';
import { RedisConnection } from '../redis/redis-connection';
import { InProcessSyncLock, UnserialisedSyncLock } from './in-process-sync.lock';
import { RedisSyncLock } from './redis-sync.lock';
import { SyncLock } from './sync-lock';
import { RedisLockStore } from '../redis/redis-lock.store';

/**
 * Picks the per-sync lock: across replicas through Redis when `REDIS_URL` is set (on the gateway's
 * one fail-fast Redis connection), in process otherwise.
 */
export function createSyncLock(
  syncLock: SyncLockConfig,
  redis: RedisConnection,
  clock: Clock,
): SyncLock {
  if (syncLock.disabled) {
    new Logger('SyncLock').warn('UNSAFE_DISABLE_SYNC_LOCK: concurrent PATCHes can lose updates');
    return new UnserialisedSyncLock();
  }
  return redis.commands
    ? new RedisSyncLock(new RedisLockStore(redis.commands), syncLock, clock)
    : new InProcessSyncLock(syncLock.waitMs);
}
