import { createHash } from 'node:crypto';

import { AuditRecord } from '../audit-record';
import { canonicalJson } from '../../common/json/canonical-json';
import { CHAIN_VERSION, hashedContent } from './chain-version';

/** `prevHash` of the first record of the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * SHA-256 hex of the RFC 8785 canonical JSON of the record, `prevHash` included, `hash` excluded
 * (ignored if present, so a whole stored record can be passed); `actor` only from chain version 2. Keys whose value is `undefined` are
 * left out, as `JSON.stringify` does when the record is stored. Iterative: `audit:verify` must be able
 * to hash any record the store holds, however deep its `patch` or states.
 */
export function hashAuditRecord(
  record: Omit<AuditRecord, 'hash'>,
  version: number = CHAIN_VERSION,
): string {
  const content: Partial<AuditRecord> = { ...hashedContent(record, version) };
  delete content.hash;
  const canonical = canonicalJson(content);
  if (canonical === undefined) {
    throw new TypeError('Audit record cannot be canonicalized');
  }
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
