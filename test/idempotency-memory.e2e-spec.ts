import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SquaredSimulator } from '../src/simulator/squared-simulator';
import { newClient, syncPatch } from './support/factories';
import { GatewayProcess, startGatewayProcess } from './support/gateway-process';

// A hundred round trips of 1.2 MB each way, on a shared machine.
jest.setTimeout(240_000);

const ID = 42;
const RUNS = 100;
/** The heap ceiling under which the issue saw these dry runs abort the process. */
const HEAP_MB = 160;

/** A v1 configuration of about 1.2 MB: 1,200 mappings with 1,000-character values. */
function largeConfiguration(): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: 1200 }, (_, i) => [`field_${i}`, `${i}:`.padEnd(1000, 'v')]),
  );
}

/**
 * A gateway process with a 160 MB heap answers a hundred keyed dry runs of a 1.2 MB sync. Each
 * answer used to be kept for 24 hours, so the heap filled and the process aborted; now an answer over
 * IDEMPOTENCY_MAX_ANSWER_BYTES is not kept, and the rest stays within IDEMPOTENCY_MEMORY_MAX_BYTES.
 */
describe('Idempotency-Key memory bound, in a gateway process', () => {
  const writer = newClient('writer', ['syncs:read', 'syncs:write']);
  const token = `sq-heap-${randomBytes(8).toString('hex')}`;
  let simulator: SquaredSimulator;
  let gateway: GatewayProcess | undefined;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gateway-heap-'));
    simulator = await SquaredSimulator.start();
    simulator.addStaticToken(token);
    simulator.updateSyncDirectly(ID, { configuration: largeConfiguration() });
    gateway = await startGatewayProcess({
      NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}`,
      SQUARED_API_URL: simulator.url,
      SQUARED_API_TOKEN: token,
      SQUARED_WORKSPACE_ID: String(simulator.workspaceId),
      GATEWAY_CLIENTS: JSON.stringify([writer.entry]),
      AUDIT_DATABASE_URL: `sqlite:${join(dir, 'audit.db')}`,
      RATE_LIMIT_CLIENT_LIMIT: '100000',
      RATE_LIMIT_ORG_LIMIT: '100000',
      LOG_LEVEL: 'warn',
    });
  });
  afterAll(async () => {
    await gateway?.kill();
    await simulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`answers ${RUNS} keyed dry runs of a 1.2 MB sync and stays up`, async () => {
    const url = gateway!.url;
    for (let run = 0; run < RUNS; run += 1) {
      const response = await fetch(`${url}/syncs/${ID}?dryRun=true`, {
        method: 'PATCH',
        headers: {
          Authorization: `Bearer ${writer.key}`,
          'Content-Type': 'application/json',
          'Idempotency-Key': `dry-run-${run}`,
        },
        body: JSON.stringify(syncPatch({ sync_interval: run + 1 })),
      }).catch((error: Error) => {
        throw new Error(
          `dry run ${run} failed (${error.message}, ${String((error.cause as Error)?.message)}): ${gateway!.output().slice(-600)}`,
        );
      });
      expect(response.status).toBe(200);
      expect((await response.text()).length).toBeGreaterThan(1_200_000);
    }
    expect(gateway!.child.exitCode).toBeNull();
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    const heapUsed = Number(/^nodejs_heap_size_used_bytes (\d+)/m.exec(metrics)?.[1]);
    expect(heapUsed).toBeLessThan(HEAP_MB * 1024 * 1024);
    process.stdout.write(
      `heap used after ${RUNS} keyed dry runs: ${(heapUsed / 2 ** 20).toFixed(1)} MiB\n`,
    );
  });
});
