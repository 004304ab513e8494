import { Logger, OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { Clock } from '../common/clock';
import { GatewayError } from '../common/errors/gateway.error';
import { RateLimitConfig } from '../config/gateway-config';

/**
 * After a failure, Redis is left alone for this long: a hanging Redis then costs one command timeout
 * per second, not one per request. ioredis reconnects meanwhile, so shared counting resumes by itself.
 */
export const STORE_RETRY_DELAY_MS = 1000;

type Logs = Pick<Logger, 'warn' | 'log'>;
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Counts in the shared (Redis) storage, and applies `RATE_LIMIT_STORE_FAILURE` while it fails:
 * `local` counts in this replica's memory, `open` admits the request, `closed` answers 503. Any
 * failure of the shared store (refused connection, timeout, script error) is handled the same way, so
 * that a rate-limit store problem is never a 500 nor a long stall.
 */
export class FailoverThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private failing = false;
  private retryAt = 0;

  constructor(
    private readonly shared: ThrottlerStorage,
    private readonly local: ThrottlerStorage & Partial<OnApplicationShutdown>,
    private readonly mode: RateLimitConfig['storeFailure'],
    private readonly clock: Clock,
    private readonly logger: Logs = new Logger(FailoverThrottlerStorage.name),
  ) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    if (!this.failing || this.clock.now() >= this.retryAt) {
      try {
        const record = await this.shared.increment(key, ttl, limit, blockDuration, throttlerName);
        this.recovered();
        return record;
      } catch (error) {
        this.failed(error);
      }
    }
    return this.degraded(key, ttl, limit, blockDuration, throttlerName);
  }

  onApplicationShutdown(): void {
    this.local.onApplicationShutdown?.();
  }

  private degraded(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    if (this.mode === 'local') {
      return this.local.increment(key, ttl, limit, blockDuration, throttlerName);
    }
    if (this.mode === 'open') {
      const timeToExpire = Math.ceil(ttl / 1000);
      return Promise.resolve({
        totalHits: 0,
        timeToExpire,
        isBlocked: false,
        timeToBlockExpire: 0,
      });
    }
    throw new GatewayError('service_unavailable', 'The rate-limit store is unavailable', {
      headers: { 'Retry-After': String(Math.ceil(STORE_RETRY_DELAY_MS / 1000)) },
    });
  }

  private failed(error: unknown): void {
    this.retryAt = this.clock.now() + STORE_RETRY_DELAY_MS;
    if (!this.failing) {
      this.failing = true;
      const reason = error instanceof Error ? error.message : 'unknown error';
      this.logger.warn(`Rate-limit store failing (${reason}); applying mode '${this.mode}'`);
    }
  }

  private recovered(): void {
    if (this.failing) {
      this.failing = false;
      this.logger.log('Rate-limit store answering again; counting is shared again');
    }
  }
}
