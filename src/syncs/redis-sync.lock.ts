import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import type { Clock } from '../common/clock';
import { GatewayError } from '../common/errors/gateway.error';
import type { SyncLockConfig } from '../config/gateway-config';
import { lockWaitExceeded, SyncLease, SyncLock } from './sync-lock';
import { KeyedMutex } from './sync-lock.mutex';
import { LockStore } from '../redis/redis-lock.store';
import { RedisKeys } from '../redis/redis-keys';

/** Retry delays while another replica holds the sync: short (a PATCH takes milliseconds), jittered. */
const FIRST_RETRY_MS = 5;
const MAX_RETRY_MS = 100;

/**
 * Serialises the work on each sync across every replica sharing a Redis: a lock with a lease
 * (`SyncLockConfig.leaseMs`), so that a holder that dies frees its sync when the lease runs out. A
 * holder checks its lease before it writes (`SyncLease.assertTimeToWrite`), so a holder slower than
 * its lease never sends a PUT that could overwrite the next holder's.
 *
 * Within a replica, requests queue in process first: only one of them at a time polls Redis.
 */
export class RedisSyncLock extends SyncLock {
  private readonly logger = new Logger(RedisSyncLock.name);
  private readonly local = new KeyedMutex<number>();

  constructor(
    private readonly store: LockStore,
    private readonly config: Pick<SyncLockConfig, 'leaseMs' | 'writeBudgetMs' | 'waitMs'>,
    private readonly clock: Clock,
    private readonly random: () => number = Math.random,
    // Not the clock's: a wait takes real time even on a test clock; the spec's moves its clock.
    private readonly wait: (ms: number) => Promise<unknown> = sleep,
  ) {
    super();
  }

  async runExclusive<T>(syncId: number, work: (lease: SyncLease) => Promise<T>): Promise<T> {
    const deadline = this.clock.now() + this.config.waitMs;
    const releaseLocal = await this.local.acquire(syncId, this.config.waitMs, lockWaitExceeded);
    try {
      const key = RedisKeys.syncLock(syncId);
      const token = randomUUID();
      const acquiredAt = await this.acquire(key, token, deadline);
      try {
        return await work(this.leaseOf(key, token, acquiredAt));
      } finally {
        // Not waited for: the release is written to the connection now, before the next request's
        // SET, so Redis runs them in order; a hanging Redis then delays nobody's answer.
        void this.release(key, token);
      }
    } finally {
      releaseLocal();
    }
  }

  /** Resolves with the time just before the winning SET: the lease surely ends after it + lease. */
  private async acquire(key: string, token: string, deadline: number): Promise<number> {
    for (let attempt = 0; ; attempt += 1) {
      const startedAt = this.clock.now();
      if (await storeCall(() => this.store.tryAcquire(key, token, this.config.leaseMs))) {
        return startedAt;
      }
      const remaining = deadline - this.clock.now();
      if (remaining <= 0) {
        throw lockWaitExceeded();
      }
      const backoff = Math.min(FIRST_RETRY_MS * 2 ** attempt, MAX_RETRY_MS);
      await this.wait(Math.min(remaining, backoff / 2 + (this.random() * backoff) / 2));
    }
  }

  private leaseOf(key: string, token: string, acquiredAt: number): SyncLease {
    return {
      assertTimeToWrite: async () => {
        const left = acquiredAt + this.config.leaseMs - this.clock.now();
        if (
          left < this.config.writeBudgetMs ||
          !(await storeCall(() => this.store.holds(key, token)))
        ) {
          throw new GatewayError(
            'service_unavailable',
            'The update took too long to be sent safely; nothing was sent, try again',
            { headers: { 'Retry-After': '1' } },
          );
        }
      },
    };
  }

  /** Never throws: a lock that cannot be released expires with its lease. */
  private async release(key: string, token: string): Promise<void> {
    try {
      await this.store.release(key, token);
    } catch (error) {
      this.logger.warn(`Sync lock not released, it expires with its lease: ${errorName(error)}`);
    }
  }
}

async function storeCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch {
    throw new GatewayError(
      'service_unavailable',
      'The gateway cannot coordinate this update with its other replicas (Redis unreachable); nothing was sent',
      { headers: { 'Retry-After': '1' } },
    );
  }
}

function errorName(error: unknown): string {
  return (
    (error as NodeJS.ErrnoException | undefined)?.code ??
    (error as Error | undefined)?.name ??
    'error'
  );
}
