import { Controller, Get, Logger, Query } from '@nestjs/common';
import { RequireScope } from '../auth/auth.decorators';
import { GatewayError } from '../common/errors/gateway.error';
import { ApiAuditController, ApiListAudit } from '../openapi/audit.api';
import { AuditPage, AuditStore } from './audit.store';
import { AuditQueryDto } from './dto/audit-query.dto';
import { describeStoreFailure } from './store-failure';

const DEFAULT_LIMIT = 50;

/** `GET /audit`: the audit log, newest first, with keyset pagination (contract section 5). */
@ApiAuditController()
@Controller('audit')
export class AuditController {
  private readonly logger = new Logger(AuditController.name);

  constructor(private readonly store: AuditStore) {}

  @Get()
  @RequireScope('audit:read')
  @ApiListAudit()
  list(@Query() query: AuditQueryDto): Promise<AuditPage> {
    return this.query(query).catch((error: unknown) => {
      throw this.unavailable(error);
    });
  }

  private query(query: AuditQueryDto): Promise<AuditPage> {
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

  /**
   * A query the store refuses (a bad cursor, a date it cannot read) is the caller's 422; a store that
   * cannot answer is 503 `audit_unavailable`, as for a write, not an unexplained 500.
   */
  private unavailable(error: unknown): unknown {
    if (error instanceof GatewayError) {
      return error;
    }
    this.logger.error(`Audit query failed: ${describeStoreFailure(error)}`);
    return new GatewayError('audit_unavailable', 'The audit log cannot be read now; try again', {
      headers: { 'Retry-After': '1' },
    });
  }
}
