import { Module } from '@nestjs/common';
import { RateLimitRedis } from '../rate-limit/rate-limit-redis';
import { RateLimitRedisModule } from '../rate-limit/rate-limit-redis.module';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyStore } from './idempotency.store';
import { MemoryIdempotencyStore } from './memory-idempotency.store';
import { RedisIdempotencyStore } from './redis-idempotency.store';

/** Keys in Redis (on the gateway's one fail-fast connection) when `REDIS_URL` is set, else in memory. */
function createIdempotencyStore(redis: RateLimitRedis): IdempotencyStore {
  return redis.client ? new RedisIdempotencyStore(redis.client) : new MemoryIdempotencyStore();
}

/** `Idempotency-Key` support: bind `IdempotencyInterceptor` to a write route to use it. */
@Module({
  imports: [RateLimitRedisModule],
  providers: [
    { provide: IdempotencyStore, inject: [RateLimitRedis], useFactory: createIdempotencyStore },
    IdempotencyInterceptor,
  ],
  exports: [IdempotencyStore, IdempotencyInterceptor],
})
export class IdempotencyModule {}
