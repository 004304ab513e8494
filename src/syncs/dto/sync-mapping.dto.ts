// class-transformer's @Type reads design metadata; load it even outside a Nest application.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, ValidateIf, ValidateNested } from 'class-validator';
import { EmbeddingConfigDto } from './embedding-config.dto';
import { IsJsonScalar } from './is-json-scalar.validator';

type MappingScalar = string | number | boolean | null;

/**
 * One element of a v2 `configuration` array. Squared silently drops any other key (squared-api.md
 * 5.3), so the gateway rejects them instead; `mapping_type` values are not validated upstream either.
 */
export class SyncMappingDto {
  @IsOptional()
  @IsJsonScalar()
  readonly from?: MappingScalar;

  @IsOptional()
  @IsJsonScalar()
  readonly to?: MappingScalar;

  @IsOptional()
  @IsJsonScalar()
  readonly mapping_type?: MappingScalar;

  @IsOptional()
  @IsJsonScalar()
  readonly value?: MappingScalar;

  @IsOptional()
  @IsJsonScalar()
  readonly value_type?: MappingScalar;

  @IsOptional()
  @IsJsonScalar()
  readonly template?: MappingScalar;

  @IsOptional()
  @IsJsonScalar()
  readonly field_type?: MappingScalar;

  @IsOptional()
  @IsJsonScalar()
  readonly hide_embedding?: MappingScalar;

  // Not @IsOptional: that would let `null` through, which Squared drops silently (it permits a hash).
  @ValidateIf((_mapping, value) => value !== undefined)
  @ValidateNested()
  @Type(() => EmbeddingConfigDto)
  @IsObject({ message: 'must be an object' })
  readonly embedding_config?: EmbeddingConfigDto;
}
