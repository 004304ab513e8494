import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import { AuditCompletion, AuditRecord } from '../audit-record';
import {
  AuditPage,
  AuditQuery,
  AuditStore,
  ChainVerification,
  NewAuditRecord,
} from '../audit.store';
import { GENESIS_HASH } from '../chain/audit-hash';
import { CHAIN_VERSION } from '../chain/chain-version';
import { ChainedRecord, verifyChainBatches } from '../chain/chain-verifier';
import { canonicalInstant, planQuery, toPage } from './audit-query';
import { assertCompletion, sealRecord, storableRecord } from './audit-row';
import { SQL, SqliteRow, toRecord, toValues } from './sqlite-sql';
import { migrate, openPragmas } from './sqlite-schema';
import { SqliteWriteBatcher } from './sqlite-write-batcher';

export interface SqliteAuditStoreOptions {
  /** How long a write waits for another writer (connection or process) before failing. */
  busyTimeoutMs?: number;
}

/** Runs synchronous work as a promise, so that a throw becomes a rejection. */
function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    // Passed on as thrown: better-sqlite3's SqliteError carries the `code` (SQLITE_BUSY…) callers read.
    return Promise.reject(error as Error);
  }
}

/**
 * The audit store in one SQLite file (WAL mode). better-sqlite3 is synchronous: reads run at once;
 * writes are validated at once, then group-committed (`SqliteWriteBatcher`: the writes of one event
 * loop turn share one BEGIN IMMEDIATE transaction, so one fsync). Every promise settles after the
 * commit.
 */
export class SqliteAuditStore extends AuditStore {
  private database?: Database.Database;
  private readonly batcher = new SqliteWriteBatcher(() => this.db);

  constructor(
    private readonly path: string,
    private readonly options: SqliteAuditStoreOptions = {},
  ) {
    super();
  }

  private readonly statements = new Map<string, Database.Statement>();
  /**
   * Pending records this store inserted, as stored (`storableRecord` normalises them as they read
   * back), so that their completion need not read and parse the row again. Taken out by `complete`.
   */
  private readonly pending = new Map<string, AuditRecord>();

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private get db(): Database.Database {
    if (this.database === undefined) {
      throw new Error('SqliteAuditStore used before init()');
    }
    return this.database;
  }

  init(): Promise<void> {
    return settle(() => {
      if (this.database !== undefined) {
        return;
      }
      if (this.path !== ':memory:') {
        mkdirSync(dirname(this.path), { recursive: true });
      }
      const db = new Database(this.path);
      try {
        openPragmas(db, this.options.busyTimeoutMs ?? 5000);
        migrate(db);
      } catch (error) {
        db.close();
        throw error;
      }
      this.database = db;
    });
  }

  insertPending(record: NewAuditRecord): Promise<void> {
    let stored: AuditRecord | undefined;
    const committed = this.write(() => {
      if (record.outcome !== 'pending') {
        throw new TypeError('insertPending needs a pending record');
      }
      stored = storableRecord(record);
      const values = toValues(stored, null);
      return () => {
        this.statement(SQL.insert).run(...values);
      };
    });
    // Kept once committed (before the caller hears so): a record that never was is never completed.
    return committed.then(() => {
      this.pending.set(record.id, stored as AuditRecord);
    });
  }

  complete(id: string, completion: AuditCompletion): Promise<void> {
    return this.write(() => {
      assertCompletion(completion);
      const done: AuditCompletion = { ...completion }; // a snapshot: the caller may reuse it
      const inserted = this.pending.get(id);
      this.pending.delete(id); // taken once: a retry (the settler) reads the row
      return () =>
        this.appendToChain((prevHash, position) => {
          // A record this process inserted is sealed from memory; one left by another run (the
          // settler) is read back, with the chain version its row was written under.
          const { record, version } = inserted
            ? { record: inserted, version: CHAIN_VERSION }
            : this.pendingRow(id);
          const sealed = sealRecord(record, done, prevHash, version);
          const { outcome, status, upstreamStatus, durationMs, hash } = sealed;
          const { changes } = this.statement(SQL.complete).run(
            outcome,
            status,
            upstreamStatus,
            durationMs,
            prevHash,
            hash,
            position,
            id,
          );
          // The UPDATE matches a pending row only: none when another writer completed it meanwhile.
          if (changes !== 1) {
            throw new Error(`No pending audit record ${id}`);
          }
        });
    });
  }

