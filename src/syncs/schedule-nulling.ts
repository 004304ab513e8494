import { FieldError } from '../common/errors/gateway.error';
import { JsonObject, JsonValue } from '../common/json/json-value';
import { ScheduleType } from '../common/sync/sync.types';

type ScheduleField = 'sync_interval' | 'sync_interval_unit' | 'cron_expression';

/** What Squared forces to null for each schedule type (squared-api.md 5.2, exact match). */
const NULLED_BY_SCHEDULE: Record<ScheduleType, readonly ScheduleField[]> = {
  manual: ['sync_interval', 'sync_interval_unit', 'cron_expression'],
  interval: ['cron_expression'],
  cron_expression: ['sync_interval', 'sync_interval_unit'],
};

function asScheduleType(value: JsonValue): ScheduleType | undefined {
  return typeof value === 'string' && Object.hasOwn(NULLED_BY_SCHEDULE, value)
    ? (value as ScheduleType)
    : undefined;
}

// Squared treats "" like null for these fields (squared-api.md R9): nothing would be lost.
const isEmptyValue = (value: JsonValue | undefined): boolean =>
  value === undefined || value === null || value === '';

export interface ScheduleNullingResult {
  record: JsonObject;
  /** Schedule fields the patch itself set although the merged schedule type discards them. */
  errors: FieldError[];
}

/**
 * Applies Squared's schedule nulling to a merged record according to its `schedule_type`. Stored
 * values are nulled silently; a value the caller set in this patch is an error, because Squared would
 * drop it and the gateway must never report success for a change that does not happen.
 */
export function applyScheduleNulling(
  merged: JsonObject,
  patch: Readonly<Record<string, JsonValue | undefined>>,
): ScheduleNullingResult {
  const scheduleType = asScheduleType(merged.schedule_type);
  if (scheduleType === undefined) {
    return { record: merged, errors: [] };
  }
  const fields = NULLED_BY_SCHEDULE[scheduleType];
  const errors = fields
    .filter((field) => !isEmptyValue(patch[field]))
    .map((field) => ({
      field: `sync.${field}`,
      message: `must be null when schedule_type is ${scheduleType}: Squared would discard it`,
    }));
  const record = { ...merged };
  for (const field of fields) {
    record[field] = null;
  }
  return { record, errors };
}
