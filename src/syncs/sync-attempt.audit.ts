import { performance } from 'node:perf_hooks';
import { AuditLogService } from '../audit/audit-log.service';
import { AuditAttempt, AuditCompletion } from '../audit/audit-record';
import { AuditOutcome } from '../common/audit/audit-outcome';
import { GatewayError } from '../common/errors/gateway.error';
import { WritableSync } from '../common/sync/sync.types';
import { SyncChange } from '../common/sync/sync-changes';

/**
 * The audit record of one update attempt, filled in as the attempt advances: what was read, then what
 * the merge made of it, then how it ended. One instance per attempt; it writes exactly one record.
 */
export class SyncAttemptAudit {
  private pendingId: string | undefined;

  constructor(
    private readonly audit: AuditLogService,
    private attempt: AuditAttempt,
    private readonly startedAt: number,
  ) {}

  merged(after: WritableSync, changes: SyncChange[]): void {
    this.attempt = { ...this.attempt, after, changes };
  }

  /** An attempt that ends without a PUT (noop, or refused before it). */
  record(outcome: AuditOutcome, status: number): Promise<void> {
    return this.audit.recordFinal(this.attempt, this.completion(outcome, status, null));
  }

  /** Records the refusal `error` stands for, then throws it on. */
  async recordRefusal(outcome: AuditOutcome, error: unknown): Promise<never> {
    await this.record(outcome, statusOf(error));
    throw error;
  }

  /** Write-ahead: commits the `pending` record; the PUT may leave only after this resolves. */
  async beginWrite(): Promise<void> {
    this.pendingId = await this.audit.beginPending(this.attempt);
  }

  completeWrite(
    outcome: AuditOutcome,
    status: number,
    upstreamStatus: number | null,
  ): Promise<void> {
    return this.audit.complete(
      this.pendingId ?? '',
      this.completion(outcome, status, upstreamStatus),
    );
  }

  /** Completes the pending record with the failure of the PUT, then throws it on. */
  async failWrite(error: unknown): Promise<never> {
    const status = statusOf(error);
    const upstreamStatus =
      error instanceof GatewayError ? (error.options.upstreamStatus ?? null) : null;
    await this.completeWrite(status < 500 ? 'rejected' : 'failed', status, upstreamStatus);
    throw error;
  }

  private completion(
    outcome: AuditOutcome,
    status: number,
    upstreamStatus: number | null,
  ): AuditCompletion {
    return {
      outcome,
      status,
      upstreamStatus,
      durationMs: Math.round(performance.now() - this.startedAt),
    };
  }
}

function statusOf(error: unknown): number {
  return error instanceof GatewayError ? error.status : 500;
}
