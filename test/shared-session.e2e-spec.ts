import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import type { Response } from 'supertest';
import { SquaredSimulator } from '../src/simulator/squared-simulator';
import { bearer, GatewayHarness, startGateway } from './support/gateway-harness';
import { describeWithRedis, REDIS_URL, runPrefix } from './support/rate-limit-gateways';

const EMAIL = 'svc-shared@example.com';

/** Three replicas of one service account share one Squared session through Redis. */
describeWithRedis('one Squared session shared by replicas (Redis)', () => {
  let simulator: SquaredSimulator;
  let replicas: GatewayHarness[] = [];
  let prefix: string;

  beforeEach(async () => {
    simulator = await SquaredSimulator.start();
    const password = `pw-${randomBytes(12).toString('hex')}`;
    simulator.addUser(EMAIL, password, { role: 'member' });
    prefix = runPrefix();
    const env = {
      SQUARED_EMAIL: EMAIL,
      SQUARED_PASSWORD: password,
      REDIS_URL: REDIS_URL!,
      REDIS_KEY_PREFIX: prefix,
    };
    replicas = [];
    for (let i = 0; i < 3; i += 1) {
      replicas.push(await startGateway({ simulator, env }));
    }
  });
  afterEach(async () => {
    await Promise.all(replicas.map((replica) => replica.close()));
    await simulator.close();
  });

  /** `count` reads spread over the replicas, all at once. */
  async function load(count: number): Promise<Response[]> {
    return Promise.all(
      Array.from({ length: count }, (_, i) => {
        const gw = replicas[i % replicas.length];
        return gw.http.get(`/syncs/${[42, 43, 44][i % 3]}`).set(bearer(gw.clients.reader));
      }),
    );
  }
  const statuses = (responses: Response[]) => responses.map((response) => response.status);

  it('logs in once for all replicas under concurrent load', async () => {
    simulator.setLatency(20, { method: 'POST', path: '/api/v1/login' });
    expect(statuses(await load(30))).toEqual(Array(30).fill(200));
    expect(simulator.loginCount(EMAIL)).toBe(1);
    expect(statuses(await load(30))).toEqual(Array(30).fill(200));
    expect(simulator.loginCount(EMAIL)).toBe(1);
  });

  it('after an outside login revoked the token: exactly one new login, and no request fails', async () => {
    expect(statuses(await load(6))).toEqual(Array(6).fill(200));
    expect(simulator.loginCount(EMAIL)).toBe(1);
    simulator.revokeTokensOf(EMAIL); // someone logged in elsewhere (the Squared UI)
    simulator.setLatency(20, { method: 'POST', path: '/api/v1/login' });
    expect(statuses(await load(30))).toEqual(Array(30).fill(200));
    expect(simulator.loginCount(EMAIL)).toBe(2);
    expect(statuses(await load(30))).toEqual(Array(30).fill(200));
    expect(simulator.loginCount(EMAIL)).toBe(2);
  });

  it('keeps the shared token encrypted in Redis', async () => {
    await load(3);
    const used = simulator.requestsMatching('GET')[0].headers.authorization.replace('Bearer ', '');
    const admin = new Redis(REDIS_URL!);
    try {
      const keys = await admin.keys(`${prefix}squared-session:*`);
      expect(keys).toHaveLength(1); // the token; the login lock is gone
      const stored = (await admin.get(keys[0])) ?? '';
      expect(stored).toMatch(/^v1\./);
      expect(stored).not.toContain(used);
      expect(stored).not.toContain(used.split('.')[1]);
    } finally {
      await admin.quit();
    }
  });
});
