import { GatewayError } from '../common/errors/gateway.error';
import { JsonValue } from '../common/json/json-value';
import { WRITABLE_SYNC_FIELDS, WritableSync } from '../common/sync/sync.types';

const NULLABLE_FIELDS: ReadonlySet<string> = new Set([
  'sync_interval',
  'sync_interval_unit',
  'cron_expression',
]);

/**
 * The body of Squared's `PUT /api/v1/syncs/{id}` for a merged, validated sync: all ten writable
 * fields, schedule fields always present (null where nulled) so Squared's own schedule rules run,
 * `sync_mode` omitted when null (an old record nobody set it on), `configuration` complete. The values
 * are shared with `merged`, not copied: the caller serialises the body at once (`SquaredClient.putSync`)
 * and nothing mutates a merged record.
 *
 * @throws {GatewayError} `internal_error` if a field Squared requires to be filled is null: sending it
 * would erase or corrupt the sync, and the merge should have rejected it.
 */
export function toSquaredPutBody(merged: WritableSync): { sync: Record<string, JsonValue> } {
  const sync: Record<string, JsonValue> = {};
  for (const field of WRITABLE_SYNC_FIELDS) {
    const value = merged[field];
    if (field === 'sync_mode' && value === null) {
      continue;
    }
    if (value === null && !NULLABLE_FIELDS.has(field)) {
      throw new GatewayError('internal_error', `Refusing to send null for ${field}`);
    }
    sync[field] = value;
  }
  return { sync };
}
