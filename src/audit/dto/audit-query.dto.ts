import { IsIn, IsISO8601, IsOptional, Matches, MaxLength } from 'class-validator';
import { AuditOutcome } from '../audit-record';

export const AUDIT_OUTCOMES: AuditOutcome[] = [
  'pending',
  'applied',
  'noop',
  'rejected',
  'failed',
  'unknown',
];

/** `GET /audit` query parameters, as strings (query values are strings until validated). */
export class AuditQueryDto {
  @IsOptional()
  @Matches(/^[1-9][0-9]{0,9}$/, { message: 'must be a positive integer' })
  readonly syncId?: string;

  @IsOptional()
  @MaxLength(64)
  readonly clientId?: string;

  @IsOptional()
  @IsIn(AUDIT_OUTCOMES)
  readonly outcome?: AuditOutcome;

  @IsOptional()
  @IsISO8601({ strict: true })
  readonly since?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  readonly until?: string;

  @IsOptional()
  @Matches(/^([1-9][0-9]?|[1-4][0-9]{2}|500)$/, { message: 'must be an integer from 1 to 500' })
  readonly limit?: string;

  @IsOptional()
  @MaxLength(200)
  readonly cursor?: string;
}
