import { randomBytes } from 'node:crypto';
import { AuditLogService } from '../audit/audit-log.service';
import { AuditStateDigest } from '../audit/audit-state-digest';
import { MemoryAuditStore } from '../audit/stores/memory-audit.store';
import { GatewayError } from '../common/errors/gateway.error';
import { newSyncDefaults } from '../simulator/simulator-fixtures';
import { SquaredClient } from '../squared/squared.client';
import { JsonObject } from '../common/json/json-value';
import { SquaredSyncDocument } from '../common/sync/sync.types';
import { ManualClock } from '../../test/support/test-clock';
import { RedisSyncLock } from './redis-sync.lock';
import { LockStore } from '../redis/redis-lock.store';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { SyncUpdateService } from './sync-update.service';

/** `LockStore` semantics (NX, PX, compare-and-delete) on the manual clock. */
class FakeStore implements LockStore {
  readonly keys = new Map<string, { token: string; expiresAt: number }>();
  failing = false;

  constructor(private readonly clock: ManualClock) {}

  tryAcquire(key: string, token: string, leaseMs: number): Promise<boolean> {
    this.check();
    const held = this.live(key);
    if (held) {
      return Promise.resolve(false);
    }
    this.keys.set(key, { token, expiresAt: this.clock.now() + leaseMs });
    return Promise.resolve(true);
  }

  release(key: string, token: string): Promise<boolean> {
    this.check();
    if (this.live(key)?.token !== token) {
      return Promise.resolve(false);
    }
    this.keys.delete(key);
    return Promise.resolve(true);
  }

  holds(key: string, token: string): Promise<boolean> {
    this.check();
    return Promise.resolve(this.live(key)?.token === token);
  }

  private live(key: string) {
    const entry = this.keys.get(key);
    return entry && entry.expiresAt > this.clock.now() ? entry : undefined;
  }

  private check(): void {
    if (this.failing) {
      throw new Error('ECONNREFUSED');
    }
  }
}

const CONFIG = { leaseMs: 10_000, writeBudgetMs: 7_000, waitMs: 20_000 };

function setup() {
  const clock = new ManualClock();
  const store = new FakeStore(clock);
  // Waiting between attempts moves the clock at once: a lease runs out without real time passing.
  const wait = (ms: number) => {
    clock.advance(ms);
    return Promise.resolve();
  };
  const lock = new RedisSyncLock(store, CONFIG, clock, () => 0.5, wait);
  return { clock, store, lock };
}

describe('RedisSyncLock', () => {
  it('holds the key while the work runs and releases it on success and on failure', async () => {
    const { store, lock } = setup();
    await lock.runExclusive(42, () => {
      expect([...store.keys.keys()]).toEqual(['sync-lock:42']);
      return Promise.resolve();
    });
    expect(store.keys.size).toBe(0);
    await expect(lock.runExclusive(42, () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(store.keys.size).toBe(0);
  });

  it('never releases a lock it no longer owns (another replica took it after the lease)', async () => {
    const { clock, store, lock } = setup();
    await lock.runExclusive(42, async () => {
      clock.time += CONFIG.leaseMs + 1;
      await store.tryAcquire('sync-lock:42', 'other-replica', CONFIG.leaseMs);
    });
    expect(store.keys.get('sync-lock:42')?.token).toBe('other-replica');
  });

  it('waits for a holder on another replica and proceeds once its lease ran out', async () => {
    const { clock, store, lock } = setup();
    await store.tryAcquire('sync-lock:42', 'dead-replica', CONFIG.leaseMs);
    const startedAt = clock.now();
    await lock.runExclusive(42, () => Promise.resolve());
    expect(clock.now() - startedAt).toBeGreaterThanOrEqual(CONFIG.leaseMs);
    expect(clock.now() - startedAt).toBeLessThan(CONFIG.leaseMs + 200);
  });

  it('gives up after the wait bound with 503 and never runs the work', async () => {
    const { store, lock } = setup();
    await store.tryAcquire('sync-lock:42', 'slow', 60_000);
    const work = jest.fn(() => Promise.resolve());
    await expect(lock.runExclusive(42, work)).rejects.toMatchObject({
      code: 'service_unavailable',
    });
    expect(work).not.toHaveBeenCalled();
  });

  it('lets a holder write while its lease covers the write, and stops one whose lease ran low', async () => {
    const { clock, lock } = setup();
    await lock.runExclusive(42, async (lease) => {
      await expect(lease.assertTimeToWrite()).resolves.toBeUndefined();
      clock.time += CONFIG.leaseMs - CONFIG.writeBudgetMs + 1;
      const refused = lease.assertTimeToWrite();
      await expect(refused).rejects.toBeInstanceOf(GatewayError);
      await expect(refused).rejects.toMatchObject({ code: 'service_unavailable' });
    });
  });

  it('stops a holder whose key is gone from the store even though its own clock says otherwise', async () => {
    const { store, lock } = setup();
    await lock.runExclusive(42, async (lease) => {
      store.keys.clear();
      await expect(lease.assertTimeToWrite()).rejects.toMatchObject({
        code: 'service_unavailable',
      });
    });
  });

  it('answers 503 at once when the store is unreachable', async () => {
    const { store, lock } = setup();
    store.failing = true;
    const work = jest.fn(() => Promise.resolve());
    await expect(lock.runExclusive(42, work)).rejects.toMatchObject({
      code: 'service_unavailable',
    });
    expect(work).not.toHaveBeenCalled();
  });

  it('locks different syncs independently', async () => {
    const { store, lock } = setup();
    await lock.runExclusive(1, () =>
      lock.runExclusive(2, () => {
        expect([...store.keys.keys()].sort()).toEqual(['sync-lock:1', 'sync-lock:2']);
        return Promise.resolve();
      }),
    );
  });
});

describe('SyncUpdateService under a Redis lease that runs out before the PUT', () => {
  it('answers 503, sends no PUT and records the attempt as failed, not pending', async () => {
    const { clock, lock } = setup();
    const stored = newSyncDefaults(42, 3, '2025-01-01T00:00:00.000Z');
    const document = {
      data: { id: '42', type: 'syncs', attributes: stored as unknown as JsonObject },
    } as SquaredSyncDocument;
    const squared = {
      // A read slow enough (a pause, a re-login) that too little lease is left for the write.
      getSync: jest.fn(() => {
        clock.time += CONFIG.leaseMs - CONFIG.writeBudgetMs + 1;
        return Promise.resolve(document);
      }),
      putSync: jest.fn(),
    };
    const store = new MemoryAuditStore();
    await store.init();
    const metrics = new GatewayMetrics();
    const digest = new AuditStateDigest(randomBytes(32));
    const service = new SyncUpdateService(
      squared as unknown as SquaredClient,
      lock,
      new AuditLogService(store, metrics, digest, clock),
      { required: false },
      metrics,
    );
    const update = service.update({
      syncId: 42,
      clientId: 'c',
      actor: { type: 'client', id: 'c' },
      requestId: 'r',
      body: { sync: { sync_interval: 5 } },
      dryRun: false,
      ifMatch: undefined,
    });
    await expect(update).rejects.toMatchObject({ code: 'service_unavailable', status: 503 });
    expect(squared.putSync).not.toHaveBeenCalled();
    const { data } = await store.query({ limit: 10 });
    expect(data).toEqual([
      expect.objectContaining({ syncId: 42, outcome: 'failed', status: 503, upstreamStatus: null }),
    ]);
  });
});
