import { Module } from '@nestjs/common';
import { RedisConfig } from '../config/gateway-config';
import { RedisConnection } from './redis-connection';

/** One Redis connection per gateway process, for every feature that shares state across replicas. */
@Module({
  providers: [
    {
      provide: RedisConnection,
      inject: [RedisConfig],
      useFactory: (config: RedisConfig) => new RedisConnection(config),
    },
  ],
  exports: [RedisConnection],
})
export class RedisModule {}
