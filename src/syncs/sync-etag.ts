import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/json/canonical-json';
import { WritableSync } from '../common/sync/sync.types';
import { writableSyncOf } from '../common/sync/writable-sync';

/**
 * Strong ETag of a sync's writable state: `"<base64url SHA-256 of its RFC 8785 canonical JSON>"`.
 * Only the ten writable fields count, so `status` or `updated_at` changes keep it.
 */
export function syncEtag(writable: WritableSync): string {
  // Re-picked so only the ten fields are hashed, whatever else the object carries.
  const canonical = canonicalJson(writableSyncOf({ ...writable })) ?? 'null';
  return `"${createHash('sha256').update(canonical).digest('base64url')}"`;
}

export type IfMatchCondition = { any: true } | { tags: string[] } | { invalid: true };

const ENTITY_TAG = /^(W\/)?("[\x21\x23-\x7e\x80-\xff]*")[ \t]*(?:,|$)/;
const LIST_SEPARATORS = /^[ \t,]*/;

/**
 * Parses an `If-Match` header (RFC 9110 13.1.1): `*`, or a comma-separated list of entity tags.
 * `tags` holds the strong tags with their quotes, comparable to `syncEtag()`. Weak tags (`W/"…"`)
 * are dropped: If-Match uses strong comparison, under which a weak tag never matches, so a list of
 * only weak tags yields `{ tags: [] }` (a 412), not an error.
 */
export function parseIfMatch(header: string): IfMatchCondition {
  if (header.trim() === '*') {
    return { any: true };
  }
  const tags: string[] = [];
  let seen = 0;
  let rest = header.replace(LIST_SEPARATORS, '');
  while (rest !== '') {
    const match = ENTITY_TAG.exec(rest);
    if (!match) {
      return { invalid: true };
    }
    seen += 1;
    if (match[1] === undefined) {
      tags.push(match[2]);
    }
    rest = rest.slice(match[0].length).replace(LIST_SEPARATORS, '');
  }
  return seen > 0 ? { tags } : { invalid: true };
}
