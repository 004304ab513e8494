import { randomBytes } from 'node:crypto';
import { newWritableSync } from '../../test/support/factories';
import { ManualClock } from '../../test/support/test-clock';
import { AuditLogService } from '../audit/audit-log.service';
import { AuditStateDigest } from '../audit/audit-state-digest';
import { MemoryAuditStore } from '../audit/stores/memory-audit.store';
import type { Actor } from '../common/auth/caller';
import { GatewayError } from '../common/errors/gateway.error';
import type { JsonValue } from '../common/json/json-value';
import type { SquaredSyncDocument } from '../common/sync/sync.types';
import { writableSyncOf } from '../common/sync/writable-sync';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { mapSquaredFailure, mapTransportFailure } from '../squared/squared-error.mapper';
import { SquaredTransportError } from '../squared/squared-transport.error';
import type { SquaredClient } from '../squared/squared.client';
import { InProcessSyncLock } from './in-process-sync.lock';
import { syncEtag } from './sync-etag';
import { lockWaitExceeded, SyncLease, SyncLock } from './sync-lock';
import { SyncUpdateCommand, SyncUpdateService } from './sync-update.service';

const BEFORE = newWritableSync(); // sync_interval: 30
const ACTOR: Actor = { type: 'user', id: 'alice', app: 'crm' };
const TO_5 = [{ path: 'sync_interval', from: 30, to: 5 }];
const NOW = Date.parse('2025-06-01T12:00:00.000Z');

/**
 * The Squared client port as the service uses it: sync 42, a GET that answers it or fails as told, a
 * PUT that stores the writable fields or fails as told. Failures are the client's own error mapping.
 */
class FakeSquared {
  attributes: SquaredSyncDocument['data']['attributes'] = { ...BEFORE, status: 'active' };
  gets = 0;
  readonly puts: { sync: Record<string, JsonValue> }[] = [];
  failGet: GatewayError | undefined;
  failPut: GatewayError | undefined;
  /** Runs while the PUT is at Squared, before it is answered. */
  duringPut: () => Promise<void> = () => Promise.resolve();

  getSync(): Promise<SquaredSyncDocument> {
    this.gets += 1;
    return this.failGet ? Promise.reject(this.failGet) : Promise.resolve(this.document());
  }

  async putSync(_id: number, body: { sync: Record<string, JsonValue> }) {
    this.puts.push(body);
    await this.duringPut();
    if (this.failPut) {
      throw this.failPut;
    }
    this.attributes = { ...this.attributes, ...body.sync };
    return this.document();
  }

  private document(): SquaredSyncDocument {
    return { data: { id: '42', type: 'syncs', attributes: structuredClone(this.attributes) } };
  }
}

/** A lock whose lease is already too short for a write. */
class SpentLeaseLock extends SyncLock {
  /** Runs when the holder asks whether it may still write. */
  onCheck: () => Promise<void> = () => Promise.resolve();

  runExclusive<T>(_syncId: number, work: (lease: SyncLease) => Promise<T>): Promise<T> {
    return work({
      assertTimeToWrite: () => this.onCheck().then(() => Promise.reject(lockWaitExceeded())),
    });
  }
}

async function setup(options: { lock?: SyncLock; requireIfMatch?: boolean } = {}) {
  const store = new MemoryAuditStore();
  await store.init();
  const squared = new FakeSquared();
  const metrics = new GatewayMetrics();
  const digest = new AuditStateDigest(randomBytes(32));
  const audit = new AuditLogService(store, metrics, digest, new ManualClock(NOW));
  const service = new SyncUpdateService(
    squared as unknown as SquaredClient,
    options.lock ?? new InProcessSyncLock(1000),
    audit,
    { required: options.requireIfMatch ?? false },
    metrics,
  );
  // Through a promise: a refusal thrown before the work starts reaches the caller as a rejection.
  const update = (command: Partial<SyncUpdateCommand> = {}) =>
    Promise.resolve().then(() =>
      service.update({
        syncId: 42,
        clientId: 'crm',
        actor: ACTOR,
        requestId: 'req-1',
        body: { sync: { sync_interval: 5 } },
        dryRun: false,
        ifMatch: undefined,
        ...command,
      }),
    );
  const records = async () => (await store.query({ limit: 10 })).data;
  return { store, squared, update, records };
}

/** The one record of an attempt refused before any PUT. */
function refusal(status: number) {
  return {
    outcome: 'rejected',
    status,
    upstreamStatus: null,
    actor: ACTOR,
    before: BEFORE,
    after: null,
  };
}

