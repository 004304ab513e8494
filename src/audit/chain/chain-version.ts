import type { AuditRecord } from '../audit-record';

/**
 * What a record's hash covers, fixed when the record is written (column `chain_version`):
 * 1: records written before actors existed. Their `actor` was filled in by the migration (the
 *    client) after they were hashed, so their hash leaves it out, and they still verify.
 * 2: every record written since: the hash covers `actor` too.
 * Changing a record's version breaks its hash either way, so the version cannot be used to slip an
 * altered actor past `audit:verify`.
 */
export const CHAIN_VERSION = 2;

export function hashedContent(
  record: Omit<AuditRecord, 'hash'>,
  version: number,
): Omit<AuditRecord, 'hash'> | Omit<AuditRecord, 'hash' | 'actor'> {
  if (version >= 2) {
    return record;
  }
  const content: Partial<AuditRecord> = { ...record };
  delete content.actor;
  return content as Omit<AuditRecord, 'hash' | 'actor'>;
}
