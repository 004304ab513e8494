import { ConfigurationError } from './configuration.error';
import { loadGatewayConfig } from './gateway-config';

const registry = JSON.stringify([{ id: 'ui', keySha256: 'a'.repeat(64), scopes: ['syncs:read'] }]);

describe('loadGatewayConfig', () => {
  it('runs on embedded defaults: sandbox, no registry, SQLite audit, in-memory limits', () => {
    const config = loadGatewayConfig({});
    expect(config.port).toBe(3000);
    expect(config.squared).toEqual({ mode: 'sandbox', timeoutMs: 10000 });
    expect(config.clients).toBeUndefined();
    expect(config.audit).toEqual({ databaseUrl: 'sqlite:./data/audit.db' });
    expect(config.redis).toEqual({
      url: undefined,
      keyPrefix: 'gateway:rate-limit:',
      commandTimeoutMs: 500,
      deprecatedNames: [],
    });
    expect(config.ifMatch).toEqual({ required: false });
  });

  it('reads the Redis section under its neutral names', () => {
    const config = loadGatewayConfig({
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_KEY_PREFIX: 'run-1:',
      REDIS_COMMAND_TIMEOUT_MS: '300',
    });
    expect(config.redis).toEqual({
      url: 'redis://127.0.0.1:6379',
      keyPrefix: 'run-1:',
      commandTimeoutMs: 300,
      deprecatedNames: [],
    });
  });

  it('still reads the old rate-limit names, names them as deprecated, and lets the new ones win', () => {
    const old = { RATE_LIMIT_REDIS_PREFIX: 'old:', RATE_LIMIT_REDIS_TIMEOUT_MS: '700' };
    expect(loadGatewayConfig(old).redis).toMatchObject({
      keyPrefix: 'old:',
      commandTimeoutMs: 700,
      deprecatedNames: ['RATE_LIMIT_REDIS_PREFIX', 'RATE_LIMIT_REDIS_TIMEOUT_MS'],
    });
    expect(
      loadGatewayConfig({ ...old, REDIS_KEY_PREFIX: 'new:', REDIS_COMMAND_TIMEOUT_MS: '200' })
        .redis,
    ).toMatchObject({ keyPrefix: 'new:', commandTimeoutMs: 200 });
  });

  it.each([
    ['REDIS_KEY_PREFIX', 'has spaces'],
    ['REDIS_COMMAND_TIMEOUT_MS', '10'],
    ['RATE_LIMIT_REDIS_PREFIX', 'x'.repeat(65)],
    ['RATE_LIMIT_REDIS_TIMEOUT_MS', 'soon'],
  ])('refuses a bad %s, naming it', (name, value) => {
    expect(() => loadGatewayConfig({ [name]: value })).toThrow(new RegExp(name));
  });

  it('defaults the rate limits to the contract (section 4) and reads overrides', () => {
    expect(loadGatewayConfig({}).rateLimit).toEqual({
      client: { limit: 60, ttlMs: 60000 },
      org: { limit: 40, ttlMs: 60000 },
      storeFailure: 'local',
      headers: 'draft-8',
    });
    const config = loadGatewayConfig({
      RATE_LIMIT_CLIENT_LIMIT: '5',
      RATE_LIMIT_CLIENT_TTL_MS: '2000',
      RATE_LIMIT_ORG_LIMIT: '7',
      RATE_LIMIT_ORG_TTL_MS: '3000',
      RATE_LIMIT_STORE_FAILURE: 'closed',
      RATE_LIMIT_HEADERS: 'draft-6',
    });
    expect(config.rateLimit).toMatchObject({
      client: { limit: 5, ttlMs: 2000 },
      org: { limit: 7, ttlMs: 3000 },
      storeFailure: 'closed',
      headers: 'draft-6',
    });
    expect(() => loadGatewayConfig({ RATE_LIMIT_HEADERS: 'draft-9' })).toThrow(
      /RATE_LIMIT_HEADERS/,
    );
  });

  it('uses a static token against a remote Squared', () => {
    const config = loadGatewayConfig({
      SQUARED_API_URL: 'https://squared.example/',
      SQUARED_API_TOKEN: 'tok',
      SQUARED_WORKSPACE_ID: '3',
      GATEWAY_CLIENTS: registry,
      SQUARED_TIMEOUT_MS: '2500',
    });
    expect(config.squared).toEqual({
      mode: 'remote',
      baseUrl: 'https://squared.example',
      workspaceId: 3,
      timeoutMs: 2500,
      credentials: { kind: 'static', token: 'tok' },
    });
    expect(config.clients?.map((client) => client.id)).toEqual(['ui']);
  });

  it('uses a service account when email and password are set', () => {
    const config = loadGatewayConfig({
      SQUARED_EMAIL: 'svc@example.com',
      SQUARED_PASSWORD: 'pw',
      SQUARED_WORKSPACE_ID: '3',
      GATEWAY_CLIENTS: registry,
    });
    expect(config.squared).toMatchObject({
      credentials: { kind: 'account', email: 'svc@example.com' },
    });
  });

  it.each([
    [{ NODE_ENV: 'production' }, /Missing Squared credentials/],
    [{ NODE_ENV: 'production', SQUARED_API_URL: 'sandbox' }, /sandbox is not allowed/],
    [{ SQUARED_API_TOKEN: 't', GATEWAY_CLIENTS: registry }, /SQUARED_WORKSPACE_ID/],
    [{ SQUARED_API_TOKEN: 't', SQUARED_WORKSPACE_ID: '3' }, /client registry/],
    [{ PORT: 'abc' }, /PORT/],
    [{ SQUARED_TIMEOUT_MS: '-5' }, /SQUARED_TIMEOUT_MS/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ RATE_LIMIT_ORG_LIMIT: '0' }, /RATE_LIMIT_ORG_LIMIT/],
    [{ RATE_LIMIT_CLIENT_TTL_MS: '10' }, /RATE_LIMIT_CLIENT_TTL_MS/],
    [{ RATE_LIMIT_STORE_FAILURE: 'ignore' }, /RATE_LIMIT_STORE_FAILURE/],
    [{ SQUARED_EMAIL: 'svc@example.com' }, /SQUARED_PASSWORD/],
    [{ GATEWAY_CLIENTS: '{' }, /GATEWAY_CLIENTS is not valid JSON/],
    [{ GATEWAY_CLIENTS_FILE: '/nonexistent/clients.json' }, /GATEWAY_CLIENTS_FILE cannot be read/],
  ])('rejects %j naming the problem', (env, message) => {
    expect(() => loadGatewayConfig(env)).toThrow(ConfigurationError);
    expect(() => loadGatewayConfig(env)).toThrow(message);
  });

  // The refused value itself carries the secret, so an error that quoted values would show it.
  it.each([
    ['REDIS_URL', 'redis://:super-secret-value@redis host'],
    ['AUDIT_DATABASE_URL', 'postgres://gateway:super-secret-value@db host/audit'],
    ['SQUARED_API_URL', 'https://svc:super-secret-value@squared host'],
  ])('names %s but never echoes its refused value', (name, value) => {
    let message = '';
    try {
      loadGatewayConfig({ [name]: value });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(name);
    expect(message).not.toContain('super-secret-value');
  });

  it('bounds connections and idempotency answers by default, and reads overrides', () => {
    const defaults = loadGatewayConfig({});
    expect(defaults.http).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 20_000,
      keepAliveTimeoutMs: 72_000,
      maxConnections: 500,
    });
    expect(defaults.idempotency).toEqual({
      ttlMs: 86_400_000,
      answerBytes: 256 * 1024,
      memoryBytes: 32 * 1024 * 1024,
    });
    const config = loadGatewayConfig({
      HTTP_HEADERS_TIMEOUT_MS: '500',
      HTTP_REQUEST_TIMEOUT_MS: '1500',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '2000',
      HTTP_MAX_CONNECTIONS: '10',
      IDEMPOTENCY_MAX_ANSWER_BYTES: '2048',
      IDEMPOTENCY_MEMORY_MAX_BYTES: '65536',
    });
    expect(config.http).toEqual({
      headersTimeoutMs: 500,
      requestTimeoutMs: 1500,
      keepAliveTimeoutMs: 2000,
      maxConnections: 10,
    });
    expect(config.idempotency).toMatchObject({ answerBytes: 2048, memoryBytes: 65536 });
  });

  it.each([
    [{ HTTP_REQUEST_TIMEOUT_MS: '0' }, 'HTTP_REQUEST_TIMEOUT_MS'],
    [{ HTTP_MAX_CONNECTIONS: 'many' }, 'HTTP_MAX_CONNECTIONS'],
    [{ HTTP_HEADERS_TIMEOUT_MS: '30000' }, 'HTTP_HEADERS_TIMEOUT_MS must not exceed'],
    [{ IDEMPOTENCY_MAX_ANSWER_BYTES: '100' }, 'IDEMPOTENCY_MAX_ANSWER_BYTES'],
    [
      { IDEMPOTENCY_MAX_ANSWER_BYTES: '1048576', IDEMPOTENCY_MEMORY_MAX_BYTES: '65536' },
      'IDEMPOTENCY_MAX_ANSWER_BYTES must not exceed',
    ],
  ])('refuses %p at start-up', (env, message) => {
    expect(() => loadGatewayConfig(env)).toThrow(ConfigurationError);
    expect(() => loadGatewayConfig(env)).toThrow(message);
  });
});
