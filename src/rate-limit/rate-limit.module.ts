import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { Clock } from '../common/clock';
import { RateLimitConfig } from '../config/gateway-config';
import { AuthModule } from '../auth/auth.module';
import { BlockedClients } from './blocked-clients';
import { GatewayThrottlerGuard } from './gateway-throttler.guard';
import { RedisConnection } from '../redis/redis-connection';
import { RedisModule } from '../redis/redis.module';
import { MetricsModule } from '../metrics/metrics.module';
import { RejectionFastPath } from './rejection-fast-path';
import { createThrottlerOptions } from './throttler-options';
import { createThrottlerStorage } from './throttler-storage.factory';

/**
 * Rate limits (gateway-contract.md section 4). The app binds `GatewayThrottlerGuard` as a global
 * guard after `CallerGuard`.
 */
@Module({
  imports: [
    AuthModule,
    RedisModule,
    MetricsModule,
    ThrottlerModule.forRootAsync({
      imports: [RedisModule],
      inject: [RateLimitConfig, RedisConnection, Clock],
      useFactory: (limits: RateLimitConfig, redis: RedisConnection, clock: Clock) =>
        createThrottlerOptions(limits, createThrottlerStorage(limits, redis, clock)),
    }),
  ],
  providers: [GatewayThrottlerGuard, BlockedClients, RejectionFastPath],
  exports: [GatewayThrottlerGuard],
})
export class RateLimitModule {}
