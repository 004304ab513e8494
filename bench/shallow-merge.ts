/**
 * The merge P and N do: the ten writable fields of Squared's record, then `patch` shallowly on top
 * (RFC 7396 at the top level: null removes). Shared by the two reference variants.
 */
const WRITABLE = [
  'source_id',
  'destination_id',
  'model_id',
  'schedule_type',
  'sync_mode',
  'sync_interval',
  'sync_interval_unit',
  'cron_expression',
  'stream_name',
  'configuration',
];

export function shallowMerge(
  attributes: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const field of WRITABLE) {
    record[field] = attributes[field];
  }
  for (const [field, value] of Object.entries(patch)) {
    if (value === null) {
      delete record[field];
    } else {
      record[field] = value;
    }
  }
  return record;
}
