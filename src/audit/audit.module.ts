import { Module } from '@nestjs/common';
import { AuditConfig, SQUARED_CONFIG } from '../config/gateway-config';
import { MetricsModule } from '../metrics/metrics.module';
import { SquaredModule } from '../squared/squared.module';
import { AuditLogService } from './audit-log.service';
import { AuditStateDigest, auditStateDigestFor } from './audit-state-digest';
import { AuditController } from './audit.controller';
import { AuditStore } from './audit.store';
import { PendingAuditSettler } from './pending-audit.settler';
import { createAuditStore } from './stores/create-audit-store';

/** Opens the store named by AUDIT_DATABASE_URL and creates or migrates its schema before serving. */
async function openAuditStore(audit: AuditConfig): Promise<AuditStore> {
  const store = createAuditStore(audit.databaseUrl);
  await store.init();
  return store;
}

@Module({
  imports: [SquaredModule, MetricsModule],
  controllers: [AuditController],
  providers: [
    { provide: AuditStore, inject: [AuditConfig], useFactory: openAuditStore },
    { provide: AuditStateDigest, inject: [SQUARED_CONFIG], useFactory: auditStateDigestFor },
    AuditLogService,
    PendingAuditSettler,
  ],
  exports: [AuditLogService, AuditStore],
})
export class AuditModule {}
