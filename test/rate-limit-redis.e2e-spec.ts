import Redis from 'ioredis';
import type { Response } from 'supertest';
import { expectProblem } from './support/factories';
import {
  describeWithRedis,
  LimitedGateway,
  REDIS_URL,
  runPrefix,
  startLimitedGateway,
} from './support/rate-limit-gateways';

/** Counters and the upstream hold shared by replicas through one real Redis. */
describeWithRedis('rate limits shared through Redis', () => {
  const gateways: LimitedGateway[] = [];
  afterEach(async () => {
    await Promise.all(gateways.splice(0).map((gw) => gw.close()));
  });

  async function replicas(count: number, env: Record<string, string>): Promise<LimitedGateway[]> {
    const shared = { REDIS_URL: REDIS_URL!, REDIS_KEY_PREFIX: runPrefix(), ...env };
    for (let i = 0; i < count; i += 1) {
      gateways.push(await startLimitedGateway(shared));
    }
    return gateways;
  }

  it('three replicas admit exactly the org limit between them, however the requests race', async () => {
    const limit = 30;
    const all = await replicas(3, {
      RATE_LIMIT_ORG_LIMIT: String(limit),
      RATE_LIMIT_CLIENT_LIMIT: '1000',
    });
    // 90 requests at once, 30 per replica, from both clients.
    const requests: Promise<Response>[] = [];
    for (let i = 0; i < 90; i += 1) {
      const gw = all[i % 3];
      requests.push(gw.get(i % 2 === 0 ? gw.callers.a : gw.callers.b));
    }
    const responses = await Promise.all(requests);
    const accepted = responses.filter((r) => r.status === 200);
    const rejected = responses.filter((r) => r.status === 429);
    expect({ accepted: accepted.length, rejected: rejected.length }).toEqual({
      accepted: limit,
      rejected: 90 - limit,
    });
    for (const response of rejected) {
      expectProblem(response, 429, 'rate_limited');
      expect(response.body.limit).toBe('org');
    }
  });

  it('counts one client across replicas, with the headers on both sides', async () => {
    const [one, two] = await replicas(2, { RATE_LIMIT_CLIENT_LIMIT: '2' });
    const first = await one.get(one.callers.a);
    expect(first.headers['ratelimit-policy']).toBe('"client";q=2;w=60, "org";q=40;w=60');
    expect(first.headers.ratelimit).toMatch(/^"client";r=1;t=(59|60), "org";r=39;t=(59|60)$/);
    expect((await two.get(two.callers.a)).headers.ratelimit).toMatch(/^"client";r=0;/);
    const rejected = await one.get(one.callers.a);
    expectProblem(rejected, 429, 'rate_limited');
    expect(rejected.body.limit).toBe('client');
    expect(rejected.headers['retry-after']).toMatch(/^(59|60)$/);
    expect(rejected.headers.ratelimit).toMatch(/^"client";r=0;t=(59|60)$/);
  });

  it('keeps its keys under the configured prefix', async () => {
    const prefix = runPrefix();
    const [gw] = await replicas(1, { REDIS_KEY_PREFIX: prefix });
    await gw.get(gw.callers.a);
    const admin = new Redis(REDIS_URL!);
    try {
      const keys = await admin.keys(`${prefix}*`);
      expect(keys.sort()).toEqual([
        `${prefix}{client:a:client}:hits`,
        `${prefix}{org:all:org}:hits`,
      ]);
    } finally {
      await admin.quit();
    }
  });

  it("holds every replica's upstream calls after a Squared 429, then lifts", async () => {
    const [one, two] = await replicas(2, {});
    one.simulator.injectFault(
      {
        kind: 'status',
        status: 429,
        headers: { 'Retry-After': '1' },
        body: { error: 'slow down' },
      },
      { method: 'GET' },
    );
    expectProblem(await one.get(one.callers.a), 429, 'upstream_rate_limited');

    const held = await two.get(two.callers.b);
    expectProblem(held, 429, 'upstream_rate_limited');
    expect(held.headers['retry-after']).toBe('1');
    expect(two.simulator.requests).toHaveLength(0);

    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await two.get(two.callers.b)).status).toBe(200);
    expect(two.simulator.requests).toHaveLength(1);
  });
});
