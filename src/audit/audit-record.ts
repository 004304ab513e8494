import type { Actor } from '../common/auth/caller';
import { JsonValue } from '../common/json/json-value';
import { WritableSync } from '../common/sync/sync.types';
import { SyncChange } from '../common/sync/sync-changes';
import { AuditOutcome } from '../common/audit/audit-outcome';

/** One change attempt, as stored and as `GET /audit` returns it (gateway-contract.md section 5). */
export interface AuditRecord {
  id: string;
  /** ISO 8601 time the attempt reached the merge step. */
  at: string;
  requestId: string;
  /** The application (a key's client id; a JWT's or session's app). */
  clientId: string;
  /** Who made the change: the client, or the person (contract section 9). Hashed (see chain-version). */
  actor: Actor;
  syncId: number;
  action: 'sync.update';
  outcome: AuditOutcome;
  /** The gateway's answer; null while pending. */
  status: number | null;
  /** Squared's answer to the PUT; null when no PUT was sent or none was answered. */
  upstreamStatus: number | null;
  /** The request body as received (secrets redacted). */
  patch: JsonValue;
  /** The writable fields before and after (secrets redacted); `after` is null when the merge failed. */
  before: WritableSync | null;
  after: WritableSync | null;
  /**
   * Keyed digest (AuditStateDigest) of the unredacted `after` state: what settling a pending record
   * compares, since the redacted states cannot tell a change to a secret alone. Absent when `after` is
   * null and in records written before it existed (those settle by the redacted `after`).
   */
  afterDigest?: string;
  changes: SyncChange[];
  durationMs: number | null;
  /** Hash chain; null while pending (a record joins the chain when it is completed). */
  prevHash: string | null;
  hash: string | null;
}

/** What the gateway knows when an attempt reaches the merge step. */
export type AuditAttempt = Pick<
  AuditRecord,
  'requestId' | 'clientId' | 'actor' | 'syncId' | 'patch' | 'before' | 'after' | 'changes'
>;

/** What the gateway learns when the attempt ends. */
export type AuditCompletion = Pick<
  AuditRecord,
  'outcome' | 'status' | 'upstreamStatus' | 'durationMs'
>;
