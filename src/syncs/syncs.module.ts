import { Module } from '@nestjs/common';
import { SquaredModule } from '../squared/squared.module';
import { SyncLock } from './sync-lock';
import { SyncsController } from './syncs.controller';
import { SyncsService } from './syncs.service';
import { SyncUpdateService } from './sync-update.service';
import { AuditModule } from '../audit/audit.module';

@Module({
  imports: [SquaredModule, AuditModule],
  controllers: [SyncsController],
  providers: [SyncsService, SyncUpdateService, SyncLock],
})
export class SyncsModule {}
