import type Redis from 'ioredis';
import { EphemeralStore } from './ephemeral.store';
import { storageKey } from './storage-key';

/**
 * Records in Redis under `session:<sha256>` (plus the gateway's key prefix), expiring with `PX`. The
 * connection is the gateway's fail-fast one: an unreachable Redis fails the command at once.
 */
export class RedisEphemeralStore extends EphemeralStore {
  constructor(private readonly redis: Redis) {
    super();
  }

  async put(key: string, value: object, ttlMs: number): Promise<void> {
    await this.redis.set(this.keyOf(key), JSON.stringify(value), 'PX', Math.max(1, ttlMs));
  }

  async get<T>(key: string): Promise<T | undefined> {
    const json = await this.redis.get(this.keyOf(key));
    return json === null ? undefined : (JSON.parse(json) as T);
  }

  async take<T>(key: string): Promise<T | undefined> {
    const json = await this.redis.getdel(this.keyOf(key));
    return json === null ? undefined : (JSON.parse(json) as T);
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.keyOf(key));
  }

  private keyOf(key: string): string {
    return `session:${storageKey(key)}`;
  }
}
