import Redis from 'ioredis';
import type { Response } from 'supertest';
import { expectProblem } from './support/factories';
import {
  DEAD_REDIS_URL,
  describeWithRedis,
  LimitedGateway,
  REDIS_URL,
  runPrefix,
  startLimitedGateway,
  timed,
} from './support/rate-limit-gateways';
import { TcpProxy } from './support/tcp-proxy';

/** Generous: a failing Redis must cost at most a short timeout, never a stall. */
const MAX_LATENCY_MS = 2000;
const LIMITS = { RATE_LIMIT_CLIENT_LIMIT: '2', RATE_LIMIT_ORG_LIMIT: '100' };

async function statusesOf(gw: LimitedGateway, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const [response, ms] = await timed(gw.get(gw.callers.a));
    expect(ms).toBeLessThan(MAX_LATENCY_MS);
    statuses.push(response.status);
  }
  return statuses;
}

describe('rate limits with Redis unreachable', () => {
  let gw: LimitedGateway;
  afterEach(() => gw.close());

  const start = (mode: string) =>
    startLimitedGateway({ ...LIMITS, REDIS_URL: DEAD_REDIS_URL, RATE_LIMIT_STORE_FAILURE: mode });

  it('local (default): counts per replica, and still rejects over the limit', async () => {
    gw = await start('local');
    expect(await statusesOf(gw, 3)).toEqual([200, 200, 429]);
    const rejected = await gw.get(gw.callers.a);
    expectProblem(rejected, 429, 'rate_limited');
    expect(rejected.body.limit).toBe('client');
  });

  it('open: lets every request through', async () => {
    gw = await start('open');
    expect(await statusesOf(gw, 4)).toEqual([200, 200, 200, 200]);
  });

  it('closed: answers 503 service_unavailable, never 500', async () => {
    gw = await start('closed');
    expect(await statusesOf(gw, 2)).toEqual([503, 503]);
    expectProblem(await gw.get(gw.callers.a), 503, 'service_unavailable');
  });
});

describeWithRedis('rate limits when Redis drops mid-run', () => {
  let proxy: TcpProxy;
  let admin: Redis;
  let gw: LimitedGateway;
  let prefix: string;

  beforeEach(async () => {
    const target = new URL(REDIS_URL!);
    proxy = await TcpProxy.start(target.hostname, Number(target.port || 6379));
    admin = new Redis(REDIS_URL!);
    prefix = runPrefix();
  });
  afterEach(async () => {
    await gw.close();
    await proxy.close();
    await admin.quit();
  });

  const sharedHits = async () => Number(await admin.get(`${prefix}{org:all:org}:hits`));

  /** Sends requests until Redis counts one again: recovery without a restart. */
  async function awaitSharedCounting(): Promise<Response> {
    const before = await sharedHits();
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const response = await gw.get(gw.callers.b);
      if ((await sharedHits()) > before) {
        return response;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error('The gateway never went back to counting in Redis');
  }

  it.each([
    ['local', 200],
    ['open', 200],
    ['closed', 503],
  ])('%s: answers %d while Redis is gone, then shares counters again', async (mode, status) => {
    gw = await startLimitedGateway({
      RATE_LIMIT_CLIENT_LIMIT: '1000',
      RATE_LIMIT_ORG_LIMIT: '1000',
      REDIS_URL: proxy.url,
      REDIS_KEY_PREFIX: prefix,
      RATE_LIMIT_STORE_FAILURE: mode,
      REDIS_COMMAND_TIMEOUT_MS: '300',
    });
    expect(await statusesOf(gw, 2)).toEqual([200, 200]);
    expect(await sharedHits()).toBe(2);

    proxy.drop();
    expect(await statusesOf(gw, 4)).toEqual([status, status, status, status]);
    expect(await sharedHits()).toBe(2);

    proxy.restore();
    expect((await awaitSharedCounting()).status).toBe(200);
    expect(await statusesOf(gw, 2)).toEqual([200, 200]);
  });
});
