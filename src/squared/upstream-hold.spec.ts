import { ManualClock } from '../../test/support/test-clock';
import { GatewayError } from '../common/errors/gateway.error';
import { RedisConnection } from '../redis/redis-connection';
import { HOLD_REFRESH_MS, HOLD_WAIT_MS, UpstreamHold } from './upstream-hold';

const withRedis = (commands: unknown) => ({ commands }) as RedisConnection;
const failingRedis = withRedis({
  pttl: () => Promise.reject(new Error('Command timed out')),
  set: () => Promise.reject(new Error('Command timed out')),
});
const errorOf = (hold: UpstreamHold) =>
  hold.assertOpen().then(
    () => undefined,
    (error: unknown) => error as GatewayError,
  );

describe('UpstreamHold', () => {
  let clock: ManualClock;
  const holdOn = (redis: RedisConnection) => new UpstreamHold(redis, clock);
  beforeEach(() => (clock = new ManualClock()));
  afterEach(() => jest.useRealTimers());

  it('is open until a hold starts', async () => {
    await expect(holdOn(withRedis(undefined)).assertOpen()).resolves.toBeUndefined();
  });

  it('answers upstream_rate_limited with the remaining seconds, then lifts', async () => {
    const hold = holdOn(withRedis(undefined));
    await hold.hold(3);
    clock.advance(1200);
    const error = await errorOf(hold);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error?.code).toBe('upstream_rate_limited');
    expect(error?.options.headers).toEqual({ 'Retry-After': '2' });
    clock.advance(1800);
    await expect(hold.assertOpen()).resolves.toBeUndefined();
  });

  it("honours another replica's hold found in Redis", async () => {
    const hold = holdOn(withRedis({ pttl: () => Promise.resolve(4500) }));
    await expect(hold.assertOpen()).rejects.toMatchObject({
      options: { headers: { 'Retry-After': '5' } },
    });
  });

  it('reads Redis once per refresh period for all calls, not once per call', async () => {
    const pttl = jest.fn(() => Promise.resolve(-2));
    const hold = holdOn(withRedis({ pttl }));
    await Promise.all([hold.assertOpen(), hold.assertOpen()]);
    await hold.assertOpen();
    expect(pttl).toHaveBeenCalledTimes(1);
    clock.advance(HOLD_REFRESH_MS);
    await hold.assertOpen();
    expect(pttl).toHaveBeenCalledTimes(2);
  });

  it('waits at most HOLD_WAIT_MS for a Redis that does not answer, then decides locally', async () => {
    // Fake timers fire the wait's setTimeout only: the hold reads its time from the manual clock.
    jest.useFakeTimers({ doNotFake: ['Date'] });
    const pttl = jest.fn(() => new Promise<number>(() => undefined));
    const hold = holdOn(withRedis({ pttl }));
    let settled = false;
    const check = hold.assertOpen().then(() => (settled = true));
    await jest.advanceTimersByTimeAsync(HOLD_WAIT_MS - 1);
    expect(settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await check;
    const second = hold.assertOpen();
    await jest.advanceTimersByTimeAsync(HOLD_WAIT_MS);
    await expect(second).resolves.toBeUndefined();
    expect(pttl).toHaveBeenCalledTimes(1); // one read in flight at a time
  });

  it('falls back to the local hold when Redis fails', async () => {
    const hold = holdOn(failingRedis);
    await expect(hold.assertOpen()).resolves.toBeUndefined();
    await hold.hold(2);
    await expect(hold.assertOpen()).rejects.toMatchObject({ code: 'upstream_rate_limited' });
  });
});
