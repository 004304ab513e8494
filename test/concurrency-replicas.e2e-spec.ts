import { randomUUID } from 'node:crypto';
import { SquaredSimulator } from '../src/simulator/squared-simulator';
import { GatewayProcess } from './support/gateway-process';
import { describeWithRedis, REDIS_URL, runPrefix } from './support/rate-limit-gateways';
import {
  addKeysConcurrently,
  createMapSync,
  newWriter,
  patchSync,
  replicaEnv,
  startReplicas,
  upstreamKeys,
} from './support/replicas';

jest.setTimeout(120_000);

const PATCHES = 50;

/** Three gateway processes sharing one real Redis: the per-sync lock holds across replicas. */
describeWithRedis('per-sync serialisation across gateway processes (Redis)', () => {
  let simulator: SquaredSimulator;
  let replicas: GatewayProcess[] = [];
  const writer = newWriter();

  beforeEach(async () => {
    simulator = await SquaredSimulator.start();
  });
  afterEach(async () => {
    await Promise.all(replicas.map((replica) => replica.kill().catch(() => undefined)));
    replicas = [];
    await simulator.close();
  });

  async function start(count: number, env: Record<string, string> = {}) {
    const shared = { REDIS_URL: REDIS_URL!, REDIS_KEY_PREFIX: runPrefix(), ...env };
    replicas = await startReplicas(count, replicaEnv(simulator, writer, shared));
    return replicas;
  }

  it(`keeps all ${PATCHES} keys added through three replicas at once`, async () => {
    const urls = (await start(3)).map((replica) => replica.url);
    const id = createMapSync(simulator);
    simulator.setLatency(5);
    const statuses = await addKeysConcurrently(urls, writer, id, PATCHES);
    expect(statuses).toEqual(Array(PATCHES).fill(200));
    const keys = upstreamKeys(simulator, id);
    console.info(
      `lost-update test, three replicas, serialised: ${keys.length - 1}/${PATCHES} keys`,
    );
    expect(keys).toHaveLength(PATCHES + 1);
    expect(simulator.requestsMatching('PUT')).toHaveLength(PATCHES);
  });

  it('loses keys through three replicas with serialisation switched off', async () => {
    const urls = (await start(3, { UNSAFE_DISABLE_SYNC_LOCK: 'true' })).map((r) => r.url);
    const id = createMapSync(simulator);
    simulator.setLatency(5);
    const statuses = await addKeysConcurrently(urls, writer, id, PATCHES);
    expect(statuses).toEqual(Array(PATCHES).fill(200));
    const present = upstreamKeys(simulator, id).length - 1;
    console.info(`lost-update test, three replicas, NOT serialised: ${present}/${PATCHES} keys`);
    expect(present).toBeLessThan(PATCHES);
  });

  /**
   * The holder is SIGKILLed while Squared holds one of its calls. The other replica's PATCH waits for
   * the lease (4 × 500 ms + 2 s) and then proceeds. A PUT the dead holder had sent still lands (it
   * left before the crash); a dead holder never sends one afterwards. Either way nothing is lost or
   * applied twice.
   */
  it.each([
    ['GET', false],
    ['PUT', true],
  ] as const)(
    'a holder killed while Squared holds its %s: the other replica proceeds after the lease',
    async (method, firstLands) => {
      const [holder, other] = await start(2, { SQUARED_TIMEOUT_MS: '500' });
      const leaseMs = 4 * 500 + 2000;
      const id = createMapSync(simulator);
      const path = `/api/v1/syncs/${id}`;
      const hold = simulator.hold({ method, path });
      const holderId = `holder-${randomUUID()}`;
      const sentAt = Date.now();
      const first = patchSync(
        holder.url,
        writer,
        id,
        { configuration: { first: '1' } },
        {
          'X-Request-Id': holderId,
        },
      ).catch(() => undefined);
      await hold.arrived;
      const second = patchSync(other.url, writer, id, { configuration: { second: '2' } });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(simulator.requestsMatching('GET', path)).toHaveLength(1); // the other one waits
      await holder.kill();
      await first;
      hold.release();
      const answer = await second;
      const doneAt = Date.now();
      expect(answer.status).toBe(200);
      expect(doneAt - sentAt).toBeGreaterThanOrEqual(leaseMs);
      const puts = simulator.requestsMatching('PUT', path);
      expect(puts.filter((put) => put.headers['x-request-id'] === holderId)).toHaveLength(
        firstLands ? 1 : 0,
      );
      expect(puts).toHaveLength(firstLands ? 2 : 1);
      expect(upstreamKeys(simulator, id).sort()).toEqual(
        firstLands ? ['base', 'first', 'second'] : ['base', 'second'],
      );
    },
  );
});
