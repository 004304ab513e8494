import { randomBytes } from 'node:crypto';
import { redactSecrets } from '../common/secrets/redact-secrets';
import type { SquaredConfig } from '../config/gateway-config';
import type { SquaredClient } from '../squared/squared.client';
import type { WritableSync } from '../common/sync/sync.types';
import { newWritableSync } from '../../test/support/factories';
import { ManualClock } from '../../test/support/test-clock';
import { AuditStateDigest } from './audit-state-digest';
import { NewAuditRecord } from './audit.store';
import { PendingAuditSettler } from './pending-audit.settler';
import { MemoryAuditStore } from './stores/memory-audit.store';

const state = (apiKey: string): WritableSync =>
  newWritableSync({
    configuration: [
      { from: 'bio', to: 'v', embedding_config: { mode: 'open_ai', api_key: apiKey } },
    ],
  });

/** Squared holding `held` for every sync. */
const squaredHolding = (held: WritableSync) =>
  ({
    getSync: () =>
      Promise.resolve({ data: { id: '42', attributes: { ...held, status: 'active' } } }),
  }) as unknown as SquaredClient;

/** A record a crash left pending long ago. */
function pendingRecord(after: WritableSync, afterDigest?: string): NewAuditRecord {
  return {
    id: 'r1',
    at: new Date(0).toISOString(),
    requestId: 'q',
    clientId: 'writer',
    actor: { type: 'client', id: 'writer' },
    syncId: 42,
    action: 'sync.update',
    outcome: 'pending',
    status: null,
    upstreamStatus: null,
    patch: {},
    before: redactSecrets(state('sk-old')),
    after: redactSecrets(after),
    ...(afterDigest === undefined ? {} : { afterDigest }),
    changes: [],
    durationMs: null,
  };
}

describe('PendingAuditSettler', () => {
  const digest = new AuditStateDigest(randomBytes(32));
  const upstream: SquaredConfig = { mode: 'sandbox', timeoutMs: 300 };

  const NOW = Date.parse('2025-06-01T12:00:00.000Z');

  /** The outcome `record` has after a sweep at `now`, against a Squared holding `held`. */
  async function settle(
    record: NewAuditRecord,
    held: WritableSync | 'gone',
    now = NOW,
  ): Promise<string | undefined> {
    const store = new MemoryAuditStore();
    await store.init();
    await store.insertPending(record);
    const squared =
      held === 'gone'
        ? ({ getSync: () => Promise.reject(new Error('404')) } as unknown as SquaredClient)
        : squaredHolding(held);
    await new PendingAuditSettler(store, squared, upstream, digest, new ManualClock(now)).sweep();
    await expect(store.verifyChain()).resolves.toMatchObject({ ok: true });
    return (await store.query({ limit: 1 })).data[0]?.outcome;
  }

  it('a change to a secret alone that landed settles as applied', async () => {
    const after = state('sk-new');
    await expect(settle(pendingRecord(after, digest.of(after)), state('sk-new'))).resolves.toBe(
      'applied',
    );
  });

  it('a change to a secret alone that did not land settles as unknown, not applied', async () => {
    const after = state('sk-new');
    await expect(settle(pendingRecord(after, digest.of(after)), state('sk-old'))).resolves.toBe(
      'unknown',
    );
  });

  it('a record written before the digest existed settles by its redacted after, as before', async () => {
    await expect(settle(pendingRecord(state('sk-new')), state('sk-new'))).resolves.toBe('applied');
    await expect(
      settle(pendingRecord({ ...state('sk-new'), sync_interval: 5 }), state('sk-new')),
    ).resolves.toBe('unknown');
  });

  it('a sync Squared no longer serves settles as unknown', async () => {
    await expect(settle(pendingRecord(state('k'), digest.of(state('k'))), 'gone')).resolves.toBe(
      'unknown',
    );
  });

  it('leaves a record alone until it is older than two upstream timeouts and a second', async () => {
    const recent = { ...pendingRecord(state('k')), at: new Date(NOW).toISOString() };
    await expect(settle(recent, state('k'), NOW + 1000)).resolves.toBe('pending');
    await expect(settle(recent, state('k'), NOW + 2000)).resolves.toBe('applied');
  });
});
