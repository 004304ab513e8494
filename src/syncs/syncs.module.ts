import { Module } from '@nestjs/common';
import { SquaredModule } from '../squared/squared.module';
import { GatewayConfig } from '../config/gateway-config';
import { RateLimitRedis } from '../rate-limit/rate-limit-redis';
import { RateLimitRedisModule } from '../rate-limit/rate-limit-redis.module';
import { SyncLock } from './sync-lock';
import { createSyncLock } from './sync-lock.factory';
import { SyncsController } from './syncs.controller';
import { SyncsService } from './syncs.service';
import { SyncUpdateService } from './sync-update.service';
import { AuditModule } from '../audit/audit.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';

@Module({
  imports: [SquaredModule, AuditModule, RateLimitRedisModule, IdempotencyModule],
  controllers: [SyncsController],
  providers: [
    SyncsService,
    SyncUpdateService,
    { provide: SyncLock, inject: [GatewayConfig, RateLimitRedis], useFactory: createSyncLock },
  ],
})
export class SyncsModule {}
