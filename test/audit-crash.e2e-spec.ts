import { randomBytes } from 'node:crypto';
import { createAuditStore } from '../src/audit/stores/create-audit-store';
import { SquaredSimulator } from '../src/simulator/squared-simulator';
import { auditBackends } from './support/audit-backends';
import { describeIf } from './support/requirements';
import { newClient, syncPatch } from './support/factories';
import { GatewayProcess, startGatewayProcess } from './support/gateway-process';

jest.setTimeout(60_000);

/**
 * A gateway process killed (SIGKILL) between its write-ahead record and the completion: the next
 * process settles the record by reading the sync back.
 */
for (const backend of auditBackends()) {
  describeIf(backend.requirement, `crash between pending and completion on ${backend.name}`, () => {
    let simulator: SquaredSimulator;
    const writer = newClient('writer', ['syncs:read', 'syncs:write']);
    const auditor = newClient('auditor', ['audit:read']);
    const token = `sq-crash-${randomBytes(8).toString('hex')}`;
    let gateway: GatewayProcess | undefined;

    beforeAll(async () => {
      simulator = await SquaredSimulator.start();
      simulator.addStaticToken(token);
    });
    afterAll(async () => {
      await gateway?.kill();
      await simulator.close();
      await backend.cleanup();
    });

    const envFor = (auditUrl: string) => ({
      SQUARED_API_URL: simulator.url,
      SQUARED_API_TOKEN: token,
      SQUARED_WORKSPACE_ID: String(simulator.workspaceId),
      SQUARED_TIMEOUT_MS: '300',
      GATEWAY_CLIENTS: JSON.stringify([writer.entry, auditor.entry]),
      AUDIT_DATABASE_URL: auditUrl,
      LOG_LEVEL: 'warn',
    });

    async function pendingAfterKill(auditUrl: string, applyThePut: boolean): Promise<string> {
      gateway = await startGatewayProcess(envFor(auditUrl));
      const hold = simulator.hold({ method: 'PUT', times: 1 });
      const answer = fetch(`${gateway.url}/syncs/42`, {
        method: 'PATCH',
        headers: { Authorization: `Bearer ${writer.key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(syncPatch({ sync_interval: applyThePut ? 77 : 78 })),
      }).catch(() => undefined);
      await hold.arrived; // the pending record is committed: the PUT only leaves after it
      await gateway.kill();
      await answer;
      hold.release(); // Squared received the PUT before the crash and applies it
      if (!applyThePut) {
        await waitFor(() => simulator.getSync(42)?.sync_interval === 78);
        simulator.updateSyncDirectly(42, { sync_interval: 5 }); // someone else changed it since
      }
      const store = createAuditStore(auditUrl);
      await store.init();
      const pending = await store.findPendingBefore(new Date(Date.now() + 60_000).toISOString());
      await store.close();
      expect(pending).toHaveLength(1);
      return pending[0].id;
    }

    async function waitFor(condition: () => boolean): Promise<void> {
      for (let attempt = 0; attempt < 50 && !condition(); attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      if (!condition()) {
        throw new Error('waited 2.5 s for a condition that never held');
      }
    }

    async function outcomeAfterRestart(auditUrl: string, id: string): Promise<unknown> {
      await new Promise((resolve) => setTimeout(resolve, 1700)); // the record is older than the cut-off
      gateway = await startGatewayProcess(envFor(auditUrl));
      for (let attempt = 0; attempt < 50; attempt += 1) {
        const page = (await fetch(`${gateway.url}/audit?syncId=42`, {
          headers: { Authorization: `Bearer ${auditor.key}` },
        }).then((r) => r.json())) as { data: { id: string; outcome: string }[] };
        const record = page.data.find((r) => r.id === id);
        if (record && record.outcome !== 'pending') {
          return record.outcome;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return 'still pending';
    }

    it('marks the record applied when Squared holds its state', async () => {
      const auditUrl = backend.newUrl();
      const id = await pendingAfterKill(auditUrl, true);
      await expect(outcomeAfterRestart(auditUrl, id)).resolves.toBe('applied');
      expect(simulator.getSync(42)?.sync_interval).toBe(77);
      expect(await gateway?.stop()).toBe(0);
    });

    it('marks the record unknown when Squared holds another state', async () => {
      const auditUrl = backend.newUrl();
      const id = await pendingAfterKill(auditUrl, false);
      await expect(outcomeAfterRestart(auditUrl, id)).resolves.toBe('unknown');
      const store = createAuditStore(auditUrl);
      await store.init();
      await expect(store.verifyChain()).resolves.toMatchObject({ ok: true, pending: 0 });
      await store.close();
      expect(await gateway?.stop()).toBe(0);
    });
  });
}
