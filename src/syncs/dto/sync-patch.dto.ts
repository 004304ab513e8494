import { ApiPropertyOptional } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import { WRITABLE_FIELD_DOCS } from '../../openapi/writable-field.docs';
import { JsonValue } from '../../common/json/json-value';

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
  @ApiPropertyOptional(WRITABLE_FIELD_DOCS.source_id)
  declare readonly source_id?: JsonValue;

  @Allow()
  @ApiPropertyOptional(WRITABLE_FIELD_DOCS.destination_id)
  declare readonly destination_id?: JsonValue;

  @Allow()
  @ApiPropertyOptional(WRITABLE_FIELD_DOCS.model_id)
  declare readonly model_id?: JsonValue;

  @Allow()
  @ApiPropertyOptional(WRITABLE_FIELD_DOCS.schedule_type)
  declare readonly schedule_type?: JsonValue;

  @Allow()
  @ApiPropertyOptional(WRITABLE_FIELD_DOCS.sync_mode)
  declare readonly sync_mode?: JsonValue;

  @Allow()
  @ApiPropertyOptional(WRITABLE_FIELD_DOCS.sync_interval)
  declare readonly sync_interval?: JsonValue;

  @Allow()
  @ApiPropertyOptional(WRITABLE_FIELD_DOCS.sync_interval_unit)
  declare readonly sync_interval_unit?: JsonValue;

  @Allow()
  @ApiPropertyOptional(WRITABLE_FIELD_DOCS.cron_expression)
  declare readonly cron_expression?: JsonValue;

  @Allow()
  @ApiPropertyOptional(WRITABLE_FIELD_DOCS.stream_name)
  declare readonly stream_name?: JsonValue;

  @Allow()
  @ApiPropertyOptional(WRITABLE_FIELD_DOCS.configuration)
  declare readonly configuration?: JsonValue;
}