  insertCompleted(record: NewAuditRecord): Promise<void> {
    return this.write(() => {
      assertCompletion(record);
      const stored = storableRecord(record);
      return () =>
        this.appendToChain((prevHash, position) => {
          const sealed = sealRecord(stored, null, prevHash);
          this.statement(SQL.insert).run(...toValues(sealed, position));
        });
    });
  }

  /** A pending record written before this store started, or by another process: read from its row. */
  private pendingRow(id: string): { record: AuditRecord; version: number } {
    const row = this.statement(SQL.byId).get(id) as SqliteRow | undefined;
    if (row === undefined || row.chain_position !== null) {
      throw new Error(`No pending audit record ${id}`);
    }
    return { record: toRecord(row), version: Number(row.chain_version) };
  }

  findPendingBefore(cutoff: string): Promise<AuditRecord[]> {
    return settle(() => {
      const before = canonicalInstant(cutoff);
      if (before === null) {
        throw new TypeError('Invalid cutoff');
      }
      const rows = this.statement(SQL.pendingBefore).all(before) as SqliteRow[];
      return rows.map(toRecord);
    });
  }

  query(query: AuditQuery): Promise<AuditPage> {
    return settle(() => {
      const plan = planQuery(query, () => '?');
      const sql = `SELECT * FROM audit_records ${plan.where} ORDER BY seq DESC LIMIT ?`;
      const rows = this.statement(sql).all(...plan.params, plan.fetch) as SqliteRow[];
      return toPage(
        rows.map((row) => ({ seq: row.seq, record: toRecord(row) })),
        query.limit,
      );
    });
  }

  async verifyChain(): Promise<ChainVerification> {
    const counted = await settle(() => this.statement(SQL.countPending).get());
    const read = (after: number, limit: number) =>
      settle(() =>
        (this.statement(SQL.chainBatch).all(after, limit) as SqliteRow[]).map(
          (row): ChainedRecord => ({
            position: Number(row.chain_position),
            record: toRecord(row),
            version: Number(row.chain_version),
          }),
        ),
      );
    return verifyChainBatches(read, (counted as { pending: number }).pending);
  }

  ping(): Promise<void> {
    return settle(() => {
      this.statement('SELECT 1').get();
    });
  }

  close(): Promise<void> {
    return settle(() => {
      if (this.database !== undefined) {
        this.batcher.flush(); // queued writes commit (and their callers hear so) before the close
      }
      this.statements.clear();
      this.pending.clear();
      this.database?.close();
      this.database = undefined;
    });
  }

  /**
   * Validates and snapshots a write now (`prepare` throws = rejection, nothing queued), then queues
   * the statements `prepare` returns for the next group commit.
   */
  private write(prepare: () => () => void): Promise<void> {
    let statements: () => void;
    try {
      statements = prepare();
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return this.batcher.write(statements);
  }

  /**
   * Runs inside the batcher's transaction: BEGIN IMMEDIATE took the write lock before the last link
   * is read, so writers (other connections and processes included) append one at a time and never
   * fork the chain; a record earlier in the same batch is already the last link.
   */
  private appendToChain(write: (prevHash: string, position: number) => void): void {
    const last = this.statement(SQL.lastLink).get() as
      | { hash: string; chain_position: number }
      | undefined;
    write(last?.hash ?? GENESIS_HASH, (last?.chain_position ?? 0) + 1);
  }
}
