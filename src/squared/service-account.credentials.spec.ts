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
    const credentials = new ServiceAccountCredentials(login);
    const tokens = Promise.all([credentials.token(), credentials.token(), credentials.token()]);
    finish();
    await expect(tokens).resolves.toEqual(['token-1', 'token-1', 'token-1']);
    expect(login).toHaveBeenCalledTimes(1);
  });

  it('reuses the token until shortly before it expires, then logs in again', async () => {
    let now = 0;
    const login = jest.fn().mockResolvedValueOnce('first').mockResolvedValueOnce('second');
    const credentials = new ServiceAccountCredentials(login, () => now, 30 * 60_000);
    await expect(credentials.token()).resolves.toBe('first');
    now = 27 * 60_000;
    await expect(credentials.token()).resolves.toBe('first');
    now = 28 * 60_000 + 1;
    await expect(credentials.token()).resolves.toBe('second');
    expect(login).toHaveBeenCalledTimes(2);
  });

  it('logs in once after a rejection, however many requests saw it', async () => {
    const login = jest.fn().mockResolvedValueOnce('revoked').mockResolvedValueOnce('fresh');
    const credentials = new ServiceAccountCredentials(login);
    const rejected = await credentials.token();
    await Promise.all([
      credentials.renewAfterRejection(rejected),
      credentials.renewAfterRejection(rejected),
    ]);
    await expect(credentials.token()).resolves.toBe('fresh');
    expect(login).toHaveBeenCalledTimes(2);
  });

  it('lets the next caller retry after a failed login', async () => {
    const login = jest.fn().mockRejectedValueOnce(new Error('down')).mockResolvedValueOnce('ok');
    const credentials = new ServiceAccountCredentials(login);
    await expect(credentials.token()).rejects.toThrow('down');
    await expect(credentials.token()).resolves.toBe('ok');
  });
});
