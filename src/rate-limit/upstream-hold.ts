import { Injectable, Logger } from '@nestjs/common';
import { GatewayError } from '../common/errors/gateway.error';
import { RedisConnection } from '../redis/redis-connection';

/** The Redis key (under the rate-limit prefix) whose PX expiry is the end of the shared hold. */
export const UPSTREAM_HOLD_KEY = 'upstream-hold';

/** How old the local copy of the shared hold may be before a Squared call refreshes it. */
export const HOLD_REFRESH_MS = 500;

/**
 * After Squared answers 429, no upstream call is sent until its `Retry-After` has passed: sending
 * more would only prolong the throttling. The hold is shared by every replica through Redis when it
 * is configured, and always kept locally too, so that a failing Redis still holds this replica.
 *
 * Checking it costs no Redis round trip: each call is decided on a local copy of the shared hold,
 * which a call refreshes in the background once it is `HOLD_REFRESH_MS` old. So a hanging Redis never
 * delays a Squared call, and another replica's hold applies here from the next call after it is seen
 * (the calls before it may meet Squared's own 429, which holds this replica too).
 */
@Injectable()
export class UpstreamHold {
  private readonly logger = new Logger(UpstreamHold.name);
  private localUntil = 0;
  private sharedUntil = 0;
  private refreshedAt = Number.NEGATIVE_INFINITY;
  private refreshing = false;

  constructor(private readonly redis: RedisConnection) {}

  /** @throws {GatewayError} `upstream_rate_limited` with the remaining seconds while a hold is on. */
  assertOpen(): void {
    this.refreshIfStale();
    const remainingMs = Math.max(this.localUntil, this.sharedUntil) - Date.now();
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
    if (ms <= 0 || !this.redis.commands) {
      return;
    }
    try {
      await this.redis.commands.set(UPSTREAM_HOLD_KEY, '1', 'PX', ms);
    } catch (error) {
      this.logger.warn(`Upstream hold kept locally only: ${(error as Error).message}`);
    }
  }

  private refreshIfStale(): void {
    const commands = this.redis.commands;
    if (!commands || this.refreshing || Date.now() - this.refreshedAt < HOLD_REFRESH_MS) {
      return;
    }
    this.refreshing = true;
    void commands
      .pttl(UPSTREAM_HOLD_KEY)
      .then(
        (ms) => (this.sharedUntil = ms > 0 ? Date.now() + ms : 0),
        // Redis failing: the last hold seen and the local one still apply.
        () => undefined,
      )
      .finally(() => {
        this.refreshing = false;
        this.refreshedAt = Date.now();
      });
  }
}
