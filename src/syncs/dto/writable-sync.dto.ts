// class-transformer's @Type reads design metadata; load it even outside a Nest application.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  SCHEDULE_TYPES,
  ScheduleType,
  SYNC_INTERVAL_UNITS,
  SYNC_MODES,
  SyncIntervalUnit,
  SyncMode,
} from '../../common/sync/sync.types';
import { IsPositiveInt32 } from './is-positive-int32.validator';
import { IsSquaredCron } from './is-squared-cron.validator';
import { IsSyncConfiguration } from './is-sync-configuration.validator';
import { SyncMappingDto } from './sync-mapping.dto';

const oneOf = (values: readonly string[]): string => `must be one of: ${values.join(', ')}`;
const isPresent = (value: unknown): boolean => value !== null && value !== undefined;

/**
 * Mirror of Squared's rules for a merged (complete) sync record, squared-api.md sections 6 and 12.3.
 * Validate with `stopAtFirstError` so each field reports its first failure only. Decorators run
 * bottom-up, so the type check sits closest to the property.
 */
export class WritableSyncDto {
  @IsPositiveInt32()
  readonly source_id: number;

  @IsPositiveInt32()
  readonly destination_id: number;

  @IsPositiveInt32()
  readonly model_id: number;

  @IsIn(SCHEDULE_TYPES, { message: oneOf(SCHEDULE_TYPES) })
  readonly schedule_type: ScheduleType;

  // Null only survives when it was null in the stored record: the merge rejects a patch nulling it.
  @IsOptional()
  @IsIn(SYNC_MODES, { message: oneOf(SYNC_MODES) })
  readonly sync_mode: SyncMode | null;

  @ValidateIf(
    (sync: WritableSyncDto) => sync.schedule_type === 'interval' || isPresent(sync.sync_interval),
  )
  @IsDefined({ message: 'is required when schedule_type is interval' })
  @IsPositiveInt32()
  readonly sync_interval: number | null;

  @ValidateIf(
    (sync: WritableSyncDto) =>
      sync.schedule_type === 'interval' || isPresent(sync.sync_interval_unit),
  )
  @IsDefined({ message: 'is required when schedule_type is interval' })
  @IsIn(SYNC_INTERVAL_UNITS, { message: oneOf(SYNC_INTERVAL_UNITS) })
  readonly sync_interval_unit: SyncIntervalUnit | null;

  @ValidateIf(
    (sync: WritableSyncDto) =>
      sync.schedule_type === 'cron_expression' || isPresent(sync.cron_expression),
  )
  @IsDefined({ message: 'is required when schedule_type is cron_expression' })
  @IsSquaredCron()
  @IsString({ message: 'must be a string' })
  readonly cron_expression: string | null;

  @MaxLength(255, { message: 'must be at most 255 characters' })
  @IsNotEmpty({ message: 'must not be empty' })
  @IsString({ message: 'must be a string' })
  readonly stream_name: string;

  @IsSyncConfiguration()
  readonly configuration: object;
}

/** The v2 form: the same record, with each `configuration` element checked as a mapping. */
export class MappedWritableSyncDto extends WritableSyncDto {
  @ValidateNested({ each: true })
  @Type(() => SyncMappingDto)
  declare readonly configuration: SyncMappingDto[];
}

/** The mirror DTO class for a merged record: the array form needs element validation. */
export function writableSyncDtoClassFor(
  configuration: unknown,
): typeof WritableSyncDto | typeof MappedWritableSyncDto {
  return Array.isArray(configuration) ? MappedWritableSyncDto : WritableSyncDto;
}
