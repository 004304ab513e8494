import { randomBytes } from 'node:crypto';
import { redactSecrets } from '../common/secrets/redact-secrets';
import type { SquaredConfig } from '../config/gateway-config';
import type { SquaredClient } from '../squared/squared.client';
import type { WritableSync } from '../common/sync/sync.types';
import { newWritableSync } from '../../test/support/factories';
import { TestClock } from '../../test/support/test-clock';
import { AuditCompletion, AuditRecord } from './audit-record';
import { AuditStateDigest } from './audit-state-digest';
import { AuditStore } from './audit.store';
import { PendingAuditSettler } from './pending-audit.settler';

const state = (apiKey: string): WritableSync =>
  newWritableSync({
    configuration: [
      { from: 'bio', to: 'v', embedding_config: { mode: 'open_ai', api_key: apiKey } },
    ],
  });

/** The two store methods the settler uses; any other call fails the test. */
class PendingStore {
  readonly completed: { id: string; completion: AuditCompletion }[] = [];
  constructor(private readonly pending: AuditRecord[]) {}
  findPendingBefore(): Promise<AuditRecord[]> {
    return Promise.resolve(this.pending);
  }
  complete(id: string, completion: AuditCompletion): Promise<void> {
    this.completed.push({ id, completion });
    return Promise.resolve();
  }
}

/** Squared holding `held` for every sync. */
const squaredHolding = (held: WritableSync) =>
  ({
    getSync: () =>
      Promise.resolve({ data: { id: '42', attributes: { ...held, status: 'active' } } }),
  }) as unknown as SquaredClient;

function pendingRecord(after: WritableSync, afterDigest?: string): AuditRecord {
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
    prevHash: null,
    hash: null,
  };
}

describe('PendingAuditSettler', () => {
  const digest = new AuditStateDigest(randomBytes(32));
  const upstream: SquaredConfig = { mode: 'sandbox', timeoutMs: 300 };

  async function settle(record: AuditRecord, held: WritableSync): Promise<string | undefined> {
    const store = new PendingStore([record]);
    const settler = new PendingAuditSettler(
      store as unknown as AuditStore,
      squaredHolding(held),
      upstream,
      digest,
      new TestClock(),
    );
    await settler.sweep();
    return store.completed.find((entry) => entry.id === record.id)?.completion.outcome;
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
    const store = new PendingStore([pendingRecord(state('k'), digest.of(state('k')))]);
    const squared = { getSync: () => Promise.reject(new Error('404')) };
    const settler = new PendingAuditSettler(
      store as unknown as AuditStore,
      squared as unknown as SquaredClient,
      upstream,
      digest,
      new TestClock(),
    );
    await settler.sweep();
    expect(store.completed.map((entry) => entry.completion.outcome)).toEqual(['unknown']);
  });
});
