import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ERROR_STATUS } from '../common/errors/error-code';

export class FieldErrorSchema {
  @ApiProperty({ example: 'sync.sync_interval' })
  readonly field: string;

  @ApiProperty({ example: 'must be an integer from 1 to 2147483647' })
  readonly message: string;
}

/** The contract's error answer (RFC 9457, section 6), for the OpenAPI document only. */
export class ProblemDocumentSchema {
  @ApiProperty({ example: 'https://squared-gateway.dev/problems/validation-failed' })
  readonly type: string;

  @ApiProperty({ example: 'Validation failed' })
  readonly title: string;

  @ApiProperty({ type: 'integer', example: 422 })
  readonly status: number;

  @ApiProperty({ example: 'The merged sync breaks a Squared rule' })
  readonly detail: string;

  @ApiProperty({ enum: Object.keys(ERROR_STATUS), description: 'Stable, machine-readable' })
  readonly code: string;

  @ApiProperty({ description: 'The X-Request-Id of the request, for support and the logs' })
  readonly requestId: string;

  @ApiPropertyOptional({
    type: [FieldErrorSchema],
    description: 'validation_failed, upstream_rejected',
  })
  readonly errors?: FieldErrorSchema[];

  @ApiPropertyOptional({ enum: ['client', 'org'], description: 'rate_limited: which limit' })
  readonly limit?: string;
}
