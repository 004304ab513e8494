import type Redis from 'ioredis';
import { IdempotencyRecord, IdempotencyStore } from './idempotency.store';

// Both scripts act only while the stored record is still the caller's claim: a claim that expired
// and was taken by a later request must not be overwritten or removed by the earlier one.
const COMPLETE_SCRIPT = `local current = redis.call('GET', KEYS[1])
if current and cjson.decode(current).owner == ARGV[1] then
  return redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
end
return false`;

const ABANDON_SCRIPT = `local current = redis.call('GET', KEYS[1])
if current and cjson.decode(current).owner == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** `IdempotencyStore` on Redis, shared by every replica: `SET NX PX` claims, then the answer. */
export class RedisIdempotencyStore extends IdempotencyStore {
  constructor(private readonly redis: Redis) {
    super();
  }

  async claim(
    scope: string,
    record: IdempotencyRecord,
    ttlMs: number,
  ): Promise<IdempotencyRecord | undefined> {
    // Twice at most: a record can expire between the failed SET and the GET.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      if ((await this.redis.set(scope, JSON.stringify(record), 'PX', ttlMs, 'NX')) === 'OK') {
        return undefined;
      }
      const existing = await this.redis.get(scope);
      if (existing !== null) {
        return JSON.parse(existing) as IdempotencyRecord;
      }
    }
    throw new Error('Idempotency key flapping between claim and read');
  }

  async complete(scope: string, record: Required<IdempotencyRecord>, ttlMs: number): Promise<void> {
    await this.redis.eval(COMPLETE_SCRIPT, 1, scope, record.owner, JSON.stringify(record), ttlMs);
  }

  async abandon(scope: string, owner: string): Promise<void> {
    await this.redis.eval(ABANDON_SCRIPT, 1, scope, owner);
  }
}
