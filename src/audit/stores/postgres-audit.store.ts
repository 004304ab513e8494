import { Pool, PoolClient } from 'pg';

import { AuditCompletion, AuditRecord } from '../audit-record';
import {
  AuditPage,
  AuditQuery,
  AuditStore,
  ChainVerification,
  NewAuditRecord,
} from '../audit.store';
import { GENESIS_HASH } from '../chain/audit-hash';
import { verifyChainBatches } from '../chain/chain-verifier';
import { canonicalInstant, planQuery, toPage } from './audit-query';
import { assertCompletion, sealRecord, storableRecord } from './audit-row';
import {
  advisoryLockKey,
  PostgresRow,
  quoteSchema,
  schemaSql,
  statements,
  toRecord,
  toValues,
} from './postgres-sql';

export interface PostgresAuditStoreOptions {
  /** Overrides the URL's `schema` query parameter; default `public`. */
  schema?: string;
}

type Append = (client: PoolClient, prevHash: string, position: number) => Promise<void>;

/** `schema` is ours, not libpq's: read it and strip it before pg sees the URL. */
function splitSchema(connectionString: string): { url: string; schema: string | null } {
  const url = new URL(connectionString);
  const schema = url.searchParams.get('schema');
  url.searchParams.delete('schema');
  return { url: url.toString(), schema };
}

/** The audit store in one PostgreSQL schema; the chain is serialised by a transaction-level lock. */
export class PostgresAuditStore extends AuditStore {
  private readonly pool: Pool;
  private readonly schema: string;
  private readonly sql: ReturnType<typeof statements>;
  private closed?: Promise<void>;

  constructor(connectionString: string, options: PostgresAuditStoreOptions = {}) {
    super();
    const { url, schema } = splitSchema(connectionString);
    this.schema = options.schema ?? schema ?? 'public';
    this.sql = statements(quoteSchema(this.schema));
    this.pool = new Pool({
      connectionString: url,
      max: 10,
      // Fail fast when the server is unreachable: the caller answers 503 instead of hanging.
      connectionTimeoutMillis: 2000,
      // The server cancels a statement after 5 s; the client-side timeout is the backstop for a dead link.
      statement_timeout: 5000,
      query_timeout: 6000,
    });
    // An idle client losing its connection must not crash the process; the next query reports it.
    this.pool.on('error', () => undefined);
  }

  async init(): Promise<void> {
    await this.transaction(async (client) => {
      // Two gateways starting together would otherwise race on CREATE SCHEMA / TABLE.
      await this.lockChain(client);
      await client.query(schemaSql(quoteSchema(this.schema)));
    });
  }

  async insertPending(record: NewAuditRecord): Promise<void> {
    if (record.outcome !== 'pending') {
      throw new TypeError('insertPending needs a pending record');
    }
    await this.pool.query(this.sql.insert, toValues(storableRecord(record), null));
  }

  async complete(id: string, completion: AuditCompletion): Promise<void> {
    assertCompletion(completion);
    await this.appendToChain(async (client, prevHash, position) => {
      const { rows } = await client.query<PostgresRow>(this.sql.pendingById, [id]);
      if (rows[0] === undefined) {
        throw new Error(`No pending audit record ${id}`);
      }
      const row = rows[0];
      const sealed = sealRecord(toRecord(row), completion, prevHash, Number(row.chain_version));
      const { outcome, status, upstreamStatus, durationMs, hash } = sealed;
      const values = [outcome, status, upstreamStatus, durationMs, prevHash, hash, position, id];
      await client.query(this.sql.complete, values);
    });
  }

  async insertCompleted(record: NewAuditRecord): Promise<void> {
    assertCompletion(record);
    const stored = storableRecord(record);
    await this.appendToChain(async (client, prevHash, position) => {
      await client.query(this.sql.insert, toValues(sealRecord(stored, null, prevHash), position));
    });
  }

  async findPendingBefore(cutoff: string): Promise<AuditRecord[]> {
    const before = canonicalInstant(cutoff);
    if (before === null) {
      throw new TypeError('Invalid cutoff');
    }
    const { rows } = await this.pool.query<PostgresRow>(this.sql.pendingBefore, [before]);
    return rows.map(toRecord);
  }

  async query(query: AuditQuery): Promise<AuditPage> {
    const plan = planQuery(query, (n) => `$${n}`);
    const sql = this.sql.page(plan.where, plan.params.length + 1);
    const { rows } = await this.pool.query<PostgresRow>(sql, [...plan.params, plan.fetch]);
    const entries = rows.map((row) => ({ seq: Number(row.seq), record: toRecord(row) }));
    return toPage(entries, query.limit);
  }

  async verifyChain(): Promise<ChainVerification> {
    const counted = await this.pool.query<{ pending: string }>(this.sql.countPending);
    const read = async (after: number, limit: number) => {
      const { rows } = await this.pool.query<PostgresRow>(this.sql.chainBatch, [after, limit]);
      return rows.map((row) => ({
        position: Number(row.chain_position),
        record: toRecord(row),
        version: Number(row.chain_version),
      }));
    };
    return verifyChainBatches(read, Number(counted.rows[0]?.pending ?? 0));
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  /** Idempotent (Nest's shutdown hook may close after a caller did). */
  close(): Promise<void> {
    this.closed ??= this.pool.end();
    return this.closed;
  }

  /** Under the lock, the last link read is the last committed one: appends form a single line. */
  private appendToChain(append: Append): Promise<void> {
    return this.transaction(async (client) => {
      await this.lockChain(client);
      const { rows } = await client.query<{ hash: string; chain_position: string }>(
        this.sql.lastLink,
      );
      const last = rows[0];
      await append(client, last?.hash ?? GENESIS_HASH, Number(last?.chain_position ?? 0) + 1);
    });
  }

  private async lockChain(client: PoolClient): Promise<void> {
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [advisoryLockKey(this.schema)]);
  }

  private async transaction(work: (client: PoolClient) => Promise<void>): Promise<void> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      await work(client);
      await client.query('COMMIT');
    } catch (error) {
      // A failed ROLLBACK (lost connection, timeout) leaves the client unusable: drop it.
      broken = await client.query('ROLLBACK').then(
        () => false,
        () => true,
      );
      throw error;
    } finally {
      client.release(broken);
    }
  }
}
