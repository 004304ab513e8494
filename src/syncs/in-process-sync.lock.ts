import { lockWaitExceeded, PERMANENT_LEASE, SyncLease, SyncLock } from './sync-lock';
import { KeyedMutex } from './sync-lock.mutex';

/** Serialises the work on each sync within this process (one replica, no `REDIS_URL`). */
export class InProcessSyncLock extends SyncLock {
  private readonly mutex = new KeyedMutex<number>();

  constructor(private readonly waitMs: number) {
    super();
  }

  async runExclusive<T>(syncId: number, work: (lease: SyncLease) => Promise<T>): Promise<T> {
    const release = await this.mutex.acquire(syncId, this.waitMs, lockWaitExceeded);
    try {
      return await work(PERMANENT_LEASE);
    } finally {
      release();
    }
  }
}

/**
 * TEST ONLY (`UNSAFE_DISABLE_SYNC_LOCK=true`, refused in production): no serialisation at all, so
 * that the lost-update tests can show they fail without the lock.
 */
export class UnserialisedSyncLock extends SyncLock {
  runExclusive<T>(_syncId: number, work: (lease: SyncLease) => Promise<T>): Promise<T> {
    return work(PERMANENT_LEASE);
  }
}
