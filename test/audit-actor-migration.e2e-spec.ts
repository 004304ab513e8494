import { AuditRecord } from '../src/audit/audit-record';
import { AuditStore } from '../src/audit/audit.store';
import { GENESIS_HASH, hashAuditRecord } from '../src/audit/chain/audit-hash';
import { createAuditStore } from '../src/audit/stores/create-audit-store';
import {
  completedRecord,
  newRecord,
  DatabaseBackend,
  databaseBackends,
} from './audit-store.fixtures';
import { always, describeIf, postgres } from './support/requirements';

/**
 * Turns the store behind `url` into one an older gateway wrote: no actor columns, every chained
 * record hashed without an actor (re-chained so), and one record still pending.
 */
async function makeLegacy(
  backend: DatabaseBackend,
  url: string,
  chain: AuditRecord[],
): Promise<void> {
  let prevHash = GENESIS_HASH;
  for (const record of chain) {
    const legacy: Partial<AuditRecord> = { ...record, prevHash };
    delete legacy.actor;
    const hash = hashAuditRecord(legacy as AuditRecord, 1);
    await backend.exec(url, 'UPDATE audit_records SET prev_hash = $1, hash = $2 WHERE id = $3', [
      prevHash,
      hash,
      record.id,
    ]);
    prevHash = hash;
  }
  await backend.exec(url, 'DROP INDEX audit_records_actor_seq');
  for (const column of ['actor_id', 'actor', 'chain_version']) {
    await backend.exec(url, `ALTER TABLE audit_records DROP COLUMN ${column}`);
  }
  if (backend.name === 'SQLite') {
    await backend.exec(url, 'PRAGMA user_version = 2');
  }
}

for (const backend of databaseBackends()) {
  describeIf(
    backend.available ? always : postgres,
    `${backend.name}: actors in the audit log`,
    () => {
      let url: string;
      let store: AuditStore;

      beforeEach(async () => {
        url = backend.newUrl();
        store = createAuditStore(url);
        await store.init();
        const person = { actor: { type: 'user' as const, id: 'gone', app: 'x' } };
        for (let index = 0; index < 3; index += 1) {
          await store.insertCompleted(completedRecord({ clientId: 'legacy-app', ...person }));
        }
        await store.insertPending(newRecord({ clientId: 'legacy-app', ...person }));
        const { data } = await store.query({ limit: 10 });
        await store.close();
        await makeLegacy(backend, url, data.filter((record) => record.hash !== null).reverse());
        store = createAuditStore(url);
        await store.init(); // the migration under test
      });

      afterEach(async () => {
        await store.close();
        await backend.cleanup();
      });

      it('migrates existing records: their actor is the client, and the chain still verifies', async () => {
        const { data } = await store.query({ actor: 'legacy-app', limit: 10 });
        expect(data).toHaveLength(4);
        for (const record of data) {
          expect(record.actor).toEqual({ type: 'client', id: 'legacy-app' });
        }
        await expect(store.verifyChain()).resolves.toEqual({ ok: true, checked: 3, pending: 1 });
        expect((await store.query({ actor: 'gone', limit: 10 })).data).toEqual([]);
      });

      it('chains new records after them, their actor covered by the hash', async () => {
        const [pending] = await store.findPendingBefore('9999-01-01T00:00:00.000Z');
        await store.complete(pending.id, {
          outcome: 'unknown',
          status: null,
          upstreamStatus: null,
          durationMs: null,
        });
        const alice = { type: 'user' as const, id: 'alice', app: 'admin-ui', email: 'a@x.test' };
        const fresh = completedRecord({ clientId: 'admin-ui', actor: alice });
        await store.insertCompleted(fresh);
        expect((await store.query({ actor: 'alice', limit: 10 })).data).toMatchObject([
          { id: fresh.id, clientId: 'admin-ui', actor: alice },
        ]);
        await expect(store.verifyChain()).resolves.toEqual({ ok: true, checked: 5, pending: 0 });

        const forged = JSON.stringify({ ...alice, id: 'mallory' });
        await backend.exec(url, 'UPDATE audit_records SET actor = $1 WHERE id = $2', [
          forged,
          fresh.id,
        ]);
        await expect(store.verifyChain()).resolves.toMatchObject({
          ok: false,
          firstBroken: { id: fresh.id, reason: 'hash mismatch (record altered)' },
        });
      });

      it('detects a record moved to the legacy chain version to hide a changed actor', async () => {
        const fresh = completedRecord({ actor: { type: 'user', id: 'alice', app: 'admin-ui' } });
        await store.insertCompleted(fresh);
        await backend.exec(
          url,
          'UPDATE audit_records SET chain_version = 1, actor = $1 WHERE id = $2',
          [JSON.stringify({ type: 'client', id: 'billing' }), fresh.id],
        );
        await expect(store.verifyChain()).resolves.toMatchObject({
          ok: false,
          firstBroken: { id: fresh.id, reason: 'hash mismatch (record altered)' },
        });
      });
    },
  );
}
