import type { ErrorCode } from '../common/errors/error-code';
import type { FieldError } from '../common/errors/gateway.error';

/** The first answer to a key, as replayed: a success document or a problem (rebuilt by the filter). */
export type StoredAnswer =
  | { kind: 'success'; body: unknown; etag: string | undefined }
  | {
      kind: 'problem';
      code: ErrorCode;
      detail: string;
      errors?: FieldError[];
      headers: Record<string, string>;
      extensions: Record<string, unknown>;
    };

/** What is stored per client and key: in flight while `answer` is missing. */
export interface IdempotencyRecord {
  fingerprint: string;
  /** Random id of the request that claimed the key: only it may complete or abandon the claim. */
  owner: string;
  answer?: StoredAnswer;
}

/**
 * Where `Idempotency-Key`s and their first answers are kept: Redis (shared by replicas) when
 * `REDIS_URL` is set, this process's memory otherwise. Every method may reject when the store
 * cannot be reached.
 */
export abstract class IdempotencyStore {
  /**
   * Claims `scope` for a request in flight (for `ttlMs`) unless a record is there already.
   * Resolves with the existing record, or `undefined` when the claim is now this request's.
   */
  abstract claim(
    scope: string,
    record: IdempotencyRecord,
    ttlMs: number,
  ): Promise<IdempotencyRecord | undefined>;

  /** Stores the answer of the claim `record.owner` holds, kept for `ttlMs`. */
  abstract complete(
    scope: string,
    record: Required<IdempotencyRecord>,
    ttlMs: number,
  ): Promise<void>;

  /** Drops `owner`'s claim without an answer, so that the request can be tried again. */
  abstract abandon(scope: string, owner: string): Promise<void>;
}
