import { mayRunLate } from './redis-circuit';
import type { RedisCommands } from './redis-commands';

/**
 * The three atomic operations a cross-replica lock needs, so that the lock's logic can be tested
 * with a manual clock and a fake store. Every method may reject when the store cannot be reached.
 */
export interface LockStore {
  /** Takes `key` for `token` unless someone holds it; true when taken. Expires after `leaseMs`. */
  tryAcquire(key: string, token: string, leaseMs: number): Promise<boolean>;
  /** Deletes `key` only while it still holds `token` (never another holder's lock). */
  release(key: string, token: string): Promise<boolean>;
  /** Whether `key` still holds `token`. */
  holds(key: string, token: string): Promise<boolean>;
}

// Compare-and-delete must be one atomic step: between a GET and a DEL the lease could expire and
// another replica take the key, whose lock the DEL would then remove.
const RELEASE_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/**
 * `LockStore` on Redis: `SET key token NX PX lease`, and a Lua compare-and-delete.
 *
 * A `SET` that timed out (or was given up on when the circuit opened) was written and may still be
 * run by Redis when it answers again, taking the lock for a token nobody holds: nobody could write
 * that sync for a whole lease. So a failed acquisition queues the compare-and-delete of its token on
 * the same connection, where Redis runs it right after the late `SET`.
 */
export class RedisLockStore implements LockStore {
  constructor(private readonly redis: RedisCommands) {}

  async tryAcquire(key: string, token: string, leaseMs: number): Promise<boolean> {
    try {
      return await this.redis.setIfAbsent(key, token, leaseMs);
    } catch (error) {
      if (mayRunLate(error)) {
        this.release(key, token).catch(() => undefined);
      }
      throw error;
    }
  }

  /** Sent even while the circuit is open: it must follow, in order, the SET it undoes. */
  async release(key: string, token: string): Promise<boolean> {
    return (await this.redis.evalAlways(RELEASE_SCRIPT, [key], [token])) === 1;
  }

  async holds(key: string, token: string): Promise<boolean> {
    return (await this.redis.get(key)) === token;
  }
}
