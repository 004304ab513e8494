import { IsOptional } from 'class-validator';
import { IsJsonScalar } from './is-json-scalar.validator';

/** `embedding_config` of a v2 mapping: only the keys Squared permits (squared-api.md 5.3). */
export class EmbeddingConfigDto {
  @IsOptional()
  @IsJsonScalar()
  readonly mode?: string | number | boolean | null;

  @IsOptional()
  @IsJsonScalar()
  readonly model?: string | number | boolean | null;

  // A secret: callers of the DTO must never log it.
  @IsOptional()
  @IsJsonScalar()
  readonly api_key?: string | number | boolean | null;
}
