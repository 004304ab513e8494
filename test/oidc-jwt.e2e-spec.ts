import { randomUUID } from 'node:crypto';
import { expectProblem, syncPatch } from './support/factories';
import { bearer, GatewayHarness, startGateway } from './support/gateway-harness';
import { requestWithHeaders } from './support/http-get';
import { TestProvider } from './support/oidc-provider';
import { TestClock } from './support/test-clock';
import {
  hs256WithPublicKey,
  newSigningKey,
  personClaims,
  signRs256,
  TestSigningKey,
  unsigned,
} from './support/tokens';

describe('bearer JWTs from a real OpenID Provider (oidc-provider on loopback)', () => {
  let op: TestProvider;
  let gw: GatewayHarness;
  let key: TestSigningKey;
  let stranger: TestSigningKey;
  const clock = new TestClock();

  beforeAll(async () => {
    key = await newSigningKey('test-key');
    stranger = await newSigningKey('stranger-key'); // never published
    op = await TestProvider.start({ extraKeys: [key.jwk] });
    gw = await startGateway({
      env: { OIDC_ISSUER: op.issuer, OIDC_AUDIENCE: op.options.audience },
      clock,
    });
  });
  afterAll(async () => {
    await gw.close();
    await op.close();
  });
  beforeEach(() => gw.simulator.reset());

  const claims = (overrides: Record<string, unknown> = {}) =>
    personClaims(op.issuer, op.options.audience, clock.now(), overrides);
  const personToken = (overrides: Record<string, unknown> = {}) =>
    signRs256(claims(overrides), key.privateKey, key.kid);
  const withToken = (token: string) => ({ Authorization: `Bearer ${token}` });
  const patch = (token: string) =>
    gw.http
      .patch('/syncs/42')
      .set(withToken(token))
      .send(syncPatch({ sync_interval: 45 }));

  it('reads a sync with an access token the provider issued (client-credentials grant)', async () => {
    const token = await op.clientToken('syncs:read');
    const response = await gw.http.get('/syncs/42').set(withToken(token)).expect(200);
    expect(response.body.data.id).toBe('42');
    const line = gw.logs.lines
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .find((entry) => entry.requestId === response.headers['x-request-id'] && entry.res);
    // sub = client_id: the application itself, so no separate actor.
    expect(line).toMatchObject({ clientId: op.options.clientId });
    expect(line).not.toHaveProperty('actorId');
  });

  it("PATCHes for a person; the request's log line names the app and the person", async () => {
    const response = await patch(await personToken()).expect(200);
    expect(gw.simulator.getSync(42)?.sync_interval).toBe(45);
    const line = gw.logs.lines
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .find((entry) => entry.requestId === response.headers['x-request-id'] && entry.res);
    expect(line).toMatchObject({ clientId: 'admin-ui', actorId: 'alice' });
    const audit = await gw.http
      .get('/audit?actor=alice')
      .set(bearer(gw.clients.auditor))
      .expect(200);
    const record = (audit.body.data as Record<string, unknown>[]).find(
      (entry) => entry.requestId === response.headers['x-request-id'],
    );
    expect(record).toMatchObject({
      clientId: 'admin-ui',
      actor: {
        type: 'user',
        id: 'alice',
        app: 'admin-ui',
        email: 'alice@example.test',
        name: 'Alice Example',
      },
      outcome: 'applied',
    });
  });

  it('accepts exp and nbf within 60 s of skew', async () => {
    const now = Math.floor(clock.now() / 1000);
    await patch(await personToken({ exp: now - 50, nbf: now + 50 })).expect(200);
  });

  it('reads scopes from an scp array as well as from scope', async () => {
    const token = await personToken({ scope: undefined, scp: ['syncs:read', 'syncs:write'] });
    await patch(token).expect(200);
  });

  const refusals: [string, () => Promise<string>][] = [
    ['expired (beyond the skew)', () => personToken({ exp: Math.floor(clock.now() / 1000) - 61 })],
    ['not yet valid', () => personToken({ nbf: Math.floor(clock.now() / 1000) + 120 })],
    ['without exp', () => personToken({ exp: undefined })],
    ['for another audience', () => personToken({ aud: 'https://other.test' })],
    ['from another issuer', () => personToken({ iss: 'http://127.0.0.1:1' })],
    ['with alg none', () => Promise.resolve(unsigned(claims()))],
    ['HS256 signed with the RSA public key', () => hs256WithPublicKey(claims(), key)],
    ['signed by an unknown key', () => signRs256(claims(), stranger.privateKey, stranger.kid)],
    [
      'signed by an unknown key under a known kid',
      () => signRs256(claims(), stranger.privateKey, key.kid),
    ],
    ['garbage in JWT form', () => Promise.resolve('eyJhbGciOi.garbage.garbage')],
    ['naming no application', () => personToken({ azp: undefined })],
  ];

  it.each(refusals)('refuses a token %s: 401 invalid_token, nothing sent', async (_name, make) => {
    const response = await patch(await make());
    expectProblem(response, 401, 'unauthenticated');
    expect(response.headers['www-authenticate']).toBe(
      'Bearer realm="squared-gateway", error="invalid_token"',
    );
    expect(gw.simulator.requests).toHaveLength(0);
  });

  it('refuses a token without the route scope: 403, nothing sent', async () => {
    const response = await patch(await personToken({ scope: 'syncs:read' }));
    expectProblem(response, 403, 'forbidden');
    expect(gw.simulator.requests).toHaveLength(0);
  });

  it('refuses a key and a token together (two Authorization headers): 400, nothing sent', async () => {
    const response = await requestWithHeaders(`${gw.url}/syncs/42`, {
      Authorization: [`Bearer ${gw.clients.reader.key}`, `Bearer ${await personToken()}`],
    });
    expectProblem(response, 400, 'bad_request');
    expect(gw.simulator.requests).toHaveLength(0);
  });

  it('keeps accepting gateway keys', async () => {
    await gw.http.get('/syncs/42').set(bearer(gw.clients.reader)).expect(200);
  });

  it('follows a key rotation: an unknown kid fetches the key set again', async () => {
    await gw.http
      .get('/syncs/42')
      .set(withToken(await op.clientToken('syncs:read')))
      .expect(200);
    await op.rotateKeys();
    clock.advance(31_000); // past the refetch interval an earlier test may have started
    const fetchesBefore = await op.jwksFetches();
    const token = await op.clientToken('syncs:read');
    await gw.http.get('/syncs/42').set(withToken(token)).expect(200);
    expect((await op.jwksFetches()) - fetchesBefore).toBe(1);
  });

  it('fetches the key set at most once for a flood of unknown kids', async () => {
    clock.advance(31_000);
    const fetchesBefore = await op.jwksFetches();
    for (let index = 0; index < 20; index += 1) {
      const kid = randomUUID();
      const response = await patch(await signRs256(claims(), stranger.privateKey, kid));
      expect(response.status).toBe(401);
    }
    expect((await op.jwksFetches()) - fetchesBefore).toBe(1);
    expect(gw.simulator.requests).toHaveLength(0);
  });
});

