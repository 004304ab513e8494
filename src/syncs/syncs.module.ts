import { Module } from '@nestjs/common';
import { Clock } from '../common/clock';
import { SquaredModule } from '../squared/squared.module';
import { SyncLockConfig } from '../config/gateway-config';
import { RedisConnection } from '../redis/redis-connection';
import { RedisModule } from '../redis/redis.module';
import { SyncLock } from './sync-lock';
import { createSyncLock } from './sync-lock.factory';
import { SyncsController } from './syncs.controller';
import { SyncsService } from './syncs.service';
import { SyncUpdateService } from './sync-update.service';
import { AuditModule } from '../audit/audit.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { MetricsModule } from '../metrics/metrics.module';

@Module({
  imports: [SquaredModule, AuditModule, RedisModule, IdempotencyModule, MetricsModule],
  controllers: [SyncsController],
  providers: [
    SyncsService,
    SyncUpdateService,
    {
      provide: SyncLock,
      inject: [SyncLockConfig, RedisConnection, Clock],
      useFactory: createSyncLock,
    },
  ],
})
export class SyncsModule {}
