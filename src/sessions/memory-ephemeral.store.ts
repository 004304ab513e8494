import { Clock } from '../common/clock';
import { EphemeralStore } from './ephemeral.store';
import { storageKey } from './storage-key';

/** Most records kept at once; beyond it the oldest go first (a flood of sign-ins cannot grow memory). */
const MAX_RECORDS = 100_000;

/** One replica's store (no `REDIS_URL`). Expiry by the injected clock, checked on every read. */
export class MemoryEphemeralStore extends EphemeralStore {
  private readonly records = new Map<string, { json: string; expiresAt: number }>();

  constructor(private readonly clock: Clock) {
    super();
  }

  put(key: string, value: object, ttlMs: number): Promise<void> {
    const id = storageKey(key);
    this.records.delete(id); // re-inserted last: the Map's order is the eviction order
    this.records.set(id, { json: JSON.stringify(value), expiresAt: this.clock.now() + ttlMs });
    this.evict();
    return Promise.resolve();
  }

  get<T>(key: string): Promise<T | undefined> {
    return Promise.resolve(this.read<T>(storageKey(key)));
  }

  take<T>(key: string): Promise<T | undefined> {
    const id = storageKey(key);
    const value = this.read<T>(id);
    this.records.delete(id);
    return Promise.resolve(value);
  }

  delete(key: string): Promise<void> {
    this.records.delete(storageKey(key));
    return Promise.resolve();
  }

  private read<T>(id: string): T | undefined {
    const record = this.records.get(id);
    if (!record) {
      return undefined;
    }
    if (record.expiresAt <= this.clock.now()) {
      this.records.delete(id);
      return undefined;
    }
    return JSON.parse(record.json) as T;
  }

  private evict(): void {
    const now = this.clock.now();
    for (const [id, record] of this.records) {
      if (this.records.size <= MAX_RECORDS && record.expiresAt > now) {
        break;
      }
      this.records.delete(id);
    }
  }
}
