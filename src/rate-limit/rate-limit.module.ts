import { Global, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { GatewayConfig } from '../config/gateway-config';
import { GatewayThrottlerGuard } from './gateway-throttler.guard';
import { RateLimitRedis } from './rate-limit-redis';
import { RateLimitRedisModule } from './rate-limit-redis.module';
import { RateLimitRejections } from './rate-limit-rejections';
import { createThrottlerOptions } from './throttler-options';
import { createThrottlerStorage } from './throttler-storage.factory';
import { UpstreamHold } from './upstream-hold';

/**
 * Rate limits (gateway-contract.md section 4). Global so that the Squared client can consult the
 * upstream hold and a metrics module can read the rejection counts without importing this module.
 * The app binds `GatewayThrottlerGuard` as a global guard after `ApiKeyGuard`.
 */
@Global()
@Module({
  imports: [
    RateLimitRedisModule,
    ThrottlerModule.forRootAsync({
      imports: [RateLimitRedisModule],
      inject: [GatewayConfig, RateLimitRedis],
      useFactory: (config: GatewayConfig, redis: RateLimitRedis) =>
        createThrottlerOptions(config.rateLimit, createThrottlerStorage(config, redis)),
    }),
  ],
  providers: [GatewayThrottlerGuard, RateLimitRejections, UpstreamHold],
  exports: [GatewayThrottlerGuard, RateLimitRejections, UpstreamHold],
})
export class RateLimitModule {}
