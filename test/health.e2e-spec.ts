import type { Response } from 'supertest';
import { AuditStore } from '../src/audit/audit.store';
import { SquaredSimulator } from '../src/simulator/squared-simulator';
import { auditBackends } from './support/audit-backends';
import { describeIf } from './support/requirements';
import { expectProblem } from './support/factories';
import { GatewayHarness, startGateway } from './support/gateway-harness';
import { describeWithRedis, REDIS_URL, runPrefix } from './support/rate-limit-gateways';
import { TcpProxy } from './support/tcp-proxy';

jest.setTimeout(30_000);

/** Polls `/health/ready` until it answers `status` (readiness follows reconnection, not instantly). */
async function readyUntil(gw: GatewayHarness, status: number): Promise<Response> {
  let response = await gw.http.get('/health/ready');
  for (let attempt = 0; attempt < 50 && response.status !== status; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    response = await gw.http.get('/health/ready');
  }
  expect(response.status).toBe(status);
  return response;
}

function expectUnready(response: Response, down: string): void {
  expectProblem(response, 503, 'service_unavailable');
  expect(response.body.checks).toMatchObject({
    status: 'error',
    error: { [down]: { status: 'down' } },
  });
  expect(response.headers['cache-control']).toMatch(/no-store/);
}

/** A proxy in front of a `host:port` target, and the target URL rewritten to go through it. */
async function proxied(url: string): Promise<{ proxy: TcpProxy; url: string }> {
  const target = new URL(url);
  const proxy = await TcpProxy.start(target.hostname, Number(target.port));
  target.port = new URL(proxy.url).port;
  return { proxy, url: target.toString() };
}

describe('health', () => {
  let gw: GatewayHarness;

  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(() => gw.close());

  it('live and ready answer 200, ready with its checks and Squared reachable', async () => {
    await gw.http.get('/health/live').expect(200, { status: 'ok' });
    const ready = await gw.http.get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({
      status: 'ok',
      details: { auditStore: { status: 'up' } },
      squared: { reachable: true },
    });
    expect(ready.body.details).not.toHaveProperty('redis'); // not configured here
  });

  it('turns unready when the SQLite audit store is closed, and ready when it is back', async () => {
    const store = gw.app.get(AuditStore);
    await store.close();
    try {
      expectUnready(await gw.http.get('/health/ready'), 'auditStore');
      await gw.http.get('/health/live').expect(200); // alive all the same: do not restart it
    } finally {
      await store.init();
    }
    await readyUntil(gw, 200);
  });
});

const postgres = auditBackends().find((backend) => backend.name === 'PostgreSQL')!;
describeIf(postgres.requirement, 'health with PostgreSQL behind a cut link', () => {
  let gw: GatewayHarness;
  let proxy: TcpProxy;

  beforeAll(async () => {
    const link = await proxied(postgres.newUrl());
    proxy = link.proxy;
    gw = await startGateway({ env: { AUDIT_DATABASE_URL: link.url } });
  });
  afterAll(async () => {
    await gw.close();
    await proxy.close();
    await postgres.cleanup();
  });

  it('is unready while the database is unreachable, and ready again after', async () => {
    await readyUntil(gw, 200);
    proxy.drop();
    expectUnready(await readyUntil(gw, 503), 'auditStore');
    proxy.restore();
    await readyUntil(gw, 200);
  });
});

describeWithRedis('health with Redis behind a cut link', () => {
  let gw: GatewayHarness;
  let proxy: TcpProxy;

  beforeAll(async () => {
    const link = await proxied(REDIS_URL!);
    proxy = link.proxy;
    gw = await startGateway({
      env: { REDIS_URL: link.url, REDIS_KEY_PREFIX: runPrefix() },
    });
  });
  afterAll(async () => {
    await gw.close();
    await proxy.close();
  });

  it('is unready while Redis is unreachable, and ready again after', async () => {
    const ready = await readyUntil(gw, 200);
    expect(ready.body.details).toMatchObject({ redis: { status: 'up' } });
    proxy.drop();
    expectUnready(await readyUntil(gw, 503), 'redis');
    proxy.restore();
    await readyUntil(gw, 200);
  });
});

describe('health when Squared is unreachable', () => {
  it('stays ready and reports Squared as unreachable', async () => {
    const simulator = await SquaredSimulator.start();
    const gw = await startGateway({ simulator });
    await simulator.close();
    try {
      const ready = await gw.http.get('/health/ready').expect(200);
      expect(ready.body.squared).toMatchObject({ reachable: false, reason: 'ECONNREFUSED' });
    } finally {
      await gw.close();
    }
  });
});
