import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import type { Clock } from '../common/clock';
import { GatewayError } from '../common/errors/gateway.error';
import type { LockStore } from '../redis/redis-lock.store';
import { renewAtFor, SessionToken } from './service-account.credentials';
import { SessionCipher } from './shared-session.cipher';
import { RedisKeys } from '../redis/redis-keys';

/** The few Redis commands the shared session needs (the gateway's fail-fast ioredis client fits). */
export interface SessionRedis {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, px: 'PX', ms: number): Promise<unknown>;
}

export interface SharedSessionOptions {
  /** How long the login lock lives: one login's timeout plus slack (a dead holder frees it). */
  loginLockMs: number;
  /** How long a replica waits for another one's login before it gives up (503). */
  waitMs: number;
}

/** Signals a Redis failure, as opposed to a failed login. */
class SessionStoreError extends Error {}

const POLL_MS = 50;

/**
 * One Squared session for every replica of a service account (every login revokes the previous
 * token, squared-api.md section 2). The current token sits in Redis, sealed by `SessionCipher`;
 * when it is missing, due for renewal, or the one Squared just refused, exactly one replica (the
 * holder of a `SET NX PX` login lock) logs in and stores the new token while the others poll for
 * it. A replica refused with token T logs in only if the shared token is still T: otherwise another
 * replica already renewed it, and it takes that one.
 *
 * While Redis is unreachable, a replica logs in on its own (as without `REDIS_URL`) rather than fail.
 */
export class SharedSession {
  private readonly logger = new Logger(SharedSession.name);
  private readonly tokenKey: string;
  private readonly lockKey: string;

  constructor(
    private readonly redis: SessionRedis,
    private readonly locks: LockStore,
    private readonly cipher: SessionCipher,
    email: string,
    private readonly login: () => Promise<string>,
    private readonly options: SharedSessionOptions,
    private readonly clock: Clock,
  ) {
    const account = createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
    this.tokenKey = RedisKeys.squaredSessionToken(account.slice(0, 32));
    this.lockKey = RedisKeys.squaredSessionLogin(account.slice(0, 32));
  }

  /** A token to use: the shared one unless it is `rejected` or due, else a new one (one login). */
  async obtain(rejected?: string): Promise<SessionToken> {
    try {
      return await this.obtainShared(rejected);
    } catch (error) {
      if (!(error instanceof SessionStoreError)) {
        throw error;
      }
      this.logger.warn('Shared Squared session unavailable (Redis); logging in for this replica');
      return { token: await this.login(), renewAt: renewAtFor(this.clock.now()) };
    }
  }

  private async obtainShared(rejected: string | undefined): Promise<SessionToken> {
    const deadline = this.clock.now() + this.options.waitMs;
    for (;;) {
      const shared = await this.read();
      if (this.usable(shared, rejected)) {
        return shared;
      }
      const owner = randomUUID();
      if (
        await this.store(() => this.locks.tryAcquire(this.lockKey, owner, this.options.loginLockMs))
      ) {
        try {
          return await this.loginAsHolder(rejected);
        } finally {
          await this.locks.release(this.lockKey, owner).catch(() => undefined);
        }
      }
      if (this.clock.now() >= deadline) {
        throw new GatewayError(
          'service_unavailable',
          'Waiting for another replica to log in to Squared took too long; try again',
          { headers: { 'Retry-After': '1' } },
        );
      }
      await sleep(POLL_MS);
    }
  }

  private async loginAsHolder(rejected: string | undefined): Promise<SessionToken> {
    // Checked again under the lock: the previous holder may have stored a token just before.
    const shared = await this.read();
    if (this.usable(shared, rejected)) {
      return shared;
    }
    const fresh = { token: await this.login(), renewAt: renewAtFor(this.clock.now()) };
    const ttl = Math.max(1, fresh.renewAt - this.clock.now());
    const sealed = this.cipher.seal(JSON.stringify(fresh), this.tokenKey);
    await this.redis.set(this.tokenKey, sealed, 'PX', ttl).catch(() => {
      this.logger.warn('New Squared token not shared (Redis); other replicas will log in');
    });
    return fresh;
  }

  private usable(
    entry: SessionToken | undefined,
    rejected: string | undefined,
  ): entry is SessionToken {
    return entry !== undefined && entry.token !== rejected && this.clock.now() < entry.renewAt;
  }

  private async read(): Promise<SessionToken | undefined> {
    const sealed = await this.store(() => this.redis.get(this.tokenKey));
    // Sealed under another password (rotated) or tampered with: as good as missing.
    const plain = sealed === null ? undefined : this.cipher.open(sealed, this.tokenKey);
    return plain === undefined ? undefined : (JSON.parse(plain) as SessionToken);
  }

  private async store<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch {
      throw new SessionStoreError('Redis unreachable');
    }
  }
}
