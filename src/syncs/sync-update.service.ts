import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import { AuditLogService } from '../audit/audit-log.service';
import { AuditAttempt } from '../audit/audit-record';
import type { Actor } from '../common/auth/caller';
import { GatewayError } from '../common/errors/gateway.error';
import { IfMatchConfig } from '../config/gateway-config';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { SquaredClient } from '../squared/squared.client';
import { JsonValue } from '../common/json/json-value';
import { SquaredSyncDocument, WritableSync } from '../common/sync/sync.types';
import { toSquaredPutBody } from './put-body';
import { diffWritableSync, SyncChange } from '../common/sync/sync-changes';
import { parseIfMatch, syncEtag } from './sync-etag';
import { writableSyncOf } from '../common/sync/writable-sync';
import { SyncAttemptAudit } from './sync-attempt.audit';
import { SyncLease, SyncLock } from './sync-lock';
import { mergeSyncPatch, SyncPatch } from './sync-merge';

export interface SyncUpdateCommand {
  syncId: number;
  clientId: string;
  actor: Actor;
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
    private readonly audit: AuditLogService,
    private readonly ifMatch: IfMatchConfig,
    private readonly metrics: GatewayMetrics,
  ) {}

  update(command: SyncUpdateCommand): Promise<SyncUpdateResult> {
    if (command.ifMatch === undefined && this.ifMatch.required) {
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
    const audit = new SyncAttemptAudit(this.audit, this.attemptOf(command, before), startedAt);
    // Hashed only when needed (an If-Match to check, or a no-op's answer), and then once.
    let beforeEtag: string | undefined;
    const etagBefore = () => (beforeEtag ??= syncEtag(before));
    let after: WritableSync;
    try {
      after = this.merge(command, before, etagBefore);
    } catch (error) {
      if (command.dryRun) {
        throw error;
      }
      return audit.recordRefusal('rejected', error);
    }
    const changes = diffWritableSync(before, after);
    if (command.dryRun) {
      // The ETag of the state previewed from, not of the preview: `If-Match` with it then applies the
      // previewed change only if the sync is still as it was (contract section 10).
      const document = withWritable(current, after);
      return { outcome: 'dry_run', document, etag: etagBefore(), changes };
    }
    audit.merged(after, changes);
    if (changes.length === 0) {
      await audit.record('noop', 200);
      return { outcome: 'noop', document: current, etag: etagBefore(), changes };
    }
    const updated = await this.write(command, after, lease, audit);
    const etag = syncEtag(writableSyncOf(updated.data.attributes));
    return { outcome: 'applied', document: updated, etag, changes };
  }

  /** `If-Match`, then the merge and its validation; throws what the caller is answered. */
  private merge(
    command: SyncUpdateCommand,
    before: WritableSync,
    etagBefore: () => string,
  ): WritableSync {
    checkIfMatch(command.ifMatch, etagBefore);
    return mergeSyncPatch(before, command.body.sync);
  }

  /** The PUT, between its write-ahead record and the record's completion. */
  private async write(
    command: SyncUpdateCommand,
    after: WritableSync,
    lease: SyncLease,
    audit: SyncAttemptAudit,
  ): Promise<SquaredSyncDocument> {
    // Before the write-ahead record: a holder whose lease is running out sends nothing, and its
    // record says so (no `pending` record suggests a PUT that never left).
    await lease.assertTimeToWrite().catch((error: unknown) => audit.recordRefusal('failed', error));
    await audit.beginWrite();
    const body = toSquaredPutBody(after);
    const updated = await this.squared
      .putSync(command.syncId, body, command.requestId)
      .catch((error: unknown) => audit.failWrite(error));
    await audit.completeWrite('applied', 200, 200);
    return updated;
  }

  private attemptOf(command: SyncUpdateCommand, before: WritableSync): AuditAttempt {
    const { requestId, clientId, actor, syncId, body } = command;
    const patch = body as unknown as JsonValue;
    return { requestId, clientId, actor, syncId, patch, before, after: null, changes: [] };
  }
}

/** Checked inside the critical section, against the state just read, so that no change slips between. */
function checkIfMatch(ifMatch: string | undefined, etagOfCurrent: () => string): void {
  if (ifMatch === undefined) {
    return;
  }
  const condition = parseIfMatch(ifMatch);
  if ('invalid' in condition) {
    throw new GatewayError('bad_request', 'If-Match must be "*" or a list of quoted entity tags');
  }
  if ('any' in condition) {
    return;
  }
  const currentEtag = etagOfCurrent();
  if (condition.tags.includes(currentEtag)) {
    return;
  }
  throw new GatewayError('precondition_failed', 'The sync changed since the given ETag was read', {
    headers: { ETag: currentEtag },
  });
}

/** The document as it would read after the update: Squared's answer with the merged writable fields. */
function withWritable(document: SquaredSyncDocument, writable: WritableSync): SquaredSyncDocument {
  return { data: { ...document.data, attributes: { ...document.data.attributes, ...writable } } };
}
