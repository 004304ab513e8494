import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { GatewayError } from '../common/errors/gateway.error';
import { RedisCommands } from '../redis/redis-commands';
import { RedisConnection } from '../redis/redis-connection';
import { RedisKeys } from '../redis/redis-keys';

/** The Redis key whose PX expiry is the end of the shared hold. */
const UPSTREAM_HOLD_KEY = RedisKeys.upstreamHold();

/** How long a read of the shared hold serves every Squared call of this replica. */
export const HOLD_REFRESH_MS = 250;
/** The longest a Squared call waits for that read; a slower Redis is decided on the copy. */
export const HOLD_WAIT_MS = 50;

/**
 * After Squared answers 429, no upstream call is sent until its `Retry-After` has passed: sending
 * more would only prolong the throttling. The hold is shared by every replica through Redis when it
 * is configured, and always kept locally too, so that a failing Redis still holds this replica.
 *
 * Checking it does not cost a Redis round trip per Squared call: the shared hold is read at most
 * once per `HOLD_REFRESH_MS` (one read for every call meanwhile, through the connection's circuit),
 * and a call waits at most `HOLD_WAIT_MS` for that read, so a hanging Redis delays no call by more.
 */
@Injectable()
export class UpstreamHold {
  private readonly logger = new Logger(UpstreamHold.name);
  private localUntil = 0;
  private sharedUntil = 0;
  private refreshedAt = Number.NEGATIVE_INFINITY;
  private reading: Promise<void> | undefined;

  constructor(
    private readonly redis: RedisConnection,
    private readonly clock: Clock,
  ) {}

  /** @throws {GatewayError} `upstream_rate_limited` with the remaining seconds while a hold is on. */
  async assertOpen(): Promise<void> {
    await this.freshen();
    const remainingMs = Math.max(this.localUntil, this.sharedUntil) - this.clock.now();
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
    this.localUntil = Math.max(this.localUntil, this.clock.now() + ms);
    if (ms <= 0 || !this.redis.commands) {
      return;
    }
    try {
      await this.redis.commands.set(UPSTREAM_HOLD_KEY, '1', 'PX', ms);
    } catch (error) {
      this.logger.warn(`Upstream hold kept locally only: ${(error as Error).message}`);
    }
  }

  private freshen(): Promise<void> {
    const commands = this.redis.commands;
    if (!commands || this.clock.now() - this.refreshedAt < HOLD_REFRESH_MS) {
      return Promise.resolve();
    }
    this.reading ??= this.readShared(commands).finally(() => (this.reading = undefined));
    return waitAtMost(this.reading, HOLD_WAIT_MS);
  }

  private async readShared(commands: RedisCommands): Promise<void> {
    try {
      const ms = await commands.pttl(UPSTREAM_HOLD_KEY);
      this.sharedUntil = ms > 0 ? this.clock.now() + ms : 0;
    } catch {
      // Redis failing: the last shared hold seen and the local one still apply.
    }
    this.refreshedAt = this.clock.now();
  }
}

function waitAtMost(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([promise, bound]).finally(() => clearTimeout(timer));
}
