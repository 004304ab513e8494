import {
  assertNoSecretLeaked,
  bearer,
  GatewayHarness,
  startGateway,
} from './support/gateway-harness';
import { syncPatch } from './support/factories';

describe('secrets: the Squared token and gateway keys never leave', () => {
  let gw: GatewayHarness;

  beforeAll(async () => {
    // The most verbose level: whatever the gateway can log, it logs here.
    gw = await startGateway({ env: { LOG_LEVEL: 'trace', SQUARED_TIMEOUT_MS: '300' } });
  });
  afterAll(() => gw.close());

  const patch = (body: unknown) =>
    gw.http
      .patch('/syncs/42')
      .set(bearer(gw.clients.writer))
      .send(body as object);

  async function exerciseEveryPath(): Promise<void> {
    await gw.http.get('/syncs/42').set(bearer(gw.clients.reader));
    await patch(syncPatch({ sync_interval: 12 }));
    await patch(syncPatch({ sync_interval: 12 }));
    await patch(syncPatch({ status: 'disabled' }));
    await patch(syncPatch({ sync_interval: -1 }));
    await patch(syncPatch({ stream_name: 'nope' }));
    await gw.http.patch('/syncs/42').set('Authorization', `Bearer ${gw.squaredToken}`).send({});
    await gw.http.patch('/syncs/abc').set(bearer(gw.clients.writer)).send({});
    const faults = [
      { kind: 'status', status: 401, body: { errors: [{ status: 401, detail: 'Unauthorized' }] } },
      {
        kind: 'status',
        status: 500,
        body: '<html>stack trace here</html>',
        contentType: 'text/html',
      },
      { kind: 'reset' },
      { kind: 'hang' },
      { kind: 'garbage' },
    ];
    for (const fault of faults) {
      gw.simulator.injectFault(fault as never, { method: 'GET' });
      await patch(syncPatch({ sync_interval: 13 }));
    }
  }

  // Every path once, before any test, so that each test holds alone and in any order.
  beforeAll(() => exerciseEveryPath());

  it('appear in no answer and no log line, on success and on every failure path', () => {
    const answers = gw.responses.map((r) => r.headers + r.body).join('\n');
    const logs = gw.logs.lines.join('\n');
    for (const secret of [gw.squaredToken, gw.clients.writer.key, gw.clients.reader.key]) {
      expect(answers).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    // The token did travel where it must: to Squared, and only there.
    expect(gw.simulator.requestsMatching('GET')[0].headers.authorization).toBe(
      `Bearer ${gw.squaredToken}`,
    );
  });

  it('captures enough to make the check meaningful: every request has a JSON log line', () => {
    const requestLines = gw.logs.lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.msg === 'request completed' || entry.msg === 'request failed');
    expect(requestLines.length).toBeGreaterThanOrEqual(12);
    for (const entry of requestLines) {
      expect(entry).toEqual(
        expect.objectContaining({
          requestId: expect.any(String),
          method: expect.any(String),
          route: expect.any(String),
        }),
      );
      expect(entry).not.toHaveProperty('req.headers');
    }
    expect(gw.responses.length).toBe(requestLines.length);
  });

  it('the leak check itself fails when a secret shows up', () => {
    const leak = () =>
      assertNoSecretLeaked(
        ['s3cret'],
        ['{"msg":"ok"}'],
        [{ status: 200, headers: '{}', body: 'x s3cret' }],
      );
    expect(leak).toThrow(/secret leaked/);
    expect(() => assertNoSecretLeaked(['s3cret'], ['{"msg":"ok"}'], [])).not.toThrow();
  });
});
