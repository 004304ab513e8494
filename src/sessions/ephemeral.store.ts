/**
 * JSON records that expire: browser sessions and sign-ins in progress. Shared by every replica when
 * `REDIS_URL` is set (a sign-in may start on one replica and finish on another). Ids are stored only
 * as SHA-256 digests by the adapters, so a dump of the store holds no usable cookie value.
 */
export abstract class EphemeralStore {
  /** @throws when the store cannot be reached (the caller answers 503). */
  abstract put(key: string, value: object, ttlMs: number): Promise<void>;
  abstract get<T>(key: string): Promise<T | undefined>;
  /** Reads and deletes at once: a sign-in's state can be used only once. */
  abstract take<T>(key: string): Promise<T | undefined>;
  abstract delete(key: string): Promise<void>;
}
