import { AuditStore } from '../src/audit/audit.store';
import { createAuditStore } from '../src/audit/stores/create-audit-store';
import { newRecord, DatabaseBackend, databaseBackends } from './audit-store.fixtures';

const APPLIED = { outcome: 'applied', status: 200, upstreamStatus: 200, durationMs: 87 } as const;

/**
 * The SQLite store completes a pending record it inserted from what it wrote (kept in memory), not by
 * reading and parsing the row again; a record it did not insert is still completed from its row.
 */
describe('SQLite audit store: completing a pending record', () => {
  const backend = databaseBackends().find((each) => each.name === 'SQLite') as DatabaseBackend;
  const opened: AuditStore[] = [];
  let url: string;

  async function openStore(): Promise<AuditStore> {
    const store = createAuditStore(url);
    await store.init();
    opened.push(store);
    return store;
  }

  beforeEach(() => {
    url = backend.newUrl();
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await backend.cleanup();
  });

  it('seals what it inserted without parsing the row again', async () => {
    const store = await openStore();
    const pending = newRecord();
    await store.insertPending(pending);
    // A row whose JSON no longer parses: reading it back would throw.
    await backend.exec(url, 'UPDATE audit_records SET patch = $1 WHERE id = $2', [
      'not json',
      pending.id,
    ]);

    await expect(store.complete(pending.id, APPLIED)).resolves.toBeUndefined();
  });

  it('completes from its row a record another store inserted, and the chain verifies', async () => {
    const first = await openStore();
    const pending = newRecord();
    await first.insertPending(pending);
    const second = await openStore();

    await second.complete(pending.id, APPLIED);

    expect((await second.query({ limit: 1 })).data[0]).toMatchObject(APPLIED);
    await expect(second.verifyChain()).resolves.toMatchObject({ ok: true });
  });

  it('refuses to complete its record once another store has completed it', async () => {
    const first = await openStore();
    const pending = newRecord();
    await first.insertPending(pending);
    await (await openStore()).complete(pending.id, APPLIED);

    await expect(first.complete(pending.id, APPLIED)).rejects.toThrow(/No pending audit record/);
    await expect(first.verifyChain()).resolves.toMatchObject({ ok: true });
  });
});
