import { Logger } from '@nestjs/common';
import Database, { SqliteError } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';

import { GatewayError } from '../../common/errors/gateway.error';
import { NewAuditRecord } from '../audit.store';
import { planQuery } from './audit-query';
import { SqliteThreadAuditStore } from './sqlite-thread.audit-store';

let seconds = 0;
function completed(overrides: Partial<NewAuditRecord> = {}): NewAuditRecord {
  seconds += 1;
  return {
    id: randomUUID(),
    at: new Date(Date.UTC(2025, 2, 1, 10, 0, seconds)).toISOString(),
    requestId: 'req-1',
    clientId: 'billing',
    actor: { type: 'client', id: 'billing' },
    syncId: 42,
    action: 'sync.update',
    outcome: 'noop',
    status: 200,
    upstreamStatus: null,
    patch: { sync: { sync_interval: 5 } },
    before: null,
    after: null,
    changes: [],
    durationMs: 3,
    ...overrides,
  };
}

function thrown(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('SqliteThreadAuditStore', () => {
  let dir: string;
  let file: string;
  let store: SqliteThreadAuditStore;
  let other: Database.Database | undefined;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-thread-store-'));
    file = join(dir, 'audit.db');
    store = new SqliteThreadAuditStore(file, { busyTimeoutMs: 1000 });
    await store.init();
  });

  afterEach(async () => {
    other?.close();
    other = undefined;
    await store.close();
    jest.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Another connection takes the write lock: the store's next write waits for it in the worker. */
  function holdWriteLock(): Database.Database {
    other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    return other;
  }

  it('rebuilds errors with their class, message and code', async () => {
    await expect(store.insertCompleted(completed({ durationMs: 1.5 }))).rejects.toThrow(TypeError);
    const badQuery = await store.query({ limit: 0 }).catch((error: unknown) => error);
    expect(badQuery).toBeInstanceOf(GatewayError);
    const inThread = thrown(() => planQuery({ limit: 0 }, () => '?')) as GatewayError;
    const { code, status, detail, options } = inThread;
    expect(badQuery).toMatchObject({ code, status, detail, options, message: inThread.message });

    holdWriteLock();
    const busy = await store.insertCompleted(completed()).catch((error: unknown) => error);
    expect(busy).toBeInstanceOf(SqliteError);
    expect(busy).toMatchObject({ code: 'SQLITE_BUSY', message: 'database is locked' });
  });

  it('keeps the event loop turning while a write waits in the worker', async () => {
    const lock = holdWriteLock();
    let ticks = 0;
    const ticking = setInterval(() => (ticks += 1), 5);
    // Released by a timer: on a blocked event loop it would fire only after the write gave up.
    const release = setTimeout(() => lock.exec('ROLLBACK'), 300);
    const outcome = await store.insertCompleted(completed()).then(
      () => 'committed',
      (error: Error) => error.message,
    );
    clearInterval(ticking);
    clearTimeout(release);
    expect(ticks).toBeGreaterThan(10);
    expect(outcome).toBe('committed');
    await expect(store.verifyChain()).resolves.toEqual({ ok: true, checked: 1, pending: 0 });
  });

  it('rejects the calls in flight and every later call once the worker died, logging it once', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const lock = holdWriteLock();
    const inFlight = store.insertCompleted(completed()).catch((error: unknown) => error);
    await sleep(100); // the write now waits for the lock, inside the worker
    const died = (store as unknown as { worker: Worker }).worker.terminate();
    lock.exec('ROLLBACK'); // the worker stops as soon as SQLite gives control back
    await died;

    expect(await inFlight).toMatchObject({ message: expect.stringMatching(/worker failed/) });
    await expect(store.ping()).rejects.toThrow(/worker failed/);
    await expect(store.insertCompleted(completed())).rejects.toThrow(/worker failed/);
    expect(logged).toHaveBeenCalledTimes(1);
    await expect(store.close()).resolves.toBeUndefined();
  });

  it('commits the writes queued before close; close is idempotent; init opens it again', async () => {
    const writes = Array.from({ length: 20 }, () => store.insertCompleted(completed()));
    const closes = [store.close(), store.close()];
    await expect(Promise.all(writes)).resolves.toHaveLength(20);
    await Promise.all(closes);
    await expect(store.close()).resolves.toBeUndefined();
    await expect(store.ping()).rejects.toThrow(/not open/);

    await store.init();
    await expect(store.verifyChain()).resolves.toEqual({ ok: true, checked: 20, pending: 0 });
  });
});
