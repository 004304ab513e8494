import { WRITABLE_SYNC_FIELDS, type WritableSyncField } from '../common/sync/sync.types';
import { storedConfiguration } from './simulator-configuration';
import { coerceInteger, hasKey, isNullish, type Params } from './simulator-params';
import { SCHEDULE_TYPES, SYNC_INTERVAL_UNITS, SYNC_MODES } from './simulator-request-rules';
import type { StoredSync } from './simulator.types';

/** The columns a request writes, or the assignment error the model raised (R8). */
export type AssignmentOutcome =
  | { kind: 'assigned'; changes: Partial<StoredSync> }
  | { kind: 'invalid-enum'; message: string };

/** Section 5.2: schedule fields the request's `schedule_type` forces to null. */
const NULLED_BY_SCHEDULE: Record<string, WritableSyncField[]> = {
  manual: ['sync_interval', 'sync_interval_unit', 'cron_expression'],
  interval: ['cron_expression'],
  cron_expression: ['sync_interval', 'sync_interval_unit'],
};

const ENUMS: Partial<Record<WritableSyncField, string[]>> = {
  schedule_type: SCHEDULE_TYPES,
  sync_mode: SYNC_MODES,
  sync_interval_unit: SYNC_INTERVAL_UNITS,
};

const INTEGER_COLUMNS: WritableSyncField[] = [
  'source_id',
  'destination_id',
  'model_id',
  'sync_interval',
];

export function applyScheduleNulling(sync: Params): Params {
  const nulled = NULLED_BY_SCHEDULE[String(sync.schedule_type)] ?? [];
  return { ...sync, ...Object.fromEntries(nulled.map((field) => [field, null])) };
}

/** ActiveRecord's cast of a request value into a column. */
function castColumn(field: WritableSyncField, value: unknown): unknown {
  if (INTEGER_COLUMNS.includes(field)) {
    return isNullish(value) ? null : coerceInteger(value);
  }
  if (ENUMS[field]) {
    return isNullish(value) ? null : value;
  }
  return value;
}

function enumError(field: WritableSyncField, value: unknown): string | undefined {
  const allowed = ENUMS[field];
  if (!allowed || isNullish(value) || allowed.includes(value as string)) {
    return undefined;
  }
  return `'${String(value)}' is not a valid ${field}`;
}

/**
 * `sync.assign_attributes(sync_params)`: only the writable keys, schedule nulling first,
 * enums exact-case (R8), `configuration` per section 5.3.
 */
export function assignSyncParams(requestSync: Params): AssignmentOutcome {
  const sync = applyScheduleNulling(requestSync);
  const changes: Record<string, unknown> = {};
  for (const field of WRITABLE_SYNC_FIELDS) {
    if (!hasKey(sync, field)) {
      continue;
    }
    const message = enumError(field, sync[field]);
    if (message) {
      return { kind: 'invalid-enum', message };
    }
    if (field === 'configuration') {
      const configuration = storedConfiguration(sync[field]);
      if (configuration !== undefined) {
        changes.configuration = configuration;
      }
    } else {
      changes[field] = castColumn(field, sync[field]);
    }
  }
  return { kind: 'assigned', changes: changes as Partial<StoredSync> };
}
