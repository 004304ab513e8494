import { AuditStore } from '../src/audit/audit.store';
import { GatewayError } from '../src/common/errors/gateway.error';
import { completedRecord, newRecord, storeBackends } from './audit-store.fixtures';
import { always, describeIf, postgres } from './support/requirements';

for (const backend of storeBackends()) {
  describeIf(backend.available ? always : postgres, `${backend.name} audit store query`, () => {
    let store: AuditStore;

    const at = (second: number) => new Date(Date.UTC(2025, 5, 1, 12, 0, second)).toISOString();

    /** Five completed records one second apart, then a pending one. */
    beforeEach(async () => {
      store = backend.newStore();
      await store.init();
      const rows = [
        { clientId: 'billing', syncId: 1, outcome: 'applied' },
        { clientId: 'billing', syncId: 2, outcome: 'rejected' },
        { clientId: 'crm', syncId: 1, outcome: 'noop' },
        { clientId: 'crm', syncId: 2, outcome: 'applied' },
        { clientId: 'billing', syncId: 1, outcome: 'failed' },
      ] as const;
      for (const [second, row] of rows.entries()) {
        await store.insertCompleted(completedRecord({ ...row, at: at(second) }));
      }
      await store.insertPending(newRecord({ clientId: 'crm', syncId: 3, at: at(5) }));
    });

    afterEach(async () => {
      await store.close();
      await backend.cleanup();
    });

    const ids = async (query: Parameters<AuditStore['query']>[0]) =>
      (await store.query(query)).data.map((record) => `${record.clientId}/${record.syncId}`);

    it('returns everything newest first', async () => {
      expect(await ids({ limit: 50 })).toEqual([
        'crm/3',
        'billing/1',
        'crm/2',
        'crm/1',
        'billing/2',
        'billing/1',
      ]);
    });

    it('filters on syncId, clientId and outcome, alone and together', async () => {
      expect(await ids({ limit: 50, syncId: 1 })).toEqual(['billing/1', 'crm/1', 'billing/1']);
      expect(await ids({ limit: 50, clientId: 'crm' })).toEqual(['crm/3', 'crm/2', 'crm/1']);
      expect(await ids({ limit: 50, outcome: 'applied' })).toEqual(['crm/2', 'billing/1']);
      expect(await ids({ limit: 50, outcome: 'pending' })).toEqual(['crm/3']);
      expect(await ids({ limit: 50, clientId: 'billing', syncId: 1, outcome: 'failed' })).toEqual([
        'billing/1',
      ]);
      expect(await ids({ limit: 50, clientId: 'nobody' })).toEqual([]);
    });

    it('bounds on at, both inclusive, in any ISO 8601 form', async () => {
      expect(await ids({ limit: 50, since: at(1), until: at(3) })).toEqual([
        'crm/2',
        'crm/1',
        'billing/2',
      ]);
      expect(await ids({ limit: 50, since: '2025-06-01T14:00:04+02:00' })).toEqual([
        'crm/3',
        'billing/1',
      ]);
      expect(await ids({ limit: 50, until: at(0) })).toEqual(['billing/1']);
      await expect(store.query({ limit: 5, since: 'yesterday' })).rejects.toThrow(GatewayError);
    });

    it('honours limit and says when there is no next page', async () => {
      const page = await store.query({ limit: 2 });
      expect(page.data).toHaveLength(2);
      expect(page.nextCursor).toEqual(expect.any(String));
      expect((await store.query({ limit: 6 })).nextCursor).toBeNull();
      expect((await store.query({ limit: 500 })).nextCursor).toBeNull();
      await expect(store.query({ limit: 0 })).rejects.toThrow(GatewayError);
      await expect(store.query({ limit: 501 })).rejects.toThrow(GatewayError);
    });

    it('pages without gaps or repeats while records are appended between pages', async () => {
      const before = (await store.query({ limit: 500 })).data.map((record) => record.id);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.query({ limit: 2, cursor });
        seen.push(...page.data.map((record) => record.id));
        await store.insertCompleted(completedRecord());
        await store.insertPending(newRecord());
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
      expect(seen).toEqual(before);
    });

    it('pages a filtered query', async () => {
      const first = await store.query({ limit: 1, clientId: 'billing' });
      const second = await store.query({
        limit: 1,
        clientId: 'billing',
        cursor: first.nextCursor!,
      });
      const third = await store.query({
        limit: 1,
        clientId: 'billing',
        cursor: second.nextCursor!,
      });
      const all = [first, second, third].flatMap((page) => page.data.map((r) => r.outcome));
      expect(all).toEqual(['failed', 'rejected', 'applied']);
      expect(third.nextCursor).toBeNull();
    });

    it.each(['not a cursor!', 'eA', 'MA', 'LTE', 'MS4w', 'MDE', ''])(
      'refuses the malformed cursor %j',
      async (cursor) => {
        const error = await store.query({ limit: 2, cursor }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(GatewayError);
        expect(error).toMatchObject({
          code: 'validation_failed',
          detail: 'Invalid query parameter: cursor',
        });
      },
    );
  });
}
