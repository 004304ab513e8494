import { GatewayError } from '../common/errors/gateway.error';

/**
 * What the holder of a sync's critical section may ask about it. A lease can run out (a Redis lock
 * expires so that a dead holder cannot block its sync forever); a holder whose lease ran out must not
 * write, since another request may already be reading and writing the same sync.
 */
export interface SyncLease {
  /**
   * Resolves when the lease will last long enough for the write (the PUT, with one re-login after a
   * 401) to be answered or to time out before it expires; call it right before the write, and before
   * anything is recorded as sent.
   *
   * @throws {GatewayError} `service_unavailable`: the lease is (nearly) over; send nothing.
   */
  assertTimeToWrite(): Promise<void>;
}

/**
 * The per-sync critical section around read-merge-write. Two PATCHes of one sync that interleave would
 * both read the same state and the second PUT would erase the first change; running them one after the
 * other per sync id prevents that, while different syncs proceed in parallel.
 *
 * Implementations: `InProcessSyncLock` (one replica) and `RedisSyncLock` (every replica sharing
 * `REDIS_URL`), chosen in `SyncsModule`; both give up waiting after `SYNC_LOCK_WAIT_MS`.
 */
export abstract class SyncLock {
  /**
   * Runs `work` once no other work on `syncId` runs (here or, with Redis, on another replica), and
   * releases the sync on every path.
   *
   * @throws {GatewayError} `service_unavailable` (503) when the wait exceeds its bound or the lock
   * store cannot be reached; `work` has not run then.
   */
  abstract runExclusive<T>(syncId: number, work: (lease: SyncLease) => Promise<T>): Promise<T>;
}

/** A lease that cannot run out: its holder lives exactly as long as the process that waits on it. */
export const PERMANENT_LEASE: SyncLease = { assertTimeToWrite: () => Promise.resolve() };

export function lockWaitExceeded(): GatewayError {
  return new GatewayError(
    'service_unavailable',
    'Another update of this sync is taking too long; nothing was sent, try again',
    { headers: { 'Retry-After': '1' } },
  );
}
