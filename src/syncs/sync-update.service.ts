import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import { AuditLog } from '../audit/audit-log';
import { AuditAttempt, AuditCompletion, AuditOutcome } from '../audit/audit-record';
import { GatewayError } from '../common/errors/gateway.error';
import { GatewayConfig } from '../config/gateway-config';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { SquaredClient } from '../squared/squared.client';
import { JsonValue, SquaredSyncDocument, WritableSync } from '../squared/squared.types';
import { toSquaredPutBody } from './put-body';
import { diffWritableSync, SyncChange } from './sync-changes';
import { parseIfMatch, syncEtag, writableSyncOf } from './sync-etag';
import { SyncLease, SyncLock } from './sync-lock';
import { mergeSyncPatch, SyncPatch } from './sync-merge';

export interface SyncUpdateCommand {
  syncId: number;
  clientId: string;
  requestId: string;
  /** The request body as received: `{ sync: <JSON merge patch of the writable fields> }`. */
  body: { sync: SyncPatch };
  dryRun: boolean;
  ifMatch: string | undefined;
}

export interface SyncUpdateResult {
  outcome: 'applied' | 'noop' | 'dry_run';
  document: SquaredSyncDocument;
  etag: string;
  changes: SyncChange[];
}

/**
 * A partial update of one sync: read, check `If-Match`, merge, validate, write, inside the sync's
 * critical section, with one audit record per attempt that gets past the read (none for a dry run).
 * The PUT is sent only after its `pending` audit record is committed.
 */
@Injectable()
export class SyncUpdateService {
  constructor(
    private readonly squared: SquaredClient,
    private readonly lock: SyncLock,
    private readonly audit: AuditLog,
    private readonly config: GatewayConfig,
    private readonly metrics: GatewayMetrics,
  ) {}

  update(command: SyncUpdateCommand): Promise<SyncUpdateResult> {
    if (command.ifMatch === undefined && this.config.requireIfMatch) {
      throw new GatewayError(
        'precondition_required',
        'Send If-Match with the ETag of the sync you read',
      );
    }
    const startedAt = performance.now();
    return this.lock.runExclusive(command.syncId, (lease) => {
      this.metrics.observeLockWait((performance.now() - startedAt) / 1000);
      return this.readMergeWrite(command, startedAt, lease);
    });
  }

  private async readMergeWrite(
    command: SyncUpdateCommand,
    startedAt: number,
    lease: SyncLease,
  ): Promise<SyncUpdateResult> {
    const current = await this.squared.getSync(command.syncId, command.requestId);
    const before = writableSyncOf(current.data.attributes);
    const attempt: AuditAttempt = { ...this.attemptOf(command), before, after: null, changes: [] };
    const finish = (
      outcome: AuditOutcome,
      status: number,
      upstreamStatus: number | null = null,
    ): AuditCompletion => ({
      outcome,
      status,
      upstreamStatus,
      durationMs: Math.round(performance.now() - startedAt),
    });

    let after: WritableSync;
    try {
      checkIfMatch(command.ifMatch, syncEtag(before));
      after = mergeSyncPatch(before, command.body.sync);
    } catch (error) {
      if (!command.dryRun) {
        await this.audit.recordFinal(attempt, finish('rejected', statusOf(error)));
      }
      throw error;
    }
    const changes = diffWritableSync(before, after);
    if (command.dryRun) {
      return {
        outcome: 'dry_run',
        document: withWritable(current, after),
        etag: syncEtag(after),
        changes,
      };
    }
    if (changes.length === 0) {
      await this.audit.recordFinal({ ...attempt, after, changes }, finish('noop', 200));
      return { outcome: 'noop', document: current, etag: syncEtag(before), changes };
    }
    // Before the write-ahead record: a holder whose lease is running out sends nothing, and its
    // record says so (no `pending` record suggests a PUT that never left).
    await lease.assertTimeToWrite().catch(async (error: unknown) => {
      await this.audit.recordFinal(
        { ...attempt, after, changes },
        finish('failed', statusOf(error)),
      );
      throw error;
    });
    const auditId = await this.audit.beginPending({ ...attempt, after, changes });
    const updated = await this.put(command, after).catch(async (error: unknown) => {
      const status = statusOf(error);
      await this.audit.complete(
        auditId,
        finish(status < 500 ? 'rejected' : 'failed', status, upstreamStatusOf(error)),
      );
      throw error;
    });
    await this.audit.complete(auditId, finish('applied', 200, 200));
    return {
      outcome: 'applied',
      document: updated,
      etag: syncEtag(writableSyncOf(updated.data.attributes)),
      changes,
    };
  }

  private put(command: SyncUpdateCommand, after: WritableSync): Promise<SquaredSyncDocument> {
    return this.squared.putSync(command.syncId, toSquaredPutBody(after), command.requestId);
  }

  private attemptOf(
    command: SyncUpdateCommand,
  ): Pick<AuditAttempt, 'requestId' | 'clientId' | 'syncId' | 'patch'> {
    const { requestId, clientId, syncId, body } = command;
    return { requestId, clientId, syncId, patch: body as unknown as JsonValue };
  }
}

/** Checked inside the critical section, against the state just read, so that no change slips between. */
function checkIfMatch(ifMatch: string | undefined, currentEtag: string): void {
  if (ifMatch === undefined) {
    return;
  }
  const condition = parseIfMatch(ifMatch);
  if ('invalid' in condition) {
    throw new GatewayError('bad_request', 'If-Match must be "*" or a list of quoted entity tags');
  }
  if ('any' in condition || condition.tags.includes(currentEtag)) {
    return;
  }
  throw new GatewayError('precondition_failed', 'The sync changed since the given ETag was read', {
    headers: { ETag: currentEtag },
  });
}

function statusOf(error: unknown): number {
  return error instanceof GatewayError ? error.status : 500;
}

function upstreamStatusOf(error: unknown): number | null {
  return error instanceof GatewayError ? (error.options.upstreamStatus ?? null) : null;
}

/** The document as it would read after the update: Squared's answer with the merged writable fields. */
function withWritable(document: SquaredSyncDocument, writable: WritableSync): SquaredSyncDocument {
  return { data: { ...document.data, attributes: { ...document.data.attributes, ...writable } } };
}