describe('bearer JWTs while the IdP is down', () => {
  it('keeps serving with the cached keys, past their refresh age', async () => {
    const key = await newSigningKey('cached-key');
    const op = await TestProvider.start({ extraKeys: [key.jwk] });
    const clock = new TestClock();
    const gw = await startGateway({
      env: { OIDC_ISSUER: op.issuer, OIDC_AUDIENCE: op.options.audience },
      clock,
    });
    try {
      const token = () =>
        signRs256(
          personClaims(op.issuer, op.options.audience, clock.now()),
          key.privateKey,
          key.kid,
        );
      const read = async () =>
        gw.http.get('/syncs/42').set('Authorization', `Bearer ${await token()}`);
      expect((await read()).status).toBe(200);
      await op.close();
      clock.advance(11 * 60_000); // the keys are due for a refresh, which fails
      expect((await read()).status).toBe(200);
      expect((await read()).status).toBe(200);
    } finally {
      await gw.close();
      await op.close();
    }
  });

  it('answers 503 when no key was ever fetched, and keys keep working', async () => {
    const key = await newSigningKey('never-fetched');
    const gw = await startGateway({
      env: { OIDC_ISSUER: 'http://127.0.0.1:1', OIDC_AUDIENCE: 'https://gateway.test' },
    });
    try {
      const token = await signRs256(
        personClaims('http://127.0.0.1:1', 'https://gateway.test', Date.now()),
        key.privateKey,
        key.kid,
      );
      const response = await gw.http.get('/syncs/42').set('Authorization', `Bearer ${token}`);
      expectProblem(response, 503, 'service_unavailable');
      expect(gw.simulator.requests).toHaveLength(0);
      await gw.http.get('/syncs/42').set(bearer(gw.clients.reader)).expect(200);
    } finally {
      await gw.close();
    }
  });
});
