import { ManualClock } from '../../test/support/test-clock';
import { GatewayError } from '../common/errors/gateway.error';
import { ServiceAccountCredentials } from './service-account.credentials';

function fakeLogin() {
  let count = 0;
  const waiters: (() => void)[] = [];
  const login = jest.fn(
    () =>
      new Promise<string>((resolve) => {
        count += 1;
        const token = `token-${count}`;
        waiters.push(() => resolve(token));
      }),
  );
  const finish = () => waiters.splice(0).forEach((resolve) => resolve());
  return { login, finish };
}

describe('ServiceAccountCredentials', () => {
  it('runs one login for concurrent callers', async () => {
    const { login, finish } = fakeLogin();
    const credentials = new ServiceAccountCredentials(login, new ManualClock());
    const tokens = Promise.all([credentials.token(), credentials.token(), credentials.token()]);
    finish();
    await expect(tokens).resolves.toEqual(['token-1', 'token-1', 'token-1']);
    expect(login).toHaveBeenCalledTimes(1);
  });

  it('reuses the token until shortly before it expires, then logs in again', async () => {
    const clock = new ManualClock(0);
    const login = jest.fn().mockResolvedValueOnce('first').mockResolvedValueOnce('second');
    const credentials = new ServiceAccountCredentials(login, clock, 30 * 60_000);
    await expect(credentials.token()).resolves.toBe('first');
    clock.time = 27 * 60_000;
    await expect(credentials.token()).resolves.toBe('first');
    clock.time = 28 * 60_000 + 1;
    await expect(credentials.token()).resolves.toBe('second');
    expect(login).toHaveBeenCalledTimes(2);
  });

  it('logs in once after a rejection, however many requests saw it', async () => {
    const login = jest.fn().mockResolvedValueOnce('revoked').mockResolvedValueOnce('fresh');
    const credentials = new ServiceAccountCredentials(login, new ManualClock());
    const rejected = await credentials.token();
    await Promise.all([
      credentials.renewAfterRejection(rejected),
      credentials.renewAfterRejection(rejected),
    ]);
    await expect(credentials.token()).resolves.toBe('fresh');
    expect(login).toHaveBeenCalledTimes(2);
  });
});

describe('ServiceAccountCredentials after a refused login', () => {
  it('fails fast for a few seconds instead of logging in again, then tries once more', async () => {
    const clock = new ManualClock(0);
    const refused = new GatewayError(
      'upstream_error',
      "Squared refused the service account's login",
    );
    const login = jest.fn().mockRejectedValueOnce(refused).mockResolvedValueOnce('ok');
    const credentials = new ServiceAccountCredentials(login, clock);
    await expect(credentials.token()).rejects.toBe(refused);
    clock.time = 4_999;
    await expect(credentials.token()).rejects.toBe(refused);
    expect(login).toHaveBeenCalledTimes(1);
    clock.time = 5_000;
    await expect(credentials.token()).resolves.toBe('ok');
  });

  it('respects the Retry-After of a throttled login, counting it down', async () => {
    const clock = new ManualClock(0);
    const throttled = new GatewayError('upstream_rate_limited', 'throttled', {
      headers: { 'Retry-After': '20' },
    });
    const login = jest.fn().mockRejectedValueOnce(throttled).mockResolvedValueOnce('ok');
    const credentials = new ServiceAccountCredentials(login, clock);
    await expect(credentials.token()).rejects.toBe(throttled);
    clock.time = 15_500;
    const replay = credentials.token();
    await expect(replay).rejects.toMatchObject({
      code: 'upstream_rate_limited',
      options: { headers: { 'Retry-After': '5' } },
    });
    expect(login).toHaveBeenCalledTimes(1);
    clock.time = 20_000;
    await expect(credentials.token()).resolves.toBe('ok');
  });
});
