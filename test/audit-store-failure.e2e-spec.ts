import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

import { AuditStore } from '../src/audit/audit.store';
import { PostgresAuditStore } from '../src/audit/stores/postgres-audit.store';
import { advisoryLockKey } from '../src/audit/stores/postgres-sql';
import { SqliteAuditStore } from '../src/audit/stores/sqlite-audit.store';
import { completedRecord, newRecord, databaseBackends } from './audit-store.fixtures';
import { always, describeIf, postgres as postgresNeed } from './support/requirements';

/** Every method of `store` rejects, each within `withinMs`. */
async function expectAllReject(store: AuditStore, withinMs: number): Promise<void> {
  const calls: (() => Promise<unknown>)[] = [
    () => store.init(),
    () => store.insertPending(newRecord()),
    () => store.insertCompleted(completedRecord()),
    () =>
      store.complete('x', { outcome: 'applied', status: 200, upstreamStatus: 200, durationMs: 1 }),
    () => store.findPendingBefore(new Date().toISOString()),
    () => store.query({ limit: 10 }),
    () => store.verifyChain(),
    () => store.ping(),
  ];
  for (const call of calls) {
    const started = performance.now();
    await expect(call()).rejects.toThrow();
    expect(performance.now() - started).toBeLessThan(withinMs);
  }
}

describe('PostgreSQL audit store failures', () => {
  it('rejects fast when nothing listens', async () => {
    const store = new PostgresAuditStore('postgres://postgres@127.0.0.1:1/test?schema=audit_x');
    await expectAllReject(store, 3000);
    await store.close();
  }, 30_000);

  it('rejects within ~2 s when the server accepts but never answers', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((listening) => silent.listen(0, '127.0.0.1', listening));
    const { port } = silent.address() as { port: number };
    const store = new PostgresAuditStore(`postgres://postgres@127.0.0.1:${port}/test`);
    try {
      for (const call of [() => store.ping(), () => store.insertCompleted(completedRecord())]) {
        const started = performance.now();
        await expect(call()).rejects.toThrow(/timeout/i);
        // connectionTimeoutMillis is 2 s; the margin absorbs a loaded CI machine.
        expect(performance.now() - started).toBeLessThan(3500);
      }
    } finally {
      await store.close();
      sockets.forEach((socket) => socket.destroy());
      await new Promise((closed) => silent.close(closed));
    }
  }, 30_000);
});

const [, postgres] = databaseBackends();
describeIf(
  postgres.available ? always : postgresNeed,
  'PostgreSQL audit store under a held lock',
  () => {
    afterAll(() => postgres.cleanup());

    it('gives up an append after the 5 s statement timeout instead of waiting forever', async () => {
      const url = postgres.newUrl();
      const store = new PostgresAuditStore(url);
      await store.init();
      const holder = new Client({ connectionString: process.env.DATABASE_URL });
      await holder.connect();
      try {
        const schema = new URL(url).searchParams.get('schema')!;
        await holder.query('BEGIN');
        await holder.query('SELECT pg_advisory_xact_lock($1::bigint)', [advisoryLockKey(schema)]);
        const started = performance.now();
        await expect(store.insertCompleted(completedRecord())).rejects.toThrow(/timeout/i);
        expect(performance.now() - started).toBeLessThan(7000);
        await holder.query('ROLLBACK');
        await store.insertCompleted(completedRecord());
        await expect(store.verifyChain()).resolves.toMatchObject({ ok: true, checked: 1 });
      } finally {
        await holder.end();
        await store.close();
      }
    }, 30_000);
  },
);

describe('SQLite audit store failures', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'audit-store-failure-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('rejects init (and every other method) when the file cannot be created', async () => {
    writeFileSync(join(dir, 'not-a-dir'), '');
    const store = new SqliteAuditStore(join(dir, 'not-a-dir', 'audit.db'));
    await expectAllReject(store, 1000);
    await store.close();
  });

  it('rejects a write while another process holds the write lock, then recovers', async () => {
    const file = join(dir, 'audit.db');
    const store = new SqliteAuditStore(file, { busyTimeoutMs: 200 });
    await store.init();
    const other = new Database(file);
    try {
      other.exec('BEGIN IMMEDIATE');
      await expect(store.insertCompleted(completedRecord())).rejects.toMatchObject({
        code: 'SQLITE_BUSY',
      });
      await expect(store.insertPending(newRecord())).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
      other.exec('ROLLBACK');
      await store.insertCompleted(completedRecord());
      await expect(store.verifyChain()).resolves.toEqual({ ok: true, checked: 1, pending: 0 });
    } finally {
      other.close();
      await store.close();
    }
  });

  it('rejects a database written by a newer schema', async () => {
    const file = join(dir, 'audit.db');
    const newer = new Database(file);
    newer.pragma('user_version = 99');
    newer.close();
    await expect(new SqliteAuditStore(file).init()).rejects.toThrow(/newer/);
  });
});
