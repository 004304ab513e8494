import { apply as applyMergePatch } from 'json-merge-patch';
import { FieldError, GatewayError } from '../common/errors/gateway.error';
import { JsonObject, JsonValue } from '../common/json/json-value';
import { WRITABLE_SYNC_FIELDS, WritableSync, WritableSyncField } from '../common/sync/sync.types';
import { validateMergedSync } from './merged-sync.validator';
import { applyScheduleNulling } from './schedule-nulling';

/** The `sync` object of a PATCH body: a JSON merge patch (RFC 7396) of the writable fields. */
export type SyncPatch = Readonly<Record<string, JsonValue | undefined>>;

/** The merged, schedule-nulled and validated writable state. */
export type MergeResult = WritableSync;

/** Fields Squared requires to be filled: `null` (remove, in a merge patch) is never sent for them. */
const REQUIRED_FILLED: ReadonlySet<string> = new Set<WritableSyncField>([
  'source_id',
  'destination_id',
  'model_id',
  'schedule_type',
  'sync_mode',
  'stream_name',
  'configuration',
]);
const WRITABLE: ReadonlySet<string> = new Set<string>(WRITABLE_SYNC_FIELDS);

/**
 * One pass over the patch's keys: the errors of the keys that cannot be applied (non-writable, or a
 * removal of a field Squared requires) and the part that can. Prototype keys never get here: the body
 * parser refuses them anywhere in a body (`json-body-rules.ts`), before the validation pipe runs.
 */
function splitPatch(patch: SyncPatch): { errors: FieldError[]; applicable: JsonObject } {
  const errors: FieldError[] = [];
  const applicable: JsonObject = {};
  for (const [key, value] of Object.entries(patch)) {
    if (!WRITABLE.has(key)) {
      errors.push({ field: `sync.${key}`, message: 'is not a writable field' });
    } else if (value === null && REQUIRED_FILLED.has(key)) {
      errors.push({ field: `sync.${key}`, message: 'cannot be removed: Squared requires a value' });
    } else if (value !== undefined) {
      applicable[key] = value;
    }
  }
  return { errors, applicable };
}

/** RFC 7396 on deep clones, then every writable field present (a removed one reads as `null`). */
function mergeWritable(current: WritableSync, patch: JsonObject): JsonObject {
  const merged = applyMergePatch(structuredClone(current), structuredClone(patch));
  return Object.fromEntries(WRITABLE_SYNC_FIELDS.map((field) => [field, merged[field] ?? null]));
}

/**
 * Applies a caller's `sync` merge patch to the current writable state of a sync, as Squared would
 * store it: RFC 7396 merge (objects merge recursively, arrays and scalars replace, `null` removes),
 * then Squared's schedule nulling, then validation against Squared's rules. Never mutates its inputs.
 *
 * @throws {GatewayError} `validation_failed` with every field error (`sync.<path>`): a non-writable
 * key, a removed required field, a schedule field the merged schedule type would
 * discard, or a merged record Squared would reject.
 */
export function mergeSyncPatch(current: WritableSync, patch: SyncPatch): MergeResult {
  const { errors: patchErrors, applicable } = splitPatch(patch);
  const merged = mergeWritable(current, applicable);
  const { record, errors: scheduleErrors } = applyScheduleNulling(merged, patch);
  const errors = [...patchErrors, ...scheduleErrors, ...validateMergedSync(record)];
  if (errors.length > 0) {
    throw invalid(errors);
  }
  return record as unknown as WritableSync;
}

function invalid(errors: FieldError[]): GatewayError {
  const detail = `The sync would not be valid after this change (${errors.length} field error${errors.length === 1 ? '' : 's'})`;
  return new GatewayError('validation_failed', detail, { errors });
}
