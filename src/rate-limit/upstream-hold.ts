import { Injectable, Logger } from '@nestjs/common';
import { GatewayError } from '../common/errors/gateway.error';
import { RedisConnection } from '../redis/redis-connection';

/** The Redis key (under the rate-limit prefix) whose PX expiry is the end of the shared hold. */
export const UPSTREAM_HOLD_KEY = 'upstream-hold';

/**
 * After Squared answers 429, no upstream call is sent until its `Retry-After` has passed: sending
 * more would only prolong the throttling. The hold is shared by every replica through Redis when it
 * is configured, and always kept locally too, so that a failing Redis still holds this replica.
 */
@Injectable()
export class UpstreamHold {
  private readonly logger = new Logger(UpstreamHold.name);
  private localUntil = 0;

  constructor(private readonly redis: RedisConnection) {}

  /** @throws {GatewayError} `upstream_rate_limited` with the remaining seconds while a hold is on. */
  async assertOpen(): Promise<void> {
    const remainingMs = await this.remainingMs();
    if (remainingMs > 0) {
      throw new GatewayError(
        'upstream_rate_limited',
        'Squared is rate limiting the gateway; nothing is sent until Retry-After has passed',
        { headers: { 'Retry-After': String(Math.ceil(remainingMs / 1000)) } },
      );
    }
  }

  /** Starts (or replaces) the hold: Squared's latest `Retry-After` is the freshest word. */
  async hold(seconds: number): Promise<void> {
    const ms = seconds * 1000;
    this.localUntil = Math.max(this.localUntil, Date.now() + ms);
    if (ms <= 0 || !this.redis.client) {
      return;
    }
    try {
      await this.redis.client.set(UPSTREAM_HOLD_KEY, '1', 'PX', ms);
    } catch (error) {
      this.logger.warn(`Upstream hold kept locally only: ${(error as Error).message}`);
    }
  }

  private async remainingMs(): Promise<number> {
    const local = this.localUntil - Date.now();
    if (!this.redis.client) {
      return local;
    }
    try {
      return Math.max(local, await this.redis.client.pttl(UPSTREAM_HOLD_KEY));
    } catch {
      return local;
    }
  }
}
