import { createAuditStore } from '../src/audit/stores/create-audit-store';
import { SquaredSimulator } from '../src/simulator/squared-simulator';
import { auditBackends } from './support/audit-backends';
import { GatewayProcess, startGatewayProcess } from './support/gateway-process';
import { describeIf, postgres } from './support/requirements';
import { createMapSync, newWriter, patchSync, replicaEnv } from './support/replicas';
import { TcpProxy } from './support/tcp-proxy';

jest.setTimeout(90_000);

/**
 * The longest a PATCH may wait here: its sync's lock wait (2 × the 10 s lease with a 2 s upstream
 * timeout). A hanging PostgreSQL costs the first PATCH the 6 s query timeout and each one queued
 * behind it on the sync about 2 s more (a new pool connection's timeout); see the README.
 */
const LOCK_WAIT_MS = 20_000;
/** Writable again within a second of PostgreSQL answering, asserted with a margin for load. */
const RECOVERY_BOUND_MS = 3000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A gateway whose PostgreSQL audit store is reached through a TCP proxy that the test stalls. */
describeIf(postgres, 'a replica whose PostgreSQL audit store hangs (TCP proxy faults)', () => {
  const writer = newWriter();
  const backend = auditBackends()[1];
  let simulator: SquaredSimulator;
  let proxy: TcpProxy;
  let gateway: GatewayProcess;
  let directUrl: string;
  let token: string;

  beforeAll(async () => {
    simulator = await SquaredSimulator.start();
    const target = new URL(process.env.DATABASE_URL!);
    proxy = await TcpProxy.start(target.hostname, Number(target.port || 5432));
    directUrl = backend.newUrl();
    const proxied = new URL(directUrl);
    proxied.host = `127.0.0.1:${proxy.port}`;
    const env = replicaEnv(simulator, writer, { AUDIT_DATABASE_URL: proxied.toString() });
    token = env.SQUARED_API_TOKEN;
    gateway = await startGatewayProcess(env);
  });
  afterAll(async () => {
    proxy.restore();
    expect(await gateway.stop()).toBe(0);
    expect(gateway.output()).not.toContain(token);
    await proxy.close();
    await simulator.close();
    await backend.cleanup();
  });

  const patch = async (id: number, key: string) => {
    const sentAt = Date.now();
    const answer = await patchSync(gateway.url, writer, id, { configuration: { [key]: 'v' } });
    return { status: answer.status, code: answer.body.code, ms: Date.now() - sentAt };
  };

  it('fails closed (503 audit_unavailable, no PUT, not ready) and writes again when it answers', async () => {
    const id = createMapSync(simulator);
    expect((await patch(id, 'k0')).status).toBe(200);
    simulator.clearRequests();
    proxy.setMode({ kind: 'hold' });
    const answers = await Promise.all(['k1', 'k2', 'k3'].map((key) => patch(id, key)));
    const ready = await fetch(`${gateway.url}/health/ready`);
    proxy.restore();
    const restoredAt = Date.now();
    let after = await patch(id, 'k9');
    while (after.status !== 200 && Date.now() - restoredAt < 10_000) {
      await sleep(50);
      after = await patch(id, 'k9');
    }
    const recoveredMs = Date.now() - restoredAt;
    console.info(
      `PostgreSQL hang: ${answers.map((a) => `${a.status} ${String(a.code)} after ${a.ms} ms`).join(', ')}; ` +
        `readiness ${ready.status}; writable again ${recoveredMs} ms after it answered`,
    );
    for (const answer of answers) {
      expect({ status: answer.status, code: answer.code }).toEqual({
        status: 503,
        code: 'audit_unavailable',
      });
      expect(answer.ms).toBeLessThan(LOCK_WAIT_MS);
    }
    expect(ready.status).toBe(503);
    expect(recoveredMs).toBeLessThan(RECOVERY_BOUND_MS);
    expect(simulator.requestsMatching('PUT')).toHaveLength(1); // the one after the hang

    const store = createAuditStore(directUrl);
    await store.init();
    await expect(store.verifyChain()).resolves.toMatchObject({ ok: true, pending: 0 });
    const records = (await store.query({ syncId: id, limit: 50 })).data;
    expect(records.map((r) => [r.outcome, r.status])).toEqual([
      ['applied', 200],
      ['applied', 200],
    ]);
    await store.close();
  });
});
