import { Client } from 'undici';
import { BlockedClients } from '../src/rate-limit/blocked-clients';
import { GatewayThrottlerGuard } from '../src/rate-limit/gateway-throttler.guard';
import { GatewayMetrics } from '../src/metrics/gateway-metrics';
import { expectProblem, newClient } from './support/factories';
import { parsePrometheus, sampleValue } from './support/prometheus';
import { LimitedGateway, startLimitedGateway } from './support/rate-limit-gateways';

/** The replica's `gateway_rate_limit_rejections_total`, by limit. */
async function rejections(gw: LimitedGateway): Promise<Record<'client' | 'org', number>> {
  const samples = parsePrometheus(await gw.app.get(GatewayMetrics).registry.metrics());
  const count = (limit: string) =>
    sampleValue(samples, 'gateway_rate_limit_rejections_total', { limit });
  return { client: count('client'), org: count('org') };
}

/** In-memory counters (no REDIS_URL): limits, headers, overrides and the upstream hold by real HTTP. */
describe('rate limits (in memory)', () => {
  let gw: LimitedGateway;
  const bulk = newClient('bulk', ['syncs:read'], { limit: 1, ttlMs: 30000 });

  beforeEach(async () => {
    gw = await startLimitedGateway(
      {
        RATE_LIMIT_CLIENT_LIMIT: '3',
        RATE_LIMIT_ORG_LIMIT: '5',
        RATE_LIMIT_CLIENT_TTL_MS: '60000',
        RATE_LIMIT_ORG_TTL_MS: '60000',
      },
      [bulk],
    );
  });
  afterEach(() => gw.close());

  const noThrottlerDefaults = (headers: Record<string, string>) =>
    expect(Object.keys(headers).filter((h) => /^x-ratelimit|^retry-after-/i.test(h))).toEqual([]);

  it('admits a client up to its limit, with RateLimit-Policy and RateLimit on every answer', async () => {
    const { a } = gw.callers;
    for (const remaining of [2, 1, 0]) {
      const response = await gw.get(a);
      expect(response.status).toBe(200);
      expect(response.headers['ratelimit-policy']).toBe('"client";q=3;w=60, "org";q=5;w=60');
      expect(response.headers.ratelimit).toMatch(
        new RegExp(`^"client";r=${remaining};t=(59|60), "org";r=${remaining + 2};t=(59|60)$`),
      );
      noThrottlerDefaults(response.headers);
    }

    const rejected = await gw.get(a);
    expectProblem(rejected, 429, 'rate_limited');
    expect(rejected.body.limit).toBe('client');
    expect(rejected.headers['retry-after']).toMatch(/^(59|60)$/);
    expect(rejected.headers['ratelimit-policy']).toBe('"client";q=3;w=60, "org";q=5;w=60');
    expect(rejected.headers.ratelimit).toMatch(/^"client";r=0;t=(59|60)$/);
    noThrottlerDefaults(rejected.headers);
  });

  it('shares the org limit across clients and routes', async () => {
    const { a, b } = gw.callers;
    const statuses = [];
    for (const [client, id] of [
      [a, 42],
      [a, 43],
      [b, 44],
      [b, 999],
      [a, 42],
    ] as const) {
      statuses.push((await gw.get(client, id)).status);
    }
    // A PATCH is another route: it still counts against the same org bucket.
    const patch = await gw.http
      .patch('/syncs/42')
      .set({ Authorization: `Bearer ${b.key}` })
      .send({ sync: { sync_interval: 5 } });
    expect(statuses).toEqual([200, 200, 200, 404, 200]);
    expect(patch.status).not.toBe(200);
    expectProblem(patch, 429, 'rate_limited');
    expect(patch.body.limit).toBe('org');
    expect(patch.headers.ratelimit).toMatch(/^"client";r=0;t=\d+, "org";r=0;t=(59|60)$/);
  });

  it("applies a client's registry override", async () => {
    const first = await gw.get(bulk);
    expect(first.status).toBe(200);
    expect(first.headers['ratelimit-policy']).toBe('"client";q=1;w=30, "org";q=5;w=60');
    const second = await gw.get(bulk);
    expectProblem(second, 429, 'rate_limited');
    expect(second.body.limit).toBe('client');
    expect(Number(second.headers['retry-after'])).toBeLessThanOrEqual(30);
  });

  it('counts and logs rejections with the client id and the limit', async () => {
    for (let i = 0; i < 4; i += 1) {
      await gw.get(gw.callers.a);
    }
    expect(await rejections(gw)).toEqual({ client: 1, org: 0 });
    const lines = gw.logs.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 30, clientId: 'a', limit: 'client' }),
    );
  });

  it('does not limit health checks nor unauthenticated calls', async () => {
    for (let i = 0; i < 8; i += 1) {
      const health = await gw.http.get('/health/live');
      expect(health.status).toBe(200);
      expect(health.headers.ratelimit).toBeUndefined();
    }
    const anonymous = await gw.http.get('/syncs/42');
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['ratelimit-policy']).toBeUndefined();
    expect((await gw.get(gw.callers.a)).status).toBe(200);
  });

  it('keeps the headers on an error raised after the guards (a bad id)', async () => {
    const response = await gw.http
      .get('/syncs/abc')
      .set({ Authorization: `Bearer ${gw.callers.a.key}` });
    expectProblem(response, 400, 'bad_request');
    expect(response.headers['ratelimit-policy']).toBe('"client";q=3;w=60, "org";q=5;w=60');
    expect(response.headers.ratelimit).toMatch(/^"client";r=2;t=\d+, "org";r=4;t=\d+$/);
  });

  it('holds upstream calls after a Squared 429 until its Retry-After has passed', async () => {
    gw.simulator.injectFault(
      {
        kind: 'status',
        status: 429,
        headers: { 'Retry-After': '1' },
        body: { error: 'slow down' },
      },
      { method: 'GET' },
    );
    const { a, b } = gw.callers;
    const throttled = await gw.get(a);
    expectProblem(throttled, 429, 'upstream_rate_limited');
    expect(throttled.headers['retry-after']).toBe('1');
    const sent = gw.simulator.requests.length;

    const held = await gw.get(b);
    expectProblem(held, 429, 'upstream_rate_limited');
    expect(held.headers['retry-after']).toBe('1');
    expect(gw.simulator.requests.length).toBe(sent);

    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await gw.get(b)).status).toBe(200);
    expect(gw.simulator.requests.length).toBe(sent + 1);
  });
});

