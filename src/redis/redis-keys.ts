/**
 * Every key family the gateway keeps in Redis, and how each key is spelled. Every store builds its
 * keys here, so the whole key space reads in one place, and a new family cannot collide with another
 * unseen. The connection puts `REDIS_KEY_PREFIX` in front of each (ioredis `keyPrefix`).
 *
 * Each family starts with its own word; the rate limits start with a throttler name (`client`, `org`),
 * which no other family uses.
 */
export const RedisKeys = {
  /**
   * A rate-limit counter: `<throttler>:<tracker>`. The storage (@nest-lab/throttler-storage-redis)
   * keeps `{<this>}:hits` and `{<this>}:blocked` under it, one hash tag for both.
   */
  rateLimit: (throttler: string, tracker: string): string => `${throttler}:${tracker}`,

  /** The per-sync critical section, held by one replica's token (SyncLock). */
  syncLock: (syncId: number): string => `sync-lock:${syncId}`,

  /** One `Idempotency-Key` of one client: `scope` is a digest of both, never the key itself. */
  idempotency: (scope: string): string => `idempotency:${scope}`,

  /** The shared Squared session token of a service account (encrypted), by account digest. */
  squaredSessionToken: (account: string): string => `squared-session:${account}:token`,

  /** The lock that lets one replica at a time log the service account in. */
  squaredSessionLogin: (account: string): string => `squared-session:${account}:login`,

  /** The refused-login record of an account and password (login budget). */
  squaredLoginBudget: (account: string, passwordTag: string): string =>
    `squared-login:${account}:${passwordTag}:budget`,

  /**
   * A browser session or a sign-in in progress (JSON, expiring), by the SHA-256 of its id: a dump of
   * Redis holds no usable cookie value.
   */
  browserSession: (digest: string): string => `session:${digest}`,

  /** Set while Squared's last 429 `Retry-After` runs: no replica calls Squared meanwhile. */
  upstreamHold: (): string => 'upstream-hold',
} as const;