describe('SyncUpdateService', () => {
  it('applies a change: the PUT leaves after its pending record, which then completes as applied', async () => {
    const { store, squared, update, records } = await setup();
    let recordDuringPut: unknown;
    squared.duringPut = async () => {
      recordDuringPut = (await records())[0]?.outcome;
    };

    const result = await update();

    expect(result).toEqual({
      outcome: 'applied',
      document: { data: expect.objectContaining({ id: '42' }) },
      etag: syncEtag({ ...BEFORE, sync_interval: 5 }),
      changes: TO_5,
    });
    expect(writableSyncOf(result.document.data.attributes)).toEqual({
      ...BEFORE,
      sync_interval: 5,
    });
    expect(squared.puts).toEqual([{ sync: { ...BEFORE, sync_interval: 5 } }]);
    expect(recordDuringPut).toBe('pending');
    expect(await records()).toEqual([
      expect.objectContaining({
        outcome: 'applied',
        status: 200,
        upstreamStatus: 200,
        at: new Date(NOW).toISOString(),
        syncId: 42,
        clientId: 'crm',
        actor: ACTOR,
        requestId: 'req-1',
        patch: { sync: { sync_interval: 5 } },
        before: BEFORE,
        after: { ...BEFORE, sync_interval: 5 },
        changes: TO_5,
        durationMs: expect.any(Number),
      }),
    ]);
    await expect(store.verifyChain()).resolves.toEqual({ ok: true, checked: 1, pending: 0 });
  });

  it('a patch that changes nothing: noop with the current document, no PUT, recorded noop', async () => {
    const { squared, update, records } = await setup();
    const result = await update({ body: { sync: { sync_interval: 30 } } });
    expect(result).toMatchObject({ outcome: 'noop', etag: syncEtag(BEFORE), changes: [] });
    expect(writableSyncOf(result.document.data.attributes)).toEqual(BEFORE);
    expect(squared.puts).toEqual([]);
    expect(await records()).toEqual([
      expect.objectContaining({
        outcome: 'noop',
        status: 200,
        upstreamStatus: null,
        actor: ACTOR,
        before: BEFORE,
        after: BEFORE,
        changes: [],
      }),
    ]);
  });

  it('a dry run previews the merge with the ETag it was read at; nothing is sent or recorded', async () => {
    const { squared, update, records } = await setup();
    const result = await update({ dryRun: true });
    expect(result).toMatchObject({ outcome: 'dry_run', etag: syncEtag(BEFORE), changes: TO_5 });
    expect(result.document.data.attributes).toEqual({
      ...BEFORE,
      sync_interval: 5,
      status: 'active',
    });
    await expect(update({ dryRun: true, body: { sync: { sync_interval: -1 } } })).rejects.toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
    expect(squared.puts).toEqual([]);
    expect(await records()).toEqual([]);
  });

  it('a merged record that would be invalid: 422 with its field errors, no PUT, recorded rejected', async () => {
    const { squared, update, records } = await setup();
    await expect(update({ body: { sync: { sync_interval: -1 } } })).rejects.toMatchObject({
      code: 'validation_failed',
      status: 422,
      options: { errors: [expect.objectContaining({ field: 'sync.sync_interval' })] },
    });
    expect(squared.puts).toEqual([]);
    expect(await records()).toEqual([
      expect.objectContaining({ ...refusal(422), patch: { sync: { sync_interval: -1 } } }),
    ]);
  });

  it('If-Match of another state: 412 with the current ETag, no PUT, recorded rejected', async () => {
    const { squared, update, records } = await setup();
    await expect(update({ ifMatch: '"stale"' })).rejects.toMatchObject({
      code: 'precondition_failed',
      status: 412,
      options: { headers: { ETag: syncEtag(BEFORE) } },
    });
    await expect(update({ ifMatch: 'not-a-tag' })).rejects.toMatchObject({
      code: 'bad_request',
      status: 400,
    });
    expect(squared.puts).toEqual([]);
    expect(await records()).toEqual([
      expect.objectContaining(refusal(400)),
      expect.objectContaining(refusal(412)),
    ]);
  });

  it('If-Match of the state read, or *, lets the change through', async () => {
    const { update } = await setup();
    await expect(update({ ifMatch: `W/"x", ${syncEtag(BEFORE)}` })).resolves.toMatchObject({
      outcome: 'applied',
    });
    await expect(
      update({ ifMatch: '*', body: { sync: { sync_interval: 6 } } }),
    ).resolves.toMatchObject({
      outcome: 'applied',
    });
  });

  it('without If-Match where it is required: 428 before anything is read or recorded', async () => {
    const { squared, update, records } = await setup({ requireIfMatch: true });
    await expect(update()).rejects.toMatchObject({ code: 'precondition_required', status: 428 });
    await expect(update({ ifMatch: syncEtag(BEFORE) })).resolves.toMatchObject({
      outcome: 'applied',
    });
    expect(squared.gets).toBe(1);
    expect(await records()).toHaveLength(1);
  });

  it('Squared refuses the PUT: its 4xx passes through, recorded rejected with its status', async () => {
    const { store, squared, update, records } = await setup();
    const body = { errors: [{ source: { sync_interval: 'must be at least 15' } }] };
    squared.failPut = mapSquaredFailure({ status: 422, body, retryAfter: undefined }, 42);
    await expect(update()).rejects.toMatchObject({
      code: 'upstream_rejected',
      status: 422,
      options: { errors: [{ field: 'sync.sync_interval', message: 'must be at least 15' }] },
    });
    expect(await records()).toEqual([
      expect.objectContaining({
        outcome: 'rejected',
        status: 422,
        upstreamStatus: 422,
        actor: ACTOR,
        before: BEFORE,
        after: { ...BEFORE, sync_interval: 5 },
        changes: TO_5,
      }),
    ]);
    await expect(store.verifyChain()).resolves.toMatchObject({ ok: true, pending: 0 });
  });

  it.each([
    [
      'unavailable (503)',
      'upstream_error',
      502,
      503,
      mapSquaredFailure({ status: 503, body: null, retryAfter: undefined }, 42),
    ],
    [
      'silent until the timeout',
      'upstream_timeout',
      504,
      null,
      mapTransportFailure(new SquaredTransportError('timeout', 'ETIMEDOUT')),
    ],
  ])(
    'Squared %s at the PUT: answered %s (%d), recorded failed',
    async (_case, code, status, upstreamStatus, failure) => {
      const { squared, update, records } = await setup();
      squared.failPut = failure;
      await expect(update()).rejects.toMatchObject({ code, status });
      expect(await records()).toEqual([
        expect.objectContaining({
          outcome: 'failed',
          status,
          upstreamStatus,
          actor: ACTOR,
          after: { ...BEFORE, sync_interval: 5 },
        }),
      ]);
    },
  );

  it('a sync that cannot be read: the answer passes through, nothing is recorded', async () => {
    const { squared, update, records } = await setup();
    squared.failGet = mapSquaredFailure({ status: 404, body: null, retryAfter: undefined }, 42);
    await expect(update()).rejects.toMatchObject({ code: 'sync_not_found', status: 404 });
    expect(await records()).toEqual([]);
  });

  it('another update holds the sync past the wait: 503, nothing read, sent or recorded', async () => {
    const lock = new InProcessSyncLock(20);
    const { squared, update, records } = await setup({ lock });
    let release: () => void = () => undefined;
    const holding = lock.runExclusive(42, () => new Promise<void>((done) => (release = done)));
    await expect(update()).rejects.toMatchObject({ code: 'service_unavailable', status: 503 });
    release();
    await holding;
    expect(squared.gets).toBe(0);
    expect(await records()).toEqual([]);
  });

  it('a lease too short for the PUT: 503, no PUT, recorded failed (not left pending)', async () => {
    const lock = new SpentLeaseLock();
    const { squared, update, records } = await setup({ lock });
    let heldAtCheck: unknown;
    lock.onCheck = async () => {
      heldAtCheck = await records();
    };
    await expect(update()).rejects.toMatchObject({ code: 'service_unavailable', status: 503 });
    expect(squared.puts).toEqual([]);
    expect(heldAtCheck).toEqual([]); // checked before the write-ahead record, not after
    expect(await records()).toEqual([
      expect.objectContaining({ outcome: 'failed', status: 503, upstreamStatus: null }),
    ]);
  });

  it('an audit log that cannot be written: 503 audit_unavailable and nothing is sent', async () => {
    const { store, squared, update } = await setup();
    await store.close();
    for (const body of [{ sync: { sync_interval: 5 } }, { sync: { sync_interval: 30 } }]) {
      await expect(update({ body })).rejects.toMatchObject({
        code: 'audit_unavailable',
        status: 503,
      });
    }
    expect(squared.puts).toEqual([]);
  });

  it('a record that cannot be completed after the PUT: still applied, left pending for the settler', async () => {
    const { store, squared, update, records } = await setup();
    squared.duringPut = () => store.close();
    await expect(update()).resolves.toMatchObject({ outcome: 'applied' });
    await store.init();
    expect(await records()).toEqual([
      expect.objectContaining({
        outcome: 'pending',
        status: null,
        after: { ...BEFORE, sync_interval: 5 },
      }),
    ]);
  });
});
