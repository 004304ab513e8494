import { GatewayError } from '../common/errors/gateway.error';
import { RedisConnection } from '../redis/redis-connection';
import { HOLD_REFRESH_MS, UpstreamHold } from './upstream-hold';

const withRedis = (commands: unknown) => ({ commands }) as RedisConnection;
const failingRedis = withRedis({
  pttl: () => Promise.reject(new Error('Command timed out')),
  set: () => Promise.reject(new Error('Command timed out')),
});
/** Lets the background refresh's promise chain settle. */
const settle = async () => {
  for (let i = 0; i < 10; i += 1) {
    await Promise.resolve();
  }
};
const errorOf = (hold: UpstreamHold) => {
  try {
    hold.assertOpen();
    return undefined;
  } catch (error) {
    return error as GatewayError;
  }
};

describe('UpstreamHold', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('is open until a hold starts', () => {
    expect(() => new UpstreamHold(withRedis(undefined)).assertOpen()).not.toThrow();
  });

  it('answers upstream_rate_limited with the remaining seconds, then lifts', async () => {
    const hold = new UpstreamHold(withRedis(undefined));
    await hold.hold(3);
    jest.advanceTimersByTime(1200);
    const error = errorOf(hold);
    expect(error).toBeInstanceOf(GatewayError);
    expect(error?.code).toBe('upstream_rate_limited');
    expect(error?.options.headers).toEqual({ 'Retry-After': '2' });
    jest.advanceTimersByTime(1800);
    expect(errorOf(hold)).toBeUndefined();
  });

  it("honours another replica's hold found in Redis, from the call after it is read", async () => {
    const hold = new UpstreamHold(withRedis({ pttl: () => Promise.resolve(4500) }));
    expect(errorOf(hold)).toBeUndefined();
    await settle();
    expect(errorOf(hold)?.options.headers).toEqual({ 'Retry-After': '5' });
  });

  it('reads Redis at most once per refresh period, not once per call', async () => {
    const pttl = jest.fn(() => Promise.resolve(-2));
    const hold = new UpstreamHold(withRedis({ pttl }));
    for (let i = 0; i < 5; i += 1) {
      hold.assertOpen();
      await settle();
    }
    expect(pttl).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(HOLD_REFRESH_MS);
    hold.assertOpen();
    expect(pttl).toHaveBeenCalledTimes(2);
  });

  it('never waits for a Redis that does not answer', () => {
    const pttl = jest.fn(() => new Promise<number>(() => undefined));
    const hold = new UpstreamHold(withRedis({ pttl }));
    expect(errorOf(hold)).toBeUndefined();
    jest.advanceTimersByTime(10 * HOLD_REFRESH_MS);
    expect(errorOf(hold)).toBeUndefined();
    expect(pttl).toHaveBeenCalledTimes(1); // one read in flight at a time
  });

  it('falls back to the local hold when Redis fails', async () => {
    const hold = new UpstreamHold(failingRedis);
    expect(errorOf(hold)).toBeUndefined();
    await hold.hold(2);
    expect(errorOf(hold)?.code).toBe('upstream_rate_limited');
  });
});
