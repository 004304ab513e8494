import Redis from 'ioredis';
import { SquaredSimulator } from '../src/simulator/squared-simulator';
import { GatewayProcess, startGatewayProcess } from './support/gateway-process';
import { describeWithRedis, REDIS_URL, runPrefix } from './support/rate-limit-gateways';
import { createMapSync, newWriter, patchSync, replicaEnv } from './support/replicas';
import { TcpProxy } from './support/tcp-proxy';

jest.setTimeout(60_000);

/**
 * The README promises a stop within the grace period, exit 0. A replica whose Redis hangs (accepts
 * bytes, answers nothing) must not spend that period, or all of it, waiting for the answer to QUIT.
 */
describeWithRedis('shutdown while Redis hangs', () => {
  const writer = newWriter();
  let simulator: SquaredSimulator;
  let proxy: TcpProxy;
  let gateway: GatewayProcess | undefined;
  const prefix = runPrefix();

  beforeAll(async () => {
    simulator = await SquaredSimulator.start();
    proxy = await TcpProxy.forUrl(REDIS_URL!);
  });
  afterAll(async () => {
    if (gateway?.child.exitCode === null) {
      await gateway.kill();
    }
    proxy.restore();
    await proxy.close();
    const admin = new Redis(REDIS_URL!);
    const keys = await admin.keys(`${prefix}*`);
    if (keys.length > 0) {
      await admin.del(...keys);
    }
    await admin.quit();
    await simulator.close();
  });

  it('exits 0 on SIGTERM within a few seconds, without waiting for QUIT', async () => {
    gateway = await startGatewayProcess(
      replicaEnv(simulator, writer, { REDIS_URL: proxy.url, REDIS_KEY_PREFIX: prefix }),
    );
    // Redis in use (lock, quotas) before it hangs: the connection is ready, so shutdown sends QUIT.
    const id = createMapSync(simulator);
    expect((await patchSync(gateway.url, writer, id, { configuration: { a: '1' } })).status).toBe(
      200,
    );
    proxy.setMode({ kind: 'hold' });

    const started = Date.now();
    const code = await gateway.stop();
    const tookMs = Date.now() - started;

    expect({ code, tookMs: tookMs < 5000 ? 'under 5 s' : `${tookMs} ms` }).toEqual({
      code: 0,
      tookMs: 'under 5 s',
    });
  });
});
