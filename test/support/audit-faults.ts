import Database from 'better-sqlite3';
import { Client } from 'pg';

/**
 * Makes the audit table refuse `operation` (INSERT: the write-ahead record; UPDATE: the completion)
 * through a trigger set from a second connection, as a full disk or a revoked grant would. Root ignores
 * file permissions, so a read-only file cannot stand in for this on CI. Resolves with the undo.
 */
export async function blockAuditWrites(
  url: string,
  operation: 'INSERT' | 'UPDATE',
): Promise<() => Promise<void>> {
  return url.startsWith('sqlite:')
    ? blockSqlite(url.slice('sqlite:'.length), operation)
    : blockPostgres(url, operation);
}

function blockSqlite(path: string, operation: string): Promise<() => Promise<void>> {
  const db = new Database(path);
  db.exec(
    `CREATE TRIGGER block_audit BEFORE ${operation} ON audit_records BEGIN SELECT RAISE(ABORT, 'audit store unwritable'); END;`,
  );
  db.close();
  return Promise.resolve(() => {
    const undo = new Database(path);
    undo.exec('DROP TRIGGER block_audit');
    undo.close();
    return Promise.resolve();
  });
}

async function blockPostgres(url: string, operation: string): Promise<() => Promise<void>> {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema') ?? 'public';
  parsed.searchParams.delete('schema');
  const client = new Client({ connectionString: parsed.toString() });
  await client.connect();
  await client.query(
    `CREATE OR REPLACE FUNCTION "${schema}".block_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit store unwritable'; END $$`,
  );
  await client.query(
    `CREATE TRIGGER block_audit BEFORE ${operation} ON "${schema}".audit_records FOR EACH ROW EXECUTE FUNCTION "${schema}".block_audit()`,
  );
  return async () => {
    await client.query(`DROP TRIGGER block_audit ON "${schema}".audit_records`);
    await client.end();
  };
}
