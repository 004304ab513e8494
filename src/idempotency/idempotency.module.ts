import { Module } from '@nestjs/common';
import { Clock } from '../common/clock';
import { IdempotencyConfig } from '../config/gateway-config';
import { RedisConnection } from '../redis/redis-connection';
import { RedisModule } from '../redis/redis.module';
import { IdempotencyStore } from './idempotency.store';
import { IdempotentWrites } from './idempotent-writes.service';
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

/** `Idempotency-Key` support: a write route's handler runs its write through `IdempotentWrites`. */
@Module({
  imports: [RedisModule],
  providers: [
    {
      provide: IdempotencyStore,
      inject: [RedisConnection, IdempotencyConfig, Clock],
      useFactory: createIdempotencyStore,
    },
    IdempotentWrites,
  ],
  exports: [IdempotencyStore, IdempotentWrites],
})
export class IdempotencyModule {}
