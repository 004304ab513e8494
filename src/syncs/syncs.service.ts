import { Injectable } from '@nestjs/common';
import { GatewayError } from '../common/errors/gateway.error';
import { GatewayConfig } from '../config/gateway-config';
import { SquaredClient } from '../squared/squared.client';
import { SquaredSyncDocument, WritableSync } from '../squared/squared.types';
import { toSquaredPutBody } from './put-body';
import { SyncChange, diffWritableSync } from './sync-changes';
import { parseIfMatch, syncEtag, writableSyncOf } from './sync-etag';
import { SyncLock } from './sync-lock';
import { mergeSyncPatch, SyncPatch } from './sync-merge';

export interface SyncUpdateCommand {
  syncId: number;
  /** The `sync` object of the request body: a JSON merge patch of the writable fields. */
  patch: SyncPatch;
  requestId: string;
  dryRun: boolean;
  ifMatch: string | undefined;
}

export interface SyncUpdateResult {
  outcome: 'applied' | 'noop' | 'dry_run';
  document: SquaredSyncDocument;
  etag: string;
  changes: SyncChange[];
}

/** Reads a sync, and applies partial updates to it: read, merge, validate, write, per sync in turn. */
@Injectable()
export class SyncsService {
  constructor(
    private readonly squared: SquaredClient,
    private readonly lock: SyncLock,
    private readonly config: GatewayConfig,
  ) {}

  async get(
    syncId: number,
    requestId: string,
  ): Promise<{ document: SquaredSyncDocument; etag: string }> {
    const document = await this.squared.getSync(syncId, requestId);
    return { document, etag: syncEtag(writableSyncOf(document.data.attributes)) };
  }

  update(command: SyncUpdateCommand): Promise<SyncUpdateResult> {
    this.checkIfMatchPresence(command.ifMatch);
    return this.lock.runExclusive(command.syncId, () => this.readMergeWrite(command));
  }

  private async readMergeWrite(command: SyncUpdateCommand): Promise<SyncUpdateResult> {
    const { syncId, requestId } = command;
    const current = await this.squared.getSync(syncId, requestId);
    const before = writableSyncOf(current.data.attributes);
    this.checkIfMatch(command.ifMatch, syncEtag(before));
    const after = mergeSyncPatch(before, command.patch);
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
      return { outcome: 'noop', document: current, etag: syncEtag(before), changes };
    }
    const updated = await this.squared.putSync(syncId, toSquaredPutBody(after), requestId);
    return {
      outcome: 'applied',
      document: updated,
      etag: syncEtag(writableSyncOf(updated.data.attributes)),
      changes,
    };
  }

  private checkIfMatchPresence(ifMatch: string | undefined): void {
    if (ifMatch === undefined && this.config.requireIfMatch) {
      throw new GatewayError(
        'precondition_required',
        'Send If-Match with the ETag of the sync you read',
      );
    }
  }

  /** Checked inside the critical section, against the state just read, so that no change slips between. */
  private checkIfMatch(ifMatch: string | undefined, currentEtag: string): void {
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
    throw new GatewayError(
      'precondition_failed',
      'The sync changed since the given ETag was read',
      {
        headers: { ETag: currentEtag },
      },
    );
  }
}

/** The document as it would read after the update: Squared's answer with the merged writable fields. */
function withWritable(document: SquaredSyncDocument, writable: WritableSync): SquaredSyncDocument {
  const attributes = { ...document.data.attributes, ...writable };
  return { data: { ...document.data, attributes } };
}
