import { Module } from '@nestjs/common';
import { Clock } from '../common/clock';
import { IdempotencyConfig } from '../config/gateway-config';
import { RedisConnection } from '../redis/redis-connection';
import { RedisModule } from '../redis/redis.module';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyStore } from './idempotency.store';
import { MemoryIdempotencyStore } from './memory-idempotency.store';
import { RedisIdempotencyStore } from './redis-idempotency.store';

/** Keys in Redis (on the gateway's one fail-fast connection) when `REDIS_URL` is set, else in memory. */
function createIdempotencyStore(
  redis: RedisConnection,
  idempotency: IdempotencyConfig,
  clock: Clock,
): IdempotencyStore {
  return redis.commands
    ? new RedisIdempotencyStore(redis.commands)
    : new MemoryIdempotencyStore(idempotency.memoryBytes, clock);
}

/** `Idempotency-Key` support: bind `IdempotencyInterceptor` to a write route to use it. */
@Module({
  imports: [RedisModule],
  providers: [
    {
      provide: IdempotencyStore,
      inject: [RedisConnection, IdempotencyConfig, Clock],
      useFactory: createIdempotencyStore,
    },
    IdempotencyInterceptor,
  ],
  exports: [IdempotencyStore, IdempotencyInterceptor],
})
export class IdempotencyModule {}
