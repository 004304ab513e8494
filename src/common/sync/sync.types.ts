import type { JsonObject, JsonValue } from '../json/json-value';

/** The ten fields Squared's `PUT /api/v1/syncs/{id}` applies (squared-api.md section 4.1). */
export const WRITABLE_SYNC_FIELDS = [
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
] as const;

export type WritableSyncField = (typeof WRITABLE_SYNC_FIELDS)[number];

export const SCHEDULE_TYPES = ['manual', 'interval', 'cron_expression'] as const;
export const SYNC_MODES = ['full_refresh', 'incremental'] as const;
export const SYNC_INTERVAL_UNITS = ['minutes', 'hours', 'days', 'weeks'] as const;

export type ScheduleType = (typeof SCHEDULE_TYPES)[number];
export type SyncMode = (typeof SYNC_MODES)[number];
export type SyncIntervalUnit = (typeof SYNC_INTERVAL_UNITS)[number];

/** A v2 mapping element of `configuration` (squared-api.md section 5.3). */
export type SyncMapping = JsonObject;

/** The writable state of a sync, as read from or sent to Squared. */
export interface WritableSync {
  source_id: number;
  destination_id: number;
  model_id: number;
  schedule_type: ScheduleType;
  sync_mode: SyncMode | null;
  sync_interval: number | null;
  sync_interval_unit: SyncIntervalUnit | null;
  cron_expression: string | null;
  stream_name: string;
  configuration: JsonObject | SyncMapping[];
}

/** Squared's GET/PUT answer: a JSON:API document (squared-api.md section 3). */
export interface SquaredSyncDocument {
  data: {
    id: string;
    type: 'syncs';
    attributes: Record<string, JsonValue> & Partial<WritableSync>;
  };
}
