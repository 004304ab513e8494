import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { Response } from 'supertest';
import { SquaredSimulator } from '../src/simulator/squared-simulator';
import type { RecordedRequest, SimulatorOptions } from '../src/simulator/simulator.types';
import { expectProblem, syncPatch } from './support/factories';
import { bearer, GatewayHarness, startGateway } from './support/gateway-harness';
import { TestClock } from './support/test-clock';

const EMAIL = 'svc-gateway@example.com';
const LOGIN = '/api/v1/login';
const SYNC_ID = 42;
const SYNC = `/api/v1/syncs/${SYNC_ID}`;
const MINUTE = 60_000;
/** A simulator clock frozen on the start of a 20 s login-throttle window. */
const FROZEN_AT = Date.UTC(2025, 0, 1);

interface Session {
  gw: GatewayHarness;
  sim: SquaredSimulator;
  /** The password the gateway was given (the right one unless `gatewayPassword` was set). */
  password: string;
  /** Moves the gateway's own clock (the one its token renewal reads) forward, not the simulator's. */
  advanceGatewayClock(ms: number): void;
}

interface SessionOptions {
  simulator?: SimulatorOptions;
  /** A password other than the account's, for the refused-login tests. */
  gatewayPassword?: string;
  env?: Record<string, string>;
}

const secret = (label: string) => `${label}-${randomBytes(12).toString('hex')}`;

