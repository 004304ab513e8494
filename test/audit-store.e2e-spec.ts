import { AuditStore } from '../src/audit/audit.store';
import { hashAuditRecord } from '../src/audit/chain/audit-hash';
import { completedRecord, newRecord, storeBackends } from './audit-store.fixtures';
import { always, describeIf, postgres } from './support/requirements';

const APPLIED = { outcome: 'applied', status: 200, upstreamStatus: 200, durationMs: 87 } as const;

for (const backend of storeBackends()) {
  describeIf(backend.available ? always : postgres, `${backend.name} audit store`, () => {
    let store: AuditStore;

    beforeEach(async () => {
      store = backend.newStore();
      await store.init();
    });

    afterEach(async () => {
      await store.close();
      await backend.cleanup();
    });

    it('commits a pending record, then completes and chains it with every field', async () => {
      const pending = newRecord({
        before: { schedule_type: 'manual' } as never,
        after: { schedule_type: 'interval' } as never,
        changes: [{ path: 'schedule_type', from: 'manual', to: 'interval' }],
      });
      await store.insertPending(pending);
      const [stored] = (await store.query({ limit: 10 })).data;
      expect(stored).toEqual({ ...pending, prevHash: null, hash: null });

      await store.complete(pending.id, APPLIED);
      const [completed] = (await store.query({ limit: 10 })).data;
      expect(completed).toEqual({
        ...pending,
        ...APPLIED,
        prevHash: '0'.repeat(64),
        hash: expect.any(String),
      });
      expect(completed.hash).toBe(hashAuditRecord(completed));
    });

    it('inserts a completed record in one step, chained to the previous one', async () => {
      const first = completedRecord({ outcome: 'rejected', status: 422 });
      const second = completedRecord({ outcome: 'failed', status: 502, upstreamStatus: 503 });
      await store.insertCompleted(first);
      await store.insertCompleted(second);
      const [newest, oldest] = (await store.query({ limit: 10 })).data;
      expect(oldest).toMatchObject({ ...first, prevHash: '0'.repeat(64) });
      expect(newest).toMatchObject({ ...second, prevHash: oldest.hash });
    });

    it('keeps every outcome', async () => {
      const outcomes = ['applied', 'noop', 'rejected', 'failed', 'unknown'] as const;
      for (const outcome of outcomes) {
        await store.insertCompleted(completedRecord({ outcome }));
      }
      const page = await store.query({ limit: 10 });
      expect(page.data.map((record) => record.outcome)).toEqual([...outcomes].reverse());
      await expect(store.verifyChain()).resolves.toMatchObject({ ok: true, checked: 5 });
    });

    it('round-trips awkward JSON exactly, so the hash still verifies', async () => {
      const patch = { z: [1.5, 1e21, -0, 'é\u0000\ud800'], a: { nested: null, key: true } };
      const record = completedRecord({ patch, changes: [{ path: 'x', from: undefined, to: 1 }] });
      await store.insertCompleted(record);
      const [stored] = (await store.query({ limit: 1 })).data;
      expect(stored.patch).toEqual({
        z: [1.5, 1e21, 0, 'é\u0000\ud800'],
        a: { nested: null, key: true },
      });
      expect(stored.changes).toEqual([{ path: 'x', to: 1 }]);
      expect(stored.hash).toBe(hashAuditRecord(stored));
      await expect(store.verifyChain()).resolves.toMatchObject({ ok: true, checked: 1 });
    });

    it('chains a pending record only when it is completed, in completion order', async () => {
      const early = newRecord();
      const late = newRecord();
      await store.insertPending(early);
      await store.insertPending(late);
      await store.complete(late.id, APPLIED);
      await expect(store.verifyChain()).resolves.toEqual({ ok: true, checked: 1, pending: 1 });

      await store.complete(early.id, { ...APPLIED, outcome: 'unknown', upstreamStatus: null });
      const [newest, oldest] = (await store.query({ limit: 10 })).data;
      expect([newest.id, oldest.id]).toEqual([late.id, early.id]);
      expect(oldest.prevHash).toBe(newest.hash);
      await expect(store.verifyChain()).resolves.toEqual({ ok: true, checked: 2, pending: 0 });
    });

    it('refuses to complete a record twice or one that does not exist', async () => {
      const record = newRecord();
      await store.insertPending(record);
      await store.complete(record.id, APPLIED);
      await expect(store.complete(record.id, APPLIED)).rejects.toThrow(/No pending audit record/);
      await expect(store.complete('missing', APPLIED)).rejects.toThrow(/No pending audit record/);
      await expect(store.verifyChain()).resolves.toEqual({ ok: true, checked: 1, pending: 0 });
    });

    it('refuses records that would not read back as hashed', async () => {
      await expect(store.insertPending(completedRecord())).rejects.toThrow(TypeError);
      await expect(store.insertCompleted(newRecord())).rejects.toThrow(TypeError);
      await expect(store.insertPending(newRecord({ at: '2025-01-01T00:00:00Z' }))).rejects.toThrow(
        /ISO 8601/,
      );
      await expect(store.insertCompleted(completedRecord({ durationMs: 1.5 }))).rejects.toThrow(
        /durationMs/,
      );
      expect((await store.query({ limit: 10 })).data).toEqual([]);
    });

    it('finds pending records older than a cutoff, oldest first', async () => {
      const old1 = newRecord({ at: '2025-01-01T00:00:00.000Z' });
      const old2 = newRecord({ at: '2025-01-01T00:00:01.000Z' });
      const recent = newRecord({ at: '2025-01-01T00:10:00.000Z' });
      const done = newRecord({ at: '2025-01-01T00:00:00.500Z' });
      for (const record of [old2, recent, done, old1]) {
        await store.insertPending(record);
      }
      await store.complete(done.id, APPLIED);
      const found = await store.findPendingBefore('2025-01-01T00:05:00.000Z');
      expect(found.map((record) => record.id)).toEqual([old1.id, old2.id]);
      expect(found[0]).toEqual({ ...old1, prevHash: null, hash: null });
    });

    it('hands out copies: changing a record read back changes nothing stored', async () => {
      const record = completedRecord({ after: { schedule_type: 'manual' } as never });
      await store.insertCompleted(record);
      const [read] = (await store.query({ limit: 1 })).data;
      read.clientId = 'mallory';
      (read.after as { schedule_type: string }).schedule_type = 'interval';
      const [again] = (await store.query({ limit: 1 })).data;
      expect(again).toMatchObject({ clientId: record.clientId, after: record.after });
      await expect(store.verifyChain()).resolves.toMatchObject({ ok: true, checked: 1 });
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('init is idempotent and keeps the data', async () => {
      await store.insertCompleted(completedRecord());
      await store.init();
      expect((await store.query({ limit: 10 })).data).toHaveLength(1);
    });
  });
}
