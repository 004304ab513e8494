import { AuditRecord } from '../audit-record';
import { AuditRow, RECORD_COLUMNS, recordValues, rowToRecord } from './audit-row';

export type SqliteRow = AuditRow<string> & { seq: number; chain_position: number | null };

const COLUMNS = RECORD_COLUMNS.join(', ');
const PLACEHOLDERS = RECORD_COLUMNS.map(() => '?').join(', ');

/** The store's fixed statements (the store prepares each once). */
export const SQL = {
  insert: `INSERT INTO audit_records (${COLUMNS}, chain_position) VALUES (${PLACEHOLDERS}, ?)`,
  byId: 'SELECT * FROM audit_records WHERE id = ?',
  complete: `UPDATE audit_records SET outcome = ?, status = ?, upstream_status = ?, duration_ms = ?,
    prev_hash = ?, hash = ?, chain_position = ? WHERE id = ? AND chain_position IS NULL`,
  lastLink: `SELECT hash, chain_position FROM audit_records WHERE chain_position IS NOT NULL
    ORDER BY chain_position DESC LIMIT 1`,
  pendingBefore: `SELECT * FROM audit_records WHERE chain_position IS NULL AND at < ?
    ORDER BY at, seq`,
  countPending: 'SELECT count(*) AS pending FROM audit_records WHERE chain_position IS NULL',
  chainBatch: `SELECT * FROM audit_records WHERE chain_position > ?
    ORDER BY chain_position LIMIT ?`,
} as const;

export function toRecord(row: SqliteRow): AuditRecord {
  return rowToRecord(row, (text) => JSON.parse(text) as unknown);
}

export function toValues(record: AuditRecord, position: number | null): (string | number | null)[] {
  return [...recordValues(record), position];
}