describe('service account: the gateway keeps one Squared session', () => {
  const open: { gw: GatewayHarness; sim: SquaredSimulator }[] = [];

  afterEach(async () => {
    for (const { gw, sim } of open.splice(0)) {
      await gw.close();
      await sim.close();
    }
  });

  /** A fresh simulator (with the service account) and a gateway logging in to it, on a test clock. */
  async function startSession(options: SessionOptions = {}): Promise<Session> {
    const sim = await SquaredSimulator.start(options.simulator);
    const password = secret('pw');
    sim.addUser(EMAIL, password, { role: 'member' });
    const gatewayPassword = options.gatewayPassword ?? password;
    const clock = new TestClock();
    const gw = await startGateway({
      simulator: sim,
      clock,
      env: { SQUARED_EMAIL: EMAIL, SQUARED_PASSWORD: gatewayPassword, ...options.env },
    });
    open.push({ gw, sim });
    return {
      gw,
      sim,
      password: gatewayPassword,
      advanceGatewayClock: (ms) => clock.advance(ms),
    };
  }

  const get = (gw: GatewayHarness) =>
    gw.http.get(`/syncs/${SYNC_ID}`).set(bearer(gw.clients.reader));
  const logins = (sim: SquaredSimulator) => sim.requestsMatching('POST', LOGIN);
  const syncCalls = (sim: SquaredSimulator) => sim.requestsMatching('GET', SYNC);
  const statuses = (records: RecordedRequest[]) => records.map((record) => record.status);
  const bearers = (records: RecordedRequest[]) =>
    records.map((record) => record.headers.authorization);
  /** What the simulator saw, in order, as `METHOD path status`. */
  const exchanges = (sim: SquaredSimulator) =>
    sim.requests.map((record) => `${record.method} ${record.path} ${record.status}`);

  /**
   * Call before firing requests: resolves once the gateway's HTTP server has received `count` of them
   * and they have had time to reach the Squared client (no assertion rests on that time).
   */
  function gatewayReceives(gw: GatewayHarness, count: number): Promise<void> {
    const server = gw.app.getHttpServer() as Server;
    return new Promise<void>((resolve) => {
      let seen = 0;
      const onRequest = () => {
        seen += 1;
        if (seen === count) {
          server.off('request', onRequest);
          resolve();
        }
      };
      server.on('request', onRequest);
    }).then(() => new Promise((resolve) => setTimeout(resolve, 100)));
  }

  /** Polls until `condition` holds. */
  async function until(condition: () => boolean): Promise<void> {
    while (!condition()) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Logs in directly, from the same address as the gateway (the throttle is per client IP). */
  async function loginDirectly(sim: SquaredSimulator, password: string): Promise<number> {
    const answer = await fetch(`${sim.url}${LOGIN}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: EMAIL, password }),
    });
    await answer.arrayBuffer();
    return answer.status;
  }

  describe('token reuse', () => {
    it('logs in on the first request and reuses the token for the following ones', async () => {
      const { gw, sim, password } = await startSession();
      expect(sim.loginCount(EMAIL)).toBe(0);

      for (let i = 0; i < 5; i += 1) {
        await get(gw).expect(200);
        expect(sim.loginCount(EMAIL)).toBe(1);
      }

      expect(logins(sim)).toHaveLength(1);
      expect(logins(sim)[0].body).toEqual({ email: EMAIL, password });
      expect(exchanges(sim)[0]).toBe(`POST ${LOGIN} 200`);
      const calls = syncCalls(sim);
      expect(statuses(calls)).toEqual([200, 200, 200, 200, 200]);
      const used = new Set(bearers(calls));
      expect(used.size).toBe(1);
      const [authorization] = [...used];
      expect(authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
      expect(authorization).not.toContain(password);
      expect(calls.every((call) => call.headers['workspace-id'] === String(sim.workspaceId))).toBe(
        true,
      );
    });

    it('ten concurrent first requests share one login', async () => {
      const { gw, sim } = await startSession();
      const login = sim.hold({ method: 'POST', path: LOGIN });

      const received = gatewayReceives(gw, 10);
      const pending = Promise.all(Array.from({ length: 10 }, () => get(gw)));
      await login.arrived;
      await received;
      login.release();
      const responses = await pending;

      expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
      expect(sim.loginCount(EMAIL)).toBe(1);
      expect(logins(sim)).toHaveLength(1);
      const calls = syncCalls(sim);
      expect(statuses(calls)).toEqual(Array(10).fill(200));
      expect(new Set(bearers(calls)).size).toBe(1);
    });
  });

  describe('renewal', () => {
    it('renews the token itself shortly before its 30 minutes are up, without a 401', async () => {
      const { gw, sim, advanceGatewayClock } = await startSession();
      await get(gw).expect(200);
      const first = bearers(syncCalls(sim))[0];

      advanceGatewayClock(27 * MINUTE);
      sim.advanceClock(27 * MINUTE);
      await get(gw).expect(200);
      expect(sim.loginCount(EMAIL)).toBe(1);

      advanceGatewayClock(2 * MINUTE);
      sim.advanceClock(2 * MINUTE);
      sim.clearRequests();
      await get(gw).expect(200);

      expect(sim.loginCount(EMAIL)).toBe(2);
      expect(exchanges(sim)).toEqual([`POST ${LOGIN} 200`, `GET ${SYNC} 200`]);
      expect(bearers(syncCalls(sim))[0]).not.toBe(first);
    });

    it('after Squared expires the token (401) it logs in once more and retries once', async () => {
      const { gw, sim } = await startSession();
      await get(gw).expect(200);
      sim.clearRequests();

      sim.advanceClock(31 * MINUTE);
      const response = await get(gw).expect(200);

      expect(response.body.data).toMatchObject({ id: String(SYNC_ID), type: 'syncs' });
      expect(sim.loginCount(EMAIL)).toBe(2);
      expect(exchanges(sim)).toEqual([`GET ${SYNC} 401`, `POST ${LOGIN} 200`, `GET ${SYNC} 200`]);
      const [expired, renewed] = bearers(syncCalls(sim));
      expect(renewed).not.toBe(expired);

      await get(gw).expect(200);
      expect(sim.loginCount(EMAIL)).toBe(2);
    });

    it('after a newer login elsewhere revoked the token it logs in once and retries once', async () => {
      const { gw, sim } = await startSession();
      await get(gw).expect(200);
      sim.clearRequests();

      sim.revokeTokensOf(EMAIL);
      await get(gw).expect(200);

      expect(sim.loginCount(EMAIL)).toBe(2);
      expect(exchanges(sim)).toEqual([`GET ${SYNC} 401`, `POST ${LOGIN} 200`, `GET ${SYNC} 200`]);
    });

    it('a PATCH whose read is rejected with 401 logs in once and completes', async () => {
      const { gw, sim } = await startSession();
      await get(gw).expect(200);
      sim.revokeTokensOf(EMAIL);
      sim.clearRequests();

      const response = await gw.http
        .patch(`/syncs/${SYNC_ID}`)
        .set(bearer(gw.clients.writer))
        .send(syncPatch({ sync_interval: 7 }));

      expect(response.status).toBe(200);
      expect(sim.loginCount(EMAIL)).toBe(2);
      expect(exchanges(sim)).toEqual([
        `GET ${SYNC} 401`,
        `POST ${LOGIN} 200`,
        `GET ${SYNC} 200`,
        `PUT ${SYNC} 200`,
      ]);
      expect(sim.getSync(SYNC_ID)?.sync_interval).toBe(7);
    });

    it('a PUT rejected with 401 is sent once more, with the same body, after one login', async () => {
      const { gw, sim } = await startSession();
      await get(gw).expect(200);
      sim.clearRequests();
      const put = sim.hold({ method: 'PUT', path: SYNC });

      const pending = gw.http
        .patch(`/syncs/${SYNC_ID}`)
        .set(bearer(gw.clients.writer))
        .send(syncPatch({ sync_interval: 11 }))
        .then((response) => response);
      await put.arrived;
      sim.revokeTokensOf(EMAIL);
      put.release();
      const response = await pending;

      expect(response.status).toBe(200);
      expect(response.body.data.attributes.sync_interval).toBe(11);
      expect(sim.loginCount(EMAIL)).toBe(2);
      expect(exchanges(sim)).toEqual([
        `GET ${SYNC} 200`,
        `PUT ${SYNC} 401`,
        `POST ${LOGIN} 200`,
        `PUT ${SYNC} 200`,
      ]);
      const [rejected, retried] = sim.requestsMatching('PUT', SYNC);
      expect(retried.body).toEqual(rejected.body);
      expect(retried.headers['x-request-id']).toBe(rejected.headers['x-request-id']);
      expect(retried.headers.authorization).not.toBe(rejected.headers.authorization);
      expect(sim.getSync(SYNC_ID)?.sync_interval).toBe(11);
    });

    it('ten concurrent requests rejected with 401 trigger a single new login', async () => {
      const { gw, sim } = await startSession();
      await get(gw).expect(200);
      sim.clearRequests();
      const parked = sim.hold({ method: 'GET', path: SYNC, times: 10 });

      const pending = Promise.all(Array.from({ length: 10 }, () => get(gw)));
      await parked.arrived;
      await until(() => syncCalls(sim).length === 10);
      // All ten left with the first token; it is revoked before Squared answers any of them.
      expect(new Set(bearers(syncCalls(sim))).size).toBe(1);
      sim.revokeTokensOf(EMAIL);
      parked.release();
      const responses = await pending;

      expect(responses.map((response) => response.status)).toEqual(Array(10).fill(200));
      expect(sim.loginCount(EMAIL)).toBe(2);
      expect(logins(sim)).toHaveLength(1);
      const calls = syncCalls(sim);
      expect(statuses(calls).sort()).toEqual([...Array(10).fill(200), ...Array(10).fill(401)]);
      const retries = calls.filter((call) => call.status === 200);
      expect(new Set(bearers(retries)).size).toBe(1);
    });

    it('a late 401 for a token already replaced reuses the new token instead of logging in', async () => {
      const { gw, sim } = await startSession();
      await get(gw).expect(200);
      sim.clearRequests();
      const first = sim.hold({ method: 'GET', path: SYNC });
      const late = sim.hold({ method: 'GET', path: SYNC });

      // `.then` sends each request now (supertest waits for it).
      const a = get(gw).then((response) => response);
      await first.arrived;
      const b = get(gw).then((response) => response);
      await late.arrived;
      sim.revokeTokensOf(EMAIL);
      first.release();
      expect((await a).status).toBe(200);
      expect(sim.loginCount(EMAIL)).toBe(2);
      late.release();
      expect((await b).status).toBe(200);

      // A second login here would revoke the token the first renewal just obtained.
      expect(sim.loginCount(EMAIL)).toBe(2);
      // Recorded in arrival order: both first attempts, the one login, then both retries.
      expect(exchanges(sim)).toEqual([
        `GET ${SYNC} 401`,
        `GET ${SYNC} 401`,
        `POST ${LOGIN} 200`,
        `GET ${SYNC} 200`,
        `GET ${SYNC} 200`,
      ]);
      const [stale, staleToo, renewed, reused] = bearers(syncCalls(sim));
      expect(staleToo).toBe(stale);
      expect(reused).toBe(renewed);
      expect(renewed).not.toBe(stale);
    });
  });

  describe('failures', () => {
    it('a retry rejected with 401 again → 502 upstream_error, one re-login, no loop', async () => {
      const { gw, sim } = await startSession();
      await get(gw).expect(200);
      sim.clearRequests();
      sim.injectFault(
        { kind: 'status', status: 401, body: { errors: [{ detail: 'Unauthorized' }] } },
        { method: 'GET', path: SYNC, times: 2 },
      );

      const response = await get(gw);

      expectProblem(response, 502, 'upstream_error');
      expect(sim.loginCount(EMAIL)).toBe(2);
      expect(exchanges(sim)).toEqual([`GET ${SYNC} 401`, `POST ${LOGIN} 200`, `GET ${SYNC} 401`]);

      await get(gw).expect(200);
    });

    it('a refused login (bad password) → 502 upstream_error, without the password, no storm', async () => {
      const { gw, sim, password } = await startSession({ gatewayPassword: secret('wrong') });

      const first = await get(gw);
      expectProblem(first, 502, 'upstream_error');
      expect(first.text).not.toContain(password);
      expect(logins(sim)).toHaveLength(1);
      expect(statuses(logins(sim))).toEqual([401]);

      const second = await get(gw);
      expectProblem(second, 502, 'upstream_error');
      expect(second.text).not.toContain(password);
      expect(logins(sim).length).toBeLessThanOrEqual(2);

      expect(sim.loginCount(EMAIL)).toBe(0);
      expect(syncCalls(sim)).toHaveLength(0);
      expect(gw.logs.lines.filter((line) => line.includes(password))).toEqual([]);
    });

    it('concurrent requests with a bad password share one refused login', async () => {
      const { gw, sim } = await startSession({ gatewayPassword: secret('wrong') });
      const login = sim.hold({ method: 'POST', path: LOGIN });

      const received = gatewayReceives(gw, 10);
      const pending = Promise.all(Array.from({ length: 10 }, () => get(gw)));
      await login.arrived;
      await received;
      login.release();
      const responses = await pending;

      responses.forEach((response) => expectProblem(response, 502, 'upstream_error'));
      expect(logins(sim)).toHaveLength(1);
    });

    it('logins throttled by Squared → 429 upstream_rate_limited with its Retry-After', async () => {
      const { gw, sim, password, advanceGatewayClock } = await startSession({
        simulator: { now: () => FROZEN_AT },
      });
      for (let i = 0; i < 5; i += 1) {
        expect(await loginDirectly(sim, password)).toBe(200);
      }

      const response = await get(gw);

      expectProblem(response, 429, 'upstream_rate_limited');
      expect(response.headers['retry-after']).toBe('20');
      expect(statuses(logins(sim))).toEqual([200, 200, 200, 200, 200, 429]);
      expect(syncCalls(sim)).toHaveLength(0);

      // Until Retry-After has passed the gateway does not try again: no login storm.
      const cooling = await get(gw);
      expectProblem(cooling, 429, 'upstream_rate_limited');
      expect(Number(cooling.headers['retry-after'])).toBeLessThanOrEqual(20);
      expect(logins(sim)).toHaveLength(6);

      sim.advanceClock(20_000);
      advanceGatewayClock(20_000);
      await get(gw).expect(200);
      expect(sim.loginCount(EMAIL)).toBe(6);
    });

    it("passes on the throttled login's own Retry-After", async () => {
      const { gw, sim } = await startSession();
      sim.injectFault(
        { kind: 'status', status: 429, headers: { 'Retry-After': '17' } },
        { method: 'POST', path: LOGIN },
      );

      const response = await get(gw);

      expectProblem(response, 429, 'upstream_rate_limited');
      expect(response.headers['retry-after']).toBe('17');
      expect(syncCalls(sim)).toHaveLength(0);
    });

    it('a throttled re-login after a 401 → 429 upstream_rate_limited, no further attempt', async () => {
      const { gw, sim } = await startSession();
      await get(gw).expect(200);
      sim.clearRequests();
      sim.revokeTokensOf(EMAIL);
      sim.injectFault(
        { kind: 'status', status: 429, headers: { 'Retry-After': '9' } },
        { method: 'POST', path: LOGIN },
      );

      const response = await get(gw);

      expectProblem(response, 429, 'upstream_rate_limited');
      expect(response.headers['retry-after']).toBe('9');
      expect(exchanges(sim)).toEqual([`GET ${SYNC} 401`, `POST ${LOGIN} 429`]);
    });
  });

  describe('the password stays a secret', () => {
    it('appears only in the login body: not in answers, logs or sync calls', async () => {
      const { gw, sim, password, advanceGatewayClock } = await startSession({
        env: { LOG_LEVEL: 'debug' },
      });
      const responses: Response[] = [];
      const call = async (request: Promise<Response>) => {
        const response = await request;
        responses.push(response);
        return response;
      };

      // A login, reuse, a write, a revocation, an expiry, a double 401, a throttled and a failed login.
      await call(get(gw));
      await call(get(gw));
      await call(
        gw.http
          .patch(`/syncs/${SYNC_ID}`)
          .set(bearer(gw.clients.writer))
          .send(syncPatch({ sync_interval: 9 })),
      );
      sim.revokeTokensOf(EMAIL);
      await call(get(gw));
      sim.advanceClock(31 * MINUTE);
      await call(get(gw));
      sim.injectFault({ kind: 'status', status: 401 }, { method: 'GET', path: SYNC, times: 2 });
      await call(get(gw));
      sim.revokeTokensOf(EMAIL);
      sim.injectFault(
        { kind: 'status', status: 429, headers: { 'Retry-After': '5' } },
        { method: 'POST', path: LOGIN },
      );
      await call(get(gw));
      advanceGatewayClock(5_000); // past the throttled login's Retry-After
      sim.injectFault({ kind: 'status', status: 500 }, { method: 'POST', path: LOGIN });
      await call(get(gw));
      advanceGatewayClock(5_000); // past the cool-down after a refused login
      await call(get(gw));

      expect(responses.map((response) => response.status)).toEqual([
        200, 200, 200, 200, 200, 502, 429, 502, 200,
      ]);
      const answers = responses.map((response) => JSON.stringify(response.headers) + response.text);
      expect(answers.filter((answer) => answer.includes(password))).toEqual([]);
      expect(gw.logs.lines.length).toBeGreaterThan(0);
      expect(gw.logs.lines.filter((line) => line.includes(password))).toEqual([]);

      const [loginCalls, otherCalls] = [logins(sim), sim.requests.filter((r) => r.path !== LOGIN)];
      expect(loginCalls.length).toBeGreaterThan(1);
      expect(loginCalls.every((record) => JSON.stringify(record).includes(password))).toBe(true);
      expect(otherCalls.length).toBeGreaterThan(0);
      expect(otherCalls.filter((record) => JSON.stringify(record).includes(password))).toEqual([]);

      // Nor do the Squared tokens the logins returned leave the gateway.
      const tokens = new Set(
        otherCalls.map((record) => record.headers.authorization.replace(/^Bearer /, '')),
      );
      expect(tokens.size).toBeGreaterThan(1);
      for (const token of tokens) {
        expect(answers.filter((answer) => answer.includes(token))).toEqual([]);
        expect(gw.logs.lines.filter((line) => line.includes(token))).toEqual([]);
      }
    });
  });
});
