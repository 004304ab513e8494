import { IdempotencyRecord, IdempotencyStore } from './idempotency.store';

/** Enough for a day of one replica's keyed PATCHes at the org rate limit, with room to spare. */
export const MEMORY_STORE_MAX_ENTRIES = 10_000;

/**
 * `IdempotencyStore` in this process's memory (no `REDIS_URL`): entries expire after their TTL, and
 * at the size bound the oldest answered entries are dropped first (claims in flight last).
 */
export class MemoryIdempotencyStore extends IdempotencyStore {
  private readonly entries = new Map<string, { record: IdempotencyRecord; expiresAt: number }>();

  constructor(
    private readonly maxEntries = MEMORY_STORE_MAX_ENTRIES,
    private readonly now: () => number = Date.now,
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
      return Promise.resolve(existing);
    }
    this.makeRoom();
    this.entries.set(scope, { record, expiresAt: this.now() + ttlMs });
    return Promise.resolve(undefined);
  }

  complete(scope: string, record: Required<IdempotencyRecord>, ttlMs: number): Promise<void> {
    if (this.live(scope)?.owner === record.owner) {
      // Re-inserted, so that Map order stays the order of expiry.
      this.entries.delete(scope);
      this.entries.set(scope, { record, expiresAt: this.now() + ttlMs });
    }
    return Promise.resolve();
  }

  abandon(scope: string, owner: string): Promise<void> {
    if (this.live(scope)?.owner === owner) {
      this.entries.delete(scope);
    }
    return Promise.resolve();
  }

  get size(): number {
    return this.entries.size;
  }

  private live(scope: string): IdempotencyRecord | undefined {
    const entry = this.entries.get(scope);
    if (entry && entry.expiresAt <= this.now()) {
      this.entries.delete(scope);
      return undefined;
    }
    return entry?.record;
  }

  private makeRoom(): void {
    const now = this.now();
    for (const [scope, entry] of this.entries) {
      if (entry.expiresAt <= now) {
        this.entries.delete(scope);
      }
    }
    for (const pass of ['answered', 'any'] as const) {
      for (const [scope, entry] of this.entries) {
        if (this.entries.size < this.maxEntries) {
          return;
        }
        if (pass === 'any' || entry.record.answer) {
          this.entries.delete(scope);
        }
      }
    }
  }
}
