import type { Database } from 'better-sqlite3';

const SCHEMA_VERSION = 3;

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

/**
 * Version 3: the actor (contract section 9). Rows written before were changes by a client with a
 * key, so their actor is that client; their hash was computed without it (`chain_version` 1), so
 * they still verify. Rows written from now on are version 2: their hash covers the actor.
 */
const SCHEMA_V3 = `
  ALTER TABLE audit_records ADD COLUMN actor_id TEXT;
  ALTER TABLE audit_records ADD COLUMN actor TEXT;
  ALTER TABLE audit_records ADD COLUMN chain_version INTEGER NOT NULL DEFAULT 1;
  UPDATE audit_records SET actor_id = client_id, actor = json_object('type', 'client', 'id', client_id);
  CREATE INDEX audit_records_actor_seq ON audit_records (actor_id, seq);
`;

export function openPragmas(db: Database, busyTimeoutMs: number): void {
  // First, so that the other pragmas and the migration wait for a concurrent writer.
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  db.pragma('journal_mode = WAL');
  // In WAL mode NORMAL may lose the last commits on power loss; FULL syncs the WAL at every commit,
  // so a record the gateway was told is committed (and the PUT sent after it) is never lost.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
}

function hasColumn(db: Database, name: string): boolean {
  const columns = db.pragma('table_info(audit_records)') as { name: string }[];
  return columns.some((column) => column.name === name);
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
    // A store whose columns are there already (rolled back to an older gateway and forward again)
    // keeps them, and its rows keep the chain version they were written with.
    if (version < 3 && !hasColumn(db, 'actor_id')) {
      db.exec(SCHEMA_V3);
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
