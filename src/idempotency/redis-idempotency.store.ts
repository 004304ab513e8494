import { mayRunLate } from '../redis/redis-circuit';
import type { RedisCommands } from '../redis/redis-commands';
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

/**
 * `IdempotencyStore` on Redis, shared by every replica: `SET NX PX` claims, then the answer.
 *
 * A claim whose `SET` timed out may still be run by Redis later, leaving a claim nobody owns (every
 * retry with that key would get 409 until it expires): a failed claim queues its own abandon on the
 * same connection, which Redis runs after the late `SET`. Completing and abandoning are sent even
 * while the circuit is open, for the same reason (they settle a claim Redis may hold).
 */
export class RedisIdempotencyStore extends IdempotencyStore {
  constructor(private readonly redis: RedisCommands) {
    super();
  }

  async claim(
    scope: string,
    record: IdempotencyRecord,
    ttlMs: number,
  ): Promise<IdempotencyRecord | undefined> {
    try {
      return await this.claimOnce(scope, record, ttlMs);
    } catch (error) {
      if (mayRunLate(error)) {
        this.abandon(scope, record.owner).catch(() => undefined);
      }
      throw error;
    }
  }

  async complete(scope: string, record: Required<IdempotencyRecord>, ttlMs: number): Promise<void> {
    await this.redis.evalAlways(
      COMPLETE_SCRIPT,
      [scope],
      [record.owner, JSON.stringify(record), ttlMs],
    );
  }

  async abandon(scope: string, owner: string): Promise<void> {
    await this.redis.evalAlways(ABANDON_SCRIPT, [scope], [owner]);
  }

  private async claimOnce(
    scope: string,
    record: IdempotencyRecord,
    ttlMs: number,
  ): Promise<IdempotencyRecord | undefined> {
    // Twice at most: a record can expire between the failed SET and the GET.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      if (await this.redis.setIfAbsent(scope, JSON.stringify(record), ttlMs)) {
        return undefined;
      }
      const existing = await this.redis.get(scope);
      if (existing !== null) {
        return JSON.parse(existing) as IdempotencyRecord;
      }
    }
    throw new Error('Idempotency key flapping between claim and read');
  }
}
