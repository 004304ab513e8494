import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import { AuditRecord } from '../src/audit/audit-record';
import { AuditStore } from '../src/audit/audit.store';
import { hashAuditRecord } from '../src/audit/chain/audit-hash';
import { createAuditStore } from '../src/audit/stores/create-audit-store';
import {
  completedRecord,
  databaseBackends,
  newRecord,
  runTsNode,
  storeBackends,
} from './audit-store.fixtures';
import { always, describeIf, postgres } from './support/requirements';

const CLI = 'src/cli/audit-verify.ts';

/** Appends `count` completed records and one pending; returns the chain's records by position. */
async function buildChain(store: AuditStore, count: number): Promise<AuditRecord[]> {
  for (let i = 0; i < count; i += 1) {
    await store.insertCompleted(completedRecord({ syncId: i }));
  }
  await store.insertPending(newRecord());
  const { data } = await store.query({ limit: 500 });
  return data.filter((record) => record.hash !== null).reverse();
}

for (const backend of storeBackends()) {
  describeIf(backend.available ? always : postgres, `${backend.name} audit chain length`, () => {
    let store: AuditStore;

    beforeEach(async () => {
      store = backend.newStore();
      await store.init();
      await buildChain(store, 10);
    });

    afterEach(async () => {
      await store.close();
      await backend.cleanup();
    });

    it('verifies an untouched chain of 1,200 records (more than one verification batch)', async () => {
      const started = performance.now();
      for (let i = 0; i < 1190; i += 1) {
        await store.insertCompleted(completedRecord());
      }
      const built = performance.now();
      const result = await store.verifyChain();
      const verified = performance.now();
      console.info(
        `${backend.name}: 1,190 appends in ${Math.round(built - started)} ms, ` +
          `verify 1,200 in ${Math.round(verified - built)} ms`,
      );
      expect(result).toEqual({ ok: true, checked: 1200, pending: 1 });
    }, 60_000);
  });
}

