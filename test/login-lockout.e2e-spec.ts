import { randomBytes } from 'node:crypto';
import { SquaredSimulator } from '../src/simulator/squared-simulator';
import { expectProblem } from './support/factories';
import { bearer, GatewayHarness, startGateway } from './support/gateway-harness';
import { parsePrometheus, sampleValue } from './support/prometheus';
import { describeWithRedis, REDIS_URL, runPrefix } from './support/rate-limit-gateways';
import { ManualClock } from './support/test-clock';

// Simulated hours of reads through the harness (each answer also checked against the OpenAPI
// document): 1.3-3 s per test alone, over Jest's 5 s default once on a loaded CI pass.
jest.setTimeout(20_000);

const EMAIL = 'svc-lockout@example.com';
const LOGIN = '/api/v1/login';
const SECOND = 1000;
const HOUR = 3600 * SECOND;
/** How often a caller asks, in simulated time: far more often than any login is allowed. */
const STEP_MS = 10 * SECOND;

/** Simulated time starts here and moves only when a test advances it. */
const START = Date.UTC(2026, 0, 1);

const secret = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;

interface Setup {
  sim: SquaredSimulator;
  gateways: GatewayHarness[];
  /** The account's real password (the gateways are given another one unless `rightPassword`). */
  password: string;
  /** Moves the simulator's clock and every gateway's clock forward together. */
  advance(ms: number): void;
}

/**
 * A simulator with the service account and `count` gateways logging in to it, with a wrong password
 * unless `rightPassword`. The simulator and every gateway go by one manual clock (token renewal,
 * login back-off and budget included): simulated time moves only with `advance`, so an hour passes
 * in a few seconds and no assertion depends on how fast the machine is.
 */
async function setUp(
  count: number,
  options: { rightPassword?: boolean; env?: Record<string, string> } = {},
): Promise<Setup> {
  const clock = new ManualClock(START);
  const sim = await SquaredSimulator.start({ now: () => clock.now() });
  const password = secret('pw');
  sim.addUser(EMAIL, password, { role: 'member' });
  const gateways: GatewayHarness[] = [];
  // Replicas share their configuration: one (wrong) password for all of them.
  const configured = options.rightPassword ? password : secret('wrong');
  for (let i = 0; i < count; i += 1) {
    const env = {
      SQUARED_EMAIL: EMAIL,
      SQUARED_PASSWORD: configured,
      ...options.env,
    };
    gateways.push(await startGateway({ simulator: sim, clock, env }));
  }
  return {
    sim,
    gateways,
    password,
    advance: (ms) => clock.advance(ms),
  };
}

async function tearDown(setup: Setup | undefined): Promise<void> {
  for (const gw of setup?.gateways ?? []) {
    await gw.close();
  }
  await setup?.sim.close();
}

const refusedLogins = (sim: SquaredSimulator) =>
  sim.requestsMatching('POST', LOGIN).filter((record) => record.status === 401);

/** The most refused logins in any hour (simulated time) of the run. */
function mostRefusalsInAnHour(sim: SquaredSimulator): number {
  const times = refusedLogins(sim).map((record) => record.at);
  return Math.max(
    0,
    ...times.map((start) => times.filter((at) => at >= start && at <= start + HOUR).length),
  );
}

/**
 * Reads a sync through the gateways in turn every `STEP_MS` for `durationMs` of simulated time; with
 * a wrong password every answer is a 502 (the refused login, or the gateway withholding one).
 */
async function askFor(setup: Setup, durationMs: number, stepMs = STEP_MS): Promise<void> {
  for (let elapsed = 0, i = 0; elapsed <= durationMs; elapsed += stepMs, i += 1) {
    const gw = setup.gateways[i % setup.gateways.length];
    const response = await gw.http.get('/syncs/42').set(bearer(gw.clients.reader));
    expectProblem(response, 502, 'upstream_error');
    setup.advance(stepMs);
  }
}

