import { Logger } from '@nestjs/common';
import { ManualClock } from '../../test/support/test-clock';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { FRESH_BUDGET, LoginBudgetState } from './login-budget';
import { LoginBudgetStore, MemoryLoginBudgetStore } from './login-budget.store';
import { LoginGuard } from './login-guard';
import { SquaredLoginRefused } from './squared-login';

const MINUTE = 60_000;

/** A shared store that can be made to fail, as Redis would. */
class FlakyStore implements LoginBudgetStore {
  readonly inner = new MemoryLoginBudgetStore();
  down = false;

  read(): Promise<LoginBudgetState> {
    return this.down ? Promise.reject(new Error('ECONNREFUSED')) : this.inner.read();
  }

  write(state: LoginBudgetState): Promise<void> {
    return this.down ? Promise.reject(new Error('ECONNREFUSED')) : this.inner.write(state);
  }
}

describe('LoginGuard', () => {
  let clock: ManualClock;
  let metrics: GatewayMetrics;
  let errors: string[];
  const refused = () => Promise.reject(new SquaredLoginRefused(false));
  const accepted = () => Promise.resolve('token');
  const counter = async (name: string) =>
    (await metrics.registry.getSingleMetric(name)?.get())?.values ?? [];

  beforeEach(() => {
    clock = new ManualClock(0);
    metrics = new GatewayMetrics();
    errors = [];
    jest
      .spyOn(Logger.prototype, 'error')
      .mockImplementation((message: unknown) => void errors.push(String(message)));
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('withholds the login after a refusal until the back-off has passed, without calling Squared', async () => {
    const guard = new LoginGuard(undefined, metrics, clock);
    const login = jest.fn(refused);

    await expect(guard.attempt(login)).rejects.toBeInstanceOf(SquaredLoginRefused);
    clock.time = 29_999;
    await expect(guard.attempt(login)).rejects.toMatchObject({
      code: 'upstream_error',
      detail: expect.stringMatching(/tries again in 1 s$/) as string,
    });
    expect(login).toHaveBeenCalledTimes(1);
    clock.time = 30_000;
    await expect(guard.attempt(accepted)).resolves.toBe('token');
    expect(await counter('gateway_squared_login_refusals_total')).toEqual([
      expect.objectContaining({ value: 1 }),
    ]);
    expect(await counter('gateway_squared_logins_withheld_total')).toEqual([
      expect.objectContaining({ labels: { reason: 'backoff' }, value: 1 }),
    ]);
  });

  it('logs what to fix, and that the account locks after 5 failed logins', async () => {
    const guard = new LoginGuard(undefined, metrics, clock);
    await expect(guard.attempt(refused)).rejects.toThrow();

    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('SQUARED_EMAIL (matched exactly');
    expect(errors[0]).toContain('SQUARED_PASSWORD');
    expect(errors[0]).toContain('1 of at most 3 refused logins in the last hour');
    expect(errors[0]).toContain('next attempt in 30 s');
  });

  it('says so when Squared reports the account locked', async () => {
    const guard = new LoginGuard(undefined, metrics, clock);
    await expect(
      guard.attempt(() => Promise.reject(new SquaredLoginRefused(true))),
    ).rejects.toThrow();

    expect(errors[0]).toContain('the account is locked');
    await expect(guard.report()).resolves.toEqual({
      status: 'refused',
      refusedLastHour: 1,
      locked: true,
      nextAttemptAt: new Date(30_000).toISOString(),
    });
  });

  it('reports ok again, and forgets the back-off, after a successful login', async () => {
    const guard = new LoginGuard(undefined, metrics, clock);
    await expect(guard.attempt(refused)).rejects.toThrow();
    clock.time = 31_000;
    await expect(guard.attempt(accepted)).resolves.toBe('token');
    clock.time = 32_000;
    await expect(guard.report()).resolves.toEqual({ status: 'ok', refusedLastHour: 0 });
    await expect(guard.attempt(refused)).rejects.toBeInstanceOf(SquaredLoginRefused);
  });

  it('does not count a failure that is not a refusal (timeout, 5xx, 429)', async () => {
    const guard = new LoginGuard(undefined, metrics, clock);
    const timeout = jest.fn(() => Promise.reject(new Error('timeout')));
    await expect(guard.attempt(timeout)).rejects.toThrow('timeout');
    await expect(guard.attempt(timeout)).rejects.toThrow('timeout');
    expect(timeout).toHaveBeenCalledTimes(2);
    await expect(guard.report()).resolves.toEqual({ status: 'ok', refusedLastHour: 0 });
  });

  it('shares the record: a second replica on the same store is withheld too', async () => {
    const shared = new FlakyStore();
    const first = new LoginGuard(shared, metrics, clock);
    const second = new LoginGuard(shared, metrics, clock);
    await expect(first.attempt(refused)).rejects.toThrow();

    const login = jest.fn(refused);
    await expect(second.attempt(login)).rejects.toMatchObject({ code: 'upstream_error' });
    expect(login).not.toHaveBeenCalled();
    await expect(second.report()).resolves.toMatchObject({ status: 'refused', refusedLastHour: 1 });
  });

  it('falls back to its own record while the shared one is unreachable', async () => {
    const shared = new FlakyStore();
    const guard = new LoginGuard(shared, metrics, clock);
    shared.down = true;
    await expect(guard.attempt(refused)).rejects.toBeInstanceOf(SquaredLoginRefused);

    const login = jest.fn(refused);
    await expect(guard.attempt(login)).rejects.toMatchObject({ code: 'upstream_error' });
    expect(login).not.toHaveBeenCalled();
    shared.down = false;
    expect(await shared.inner.read()).toEqual(FRESH_BUDGET);
  });

  it('makes at most 3 refused logins in an hour however often it is asked', async () => {
    const guard = new LoginGuard(undefined, metrics, clock);
    const login = jest.fn(refused);
    for (clock.time = 0; clock.time <= 60 * MINUTE; clock.advance(5_000)) {
      await guard.attempt(login).catch(() => undefined);
    }
    expect(login).toHaveBeenCalledTimes(3);
  });
});
