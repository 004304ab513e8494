import { Module } from '@nestjs/common';
import { SquaredModule } from '../squared/squared.module';
import { SyncLock } from './sync-lock';
import { SyncsController } from './syncs.controller';
import { SyncsService } from './syncs.service';

@Module({
  imports: [SquaredModule],
  controllers: [SyncsController],
  providers: [SyncsService, SyncLock],
})
export class SyncsModule {}
