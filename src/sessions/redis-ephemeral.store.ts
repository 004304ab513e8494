import type { RedisCommands } from '../redis/redis-commands';
import { RedisKeys } from '../redis/redis-keys';
import { EphemeralStore } from './ephemeral.store';
import { storageKey } from './storage-key';

/** GET then DEL in one step: a sign-in's state is handed out once, even to two replicas at once. */
const TAKE = "local value = redis.call('GET', KEYS[1]) redis.call('DEL', KEYS[1]) return value";
const DELETE = "return redis.call('DEL', KEYS[1])";

/**
 * Records in Redis under `session:<sha256>` (plus the gateway's key prefix), expiring with `PX`,
 * through the connection's circuit: while Redis fails, commands are refused at once (the caller
 * answers 503) instead of each waiting out the command timeout.
 */
export class RedisEphemeralStore extends EphemeralStore {
  constructor(private readonly redis: RedisCommands) {
    super();
  }

  async put(key: string, value: object, ttlMs: number): Promise<void> {
    await this.redis.set(this.keyOf(key), JSON.stringify(value), 'PX', Math.max(1, ttlMs));
  }

  async get<T>(key: string): Promise<T | undefined> {
    return parsed<T>(await this.redis.get(this.keyOf(key)));
  }

  async take<T>(key: string): Promise<T | undefined> {
    return parsed<T>(await this.redis.eval(TAKE, [this.keyOf(key)], []));
  }

  async delete(key: string): Promise<void> {
    await this.redis.eval(DELETE, [this.keyOf(key)], []);
  }

  private keyOf(key: string): string {
    return RedisKeys.browserSession(storageKey(key));
  }
}

function parsed<T>(json: unknown): T | undefined {
  return typeof json === 'string' ? (JSON.parse(json) as T) : undefined;
}
