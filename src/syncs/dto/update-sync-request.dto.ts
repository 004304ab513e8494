// class-transformer's @Type reads design metadata; load it even outside a Nest application.
import 'reflect-metadata';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, ValidateNested } from 'class-validator';
import { SyncPatchDto } from './sync-patch.dto';

/**
 * Body of `PATCH /syncs/:id`: `{ "sync": { <subset of the writable fields> } }`. Meant for a
 * `ValidationPipe` with `whitelist` and `forbidNonWhitelisted`, so read-only and unknown keys (at the
 * top level or inside `sync`) are reported instead of silently dropped.
 */
export class UpdateSyncRequestDto {
  @ApiProperty({
    type: SyncPatchDto,
    description: 'Any subset of the ten writable fields; null removes. Other keys: 422',
  })
  @IsDefined({ message: 'is required' })
  @ValidateNested()
  @Type(() => SyncPatchDto)
  @IsObject({ message: 'must be an object' })
  readonly sync: SyncPatchDto;
}
