import { AuditCompletion, AuditRecord } from './audit-record';
import { AuditOutcome } from '../common/audit/audit-outcome';

export interface AuditQuery {
  syncId?: number;
  clientId?: string;
  /** The actor's id: a client id or a person's `sub`. */
  actor?: string;
  outcome?: AuditOutcome;
  /** ISO 8601 bounds on `at`, inclusive. */
  since?: string;
  until?: string;
  /** 1–500. */
  limit: number;
  /** Opaque, from a previous page's `nextCursor`. */
  cursor?: string;
}

export interface AuditPage {
  /** Newest first. */
  data: AuditRecord[];
  nextCursor: string | null;
}

export interface ChainVerification {
  ok: boolean;
  /** Completed records checked, in chain order. */
  checked: number;
  /** Records still pending (not part of the chain yet). */
  pending: number;
  /** The first record where the chain breaks. */
  firstBroken?: { id: string; position: number; reason: string };
}

/** A record as first written: everything the attempt knows, not yet completed nor chained. */
export type NewAuditRecord = Omit<AuditRecord, 'prevHash' | 'hash'>;

/**
 * The audit log's persistence port, with two real adapters (SQLite, PostgreSQL) and, for specs only,
 * an in-memory one (`MemoryAuditStore`) held to the same contract tests.
 *
 * Chain: a record joins the hash chain when it is completed (`complete`, or `insertCompleted` for an
 * attempt that never had a PUT): it gets the next chain position, `prevHash` = the hash of the record
 * at the previous position (64 zeros for the first), and `hash` = SHA-256 hex of the canonical JSON
 * (RFC 8785) of the complete record including `prevHash` (without `hash`). Appending to the chain is
 * serialised in the database (not in process memory), so several processes writing to one database
 * still produce a single line. Every method resolves after the data is committed.
 */
export abstract class AuditStore {
  /** Creates or migrates the schema; idempotent. */
  abstract init(): Promise<void>;
  /** Commits a `pending` record (outcome 'pending', no hash). */
  abstract insertPending(record: NewAuditRecord): Promise<void>;
  /** Completes a pending record and appends it to the chain, in one transaction. */
  abstract complete(id: string, completion: AuditCompletion): Promise<void>;
  /** Inserts a completed record and appends it to the chain, in one transaction. */
  abstract insertCompleted(record: NewAuditRecord): Promise<void>;
  /** Pending records whose `at` is before `cutoff` (ISO 8601), oldest first. */
  abstract findPendingBefore(cutoff: string): Promise<AuditRecord[]>;
  abstract query(query: AuditQuery): Promise<AuditPage>;
  abstract verifyChain(): Promise<ChainVerification>;
  /** Resolves when the store answers a trivial query (readiness). */
  abstract ping(): Promise<void>;
  abstract close(): Promise<void>;

  /** Nest calls this at shutdown, after in-flight requests completed their records. */
  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
