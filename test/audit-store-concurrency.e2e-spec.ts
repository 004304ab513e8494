import { createAuditStore } from '../src/audit/stores/create-audit-store';
import { runTsNode, databaseBackends } from './audit-store.fixtures';
import { always, describeIf, postgres } from './support/requirements';

const PER_WRITER = 100;

/**
 * A writer process: opens the store, waits for the common start, alternates both append paths. The
 * short pause between appends makes the two runs overlap (a SQLite writer is done with 100 appends in
 * a few milliseconds, less than the start skew between processes).
 */
const WRITER = `
const { createAuditStore } = require('./src/audit/stores/create-audit-store');
const { completedRecord, newRecord } = require('./test/audit-store.fixtures');
const completion = { outcome: 'applied', status: 200, upstreamStatus: 200, durationMs: 9 };
(async () => {
  const store = createAuditStore(process.env.AUDIT_DATABASE_URL);
  await store.init();
  await new Promise((go) => setTimeout(go, Number(process.env.START_AT) - Date.now()));
  for (let i = 0; i < Number(process.env.COUNT); i += 1) {
    const clientId = process.env.WRITER;
    if (i % 2 === 0) {
      await store.insertCompleted(completedRecord({ clientId }));
    } else {
      const record = newRecord({ clientId });
      await store.insertPending(record);
      await store.complete(record.id, completion);
    }
    await new Promise((pause) => setTimeout(pause, 1));
  }
  await store.close();
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

for (const backend of databaseBackends()) {
  describeIf(
    backend.available ? always : postgres,
    `${backend.name} audit store, two processes`,
    () => {
      afterEach(() => backend.cleanup());

      it('appends from two processes at once into one sound chain', async () => {
        const url = backend.newUrl();
        const env = { AUDIT_DATABASE_URL: url, COUNT: String(PER_WRITER) };
        // Both processes are loaded and initialised (concurrently too) before they start appending.
        const START_AT = String(Date.now() + 4000);
        const results = await Promise.all(
          ['writer-a', 'writer-b'].map((WRITER_ID) =>
            runTsNode(['-e', WRITER], { ...env, WRITER: WRITER_ID, START_AT }),
          ),
        );
        expect(results.map((result) => [result.code, result.stderr])).toEqual([
          [0, ''],
          [0, ''],
        ]);

        const store = createAuditStore(url);
        await store.init();
        try {
          await expect(store.verifyChain()).resolves.toEqual({
            ok: true,
            checked: 200,
            pending: 0,
          });
          const { data } = await store.query({ limit: 500 });
          const byWriter = (id: string) => data.filter((record) => record.clientId === id).length;
          expect([byWriter('writer-a'), byWriter('writer-b')]).toEqual([PER_WRITER, PER_WRITER]);
          // Interleaved, not one writer after the other: the lock really was contended.
          const switches = data.filter((r, i) => i > 0 && r.clientId !== data[i - 1].clientId);
          expect(switches.length).toBeGreaterThan(10);
        } finally {
          await store.close();
        }
      }, 60_000);
    },
  );
}
