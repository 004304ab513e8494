import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * The environment the gateway reads (gateway-contract.md section 8), validated once at start-up.
 * Defaults are property initialisers. Validation messages name properties only, never values, so that
 * a malformed secret cannot leak into a start-up log.
 */
export class EnvironmentVariables {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV?: string;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @Matches(/^(sandbox|https?:\/\/[^\s]+)$/)
  SQUARED_API_URL = 'https://api.squared.ai';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(1)
  SQUARED_API_TOKEN?: string;

  @Transform(emptyToUndefined)
  @ValidateIf((env: EnvironmentVariables) => env.SQUARED_PASSWORD !== undefined)
  @IsString()
  @Matches(/^[^\s@]+@[^\s@]+$/)
  SQUARED_EMAIL?: string;

  @Transform(emptyToUndefined)
  @ValidateIf((env: EnvironmentVariables) => env.SQUARED_EMAIL !== undefined)
  @IsString()
  @MinLength(1)
  SQUARED_PASSWORD?: string;

  @Transform(emptyToUndefined)
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(2147483647)
  SQUARED_WORKSPACE_ID?: number;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(300000)
  SQUARED_TIMEOUT_MS = 10000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  GATEWAY_CLIENTS_FILE?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  GATEWAY_CLIENTS?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/)
  REDIS_URL?: string;

  @Matches(/^(sqlite:.+|postgres(ql)?:\/\/\S+)$/)
  AUDIT_DATABASE_URL = 'sqlite:./data/audit.db';

  @Transform(toBool)
  @IsBoolean()
  REQUIRE_IF_MATCH = false;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';
}
