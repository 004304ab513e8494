import { callSimulator } from './simulator-client';
import { SquaredSimulator } from './squared-simulator';

const EMAIL = 'svc@example.com';
const PASSWORD = 'service-password';
const CLOCK_START = Date.parse('2025-06-01T10:00:00.000Z');

describe('SquaredSimulator authentication', () => {
  let simulator: SquaredSimulator;
  const login = (email = EMAIL, password = PASSWORD, clientIp?: string) =>
    callSimulator(simulator.url, 'POST', '/api/v1/login', {
      body: { email, password },
      headers: clientIp ? { 'X-Forwarded-For': clientIp } : {},
    });
  const tokenOf = async (email = EMAIL, password = PASSWORD) =>
    (await login(email, password)).body.data.attributes.token as string;
  const getStatus = async (token: string) =>
    (await callSimulator(simulator.url, 'GET', '/api/v1/syncs/42', { token, workspaceId: 3 }))
      .status;

  beforeEach(async () => {
    simulator = await SquaredSimulator.start({ now: () => CLOCK_START });
    simulator.addUser(EMAIL, PASSWORD);
  });
  afterEach(() => simulator.close());

  it('answers a login with the token document and counts it', async () => {
    const response = await login();
    const { data } = response.body;

    expect(response.status).toBe(200);
    expect(data.type).toBe('token');
    expect(data.id).toBe(data.attributes.token);
    expect(data.attributes.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(await getStatus(data.attributes.token as string)).toBe(200);
    expect(simulator.loginCount(EMAIL)).toBe(1);
    expect(simulator.loginCount()).toBe(1);
  });

  it('answers 401 with the error list for bad credentials', async () => {
    const response = await login(EMAIL, 'wrong');

    expect(response.status).toBe(401);
    expect(response.body.errors[0]).toMatchObject({ status: 401, title: 'Error' });
    expect(simulator.loginCount()).toBe(0);
  });

  it('expires tokens after 30 minutes', async () => {
    const token = await tokenOf();

    simulator.advanceClock(30 * 60 * 1000 - 1);
    expect(await getStatus(token)).toBe(200);
    simulator.advanceClock(1);
    expect(await getStatus(token)).toBe(401);
  });

  it('honours tokenTtlMs', async () => {
    const shortLived = await SquaredSimulator.start({ tokenTtlMs: 1000, now: () => CLOCK_START });
    shortLived.addUser(EMAIL, PASSWORD);
    const response = await callSimulator(shortLived.url, 'POST', '/api/v1/login', {
      body: { email: EMAIL, password: PASSWORD },
    });
    shortLived.advanceClock(1000);

    const status = (
      await callSimulator(shortLived.url, 'GET', '/api/v1/syncs/42', {
        token: response.body.data.attributes.token as string,
        workspaceId: 3,
      })
    ).status;
    await shortLived.close();
    expect(status).toBe(401);
  });

  it('revokes older tokens of the user at each login', async () => {
    const first = await tokenOf();
    const second = await tokenOf();

    expect(await getStatus(first)).toBe(401);
    expect(await getStatus(second)).toBe(200);
  });

  it('revokes tokens on revokeTokensOf, as a login elsewhere would', async () => {
    const token = await tokenOf();
    simulator.revokeTokensOf(EMAIL);

    expect(await getStatus(token)).toBe(401);
  });

  it('revokes the current token on logout', async () => {
    const token = await tokenOf();
    const logout = await callSimulator(simulator.url, 'DELETE', '/api/v1/logout', { token });

    expect(logout.status).toBe(200);
    expect(await getStatus(token)).toBe(401);
  });

  it('throttles logins to 5 per 20 s per client IP', async () => {
    // An unknown email, so that the failures do not lock the account itself.
    for (let attempt = 0; attempt < 5; attempt++) {
      expect((await login('nobody@example.com', 'wrong', '10.0.0.1')).status).toBe(401);
    }
    const throttled = await login(EMAIL, PASSWORD, '10.0.0.1');

    expect(throttled.status).toBe(429);
    expect(throttled.body).toEqual({ error: 'Too many requests. Please try again later.' });
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await login(EMAIL, PASSWORD, '10.0.0.2')).status).toBe(200);
    simulator.advanceClock(20_000);
    expect((await login(EMAIL, PASSWORD, '10.0.0.1')).status).toBe(200);
  });

  it('matches the email exactly: no trimming, no case folding', async () => {
    for (const email of [' svc@example.com', 'svc@example.com ', 'SVC@example.com']) {
      const response = await login(email, PASSWORD, `10.0.1.${email.length}`);
      expect(response.status).toBe(401);
      expect(response.body.errors[0].detail).toBe('Invalid email or password');
    }
    expect(simulator.loginLockState(EMAIL).failedAttempts).toBe(0);
    expect((await login(EMAIL, PASSWORD, '10.0.1.99')).status).toBe(200);
  });

  describe('lockable: 5 failed logins lock the account for an hour', () => {
    /** One wrong login, each from its own address so that the per-IP throttle stays out of it. */
    let address = 0;
    const fail = async () => (await login(EMAIL, 'wrong', `10.0.2.${(address += 1)}`)).status;
    const succeed = async () => (await login(EMAIL, PASSWORD, `10.0.3.${(address += 1)}`)).status;

    it('counts failures and refuses even the right password while locked', async () => {
      for (let attempt = 1; attempt <= 4; attempt++) {
        expect(await fail()).toBe(401);
        expect(simulator.loginLockState(EMAIL)).toEqual({ failedAttempts: attempt, locked: false });
      }
      const fifth = await login(EMAIL, 'wrong', '10.0.2.200');
      expect(fifth.status).toBe(401);
      expect(fifth.body.errors[0].detail).toMatch(/^Account is locked/);
      expect(simulator.loginLockState(EMAIL)).toEqual({ failedAttempts: 5, locked: true });

      const refused = await login(EMAIL, PASSWORD, '10.0.2.201');
      expect(refused.status).toBe(401);
      expect(refused.body.errors[0].detail).toMatch(/^Account is locked/);
      expect(simulator.loginLockState(EMAIL).failedAttempts).toBe(5);
      expect(simulator.loginCount(EMAIL)).toBe(0);

      simulator.advanceClock(60 * 60 * 1000 - 1);
      expect(await succeed()).toBe(401);
      simulator.advanceClock(1);
      expect(await succeed()).toBe(200);
      expect(simulator.loginLockState(EMAIL)).toEqual({ failedAttempts: 0, locked: false });
    });

    it('does not forget failures with time: only a successful login resets them', async () => {
      for (let attempt = 0; attempt < 4; attempt++) {
        expect(await fail()).toBe(401);
        simulator.advanceClock(2 * 60 * 60 * 1000);
      }
      expect(simulator.loginLockState(EMAIL)).toEqual({ failedAttempts: 4, locked: false });
      expect(await succeed()).toBe(200);
      expect(await fail()).toBe(401);
      expect(simulator.loginLockState(EMAIL)).toEqual({ failedAttempts: 1, locked: false });
    });

    it('locks again at the next failure once the hour is over, as Squared keeps the count', async () => {
      for (let attempt = 0; attempt < 5; attempt++) {
        await fail();
      }
      simulator.advanceClock(60 * 60 * 1000);
      expect(simulator.loginLockState(EMAIL).locked).toBe(false);
      await fail();
      expect(simulator.loginLockState(EMAIL)).toEqual({ failedAttempts: 6, locked: true });
    });
  });

  it('keeps static tokens valid forever, for every workspace', async () => {
    simulator.addStaticToken('static');
    simulator.advanceClock(365 * 24 * 3600 * 1000);

    expect(await getStatus('static')).toBe(200);
    simulator.removeStaticToken('static');
    expect(await getStatus('static')).toBe(401);
  });

  it('gives a viewer user 403 on PUT', async () => {
    simulator.addUser('viewer@example.com', 'pw', { role: 'viewer' });
    const token = await tokenOf('viewer@example.com', 'pw');
    const response = await callSimulator(simulator.url, 'PUT', '/api/v1/syncs/42', {
      token,
      workspaceId: 3,
      body: { sync: { sync_mode: 'incremental' } },
    });

    expect(response.status).toBe(403);
  });

  it('applies the optional global requests-per-minute limit', async () => {
    const limited = await SquaredSimulator.start({ requestsPerMinute: 2, now: () => CLOCK_START });
    const statuses: number[] = [];
    for (let call = 0; call < 3; call++) {
      statuses.push((await callSimulator(limited.url, 'GET', '/api/v1/syncs/42')).status);
    }
    limited.advanceClock(60_000);
    statuses.push((await callSimulator(limited.url, 'GET', '/api/v1/syncs/42')).status);
    await limited.close();

    expect(statuses).toEqual([401, 401, 429, 401]);
  });
});
