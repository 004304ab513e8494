import { createHash } from 'node:crypto';

import { AuditRecord } from '../audit-record';
import { AuditRow, RECORD_COLUMNS, recordValues, rowToRecord } from './audit-row';

/** pg returns BIGINT/BIGSERIAL as strings and parses JSON columns itself. */
export type PostgresRow = AuditRow<unknown> & { seq: string; chain_position: string | null };

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export function quoteSchema(schema: string): string {
  if (!IDENTIFIER.test(schema)) {
    throw new TypeError('Invalid audit schema name');
  }
  return `"${schema}"`;
}

/** A bigint (as text) per schema, so stores on different schemas do not block one another. */
export function advisoryLockKey(schema: string): string {
  return createHash('sha256').update(`audit-chain:${schema}`).digest().readBigInt64BE(0).toString();
}

/**
 * `json` (not `jsonb`) columns: json keeps the text exactly as written and accepts every escape
 * JSON.stringify can produce, whereas jsonb rejects `\u0000` and lone surrogates (a client's body could
 * then make its own audit write fail). Integers that may exceed int4 are BIGINT.
 */
export function schemaSql(s: string): string {
  return `
    CREATE SCHEMA IF NOT EXISTS ${s};
    CREATE TABLE IF NOT EXISTS ${s}.audit_records (
      seq BIGSERIAL PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      at TEXT NOT NULL,
      request_id TEXT NOT NULL,
      client_id TEXT NOT NULL,
      sync_id BIGINT NOT NULL,
      action TEXT NOT NULL,
      outcome TEXT NOT NULL,
      status INTEGER,
      upstream_status INTEGER,
      patch JSON NOT NULL,
      before_state JSON,
      after_state JSON,
      changes JSON NOT NULL,
      duration_ms BIGINT,
      prev_hash TEXT,
      hash TEXT,
      chain_position BIGINT UNIQUE
    );
    -- Added later: rows written before keep it null (they settle by their redacted after_state).
    ALTER TABLE ${s}.audit_records ADD COLUMN IF NOT EXISTS after_digest TEXT;
    -- The actor (contract section 9), added once: rows written before were a client's (their hash,
    -- computed without it, is chain version 1); rows written since hash it too (version 2).
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = '${s}.audit_records'::regclass
          AND attname = 'actor_id' AND NOT attisdropped) THEN
        ALTER TABLE ${s}.audit_records ADD COLUMN actor_id TEXT, ADD COLUMN actor JSON,
          ADD COLUMN chain_version INTEGER NOT NULL DEFAULT 1;
        UPDATE ${s}.audit_records
          SET actor_id = client_id, actor = json_build_object('type', 'client', 'id', client_id);
      END IF;
    END $$;
    CREATE INDEX IF NOT EXISTS audit_records_actor_seq ON ${s}.audit_records (actor_id, seq);
    CREATE INDEX IF NOT EXISTS audit_records_sync_seq ON ${s}.audit_records (sync_id, seq);
    CREATE INDEX IF NOT EXISTS audit_records_client_seq ON ${s}.audit_records (client_id, seq);
    CREATE INDEX IF NOT EXISTS audit_records_outcome_seq ON ${s}.audit_records (outcome, seq);
    CREATE INDEX IF NOT EXISTS audit_records_at ON ${s}.audit_records (at);
    CREATE INDEX IF NOT EXISTS audit_records_pending_at ON ${s}.audit_records (at, seq)
      WHERE chain_position IS NULL;
  `;
}

const COLUMNS = RECORD_COLUMNS.join(', ');
const PLACEHOLDERS = RECORD_COLUMNS.map((_, i) => `$${i + 1}`).join(', ');

export function statements(s: string) {
  const t = `${s}.audit_records`;
  return {
    insert: `INSERT INTO ${t} (${COLUMNS}, chain_position)
      VALUES (${PLACEHOLDERS}, $${RECORD_COLUMNS.length + 1})`,
    pendingById: `SELECT * FROM ${t} WHERE id = $1 AND chain_position IS NULL`,
    complete: `UPDATE ${t} SET outcome = $1, status = $2, upstream_status = $3, duration_ms = $4,
      prev_hash = $5, hash = $6, chain_position = $7 WHERE id = $8 AND chain_position IS NULL`,
    lastLink: `SELECT hash, chain_position FROM ${t} WHERE chain_position IS NOT NULL
      ORDER BY chain_position DESC LIMIT 1`,
    pendingBefore: `SELECT * FROM ${t} WHERE chain_position IS NULL AND at < $1 ORDER BY at, seq`,
    countPending: `SELECT count(*) AS pending FROM ${t} WHERE chain_position IS NULL`,
    chainBatch: `SELECT * FROM ${t} WHERE chain_position > $1 ORDER BY chain_position LIMIT $2`,
    page: (where: string, limitParam: number) =>
      `SELECT * FROM ${t} ${where} ORDER BY seq DESC LIMIT $${limitParam}`,
  };
}

export function toRecord(row: PostgresRow): AuditRecord {
  return rowToRecord(row, (value) => value);
}

export function toValues(record: AuditRecord, position: number | null): (string | number | null)[] {
  return [...recordValues(record), position];
}
