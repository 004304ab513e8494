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

const REDIS_KEY_PREFIX_FORM = /^[A-Za-z0-9:._-]{1,64}$/;

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

export const RATE_LIMIT_STORE_FAILURE_MODES = ['local', 'open', 'closed'] as const;
/** IETF ratelimit-headers draft revisions, named as express-rate-limit's `standardHeaders` names them. */
export const RATE_LIMIT_HEADER_DRAFTS = ['draft-8', 'draft-7', 'draft-6'] as const;
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

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_CLIENT_LIMIT = 60;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  RATE_LIMIT_CLIENT_TTL_MS = 60000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  RATE_LIMIT_ORG_LIMIT = 40;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(86_400_000)
  RATE_LIMIT_ORG_TTL_MS = 60000;

  @IsIn(RATE_LIMIT_STORE_FAILURE_MODES)
  RATE_LIMIT_STORE_FAILURE: (typeof RATE_LIMIT_STORE_FAILURE_MODES)[number] = 'local';

  @IsIn(RATE_LIMIT_HEADER_DRAFTS)
  RATE_LIMIT_HEADERS: (typeof RATE_LIMIT_HEADER_DRAFTS)[number] = 'draft-8';

  /** Prefixes every key the gateway keeps in Redis (tests use one per run so runs never collide). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(REDIS_KEY_PREFIX_FORM)
  REDIS_KEY_PREFIX?: string;

  /** How long any Redis command may take; the first timeout opens the connection's circuit. */
  @Transform(emptyToUndefined)
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(50)
  @Max(10000)
  REDIS_COMMAND_TIMEOUT_MS?: number;

  /** Deprecated name of REDIS_KEY_PREFIX (read when that is unset). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(REDIS_KEY_PREFIX_FORM)
  RATE_LIMIT_REDIS_PREFIX?: string;

  /** Deprecated name of REDIS_COMMAND_TIMEOUT_MS (read when that is unset). */
  @Transform(emptyToUndefined)
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(50)
  @Max(10000)
  RATE_LIMIT_REDIS_TIMEOUT_MS?: number;

  @Matches(/^(sqlite:.+|postgres(ql)?:\/\/\S+)$/)
  AUDIT_DATABASE_URL = 'sqlite:./data/audit.db';

  @Transform(toBool)
  @IsBoolean()
  REQUIRE_IF_MATCH = false;

  /** How long a PATCH may wait for its sync's critical section; default twice the lock lease. */
  @Transform(emptyToUndefined)
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(600_000)
  SYNC_LOCK_WAIT_MS?: number;

  /** TEST ONLY: runs PATCHes of one sync without serialising them (refused in production). */
  @Transform(toBool)
  @IsBoolean()
  UNSAFE_DISABLE_SYNC_LOCK = false;

  /** How long an `Idempotency-Key` answer is kept for replay (the contract's 24 hours). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(7 * 86_400_000)
  IDEMPOTENCY_TTL_MS = 86_400_000;

  /** Largest answer kept for replay (serialised JSON, bytes); a larger one is not kept. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(64 * 1024 * 1024)
  IDEMPOTENCY_MAX_ANSWER_BYTES = 256 * 1024;

  /** Total bytes the in-memory key store may hold (no `REDIS_URL`); oldest answers go first. */
  @Transform(toInt)
  @IsInt()
  @Min(64 * 1024)
  @Max(4 * 1024 * 1024 * 1024)
  IDEMPOTENCY_MEMORY_MAX_BYTES = 32 * 1024 * 1024;

  /** A request's line and headers must have arrived this long after its first byte (or the connection). */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  HTTP_HEADERS_TIMEOUT_MS = 10_000;

  /** The whole request, body included, must have arrived this long after its first byte. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  HTTP_REQUEST_TIMEOUT_MS = 20_000;

  /** An idle keep-alive connection is closed after this long. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  HTTP_KEEP_ALIVE_TIMEOUT_MS = 72_000;

  /** Connections open at once; more are refused (closed as soon as they are accepted). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  HTTP_MAX_CONNECTIONS = 500;

  /** The organisation's IdP (gateway-contract.md section 9); https unless on a loopback address. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s?#]+$/)
  OIDC_ISSUER?: string;

  /** The `aud` a bearer JWT must carry; bearer JWTs are accepted only when it is set. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\S{1,512}$/)
  OIDC_AUDIENCE?: string;

  /** Stripped from a token's scopes before they are matched to the gateway's (`api://gw/`). */
  @Matches(/^\S{0,256}$/)
  OIDC_SCOPE_PREFIX = '';

  /** A confidential client at OIDC_ISSUER for browser sign-in (the backend-for-frontend). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\S{1,255}$/)
  OIDC_CLIENT_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(1)
  OIDC_CLIENT_SECRET?: string;

  /** Scopes asked for at sign-in beside `openid email profile` (space-separated). */
  @Matches(/^[\x21-\x7e ]{0,512}$/)
  OIDC_EXTRA_SCOPES = '';

  /** The gateway's external base URL; the redirect URI is PUBLIC_URL/auth/callback. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s?#]+$/)
  PUBLIC_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60_000)
  @Max(86_400_000)
  SESSION_IDLE_MS = 30 * 60_000;

  @Transform(toInt)
  @IsInt()
  @Min(60_000)
  @Max(30 * 86_400_000)
  SESSION_MAX_MS = 8 * 3_600_000;

  /** Exact origins (comma-separated) whose pages may call the gateway with credentials. */
  @Matches(/^[^\s]*$/)
  CORS_ORIGINS = '';

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';
}
