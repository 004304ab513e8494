import { AuditStore } from '../src/audit/audit.store';
import { createAuditStore } from '../src/audit/stores/create-audit-store';
import { PendingAuditSettler } from '../src/audit/pending-audit.settler';
import { auditBackends } from './support/audit-backends';
import { describeIf } from './support/requirements';
import { expectProblem, syncPatch } from './support/factories';
import { bearer, GatewayHarness, startGateway } from './support/gateway-harness';
import { blockAuditWrites } from './support/audit-faults';

const HEX64 = /^[0-9a-f]{64}$/;

for (const backend of auditBackends()) {
  describeIf(backend.requirement, `audit log on ${backend.name}`, () => {
    let gw: GatewayHarness;
    let auditUrl: string;

    beforeAll(async () => {
      auditUrl = backend.newUrl();
      gw = await startGateway({ env: { AUDIT_DATABASE_URL: auditUrl, SQUARED_TIMEOUT_MS: '300' } });
    });
    afterAll(async () => {
      await gw.close();
      await backend.cleanup();
    });
    beforeEach(() => gw.simulator.reset());

    const patch = (id: number, body: unknown, headers: Record<string, string> = {}) =>
      gw.http
        .patch(`/syncs/${id}`)
        .set(bearer(gw.clients.writer))
        .set(headers)
        .send(body as object);
    const audit = async (query: string) => {
      const response = await gw.http
        .get(`/audit?${query}`)
        .set(bearer(gw.clients.auditor))
        .expect(200);
      return response.body as { data: Record<string, unknown>[]; nextCursor: string | null };
    };
    const recordOf = async (requestId: string) =>
      (await audit('limit=500')).data.filter((record) => record.requestId === requestId);

    it('applied: one complete record, committed before the answer', async () => {
      const body = syncPatch({ sync_interval: 45 });
      const response = await patch(42, body).expect(200);
      const records = await recordOf(response.headers['x-request-id']);
      expect(records).toHaveLength(1);
      expect(records[0]).toEqual({
        id: expect.any(String),
        at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        requestId: response.headers['x-request-id'],
        clientId: 'writer',
        actor: { type: 'client', id: 'writer' },
        syncId: 42,
        action: 'sync.update',
        outcome: 'applied',
        status: 200,
        upstreamStatus: 200,
        patch: body,
        before: expect.objectContaining({ sync_interval: 30, stream_name: 'profile' }),
        after: expect.objectContaining({ sync_interval: 45, stream_name: 'profile' }),
        afterDigest: expect.stringMatching(HEX64),
        changes: [{ path: 'sync_interval', from: 30, to: 45 }],
        durationMs: expect.any(Number),
        prevHash: expect.stringMatching(HEX64),
        hash: expect.stringMatching(HEX64),
      });
    });

    it('noop: recorded with no upstream status', async () => {
      const response = await patch(42, syncPatch({ sync_interval: 30 })).expect(200);
      const [record] = await recordOf(response.headers['x-request-id']);
      expect(record).toMatchObject({
        outcome: 'noop',
        status: 200,
        upstreamStatus: null,
        changes: [],
      });
    });

    it.each([
      ['an invalid merged record', syncPatch({ sync_interval: 0 }), {}, 422, null],
      [
        'an If-Match mismatch',
        syncPatch({ sync_interval: 5 }),
        { 'If-Match': '"stale"' },
        412,
        null,
      ],
      ['Squared refusing the record', syncPatch({ stream_name: 'nope' }), {}, 422, 422],
    ])('rejected: %s', async (_what, body, headers, status, upstreamStatus) => {
      const response = await patch(42, body, headers).expect(status);
      const [record] = await recordOf(response.headers['x-request-id']);
      expect(record).toMatchObject({ outcome: 'rejected', status, upstreamStatus, patch: body });
    });

    it('failed: Squared 5xx on the PUT', async () => {
      gw.simulator.injectFault({ kind: 'status', status: 500, body: 'down' }, { method: 'PUT' });
      const response = await patch(42, syncPatch({ sync_interval: 7 })).expect(502);
      const [record] = await recordOf(response.headers['x-request-id']);
      expect(record).toMatchObject({ outcome: 'failed', status: 502, upstreamStatus: 500 });
      expect(record.after).toMatchObject({ sync_interval: 7 });
    });

    it('records nothing for a dry run or a request that never reaches the merge step', async () => {
      const before = (await audit('limit=500')).data.length;
      await gw.http
        .patch('/syncs/42?dryRun=true')
        .set(bearer(gw.clients.writer))
        .send(syncPatch({ sync_interval: 9 }))
        .expect(200);
      await patch(42, syncPatch({ status: 'disabled' })).expect(422);
      await patch(999999, syncPatch({ sync_interval: 9 })).expect(404);
      expect((await audit('limit=500')).data).toHaveLength(before);
    });

    it('redacts credentials in patch, before, after and changes', async () => {
      const secret = 'sk-live-do-not-store';
      const mapping = {
        from: 'bio',
        to: 'vector',
        mapping_type: 'vector',
        embedding_config: { mode: 'open_ai', model: 'm', api_key: secret },
      };
      const response = await patch(42, syncPatch({ configuration: [mapping] })).expect(200);
      const [record] = await recordOf(response.headers['x-request-id']);
      expect(JSON.stringify(record)).not.toContain(secret);
      expect(record.after).toMatchObject({
        configuration: [{ embedding_config: { api_key: '[redacted]' } }],
      });
    });

    it('fails closed: no pending record, no PUT, 503', async () => {
      const unblock = await blockAuditWrites(auditUrl, 'INSERT');
      try {
        const response = await patch(42, syncPatch({ sync_interval: 8 }));
        expectProblem(response, 503, 'audit_unavailable');
        expect(gw.simulator.requestsMatching('PUT')).toHaveLength(0);
        expect(gw.simulator.getSync(42)?.sync_interval).toBe(30);
      } finally {
        await unblock();
      }
      await patch(42, syncPatch({ sync_interval: 8 })).expect(200);
    });

    it('a failed completion still answers the truth, and the record is settled later', async () => {
      const unblock = await blockAuditWrites(auditUrl, 'UPDATE');
      let requestId: string;
      try {
        const response = await patch(42, syncPatch({ sync_interval: 21 })).expect(200);
        requestId = response.headers['x-request-id'];
        expect((await recordOf(requestId))[0]).toMatchObject({ outcome: 'pending', hash: null });
      } finally {
        await unblock();
      }
      await new Promise((resolve) => setTimeout(resolve, 1700)); // past the settler's staleness cut-off
      await gw.app.get(PendingAuditSettler).sweep();
      expect((await recordOf(requestId))[0]).toMatchObject({
        outcome: 'applied',
        hash: expect.stringMatching(HEX64),
      });
    });

    it.each([
      ['landed', 'applied', false],
      ['did not land', 'unknown', true],
    ])(
      'a change to a secret alone that %s settles as %s (the redacted states look alike)',
      async (_what, outcome, putFails) => {
        const withKey = (apiKey: string) =>
          syncPatch({
            configuration: [
              {
                from: 'bio',
                to: 'vector',
                mapping_type: 'vector',
                embedding_config: { mode: 'open_ai', model: 'm', api_key: apiKey },
              },
            ],
          });
        await patch(42, withKey('sk-first-key')).expect(200);
        const unblock = await blockAuditWrites(auditUrl, 'UPDATE');
        let requestId: string;
        try {
          if (putFails) {
            gw.simulator.injectFault(
              { kind: 'status', status: 500, body: 'down' },
              { method: 'PUT' },
            );
          }
          const response = await patch(42, withKey('sk-second-key')).expect(putFails ? 502 : 200);
          requestId = response.headers['x-request-id'];
          const [record] = await recordOf(requestId);
          expect(record).toMatchObject({
            outcome: 'pending',
            afterDigest: expect.stringMatching(HEX64),
          });
          expect(record.before).toEqual(record.after); // all the redacted record can tell
        } finally {
          await unblock();
        }
        await new Promise((resolve) => setTimeout(resolve, 1700)); // past the settler's staleness cut-off
        await gw.app.get(PendingAuditSettler).sweep();
        expect((await recordOf(requestId))[0]).toMatchObject({ outcome });
      },
    );

    it('the chain written through the gateway verifies', async () => {
      // Records of its own (applied and rejected), so that it holds alone and in any order.
      for (let i = 1; i <= 4; i += 1) {
        await patch(42, syncPatch({ sync_interval: 60 + i })).expect(200);
        await patch(42, syncPatch({ sync_mode: 'BAD' })).expect(422);
      }
      const store = createAuditStore(auditUrl);
      await store.init();
      try {
        const result = await store.verifyChain();
        expect(result).toMatchObject({ ok: true, pending: 0 });
        expect(result.checked).toBeGreaterThanOrEqual(8);
      } finally {
        await store.close();
      }
    });

    describe('GET /audit', () => {
      it('filters by sync, client, outcome and time', async () => {
        await patch(43, syncPatch({ cron_expression: '0 1 */2 * *' })).expect(200);
        const start = new Date().toISOString();
        await patch(43, syncPatch({ stream_name: 'events' })).expect(200);
        await patch(43, syncPatch({ sync_mode: 'BAD' })).expect(422);
        const bySync = await audit(`syncId=43&since=${start}`);
        expect(bySync.data.map((r) => r.outcome)).toEqual(['rejected', 'applied']);
        expect((await audit(`syncId=43&outcome=applied&since=${start}`)).data).toHaveLength(1);
        expect((await audit('clientId=nobody')).data).toHaveLength(0);
        const untilStart = (await audit(`syncId=43&until=${start}`)).data;
        expect(untilStart.length).toBeGreaterThan(0); // the record written before `start`, at the least
        expect(untilStart.every((r) => (r.at as string) <= start)).toBe(true);
      });

      it('pages newest first without gaps or repeats while records are appended', async () => {
        const id = gw.simulator.createSync({} as never);
        for (let i = 1; i <= 7; i += 1) {
          await patch(id, syncPatch({ sync_interval: i })).expect(200);
        }
        const seen: unknown[] = [];
        let cursor: string | null = '';
        for (let page = 0; cursor !== null && page < 10; page += 1) {
          const result = await audit(`syncId=${id}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
          seen.push(
            ...result.data.map((r) => (r.after as { sync_interval: number }).sync_interval),
          );
          cursor = result.nextCursor;
          await patch(id, syncPatch({ sync_interval: 100 + page })).expect(200); // appended meanwhile
        }
        expect(seen).toEqual([7, 6, 5, 4, 3, 2, 1]);
      });

      it('needs the audit:read scope', async () => {
        expectProblem(await gw.http.get('/audit').set(bearer(gw.clients.writer)), 403, 'forbidden');
        expectProblem(await gw.http.get('/audit'), 401, 'unauthenticated');
      });

      it.each([
        ['limit=501', 'limit'],
        ['limit=0', 'limit'],
        ['limit=ten', 'limit'],
        ['cursor=%%%', 'cursor'],
        ['cursor=MDE', 'cursor'],
        [`cursor=${'a'.repeat(201)}`, 'cursor'],
        ['syncId=-4', 'syncId'],
        ['syncId=1&syncId=2', 'syncId'],
        ['since=yesterday', 'since'],
        ['until=2025-13-01', 'until'],
        ['until=2025-W01', 'until'],
        ['outcome=done', 'outcome'],
        [`clientId=${'c'.repeat(65)}`, 'clientId'],
        ['sync_id=42', 'sync_id'],
      ])('GET /audit?%s → 422 validation_failed naming %s', async (query, name) => {
        const response = await gw.http.get(`/audit?${query}`).set(bearer(gw.clients.auditor));
        expectProblem(response, 422, 'validation_failed');
        expect(response.body).toMatchObject({
          detail: `Invalid query parameter: ${name}`,
          errors: [{ field: name, message: expect.any(String) }],
        });
      });

      it('names every invalid query parameter at once', async () => {
        const response = await gw.http
          .get('/audit?limit=0&outcome=done')
          .set(bearer(gw.clients.auditor));
        expectProblem(response, 422, 'validation_failed');
        expect(response.body).toMatchObject({
          detail: 'Invalid query parameters: outcome, limit',
          errors: [
            { field: 'outcome', message: expect.any(String) },
            { field: 'limit', message: 'must be an integer from 1 to 500' },
          ],
        });
      });
    });
  });
}

describe('GET /audit while the store cannot answer', () => {
  let gw: GatewayHarness;
  beforeAll(async () => {
    gw = await startGateway(); // SQLite in its own folder: a closed store can be opened again
  });
  afterAll(() => gw.close());

  it('answers 503 audit_unavailable with Retry-After, and 200 once it can', async () => {
    const read = () => gw.http.get('/audit?limit=5').set(bearer(gw.clients.auditor));
    const store = gw.app.get(AuditStore);
    await store.close();
    try {
      const refused = await read();
      expectProblem(refused, 503, 'audit_unavailable');
      expect(refused.headers['retry-after']).toBe('1');
      expect(JSON.stringify(refused.body)).not.toMatch(/sqlite|init|closed/i);
    } finally {
      await store.init();
    }
    expect((await read()).status).toBe(200);
  });
});
