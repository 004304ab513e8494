import { Clock } from '../common/clock';
import { IdempotencyRecord, IdempotencyStore } from './idempotency.store';

/** What a Map entry, its key and its bookkeeping cost beyond the record's JSON (an estimate). */
export const ENTRY_OVERHEAD_BYTES = 256;

interface Entry {
  /** The record as JSON: its size is known, and no caller shares a live object with the store. */
  json: string;
  bytes: number;
  owner: string;
  answered: boolean;
  expiresAt: number;
}

/**
 * `IdempotencyStore` in this process's memory (no `REDIS_URL`), bounded by bytes: the JSON of every
 * record plus a fixed overhead per entry stays within `maxBytes`. Entries expire after their TTL
 * (and are dropped when next looked up, or when room is needed); to make room, the oldest expired
 * or answered entries go first, then claims in flight. A record larger than
 * the whole store is not kept (IdempotentWrites' per-answer bound normally stops it first).
 */
export class MemoryIdempotencyStore extends IdempotencyStore {
  private readonly entries = new Map<string, Entry>();
  private totalBytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly clock: Clock,
  ) {
    super();
  }

  claim(
    scope: string,
    record: IdempotencyRecord,
    ttlMs: number,
  ): Promise<IdempotencyRecord | undefined> {
    const existing = this.live(scope);
    if (existing) {
      return Promise.resolve(JSON.parse(existing.json) as IdempotencyRecord);
    }
    this.put(scope, record, ttlMs);
    return Promise.resolve(undefined);
  }

  complete(scope: string, record: Required<IdempotencyRecord>, ttlMs: number): Promise<void> {
    if (this.live(scope)?.owner === record.owner) {
      // Re-inserted, so that Map order stays the order of expiry.
      this.remove(scope);
      this.put(scope, record, ttlMs);
    }
    return Promise.resolve();
  }

  abandon(scope: string, owner: string): Promise<void> {
    if (this.live(scope)?.owner === owner) {
      this.remove(scope);
    }
    return Promise.resolve();
  }

  get size(): number {
    return this.entries.size;
  }

  /** Bytes accounted for: records' JSON plus the per-entry overhead; never above `maxBytes`. */
  get bytes(): number {
    return this.totalBytes;
  }

  private put(scope: string, record: IdempotencyRecord, ttlMs: number): void {
    const json = JSON.stringify(record);
    const bytes = Buffer.byteLength(json) + Buffer.byteLength(scope) + ENTRY_OVERHEAD_BYTES;
    if (bytes > this.maxBytes) {
      return;
    }
    this.makeRoom(bytes);
    const answered = record.answer !== undefined;
    this.entries.set(scope, {
      json,
      bytes,
      owner: record.owner,
      answered,
      expiresAt: this.clock.now() + ttlMs,
    });
    this.totalBytes += bytes;
  }

  private remove(scope: string): void {
    const entry = this.entries.get(scope);
    if (entry) {
      this.entries.delete(scope);
      this.totalBytes -= entry.bytes;
    }
  }

  private live(scope: string): Entry | undefined {
    const entry = this.entries.get(scope);
    if (entry && entry.expiresAt <= this.clock.now()) {
      this.remove(scope);
      return undefined;
    }
    return entry;
  }

  /** Oldest first: expired entries and answers, then (only if that is not enough) claims in flight. */
  private makeRoom(bytes: number): void {
    const now = this.clock.now();
    for (const pass of ['expired or answered', 'any'] as const) {
      for (const [scope, entry] of this.entries) {
        if (this.totalBytes + bytes <= this.maxBytes) {
          return;
        }
        if (pass === 'any' || entry.answered || entry.expiresAt <= now) {
          this.remove(scope);
        }
      }
    }
  }
}
