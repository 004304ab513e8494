import { readFileSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { GatewayClient } from '../common/auth/gateway-client';
import { parseClientRegistry } from './client-registry.parser';
import { EnvironmentVariables } from './environment.variables';
import { ConfigurationError } from './configuration.error';
import { IdentityConfig, resolveCorsOrigins, resolveIdentity } from './identity-config';

export type SquaredCredentialsConfig =
  | { kind: 'static'; token: string }
  | { kind: 'account'; email: string; password: string };

export type SquaredConfig =
  | { mode: 'sandbox'; timeoutMs: number }
  | {
      mode: 'remote';
      baseUrl: string;
      workspaceId: number;
      timeoutMs: number;
      credentials: SquaredCredentialsConfig;
    };

/** The token of the `squared` section: a union has no class to inject it by, unlike the others. */
export const SQUARED_CONFIG = Symbol('SquaredConfig');

/*
 * The sections below are abstract classes rather than interfaces so that each is also the token
 * Nest injects it by (config.module.ts): `constructor(private readonly lock: SyncLockConfig)` needs
 * no `@Inject`, and the parameter's type cannot name another section than the one injected.
 * Nothing constructs them; the values are plain objects of their shape.
 */

/** Rate limits (gateway-contract.md section 4); `storeFailure` applies while Redis is failing. */
export abstract class RateLimitConfig {
  abstract readonly client: { limit: number; ttlMs: number };
  abstract readonly org: { limit: number; ttlMs: number };
  abstract readonly storeFailure: EnvironmentVariables['RATE_LIMIT_STORE_FAILURE'];
  /** Which draft of the IETF ratelimit-headers the `RateLimit*` headers follow. */
  abstract readonly headers: EnvironmentVariables['RATE_LIMIT_HEADERS'];
}

/**
 * The one Redis connection (README "Running several replicas"): every store's keys carry `keyPrefix`
 * (src/redis/redis-keys.ts lists them); `deprecatedNames` are old variable names still in use.
 */
export abstract class RedisConfig {
  /** `undefined`: no Redis, everything in memory (one replica). */
  abstract readonly url: string | undefined;
  abstract readonly keyPrefix: string;
  abstract readonly commandTimeoutMs: number;
  abstract readonly deprecatedNames: string[];
}

/**
 * The per-sync critical section (README "Concurrency, ETags and idempotency"). The lease bounds how
 * long a holder may keep a sync: one GET and one PUT, each possibly retried once after a 401 with a
 * login in between. `writeBudgetMs` is what must be left of the lease before the PUT is sent.
 */
export abstract class SyncLockConfig {
  abstract readonly leaseMs: number;
  abstract readonly writeBudgetMs: number;
  abstract readonly waitMs: number;
  /** Test only: no serialisation at all (refused in production). */
  abstract readonly disabled: boolean;
}

/**
 * What one connection may hold before it is cut (README "Limits and timeouts"): nothing a caller
 * sends before authentication can keep a socket or its buffers for long.
 */
export abstract class HttpLimitsConfig {
  abstract readonly headersTimeoutMs: number;
  abstract readonly requestTimeoutMs: number;
  abstract readonly keepAliveTimeoutMs: number;
  abstract readonly maxConnections: number;
}

/**
 * The `Idempotency-Key` store: how long a key and its answer are kept, and its byte bounds (per kept
 * answer, and in total for the memory store).
 */
export abstract class IdempotencyConfig {
  abstract readonly ttlMs: number;
  abstract readonly answerBytes: number;
  abstract readonly memoryBytes: number;
}

/** The audit store: `sqlite:<path>` or a PostgreSQL URL (AUDIT_DATABASE_URL). */
export abstract class AuditConfig {
  abstract readonly databaseUrl: string;
}

/** Whether a PATCH without `If-Match` is refused (428) rather than applied unconditionally. */
export abstract class IfMatchConfig {
  abstract readonly required: boolean;
}

/**
 * The validated, typed configuration of one gateway process. Built once from an environment object
 * (so tests pass their own instead of mutating `process.env`) and provided to every module.
 */
export class GatewayConfig {
  readonly port: number;
  readonly host: string;
  readonly production: boolean;
  readonly logLevel: EnvironmentVariables['LOG_LEVEL'];
  readonly squared: SquaredConfig;
  /** `undefined`: no registry configured (a development client is created in sandbox mode). */
  readonly clients: GatewayClient[] | undefined;
  readonly redis: RedisConfig;
  readonly rateLimit: RateLimitConfig;
  readonly audit: AuditConfig;
  readonly ifMatch: IfMatchConfig;
  readonly syncLock: SyncLockConfig;
  readonly idempotency: IdempotencyConfig;
  readonly http: HttpLimitsConfig;
  /** `undefined`: no IdP configured, gateway keys only. */
  readonly identity: IdentityConfig | undefined;
  /** Exact origins allowed to call with credentials (CORS); empty: no CORS headers at all. */
  readonly corsOrigins: string[];

  constructor(fields: GatewayConfig) {
    Object.assign(this, fields);
  }
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv): GatewayConfig {
  const vars = validateEnvironment(env);
  const production = vars.NODE_ENV === 'production';
  const squared = resolveSquared(vars, production);
  const clients = loadClients(vars);
  if (!clients && squared.mode !== 'sandbox') {
    throw new ConfigurationError(
      'Missing client registry: set GATEWAY_CLIENTS_FILE or GATEWAY_CLIENTS',
    );
  }
  return new GatewayConfig({
    port: vars.PORT,
    host: vars.HOST,
    production,
    logLevel: vars.LOG_LEVEL,
    squared,
    clients,
    redis: resolveRedis(vars),
    rateLimit: {
      client: { limit: vars.RATE_LIMIT_CLIENT_LIMIT, ttlMs: vars.RATE_LIMIT_CLIENT_TTL_MS },
      org: { limit: vars.RATE_LIMIT_ORG_LIMIT, ttlMs: vars.RATE_LIMIT_ORG_TTL_MS },
      storeFailure: vars.RATE_LIMIT_STORE_FAILURE,
      headers: vars.RATE_LIMIT_HEADERS,
    },
    audit: { databaseUrl: vars.AUDIT_DATABASE_URL },
    ifMatch: { required: vars.REQUIRE_IF_MATCH },
    syncLock: resolveSyncLock(vars, production),
    idempotency: resolveIdempotency(vars),
    http: resolveHttpLimits(vars),
    identity: resolveIdentity(vars),
    corsOrigins: resolveCorsOrigins(vars),
  });
}

/**
 * The neutral names win; the old rate-limit names (one connection serves every store, not only the
 * rate limits) are still read, and named so the start can warn about them. The default prefix stays
 * the old one: replicas of two versions must share the lock keys during a rolling update.
 */
function resolveRedis(vars: EnvironmentVariables): RedisConfig {
  const deprecatedNames = (
    ['RATE_LIMIT_REDIS_PREFIX', 'RATE_LIMIT_REDIS_TIMEOUT_MS'] as const
  ).filter((name) => vars[name] !== undefined);
  return {
    url: vars.REDIS_URL,
    keyPrefix: vars.REDIS_KEY_PREFIX ?? vars.RATE_LIMIT_REDIS_PREFIX ?? 'gateway:rate-limit:',
    commandTimeoutMs: vars.REDIS_COMMAND_TIMEOUT_MS ?? vars.RATE_LIMIT_REDIS_TIMEOUT_MS ?? 500,
    deprecatedNames,
  };
}

function resolveHttpLimits(vars: EnvironmentVariables): HttpLimitsConfig {
  // Node refuses a headers timeout above the request timeout.
  if (vars.HTTP_HEADERS_TIMEOUT_MS > vars.HTTP_REQUEST_TIMEOUT_MS) {
    throw new ConfigurationError('HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS');
  }
  return {
    headersTimeoutMs: vars.HTTP_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: vars.HTTP_REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: vars.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    maxConnections: vars.HTTP_MAX_CONNECTIONS,
  };
}

function resolveIdempotency(vars: EnvironmentVariables): IdempotencyConfig {
  if (vars.IDEMPOTENCY_MAX_ANSWER_BYTES > vars.IDEMPOTENCY_MEMORY_MAX_BYTES) {
    throw new ConfigurationError(
      'IDEMPOTENCY_MAX_ANSWER_BYTES must not exceed IDEMPOTENCY_MEMORY_MAX_BYTES',
    );
  }
  return {
    ttlMs: vars.IDEMPOTENCY_TTL_MS,
    answerBytes: vars.IDEMPOTENCY_MAX_ANSWER_BYTES,
    memoryBytes: vars.IDEMPOTENCY_MEMORY_MAX_BYTES,
  };
}

function resolveSyncLock(vars: EnvironmentVariables, production: boolean): SyncLockConfig {
  if (vars.UNSAFE_DISABLE_SYNC_LOCK && production) {
    throw new ConfigurationError(
      'UNSAFE_DISABLE_SYNC_LOCK is a test switch, refused in production',
    );
  }
  const timeoutMs = vars.SQUARED_TIMEOUT_MS;
  // GET, PUT, a login and the PUT again (after a 401) each take at most one timeout; 2 s of slack
  // for the audit write-ahead and the lock's own round trips.
  const leaseMs = 4 * timeoutMs + 2000;
  return {
    leaseMs,
    writeBudgetMs: 3 * timeoutMs + 1000,
    waitMs: vars.SYNC_LOCK_WAIT_MS ?? 2 * leaseMs,
    disabled: vars.UNSAFE_DISABLE_SYNC_LOCK,
  };
}

function validateEnvironment(env: NodeJS.ProcessEnv): EnvironmentVariables {
  const vars = plainToInstance(EnvironmentVariables, { ...env }, { exposeDefaultValues: true });
  const errors = validateSync(vars, {
    whitelist: true,
    validationError: { target: false, value: false },
  });
  if (errors.length > 0) {
    const names = errors.map((error) => error.property).join(', ');
    throw new ConfigurationError(`Invalid configuration: check ${names}`);
  }
  return vars;
}

function resolveSquared(vars: EnvironmentVariables, production: boolean): SquaredConfig {
  const timeoutMs = vars.SQUARED_TIMEOUT_MS;
  const credentials = credentialsOf(vars);
  if (vars.SQUARED_API_URL === 'sandbox' || (!credentials && !production)) {
    if (production) {
      throw new ConfigurationError(
        'SQUARED_API_URL=sandbox is not allowed when NODE_ENV=production',
      );
    }
    return { mode: 'sandbox', timeoutMs };
  }
  if (!credentials) {
    throw new ConfigurationError(
      'Missing Squared credentials: set SQUARED_API_TOKEN or SQUARED_EMAIL and SQUARED_PASSWORD',
    );
  }
  if (vars.SQUARED_WORKSPACE_ID === undefined) {
    throw new ConfigurationError('Missing SQUARED_WORKSPACE_ID');
  }
  const baseUrl = vars.SQUARED_API_URL.replace(/\/+$/, '');
  return {
    mode: 'remote',
    baseUrl,
    workspaceId: vars.SQUARED_WORKSPACE_ID,
    timeoutMs,
    credentials,
  };
}

function credentialsOf(vars: EnvironmentVariables): SquaredCredentialsConfig | undefined {
  if (vars.SQUARED_API_TOKEN && vars.SQUARED_EMAIL) {
    throw new ConfigurationError(
      'Set either SQUARED_API_TOKEN or SQUARED_EMAIL/SQUARED_PASSWORD, not both',
    );
  }
  if (vars.SQUARED_API_TOKEN) {
    return { kind: 'static', token: vars.SQUARED_API_TOKEN };
  }
  if (vars.SQUARED_EMAIL && vars.SQUARED_PASSWORD) {
    return { kind: 'account', email: vars.SQUARED_EMAIL, password: vars.SQUARED_PASSWORD };
  }
  return undefined;
}

function loadClients(vars: EnvironmentVariables): GatewayClient[] | undefined {
  if (vars.GATEWAY_CLIENTS !== undefined) {
    return parseClientRegistry(vars.GATEWAY_CLIENTS, 'GATEWAY_CLIENTS');
  }
  if (vars.GATEWAY_CLIENTS_FILE !== undefined) {
    return parseClientRegistry(readRegistryFile(vars.GATEWAY_CLIENTS_FILE), 'GATEWAY_CLIENTS_FILE');
  }
  return undefined;
}

function readRegistryFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new ConfigurationError('GATEWAY_CLIENTS_FILE cannot be read');
  }
}
