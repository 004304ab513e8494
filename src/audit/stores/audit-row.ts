import { JsonValue } from '../../common/json/json-value';
import { WritableSync } from '../../common/sync/sync.types';
import { SyncChange } from '../../common/sync/sync-changes';
import { AuditCompletion, AuditRecord } from '../audit-record';
import { AuditOutcome } from '../../common/audit/audit-outcome';
import { NewAuditRecord } from '../audit.store';
import type { Actor } from '../../common/auth/caller';
import { hashAuditRecord } from '../chain/audit-hash';
import { CHAIN_VERSION } from '../chain/chain-version';

/** Stored columns in `recordValues` order; both stores use the same names. */
export const RECORD_COLUMNS = [
  'id',
  'at',
  'request_id',
  'client_id',
  'sync_id',
  'action',
  'outcome',
  'status',
  'upstream_status',
  'patch',
  'before_state',
  'after_state',
  'after_digest',
  'changes',
  'duration_ms',
  'prev_hash',
  'hash',
  'actor_id',
  'actor',
  'chain_version',
] as const;

type SqlNumber = number | string;

/** A row as a driver returns it: JSON columns as text (SQLite) or parsed (pg), bigints as strings (pg). */
export interface AuditRow<J> {
  id: string;
  at: string;
  request_id: string;
  client_id: string;
  sync_id: SqlNumber;
  action: string;
  outcome: string;
  status: SqlNumber | null;
  upstream_status: SqlNumber | null;
  patch: J;
  before_state: J | null;
  after_state: J | null;
  /** Null in rows written before the column existed. */
  after_digest: string | null;
  changes: J;
  duration_ms: SqlNumber | null;
  prev_hash: string | null;
  hash: string | null;
  /** Filled by the migration for rows written before actors existed (their actor is the client). */
  actor_id: string | null;
  actor: J | null;
  /** What the row's hash covers (chain-version.ts). */
  chain_version: SqlNumber;
}

function numberOrNull(value: SqlNumber | null): number | null {
  return value === null ? null : Number(value);
}

/** Builds exactly the AuditRecord fields (nothing else may reach the hash). */
export function rowToRecord<J>(row: AuditRow<J>, json: (value: J) => unknown): AuditRecord {
  return {
    id: row.id,
    at: row.at,
    requestId: row.request_id,
    clientId: row.client_id,
    actor: row.actor === null ? { type: 'client', id: row.client_id } : (json(row.actor) as Actor),
    syncId: Number(row.sync_id),
    action: row.action as AuditRecord['action'],
    outcome: row.outcome as AuditOutcome,
    status: numberOrNull(row.status),
    upstreamStatus: numberOrNull(row.upstream_status),
    patch: json(row.patch) as JsonValue,
    before: row.before_state === null ? null : (json(row.before_state) as WritableSync),
    after: row.after_state === null ? null : (json(row.after_state) as WritableSync),
    // Left out, not null, when absent: an older record was hashed without it and must still verify.
    ...(typeof row.after_digest === 'string' ? { afterDigest: row.after_digest } : {}),
    changes: json(row.changes) as SyncChange[],
    durationMs: numberOrNull(row.duration_ms),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Values in RECORD_COLUMNS order, JSON columns as JSON text. */
export function recordValues(record: AuditRecord): (string | number | null)[] {
  const json = (value: unknown) => (value === null ? null : jsonTextOf(value));
  return [
    record.id,
    record.at,
    record.requestId,
    record.clientId,
    record.syncId,
    record.action,
    record.outcome,
    record.status,
    record.upstreamStatus,
    jsonTextOf(record.patch),
    json(record.before),
    json(record.after),
    record.afterDigest ?? null,
    jsonTextOf(record.changes),
    record.durationMs,
    record.prevHash,
    record.hash,
    record.actor.id,
    jsonTextOf(record.actor),
    CHAIN_VERSION,
  ];
}

/**
 * The JSON text each stored value was read back from, so that its row is written with that same text
 * instead of a second `JSON.stringify` of it (the before and after states are the largest).
 */
const storedText = new WeakMap<object, string>();

function jsonTextOf(value: unknown): string {
  return (
    (typeof value === 'object' && value !== null && storedText.get(value)) || JSON.stringify(value)
  );
}

/** The JSON values as they will read back (undefined keys dropped), so the hash verifies later. */
function asStored<T>(value: T): T {
  const text = JSON.stringify(value);
  const stored = JSON.parse(text) as T;
  if (typeof stored === 'object' && stored !== null) {
    storedText.set(stored, text);
  }
  return stored;
}

function assertInteger(name: string, value: number | null): void {
  if (value !== null && !Number.isSafeInteger(value)) {
    throw new TypeError(`Audit record ${name} must be an integer`);
  }
}

/** Rejects what would not read back identically (and so would never verify). */
export function assertCompletion(completion: AuditCompletion): void {
  if (completion.outcome === 'pending') {
    throw new TypeError('A completed audit record cannot be pending');
  }
  assertInteger('status', completion.status);
  assertInteger('upstreamStatus', completion.upstreamStatus);
  assertInteger('durationMs', completion.durationMs);
}

/** A new record normalised for storage; `at` must be canonical (`toISOString`) to sort as text. */
export function storableRecord(record: NewAuditRecord): AuditRecord {
  if (Number.isNaN(Date.parse(record.at)) || new Date(record.at).toISOString() !== record.at) {
    throw new TypeError('Audit record at must be a UTC ISO 8601 instant with milliseconds');
  }
  assertInteger('syncId', record.syncId);
  assertInteger('status', record.status);
  assertInteger('upstreamStatus', record.upstreamStatus);
  assertInteger('durationMs', record.durationMs);
  return {
    id: record.id,
    at: record.at,
    requestId: record.requestId,
    clientId: record.clientId,
    actor: asStored(record.actor),
    syncId: record.syncId,
    action: record.action,
    outcome: record.outcome,
    status: record.status,
    upstreamStatus: record.upstreamStatus,
    patch: asStored(record.patch ?? null),
    before: asStored(record.before),
    after: asStored(record.after),
    ...(record.afterDigest === undefined ? {} : { afterDigest: record.afterDigest }),
    changes: asStored(record.changes),
    durationMs: record.durationMs,
    prevHash: null,
    hash: null,
  };
}

/**
 * The record completed (unless `completion` is null) and chained after the one hashed `prevHash`,
 * hashed as its chain `version` says (a row written before actors existed leaves `actor` out).
 */
export function sealRecord(
  record: AuditRecord,
  completion: AuditCompletion | null,
  prevHash: string,
  version: number = CHAIN_VERSION,
): AuditRecord {
  const { outcome, status, upstreamStatus, durationMs } = completion ?? record;
  const sealed = { ...record, outcome, status, upstreamStatus, durationMs, prevHash, hash: null };
  return { ...sealed, hash: hashAuditRecord(sealed, version) };
}
