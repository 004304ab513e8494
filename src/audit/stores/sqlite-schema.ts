import type { Database } from 'better-sqlite3';

const SCHEMA_VERSION = 2;

/** Version 1: one table; `seq` orders pages, `chain_position` (null while pending) orders the chain. */
const SCHEMA_V1 = `
  CREATE TABLE audit_records (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    at TEXT NOT NULL,
    request_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    sync_id INTEGER NOT NULL,
    action TEXT NOT NULL,
    outcome TEXT NOT NULL,
    status INTEGER,
    upstream_status INTEGER,
    patch TEXT NOT NULL,
    before_state TEXT,
    after_state TEXT,
    changes TEXT NOT NULL,
    duration_ms INTEGER,
    prev_hash TEXT,
    hash TEXT,
    chain_position INTEGER UNIQUE
  );
  CREATE INDEX audit_records_sync_seq ON audit_records (sync_id, seq);
  CREATE INDEX audit_records_client_seq ON audit_records (client_id, seq);
  CREATE INDEX audit_records_outcome_seq ON audit_records (outcome, seq);
  CREATE INDEX audit_records_at ON audit_records (at);
  CREATE INDEX audit_records_pending_at ON audit_records (at, seq) WHERE chain_position IS NULL;
`;

/**
 * Version 2: the keyed digest of the unredacted `after` state (settling compares it). Rows written
 * before keep it null and settle by their redacted `after`, as they always did.
 */
const SCHEMA_V2 = 'ALTER TABLE audit_records ADD COLUMN after_digest TEXT';

export function openPragmas(db: Database, busyTimeoutMs: number): void {
  // First, so that the other pragmas and the migration wait for a concurrent writer.
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  db.pragma('journal_mode = WAL');
  // In WAL mode NORMAL may lose the last commits on power loss; FULL syncs the WAL at every commit,
  // so a record the gateway was told is committed (and the PUT sent after it) is never lost.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
}

/** Creates or upgrades the schema; idempotent, and safe against another process doing the same. */
export function migrate(db: Database): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(
        `Audit database schema ${version} is newer than this gateway (${SCHEMA_VERSION})`,
      );
    }
    if (version < 1) {
      db.exec(SCHEMA_V1);
    }
    if (version < 2) {
      db.exec(SCHEMA_V2);
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
