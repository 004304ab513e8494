import { SquaredSimulator } from '../src/simulator/squared-simulator';
import { expectProblem } from './support/factories';
import { GatewayHarness, startGateway } from './support/gateway-harness';
import { DEAD_REDIS_URL } from './support/rate-limit-gateways';
import { addKeysConcurrently, createMapSync, patchSync, upstreamKeys } from './support/replicas';

jest.setTimeout(60_000);

const PATCHES = 50;

/** One gateway (in-process lock): concurrent PATCHes of one sync never lose each other's change. */
describe('per-sync serialisation in one gateway', () => {
  let simulator: SquaredSimulator;
  let gateway: GatewayHarness | undefined;

  beforeEach(async () => {
    simulator = await SquaredSimulator.start();
  });
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
    await simulator.close();
  });

  async function start(env: Record<string, string> = {}): Promise<GatewayHarness> {
    gateway = await startGateway({ simulator, env });
    return gateway;
  }

  it(`keeps all ${PATCHES} keys added by concurrent PATCHes`, async () => {
    const gw = await start();
    const id = createMapSync(simulator);
    simulator.setLatency(5);
    const statuses = await addKeysConcurrently([gw.url], gw.clients.writer, id, PATCHES);
    expect(statuses).toEqual(Array(PATCHES).fill(200));
    const keys = upstreamKeys(simulator, id);
    console.info(`lost-update test, one gateway, serialised: ${keys.length - 1}/${PATCHES} keys`);
    expect(keys.sort()).toEqual(
      ['base', ...Array.from({ length: PATCHES }, (_, i) => `k${i}`)].sort(),
    );
    expect(simulator.requestsMatching('PUT')).toHaveLength(PATCHES);
  });

  it('loses keys with serialisation switched off (the test can fail)', async () => {
    const gw = await start({ UNSAFE_DISABLE_SYNC_LOCK: 'true' });
    const id = createMapSync(simulator);
    simulator.setLatency(5);
    const statuses = await addKeysConcurrently([gw.url], gw.clients.writer, id, PATCHES);
    expect(statuses).toEqual(Array(PATCHES).fill(200));
    const present = upstreamKeys(simulator, id).length - 1;
    console.info(`lost-update test, one gateway, NOT serialised: ${present}/${PATCHES} keys`);
    expect(present).toBeLessThan(PATCHES);
  });

  it('serialises one sync but lets different syncs run in parallel (measured at Squared)', async () => {
    const gw = await start();
    const [a, b] = [createMapSync(simulator), createMapSync(simulator)];
    const latency = 100;
    simulator.setLatency(latency);
    simulator.resetMaxInFlight();
    const patches = [a, b, a, b, a, b].map((id, i) =>
      patchSync(gw.url, gw.clients.writer, id, { configuration: { [`p${i}`]: 'x' } }),
    );
    expect((await Promise.all(patches)).map((answer) => answer.status)).toEqual(Array(6).fill(200));
    expect(simulator.maxInFlight).toBeGreaterThanOrEqual(2);
    for (const id of [a, b]) {
      const calls = simulator.requestsMatching('GET').concat(simulator.requestsMatching('PUT'));
      const ofSync = calls
        .filter((call) => call.path === `/api/v1/syncs/${id}`)
        .sort((x, y) => x.at - y.at);
      expect(ofSync.map((call) => call.method)).toEqual(['GET', 'PUT', 'GET', 'PUT', 'GET', 'PUT']);
      // Each read starts only after the previous write was answered (it took `latency`).
      for (let i = 2; i < ofSync.length; i += 2) {
        expect(ofSync[i].at - ofSync[i - 1].at).toBeGreaterThanOrEqual(latency - 5);
      }
      expect(upstreamKeys(simulator, id)).toHaveLength(4);
    }
  });

  it('gives up waiting for a sync after SYNC_LOCK_WAIT_MS with 503, sending nothing', async () => {
    const gw = await start({ SYNC_LOCK_WAIT_MS: '300' });
    const id = createMapSync(simulator);
    const hold = simulator.hold({ method: 'PUT' });
    const first = patchSync(gw.url, gw.clients.writer, id, { configuration: { first: '1' } });
    await hold.arrived;
    const second = await patchSync(gw.url, gw.clients.writer, id, { configuration: { no: '2' } });
    expectProblem(second, 503, 'service_unavailable');
    expect(simulator.requestsMatching('GET')).toHaveLength(1);
    hold.release();
    expect((await first).status).toBe(200);
    expect(upstreamKeys(simulator, id).sort()).toEqual(['base', 'first']);
  });

  it('answers 503 at once, sending nothing, when the lock store (Redis) is unreachable', async () => {
    const gw = await start({ REDIS_URL: DEAD_REDIS_URL });
    const id = createMapSync(simulator);
    const started = Date.now();
    const answer = await patchSync(gw.url, gw.clients.writer, id, { configuration: { x: '1' } });
    expectProblem(answer, 503, 'service_unavailable');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(simulator.requests).toHaveLength(0);
  });
});
