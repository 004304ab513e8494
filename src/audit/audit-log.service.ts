import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { GatewayError } from '../common/errors/gateway.error';
import { redactSecrets } from '../common/secrets/redact-secrets';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import type { AuditWrite } from '../metrics/metric-labels';
import { AuditStateDigest } from './audit-state-digest';
import { AuditAttempt, AuditCompletion } from './audit-record';
import { AuditStore, NewAuditRecord } from './audit.store';
import { redactChanges } from './redact-changes';
import { describeStoreFailure } from './store-failure';

/**
 * The audit log as the sync flow uses it: builds records (secrets redacted, the unredacted `after`
 * kept only as a keyed digest), commits them, and turns a store failure into `audit_unavailable` so
 * that no change goes upstream unrecorded.
 *
 * Guarantees: every method resolves only once the store has committed (durably) what it was given.
 * @throws {GatewayError} `audit_unavailable` (503) when the store cannot commit (`complete` excepted).
 */
@Injectable()
export class AuditLogService {
  private readonly logger = new Logger(AuditLogService.name);

  constructor(
    private readonly store: AuditStore,
    private readonly metrics: GatewayMetrics,
    private readonly digest: AuditStateDigest,
    private readonly clock: Clock,
  ) {}

  /** Records an attempt that ends without a PUT (noop, rejected before the PUT) in one commit. */
  async recordFinal(attempt: AuditAttempt, completion: AuditCompletion): Promise<void> {
    const record = { ...this.newRecord(attempt), ...completion };
    await this.commit('record', () => this.store.insertCompleted(record));
  }

  /** Write-ahead: commits a `pending` record before the PUT is sent; returns its id. */
  async beginPending(attempt: AuditAttempt): Promise<string> {
    const record = this.newRecord(attempt);
    await this.commit('write_ahead', () => this.store.insertPending(record));
    return record.id;
  }

  /**
   * Completes a pending record after the PUT. Never throws: when the store fails here, the record stays
   * pending and is settled later (the caller must still get the truth about the PUT).
   */
  async complete(id: string, completion: AuditCompletion): Promise<void> {
    try {
      await this.store.complete(id, completion);
      this.metrics.countAuditAppend('complete');
    } catch (error) {
      this.metrics.countAuditFailure('complete');
      // The PUT already happened: the caller gets its answer, the record stays pending and is settled later.
      this.logger.error(
        `Audit completion failed for record ${id}; left pending: ${describeStoreFailure(error)}`,
      );
    }
  }

  private newRecord(attempt: AuditAttempt): NewAuditRecord {
    return {
      id: randomUUID(),
      at: new Date(this.clock.now()).toISOString(),
      action: 'sync.update',
      requestId: attempt.requestId,
      clientId: attempt.clientId,
      actor: attempt.actor,
      syncId: attempt.syncId,
      patch: redactSecrets(attempt.patch),
      before: attempt.before && redactSecrets(attempt.before),
      after: attempt.after && redactSecrets(attempt.after),
      ...(attempt.after ? { afterDigest: this.digest.of(attempt.after) } : {}),
      changes: redactChanges(attempt.changes),
      outcome: 'pending',
      status: null,
      upstreamStatus: null,
      durationMs: null,
    };
  }

  private async commit(what: AuditWrite, write: () => Promise<void>): Promise<void> {
    try {
      await write();
      this.metrics.countAuditAppend(what);
    } catch (error) {
      this.metrics.countAuditFailure(what);
      this.logger.error(`Audit ${what} failed: ${describeStoreFailure(error)}`);
      throw new GatewayError(
        'audit_unavailable',
        'The audit log cannot be written; nothing was changed',
      );
    }
  }
}
