import { ConfigurationError, loadGatewayConfig } from './gateway-config';

const registry = JSON.stringify([{ id: 'ui', keySha256: 'a'.repeat(64), scopes: ['syncs:read'] }]);

describe('loadGatewayConfig', () => {
  it('runs on embedded defaults: sandbox, no registry, SQLite audit, in-memory limits', () => {
    const config = loadGatewayConfig({});
    expect(config.port).toBe(3000);
    expect(config.squared).toEqual({ mode: 'sandbox', timeoutMs: 10000 });
    expect(config.clients).toBeUndefined();
    expect(config.auditDatabaseUrl).toBe('sqlite:./data/audit.db');
    expect(config.redisUrl).toBeUndefined();
    expect(config.requireIfMatch).toBe(false);
  });

  it('defaults the rate limits to the contract (section 4) and reads overrides', () => {
    expect(loadGatewayConfig({}).rateLimit).toEqual({
      client: { limit: 60, ttlMs: 60000 },
      org: { limit: 40, ttlMs: 60000 },
      storeFailure: 'local',
      redisPrefix: 'gateway:rate-limit:',
      redisTimeoutMs: 500,
    });
    const config = loadGatewayConfig({
      RATE_LIMIT_CLIENT_LIMIT: '5',
      RATE_LIMIT_CLIENT_TTL_MS: '2000',
      RATE_LIMIT_ORG_LIMIT: '7',
      RATE_LIMIT_ORG_TTL_MS: '3000',
      RATE_LIMIT_STORE_FAILURE: 'closed',
      RATE_LIMIT_REDIS_PREFIX: 'run-1:',
    });
    expect(config.rateLimit).toMatchObject({
      client: { limit: 5, ttlMs: 2000 },
      org: { limit: 7, ttlMs: 3000 },
      storeFailure: 'closed',
      redisPrefix: 'run-1:',
    });
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

  it('never echoes a secret value in its error', () => {
    const secret = 'super-secret-token-value';
    const attempt = () =>
      loadGatewayConfig({ SQUARED_API_TOKEN: secret, SQUARED_WORKSPACE_ID: 'not-a-number' });
    expect(attempt).toThrow(/SQUARED_WORKSPACE_ID/);
    expect(attempt).not.toThrow(new RegExp(secret));
  });
});
