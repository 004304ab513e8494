import { AuditRecord } from '../audit-record';
import { ChainVerification } from '../audit.store';
import { GENESIS_HASH, hashAuditRecord } from './audit-hash';

/** A completed record with its position in the chain (1-based). */
export interface ChainedRecord {
  position: number;
  record: AuditRecord;
  /** What its hash covers (chain-version.ts). */
  version: number;
}

/** Reads up to `limit` chained records with a position above `afterPosition`, by position. */
export type ChainBatchReader = (afterPosition: number, limit: number) => Promise<ChainedRecord[]>;

export const VERIFY_BATCH_SIZE = 1000;

/** Why `entry` breaks the chain after a record hashed `prevHash`, or null when it holds. */
export function chainBreak(entry: ChainedRecord, expectedPosition: number, prevHash: string) {
  if (entry.position !== expectedPosition) {
    return `position gap (expected ${expectedPosition})`;
  }
  if (entry.record.hash !== hashAuditRecord(entry.record, entry.version)) {
    return 'hash mismatch (record altered)';
  }
  if (entry.record.prevHash !== prevHash) {
    return 'prevHash mismatch (record deleted or reordered)';
  }
  return null;
}

/** Walks the chain in batches (memory stays flat whatever its length); stops at the first break. */
export async function verifyChainBatches(
  read: ChainBatchReader,
  pending: number,
  batchSize = VERIFY_BATCH_SIZE,
): Promise<ChainVerification> {
  let checked = 0;
  let prevHash = GENESIS_HASH;
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const batch = await read(after, batchSize);
    for (const entry of batch) {
      const reason = chainBreak(entry, checked + 1, prevHash);
      if (reason !== null) {
        const firstBroken = { id: entry.record.id, position: entry.position, reason };
        return { ok: false, checked, pending, firstBroken };
      }
      checked += 1;
      prevHash = entry.record.hash ?? '';
      after = entry.position;
    }
    if (batch.length < batchSize) {
      return { ok: true, checked, pending };
    }
  }
}
