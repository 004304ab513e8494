import { Injectable } from '@nestjs/common';
import { SquaredClient } from '../squared/squared.client';
import { SquaredSyncDocument } from '../common/sync/sync.types';
import { syncEtag } from './sync-etag';
import { writableSyncOf } from '../common/sync/writable-sync';

/** Reads a sync as Squared returns it, with the ETag of its writable fields. */
@Injectable()
export class SyncsService {
  constructor(private readonly squared: SquaredClient) {}

  async get(
    syncId: number,
    requestId: string,
  ): Promise<{ document: SquaredSyncDocument; etag: string }> {
    const document = await this.squared.getSync(syncId, requestId);
    return { document, etag: syncEtag(writableSyncOf(document.data.attributes)) };
  }
}
