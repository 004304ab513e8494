import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, Matches, MaxLength } from 'class-validator';
import { AUDIT_OUTCOMES, AuditOutcome } from '../../common/audit/audit-outcome';

/** `GET /audit` query parameters, as strings (query values are strings until validated). */
export class AuditQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1 })
  @IsOptional()
  @Matches(/^[1-9][0-9]{0,9}$/, { message: 'must be a positive integer' })
  readonly syncId?: string;

  @ApiPropertyOptional({ maxLength: 64 })
  @IsOptional()
  @MaxLength(64)
  readonly clientId?: string;

  @ApiPropertyOptional({
    maxLength: 255,
    description: "The actor's id: a client id or a person's sub",
  })
  @IsOptional()
  @MaxLength(255)
  readonly actor?: string;

  @ApiPropertyOptional({ enum: AUDIT_OUTCOMES })
  @IsOptional()
  @IsIn(AUDIT_OUTCOMES)
  readonly outcome?: AuditOutcome;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Inclusive lower bound on at (ISO 8601)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  readonly since?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'Inclusive upper bound on at (ISO 8601)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  readonly until?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Matches(/^([1-9][0-9]?|[1-4][0-9]{2}|500)$/, { message: 'must be an integer from 1 to 500' })
  readonly limit?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'nextCursor of the previous page' })
  @IsOptional()
  @MaxLength(200)
  readonly cursor?: string;
}
