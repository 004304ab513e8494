import { Allow } from 'class-validator';
import { JsonValue } from '../../squared/squared.types';

/**
 * The shape of an incoming `sync` patch: only the ten writable keys are allowed, each optional and
 * any JSON value (including `null`, which removes). Types are checked on the merged record by
 * `WritableSyncDto`, since a merge patch is only meaningful against the stored sync. An instance holds
 * only the keys the caller sent: fields are `declare`d so that no class field is emitted and the
 * pipe's copy of the body gains no `undefined` keys; the index signature lets it pass as a `SyncPatch`.
 */
export class SyncPatchDto {
  [key: string]: JsonValue | undefined;

  @Allow()
  declare readonly source_id?: JsonValue;

  @Allow()
  declare readonly destination_id?: JsonValue;

  @Allow()
  declare readonly model_id?: JsonValue;

  @Allow()
  declare readonly schedule_type?: JsonValue;

  @Allow()
  declare readonly sync_mode?: JsonValue;

  @Allow()
  declare readonly sync_interval?: JsonValue;

  @Allow()
  declare readonly sync_interval_unit?: JsonValue;

  @Allow()
  declare readonly cron_expression?: JsonValue;

  @Allow()
  declare readonly stream_name?: JsonValue;

  @Allow()
  declare readonly configuration?: JsonValue;
}
