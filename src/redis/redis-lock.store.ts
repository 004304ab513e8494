import type Redis from 'ioredis';

/** Time as the lock sees it; tests pass a fake one. */
export interface LockClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const SYSTEM_CLOCK: LockClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * The three atomic operations a cross-replica lock needs, so that the lock's logic can be tested
 * with a fake clock and store. Every method may reject when the store cannot be reached.
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

/** `LockStore` on Redis: `SET key token NX PX lease`, and a Lua compare-and-delete. */
export class RedisLockStore implements LockStore {
  constructor(private readonly redis: Redis) {}

  async tryAcquire(key: string, token: string, leaseMs: number): Promise<boolean> {
    return (await this.redis.set(key, token, 'PX', leaseMs, 'NX')) === 'OK';
  }

  async release(key: string, token: string): Promise<boolean> {
    return (await this.redis.eval(RELEASE_SCRIPT, 1, key, token)) === 1;
  }

  async holds(key: string, token: string): Promise<boolean> {
    return (await this.redis.get(key)) === token;
  }
}
