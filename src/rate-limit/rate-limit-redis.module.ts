import { Module } from '@nestjs/common';
import { GatewayConfig } from '../config/gateway-config';
import { RateLimitRedis } from './rate-limit-redis';

/** One rate-limit Redis connection per gateway, for the throttler options factory and the hold. */
@Module({
  providers: [
    {
      provide: RateLimitRedis,
      inject: [GatewayConfig],
      useFactory: (c: GatewayConfig) => new RateLimitRedis(c),
    },
  ],
  exports: [RateLimitRedis],
})
export class RateLimitRedisModule {}
