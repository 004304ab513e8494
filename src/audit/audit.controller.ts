import { Controller, Get, Query } from '@nestjs/common';
import { RequireScope } from '../auth/auth.decorators';
import { ApiAuditController, ApiListAudit } from '../openapi/audit.api';
import { AuditPage, AuditStore } from './audit.store';
import { AuditQueryDto } from './dto/audit-query.dto';

const DEFAULT_LIMIT = 50;

/** `GET /audit`: the audit log, newest first, with keyset pagination (contract section 5). */
@ApiAuditController()
@Controller('audit')
export class AuditController {
  constructor(private readonly store: AuditStore) {}

  @Get()
  @RequireScope('audit:read')
  @ApiListAudit()
  list(@Query() query: AuditQueryDto): Promise<AuditPage> {
    return this.store.query({
      syncId: query.syncId === undefined ? undefined : Number(query.syncId),
      clientId: query.clientId,
      actor: query.actor,
      outcome: query.outcome,
      // Normalised by the store, which refuses ISO 8601 forms Date cannot read (`2025-W01`).
      since: query.since,
      until: query.until,
      limit: query.limit === undefined ? DEFAULT_LIMIT : Number(query.limit),
      cursor: query.cursor,
    });
  }
}