/** A client over its own quota is answered from the block the guard recorded (`RejectionFastPath`). */
describe('rate limits: repeated rejections of a blocked client', () => {
  let gw: LimitedGateway;

  beforeEach(async () => {
    gw = await startLimitedGateway({
      RATE_LIMIT_CLIENT_LIMIT: '2',
      RATE_LIMIT_CLIENT_TTL_MS: '60000',
    });
  });
  afterEach(() => gw.close());

  const withoutRequestId = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
  const logLineOf = (requestId: string) =>
    gw.logs.lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((line) => line.requestId === requestId && line.msg === 'request completed');

  it('answers later requests exactly as the guard did, without reaching Squared', async () => {
    const { a } = gw.callers;
    await gw.get(a).expect(200);
    await gw.get(a).expect(200);
    const fromGuard = await gw.get(a);
    expectProblem(fromGuard, 429, 'rate_limited');
    const key = BlockedClients.keyOf('a', 'GET', '/syncs/:id');
    expect(gw.app.get(BlockedClients).secondsLeft(key)).toBeGreaterThanOrEqual(59);
    const upstreamCalls = gw.simulator.requests.length;
    // Call-through spy: the guards are not run again for the blocked client.
    const guard = jest.spyOn(gw.app.get(GatewayThrottlerGuard), 'canActivate');

    for (let i = 0; i < 5; i += 1) {
      const again = await gw.get(a).set('X-Request-Id', `flood-${i}`);
      expectProblem(again, 429, 'rate_limited');
      expect(withoutRequestId(again.body)).toEqual(withoutRequestId(fromGuard.body));
      expect(again.body.requestId).toBe(`flood-${i}`);
      expect(again.headers['x-request-id']).toBe(`flood-${i}`);
      expect(again.headers['content-type']).toBe(fromGuard.headers['content-type']);
      expect(again.headers['ratelimit-policy']).toBe(fromGuard.headers['ratelimit-policy']);
      expect(again.headers.ratelimit).toMatch(/^"client";r=0;t=(59|60)$/);
      expect(again.headers['retry-after']).toMatch(/^(59|60)$/);
      expect(logLineOf(`flood-${i}`)).toMatchObject({
        level: 30,
        clientId: 'a',
        route: '/syncs/:id',
        limit: 'client',
        res: { statusCode: 429 },
      });
    }
    expect(gw.simulator.requests.length).toBe(upstreamCalls);
    expect(guard).not.toHaveBeenCalled();
    await gw.get(gw.callers.b).expect(200);
    expect(guard).toHaveBeenCalledTimes(1);
    expect(await rejections(gw)).toEqual({ client: 6, org: 0 });
  });

  it('leaves other clients, other routes and unknown keys to the guards', async () => {
    const { a, b } = gw.callers;
    for (let i = 0; i < 3; i += 1) {
      await gw.get(a);
    }
    expect((await gw.get(b)).status).toBe(200);
    const unknown = await gw.http
      .get('/syncs/42')
      .set({ Authorization: 'Bearer sgw_not_a_key_1234' });
    expectProblem(unknown, 401, 'unauthenticated');
    // Not yet judged on PATCH: the guards answer, and remember it for the next one.
    const patchKey = BlockedClients.keyOf('a', 'PATCH', '/syncs/:id');
    expect(gw.app.get(BlockedClients).secondsLeft(patchKey)).toBeUndefined();
    const patch = await gw.http
      .patch('/syncs/42')
      .set({ Authorization: `Bearer ${a.key}` })
      .send({ sync: { sync_interval: 5 } });
    expectProblem(patch, 429, 'rate_limited');
    expect(gw.app.get(BlockedClients).secondsLeft(patchKey)).toBeGreaterThanOrEqual(59);
  });

  it('answers a blocked client before reading its body; others still get the body checked', async () => {
    const { a, b } = gw.callers;
    // One keep-alive connection: an unread body must not corrupt the next request on it.
    const connection = new Client(gw.url, { pipelining: 1 });
    const patch = async (caller: typeof a, body: string) => {
      const answer = await connection.request({
        method: 'PATCH',
        path: '/syncs/42',
        headers: { authorization: `Bearer ${caller.key}`, 'content-type': 'application/json' },
        body,
      });
      const problem = (await answer.body.json()) as { code: string };
      return { status: answer.statusCode, code: problem.code, headers: answer.headers };
    };
    try {
      for (let i = 0; i < 3; i += 1) {
        await patch(a, JSON.stringify({ sync: { sync_interval: 5 + i } }));
      }
      const upstreamCalls = gw.simulator.requests.length;
      const blocked = await patch(a, `{"sync": not json ${'x'.repeat(20_000)}`);
      expect(blocked).toMatchObject({ status: 429, code: 'rate_limited' });
      expect(blocked.headers['retry-after']).toMatch(/^(59|60)$/);
      const next = await patch(a, JSON.stringify({ sync: { sync_interval: 9 } }));
      expect(next).toMatchObject({ status: 429, code: 'rate_limited' });
      expect(await patch(b, '{"sync": not json')).toMatchObject({
        status: 400,
        code: 'bad_request',
      });
      expect(gw.simulator.requests.length).toBe(upstreamCalls);
    } finally {
      await connection.close();
    }
  });

  it('lets the client in again once the block has ended', async () => {
    await gw.close();
    gw = await startLimitedGateway({
      RATE_LIMIT_CLIENT_LIMIT: '1',
      RATE_LIMIT_CLIENT_TTL_MS: '1000',
    });
    const { a } = gw.callers;
    await gw.get(a).expect(200);
    expectProblem(await gw.get(a), 429, 'rate_limited');
    const again = await gw.get(a);
    expectProblem(again, 429, 'rate_limited');
    expect(again.headers['retry-after']).toBe('1');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await gw.get(a).expect(200);
  });
});
