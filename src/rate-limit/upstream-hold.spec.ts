import { GatewayError } from '../common/errors/gateway.error';
import { RedisConnection } from '../redis/redis-connection';
import { UpstreamHold } from './upstream-hold';

const withRedis = (client: unknown) => ({ client }) as RedisConnection;
const failingRedis = withRedis({
  pttl: () => Promise.reject(new Error('Command timed out')),
  set: () => Promise.reject(new Error('Command timed out')),
});

describe('UpstreamHold', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('is open until a hold starts', async () => {
    await expect(new UpstreamHold(withRedis(undefined)).assertOpen()).resolves.toBeUndefined();
  });

  it('answers upstream_rate_limited with the remaining seconds, then lifts', async () => {
    const hold = new UpstreamHold(withRedis(undefined));
    await hold.hold(3);
    jest.advanceTimersByTime(1200);
    const error = (await hold.assertOpen().catch((e: unknown) => e)) as GatewayError;
    expect(error).toBeInstanceOf(GatewayError);
    expect(error.code).toBe('upstream_rate_limited');
    expect(error.options.headers).toEqual({ 'Retry-After': '2' });
    jest.advanceTimersByTime(1800);
    await expect(hold.assertOpen()).resolves.toBeUndefined();
  });

  it("honours another replica's hold found in Redis", async () => {
    const hold = new UpstreamHold(withRedis({ pttl: () => Promise.resolve(4500) }));
    await expect(hold.assertOpen()).rejects.toMatchObject({
      options: { headers: { 'Retry-After': '5' } },
    });
  });

  it('falls back to the local hold when Redis fails', async () => {
    const hold = new UpstreamHold(failingRedis);
    await expect(hold.assertOpen()).resolves.toBeUndefined();
    await hold.hold(2);
    await expect(hold.assertOpen()).rejects.toMatchObject({ code: 'upstream_rate_limited' });
  });
});
