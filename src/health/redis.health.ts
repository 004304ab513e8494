import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { RedisConnection } from '../redis/redis-connection';
import { STORE_CHECK_TIMEOUT_MS } from './audit-store.health';
import { reasonOf, withTimeout } from './with-timeout';

/**
 * Up when the rate limiter's Redis answers PING. Only checked when `REDIS_URL` is set. The client has
 * no offline queue, so while it is disconnected PING fails at once instead of waiting.
 */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly redis: RedisConnection,
    private readonly health: HealthIndicatorService,
  ) {}

  get configured(): boolean {
    return this.redis.client !== undefined;
  }

  async check(key = 'redis') {
    const indicator = this.health.check(key);
    try {
      await withTimeout(this.redis.client!.ping(), STORE_CHECK_TIMEOUT_MS);
      return indicator.up();
    } catch (error) {
      return indicator.down({ reason: reasonOf(error) });
    }
  }
}