/** Logs in directly with the right password, from another address than the gateways. */
async function loginDirectly(sim: SquaredSimulator, password: string): Promise<number> {
  const answer = await fetch(`${sim.url}${LOGIN}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '10.9.9.9' },
    body: JSON.stringify({ email: EMAIL, password }),
  });
  await answer.arrayBuffer();
  return answer.status;
}

// Each test starts its own simulator and gateways; whatever it started is closed after it.
let setup: Setup | undefined;
afterEach(async () => {
  await tearDown(setup);
  setup = undefined;
});

describe('a wrong SQUARED_PASSWORD never locks the service account (one gateway)', () => {
  it('makes at most 3 refused logins in a simulated hour of requests every 10 s', async () => {
    setup = await setUp(1);
    const { sim, gateways } = setup;

    await askFor(setup, HOUR);

    expect(refusedLogins(sim).length).toBe(3);
    expect(mostRefusalsInAnHour(sim)).toBeLessThanOrEqual(3);
    expect(sim.loginLockState(EMAIL)).toEqual({ failedAttempts: 3, locked: false });
    expect(await loginDirectly(sim, setup.password)).toBe(200);

    const metrics = parsePrometheus((await gateways[0].http.get('/metrics')).text);
    expect(sampleValue(metrics, 'gateway_squared_login_refusals_total')).toBe(3);
    expect(
      sampleValue(metrics, 'gateway_squared_logins_withheld_total', { reason: 'budget' }),
    ).toBeGreaterThan(0);
  });

  it('stops after 4 refusals in a row, so that 4 simulated hours never lock the account', async () => {
    setup = await setUp(1);
    const { sim, gateways } = setup;

    // A read a minute (240 in all; every 10 s made 1,440, which took 5 s on a loaded machine): still
    // far more often than the back-off (capped at 20 minutes) lets a login through.
    await askFor(setup, 4 * HOUR, 60 * SECOND);

    expect(refusedLogins(sim).length).toBe(4);
    expect(sim.loginLockState(EMAIL)).toEqual({ failedAttempts: 4, locked: false });
    const ready = await gateways[0].http.get('/health/ready').expect(200);
    expect(ready.body.squared.login).toEqual({
      status: 'refused',
      refusedLastHour: 0,
      stopped: true,
    });
    expect(gateways[0].logs.lines.filter((line) => line.includes('stopped trying'))).toHaveLength(
      1,
    );
    expect(await loginDirectly(sim, setup.password)).toBe(200);
  });

  it('reports the refusal in readiness (still 200) while liveness stays 200, and logs what to fix', async () => {
    setup = await setUp(1);
    const gw = setup.gateways[0];
    await gw.http.get('/health/ready').expect(200);
    expect((await gw.http.get('/health/ready')).body.squared.login).toEqual({
      status: 'ok',
      refusedLastHour: 0,
    });

    expectProblem(
      await gw.http.get('/syncs/42').set(bearer(gw.clients.reader)),
      502,
      'upstream_error',
    );

    await gw.http.get('/health/live').expect(200);
    const ready = await gw.http.get('/health/ready').expect(200);
    expect(ready.body.squared.login).toEqual({
      status: 'refused',
      refusedLastHour: 1,
      nextAttemptAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as string,
    });
    const advice = gw.logs.lines.filter((line) => line.includes('check SQUARED_EMAIL'));
    expect(advice).toHaveLength(1);
    expect(advice[0]).toContain('SQUARED_PASSWORD');
    expect(advice[0]).toContain('1 of at most 3 refused logins in the last hour');
  });
});

describe('the locked account and the right password', () => {
  it('reports locked in readiness and the log, and logs in once the lock has expired', async () => {
    setup = await setUp(1, { rightPassword: true });
    const { sim } = setup;
    const gw = setup.gateways[0];
    // Someone else locked the account (five typos in the Squared UI).
    for (let i = 0; i < 5; i += 1) {
      expect(await loginDirectly(sim, 'typo')).toBe(401);
    }

    const refused = await gw.http.get('/syncs/42').set(bearer(gw.clients.reader));

    expectProblem(refused, 502, 'upstream_error');
    const ready = await gw.http.get('/health/ready').expect(200);
    expect(ready.body.squared.login).toMatchObject({ status: 'refused', locked: true });
    expect(gw.logs.lines.some((line) => line.includes('the account is locked'))).toBe(true);
    expect(sim.loginLockState(EMAIL).failedAttempts).toBe(5);

    setup.advance(HOUR);
    await gw.http.get('/syncs/42').set(bearer(gw.clients.reader)).expect(200);
    const after = await gw.http.get('/health/ready').expect(200);
    expect(after.body.squared.login).toEqual({ status: 'ok', refusedLastHour: 0 });
  });
});

describeWithRedis(
  'a wrong SQUARED_PASSWORD never locks the service account (two gateways, one Redis)',
  () => {
    it('makes at most 3 refused logins in a simulated hour across both gateways', async () => {
      setup = await setUp(2, {
        env: { REDIS_URL: REDIS_URL!, REDIS_KEY_PREFIX: runPrefix() },
      });
      const { sim, gateways } = setup;

      await askFor(setup, HOUR);

      expect(refusedLogins(sim).length).toBe(3);
      expect(mostRefusalsInAnHour(sim)).toBeLessThanOrEqual(3);
      expect(sim.loginLockState(EMAIL)).toEqual({ failedAttempts: 3, locked: false });
      expect(await loginDirectly(sim, setup.password)).toBe(200);
      const byGateway = await Promise.all(
        gateways.map(async (gw) =>
          sampleValue(
            parsePrometheus((await gw.http.get('/metrics')).text),
            'gateway_squared_login_refusals_total',
          ),
        ),
      );
      expect(byGateway.reduce((a, b) => a + b)).toBe(3);
      // The second gateway sees the first one's refusals in its readiness report.
      for (const gw of gateways) {
        const ready = await gw.http.get('/health/ready').expect(200);
        expect(ready.body.squared.login).toMatchObject({ status: 'refused' });
      }
    });
  },
);
