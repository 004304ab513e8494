import { Global, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { GatewayConfig } from '../config/gateway-config';
import { AuthModule } from '../auth/auth.module';
import { BlockedClients } from './blocked-clients';
import { GatewayThrottlerGuard } from './gateway-throttler.guard';
import { RedisConnection } from '../redis/redis-connection';
import { RedisModule } from '../redis/redis.module';
import { RateLimitRejections } from './rate-limit-rejections';
import { RejectionFastPath } from './rejection-fast-path';
import { createThrottlerOptions } from './throttler-options';
import { createThrottlerStorage } from './throttler-storage.factory';
import { UpstreamHold } from './upstream-hold';

/**
 * Rate limits (gateway-contract.md section 4). Global so that the Squared client can consult the
 * upstream hold and a metrics module can read the rejection counts without importing this module.
 * The app binds `GatewayThrottlerGuard` as a global guard after `CallerGuard`.
 */
@Global()
@Module({
  imports: [
    AuthModule,
    RedisModule,
    ThrottlerModule.forRootAsync({
      imports: [RedisModule],
      inject: [GatewayConfig, RedisConnection],
      useFactory: (config: GatewayConfig, redis: RedisConnection) =>
        createThrottlerOptions(config.rateLimit, createThrottlerStorage(config, redis)),
    }),
  ],
  providers: [
    GatewayThrottlerGuard,
    RateLimitRejections,
    UpstreamHold,
    BlockedClients,
    RejectionFastPath,
  ],
  exports: [GatewayThrottlerGuard, RateLimitRejections, UpstreamHold],
})
export class RateLimitModule {}
