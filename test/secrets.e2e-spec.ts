import {
  assertNoSecretLeaked,
  bearer,
  GatewayHarness,
  startGateway,
} from './support/gateway-harness';
import { syncPatch } from './support/factories';
import { secretCorpus } from './support/secret-corpus';

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

  it('credential shapes sent in headers and the body reach no log line, audit record or answer', async () => {
    const corpus = secretCorpus();
    // The corpus's strings as a v1 configuration; a key keeps its name (`password`, `cookie`) unless
    // an earlier entry took it.
    const configuration: Record<string, string> = {};
    for (const [index, { value }] of corpus.entries()) {
      for (const [key, text] of Object.entries(value)) {
        if (typeof text === 'string') {
          configuration[key in configuration ? `${key}_${index}` : key] = text;
        }
      }
    }
    const sent = JSON.stringify(configuration);
    const secrets = corpus.flatMap((entry) => entry.secrets).filter((s) => sent.includes(s));
    const [jwt, shortKey, basic] = [
      configuration.column,
      configuration.clientKey,
      configuration.Authorization,
    ];
    const headerSecrets = [jwt, shortKey, gw.clients.writer.key, basic];
    expect(secrets.length).toBeGreaterThanOrEqual(12);
    expect([jwt, shortKey, basic]).toEqual([
      expect.stringMatching(/^eyJ/),
      expect.stringMatching(/^sgw_/),
      expect.stringMatching(/^Basic /),
    ]);

    // As the caller's request id (the syntax admits JWTs and gateway keys), on a write that is audited.
    const ids = [jwt, shortKey, gw.clients.writer.key];
    for (const [index, id] of ids.entries()) {
      const body = syncPatch({ configuration, sync_interval: 40 + index });
      const answer = await patch(body).set('X-Request-Id', id);
      expect(answer.status).toBe(200);
      expect(answer.headers['x-request-id']).not.toBe(id);
    }
    // As credentials the gateway does not know.
    for (const value of [`Bearer ${jwt}`, basic, `Bearer ${shortKey}`]) {
      const answer = await gw.http.get('/syncs/42').set('Authorization', value);
      expect(answer.status).toBe(401);
    }
    const audit = await gw.http.get('/audit?limit=500').set(bearer(gw.clients.auditor)).expect(200);
    expect(audit.text).toContain('"sync_interval":42'); // the writes above are there…

    // …with none of the secrets; nor any log line, answer header or answer other than the sync itself
    // (Squared's document holds the configuration the caller sent, as Squared stores it).
    const isSyncDocument = (body: string) => body.startsWith('{"data":{"id"');
    const texts = [
      ...gw.logs.lines,
      ...gw.responses.map((r) => r.headers),
      ...gw.responses.filter((r) => !isSyncDocument(r.body)).map((r) => r.body),
    ].join('\n');
    expect(gw.responses.some((r) => r.body === audit.text)).toBe(true);
    for (const secret of [...secrets, ...headerSecrets]) {
      expect(texts).not.toContain(secret);
    }
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
