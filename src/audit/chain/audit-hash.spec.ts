import { createHash } from 'node:crypto';

import { AuditRecord } from '../audit-record';
import { GENESIS_HASH, hashAuditRecord } from './audit-hash';

function record(overrides: Partial<AuditRecord> = {}): Omit<AuditRecord, 'hash'> {
  return {
    id: 'a1',
    at: '2025-01-02T03:04:05.678Z',
    requestId: 'req-1',
    clientId: 'billing',
    actor: { type: 'client', id: 'billing' },
    syncId: 42,
    action: 'sync.update',
    outcome: 'applied',
    status: 200,
    upstreamStatus: 200,
    patch: { sync: { sync_interval: 5 } },
    before: null,
    after: null,
    changes: [{ path: 'sync_interval', from: 1, to: 5 }],
    durationMs: 12,
    prevHash: GENESIS_HASH,
    ...overrides,
  };
}

describe('hashAuditRecord', () => {
  it('is the SHA-256 hex of the RFC 8785 canonical JSON', () => {
    const input = record();
    const expected = createHash('sha256')
      .update(
        '{"action":"sync.update","actor":{"id":"billing","type":"client"},"after":null,"at":"2025-01-02T03:04:05.678Z","before":null,' +
          '"changes":[{"from":1,"path":"sync_interval","to":5}],"clientId":"billing",' +
          '"durationMs":12,"id":"a1","outcome":"applied","patch":{"sync":{"sync_interval":5}},' +
          `"prevHash":"${GENESIS_HASH}","requestId":"req-1","status":200,"syncId":42,` +
          '"upstreamStatus":200}',
      )
      .digest('hex');
    expect(hashAuditRecord(input)).toBe(expected);
    expect(hashAuditRecord(input)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('covers the actor from chain version 2 only (records hashed before actors existed)', () => {
    const other = record({ actor: { type: 'user', id: 'alice', app: 'admin-ui' } });
    expect(hashAuditRecord(other)).not.toBe(hashAuditRecord(record()));
    expect(hashAuditRecord(other, 1)).toBe(hashAuditRecord(record(), 1));
    const legacy: Partial<AuditRecord> = record();
    delete legacy.actor;
    expect(hashAuditRecord(record(), 1)).toBe(hashAuditRecord(legacy as typeof other));
  });

  it('does not depend on key order', () => {
    const reordered = Object.fromEntries(Object.entries(record()).reverse()) as Omit<
      AuditRecord,
      'hash'
    >;
    expect(hashAuditRecord(reordered)).toBe(hashAuditRecord(record()));
  });

  it('covers every field, prevHash included', () => {
    const base = hashAuditRecord(record());
    expect(hashAuditRecord(record({ prevHash: 'f'.repeat(64) }))).not.toBe(base);
    expect(hashAuditRecord(record({ outcome: 'failed' }))).not.toBe(base);
    expect(hashAuditRecord(record({ patch: { sync: { sync_interval: 6 } } }))).not.toBe(base);
  });

  it('treats an undefined change side like a missing one, as storage does', () => {
    const added = record({ changes: [{ path: 'x', from: undefined, to: 1 }] });
    const stored = JSON.parse(JSON.stringify(added)) as Omit<AuditRecord, 'hash'>;
    expect(hashAuditRecord(stored)).toBe(hashAuditRecord(added));
  });

  it('has a genesis of 64 zeros', () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64));
  });
});
