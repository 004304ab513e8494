import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAuditStore } from '../src/audit/stores/create-audit-store';
import { SquaredSimulator } from '../src/simulator/squared-simulator';
import { newClient, syncPatch } from './support/factories';
import { GatewayProcess, startGatewayProcess } from './support/gateway-process';

jest.setTimeout(60_000);

/**
 * Graceful shutdown of a real gateway process: SIGTERM while a PATCH waits on a slow Squared. The
 * PATCH completes, its audit record is completed, the process closes its stores and exits 0.
 */
describe('graceful shutdown', () => {
  let simulator: SquaredSimulator;
  const writer = newClient('writer', ['syncs:read', 'syncs:write']);
  const token = `sq-shutdown-${randomBytes(8).toString('hex')}`;
  let gateway: GatewayProcess | undefined;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gateway-shutdown-'));
    simulator = await SquaredSimulator.start();
    simulator.addStaticToken(token);
  });
  afterAll(async () => {
    if (gateway?.child.exitCode === null) {
      await gateway.kill();
    }
    await simulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = (auditFile: string) =>
    startGatewayProcess({
      NODE_ENV: 'production',
      SQUARED_API_URL: simulator.url,
      SQUARED_API_TOKEN: token,
      SQUARED_WORKSPACE_ID: String(simulator.workspaceId),
      GATEWAY_CLIENTS: JSON.stringify([writer.entry]),
      AUDIT_DATABASE_URL: `sqlite:${auditFile}`,
      LOG_LEVEL: 'info',
    });

  it('on SIGTERM, lets an in-flight PATCH finish (200, audit applied), then exits 0', async () => {
    const auditFile = join(dir, 'sigterm.db');
    gateway = await start(auditFile);
    // Hermetic: no Redis, so no sync lock or quota shared with other processes (test/support).
    const ready = (await (await fetch(`${gateway.url}/health/ready`)).json()) as { info: object };
    expect(Object.keys(ready.info)).not.toContain('redis');
    const hold = simulator.hold({ method: 'PUT', times: 1 });
    const answer = fetch(`${gateway.url}/syncs/42`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${writer.key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(syncPatch({ sync_interval: 91 })),
    });
    // If the PATCH is answered before its PUT reaches Squared, say how instead of waiting out the test.
    const first = await Promise.race([
      hold.arrived.then(() => 'PUT held upstream'),
      answer.then(async (r) => `answered ${r.status} ${await r.text()}`),
    ]);
    expect({ first, log: first === 'PUT held upstream' ? '' : gateway.output() }).toEqual({
      first: 'PUT held upstream',
      log: '',
    });
    const started = Date.now();
    const exited = gateway.stop(); // SIGTERM
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Draining: the listener is closed, so a new caller cannot start another change.
    await expect(fetch(`${gateway.url}/health/live`)).rejects.toThrow();
    hold.release();

    const response = await answer;
    expect(response.status).toBe(200);
    await expect(exited).resolves.toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(simulator.getSync(42)?.sync_interval).toBe(91);

    const store = createAuditStore(`sqlite:${auditFile}`);
    await store.init();
    const page = await store.query({ syncId: 42, limit: 10 });
    await store.close();
    expect(page.data).toHaveLength(1);
    expect(page.data[0]).toMatchObject({ outcome: 'applied', status: 200, upstreamStatus: 200 });
    expect(page.data[0].hash).toMatch(/^[0-9a-f]{64}$/);
    expect(gateway.output()).not.toContain('"level":50');
  });

  it('on SIGINT with nothing in flight, exits 0 at once', async () => {
    gateway = await start(join(dir, 'sigint.db'));
    const exited = new Promise<number | null>((resolve) => gateway!.child.once('exit', resolve));
    const started = Date.now();
    gateway.child.kill('SIGINT');
    await expect(exited).resolves.toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
