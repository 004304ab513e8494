import { Module } from '@nestjs/common';
import { GatewayConfig } from '../config/gateway-config';
import { RedisConnection } from './redis-connection';

/** One Redis connection per gateway process, for every feature that shares state across replicas. */
@Module({
  providers: [
    {
      provide: RedisConnection,
      inject: [GatewayConfig],
      useFactory: (c: GatewayConfig) => new RedisConnection(c),
    },
  ],
  exports: [RedisConnection],
})
export class RedisModule {}