/** Tampering goes past the store, straight to its database. */
for (const backend of databaseBackends()) {
  describeIf(backend.available ? always : postgres, `${backend.name} audit chain`, () => {
    let url: string;
    let store: AuditStore;
    let chain: AuditRecord[];

    beforeEach(async () => {
      url = backend.newUrl();
      store = createAuditStore(url);
      await store.init();
      chain = await buildChain(store, 10);
    });

    afterEach(async () => {
      await store.close();
      await backend.cleanup();
    });

    it.each([
      ['client_id', "'mallory'"],
      ['outcome', "'applied'"],
      ['patch', `'{"sync":{"sync_interval":999}}'`],
      ['duration_ms', '1'],
    ])('reports the record whose %s was changed', async (column, value) => {
      await backend.exec(
        url,
        `UPDATE audit_records SET ${column} = ${value} WHERE chain_position = 5`,
      );
      await expect(store.verifyChain()).resolves.toEqual({
        ok: false,
        checked: 4,
        pending: 1,
        firstBroken: { id: chain[4].id, position: 5, reason: 'hash mismatch (record altered)' },
      });
    });

    it('reports the next record when one was altered and re-hashed', async () => {
      const forged = { ...chain[4], clientId: 'mallory' };
      const hash = hashAuditRecord(forged);
      const sql = 'UPDATE audit_records SET client_id = $1, hash = $2 WHERE chain_position = 5';
      await backend.exec(url, sql, ['mallory', hash]);
      const result = await store.verifyChain();
      expect(result.firstBroken).toEqual({
        id: chain[5].id,
        position: 6,
        reason: 'prevHash mismatch (record deleted or reordered)',
      });
    });

    it('reports the record after a deleted one', async () => {
      await backend.exec(url, 'DELETE FROM audit_records WHERE chain_position = 5');
      const result = await store.verifyChain();
      expect(result.ok).toBe(false);
      expect(result.firstBroken).toEqual({
        id: chain[5].id,
        position: 6,
        reason: 'position gap (expected 5)',
      });
    });

    it('reports a deletion hidden by renumbering the positions after it', async () => {
      await backend.exec(url, 'DELETE FROM audit_records WHERE chain_position = 5');
      for (let position = 6; position <= 10; position += 1) {
        const sql = 'UPDATE audit_records SET chain_position = $1 WHERE chain_position = $2';
        await backend.exec(url, sql, [position - 1, position]);
      }
      const result = await store.verifyChain();
      expect(result.firstBroken).toEqual({
        id: chain[5].id,
        position: 5,
        reason: 'prevHash mismatch (record deleted or reordered)',
      });
    });

    it('reports two records whose chain positions were swapped', async () => {
      const move = 'UPDATE audit_records SET chain_position = $1 WHERE chain_position = $2';
      await backend.exec(url, move, [-1, 5]);
      await backend.exec(url, move, [5, 6]);
      await backend.exec(url, move, [6, -1]);
      const result = await store.verifyChain();
      expect(result.firstBroken).toEqual({
        id: chain[5].id,
        position: 5,
        reason: 'prevHash mismatch (record deleted or reordered)',
      });
    });

    it('verifies a stored record nested deeper than recursion can go, and spots it altered', async () => {
      // Older gateways stored bodies of any depth; 10,000 is about what PostgreSQL's json input takes,
      // and well past what a recursive canonicalizer or JSON.stringify survives.
      const depth = 10_000;
      const deep = '['.repeat(depth) + ']'.repeat(depth);
      // Its hash, computed without walking the deep value: the canonical form of `deep` is itself.
      const placeholder = { ...chain[9], hash: undefined, patch: 'DEEP' };
      const canonical = (canonicalize(placeholder) ?? '').replace('"DEEP"', deep);
      const hash = createHash('sha256').update(canonical).digest('hex');
      const sql = 'UPDATE audit_records SET patch = $1, hash = $2 WHERE chain_position = 10';
      await backend.exec(url, sql, [deep, hash]);

      await expect(store.verifyChain()).resolves.toEqual({ ok: true, checked: 10, pending: 1 });
      const cli = await runTsNode([CLI], { AUDIT_DATABASE_URL: url });
      expect(cli).toMatchObject({ code: 0, stdout: 'audit chain OK: 10 records (1 pending)\n' });

      const alter = 'UPDATE audit_records SET patch = $1 WHERE chain_position = 10';
      await backend.exec(url, alter, [`[${deep}]`]);
      await expect(store.verifyChain()).resolves.toMatchObject({
        ok: false,
        firstBroken: { position: 10, reason: 'hash mismatch (record altered)' },
      });
    }, 30_000);

    it('a store from before afterDigest: old records still verify, new ones chain after them', async () => {
      // The chain above holds no digest, as every record of an older gateway; make its schema old too.
      await store.close();
      await backend.exec(url, 'ALTER TABLE audit_records DROP COLUMN after_digest');
      if (backend.name === 'SQLite') {
        await backend.exec(url, 'PRAGMA user_version = 1');
      }
      store = createAuditStore(url);
      await store.init(); // migrates: the column comes back, null in the old rows

      const [oldPending] = await store.findPendingBefore('9999-01-01T00:00:00.000Z');
      expect(oldPending).not.toHaveProperty('afterDigest');
      await store.complete(oldPending.id, {
        outcome: 'unknown',
        status: null,
        upstreamStatus: null,
        durationMs: null,
      });
      const digest = 'd'.repeat(64);
      const fresh = completedRecord({ afterDigest: digest });
      await store.insertCompleted(fresh);
      const { data } = await store.query({ limit: 1 });
      expect(data[0]).toMatchObject({ id: fresh.id, afterDigest: digest });

      await expect(store.verifyChain()).resolves.toEqual({ ok: true, checked: 12, pending: 0 });
      const cli = await runTsNode([CLI], { AUDIT_DATABASE_URL: url });
      expect(cli).toMatchObject({ code: 0, stdout: 'audit chain OK: 12 records (0 pending)\n' });

      // The digest is part of what the chain protects.
      await backend.exec(
        url,
        'UPDATE audit_records SET after_digest = $1 WHERE chain_position = 12',
        ['e'.repeat(64)],
      );
      await expect(store.verifyChain()).resolves.toMatchObject({
        ok: false,
        firstBroken: { position: 12, reason: 'hash mismatch (record altered)' },
      });
    }, 30_000);

    it('audit:verify exits 0 on an untouched chain and 1 naming the altered record', async () => {
      const env = { AUDIT_DATABASE_URL: url };
      const sound = await runTsNode([CLI], env);
      expect(sound).toMatchObject({ code: 0, stdout: 'audit chain OK: 10 records (1 pending)\n' });

      await backend.exec(
        url,
        "UPDATE audit_records SET client_id = 'mallory' WHERE chain_position = 7",
      );
      const broken = await runTsNode([CLI], env);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toBe(
        `audit chain BROKEN at record ${chain[6].id} (position 7): hash mismatch (record altered)\n`,
      );
      expect(broken.stdout + broken.stderr).not.toContain('mallory');
    }, 30_000);
  });
}

describe('audit:verify', () => {
  it('exits 2 when the store cannot be opened', async () => {
    for (const url of [
      'sqlite:/nonexistent/dir/audit.db',
      'postgres://postgres@127.0.0.1:1/test',
    ]) {
      const result = await runTsNode([CLI], { AUDIT_DATABASE_URL: url });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^audit store unavailable: /);
    }
  }, 30_000);
});
