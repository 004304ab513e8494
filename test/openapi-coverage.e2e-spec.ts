import { randomUUID } from 'node:crypto';
import type { OpenAPIV3 } from 'openapi-types';
import { syncPatch } from './support/factories';
import { bearer, GatewayHarness, startGateway } from './support/gateway-harness';
import { AnswerValidator } from './support/openapi-answers';
import { DEAD_REDIS_URL } from './support/rate-limit-gateways';
import { freePort } from './support/gateway-process';
import { requestWithHeaders } from './support/http-get';
import { TestProvider } from './support/oidc-provider';
import { signIn } from './support/oidc-sign-in';

/**
 * A 500 is a gateway bug: no request produces one without breaking the code, so these are the only
 * documented answers no e2e test receives (the harness still checks any that happens).
 */
const UNREACHABLE = [
  'GET /metrics 500',
  'GET /syncs/{id} 500',
  'PATCH /syncs/{id} 500',
  'GET /audit 500',
  'GET /auth/login 500',
  'GET /auth/callback 500',
  'GET /auth/me 500',
  'POST /auth/logout 500',
];

/**
 * Every documented route and status gets at least one real answer here, so the harness's check of
 * every answer against the document (openapi-check.ts) covers the whole document, the sandbox's
 * null-enum syncs 43 and 44 and the 429s included.
 */
describe('OpenAPI: an answer for every documented route and status', () => {
  let main: GatewayHarness;
  let slow: GatewayHarness;
  let strict: GatewayHarness;
  let deadRedis: GatewayHarness;
  let op: TestProvider;
  let people: GatewayHarness;

  beforeAll(async () => {
    // Browser sign-in through a real OpenID Provider; the gateway on the port PUBLIC_URL names.
    const port = await freePort();
    op = await TestProvider.start({ redirectUri: `http://127.0.0.1:${port}/auth/callback` });
    const signIn = {
      OIDC_ISSUER: op.issuer,
      OIDC_CLIENT_ID: op.options.clientId,
      OIDC_CLIENT_SECRET: op.options.clientSecret,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    };
    people = await startGateway({ port, env: signIn });
    main = await startGateway();
    // Only Squared calls that never answer go here, so its short timeout cannot cut a slow one.
    slow = await startGateway({ env: { SQUARED_TIMEOUT_MS: '200' } });
    // One request per client per minute, and If-Match required.
    strict = await startGateway({
      env: { RATE_LIMIT_CLIENT_LIMIT: '1', REQUIRE_IF_MATCH: 'true' },
    });
    // A Redis that never answers, with the rate-limit store failing closed.
    deadRedis = await startGateway({
      // Signing in there too: its session store is that Redis.
      env: { REDIS_URL: DEAD_REDIS_URL, RATE_LIMIT_STORE_FAILURE: 'closed', ...signIn },
    });
  });
  afterAll(async () => {
    await Promise.all([main, slow, strict, deadRedis, people].map((gw) => gw?.close()));
    await op?.close();
  });

  it('answers each of them, and each answer is one the document describes', async () => {
    await everyAnswerOf(main);
    await timeouts(slow);
    await strictAnswers(strict);
    await deadRedisAnswers(deadRedis);
    await signInAnswers(people, main, deadRedis);

    const document = (await main.http.get('/docs-json').expect(200)).body as OpenAPIV3.Document;
    const validator = new AnswerValidator(document);
    const received = new Set(
      [main, slow, strict, deadRedis, people].flatMap((gw) =>
        gw.responses.map((r) => validator.nameOf(r)),
      ),
    );
    const missing = validator.documentedAnswers().filter((name) => !received.has(name));
    expect(missing.sort()).toEqual([...UNREACHABLE].sort());
  }, 30_000);
});

async function everyAnswerOf(gw: GatewayHarness): Promise<void> {
  const { writer, reader, auditor } = gw.clients;
  const get = (path: string) => gw.http.get(path);
  const patch = (id: number | string) => gw.http.patch(`/syncs/${id}`).set(bearer(writer));

  for (const id of [42, 43, 44]) {
    await get(`/syncs/${id}`).set(bearer(reader)).expect(200);
  }
  await get('/syncs/abc').set(bearer(reader)).expect(400);
  await get('/syncs/42').expect(401);
  await get('/syncs/42').set(bearer(auditor)).expect(403);
  await get('/syncs/999').set(bearer(reader)).expect(404);
  gw.simulator.injectFault({ kind: 'status', status: 500, body: 'oops' }, { method: 'GET' });
  await get('/syncs/42').set(bearer(reader)).expect(502);

  await patch(42)
    .send(syncPatch({ sync_interval: 3 }))
    .expect(200);
  await patch(43)
    .query({ dryRun: 'true' })
    .send(syncPatch({ stream_name: 'events' }))
    .expect(200);
  await patch('abc')
    .send(syncPatch({ sync_interval: 3 }))
    .expect(400);
  await gw.http.patch('/syncs/42').send(syncPatch({})).expect(401);
  await gw.http.patch('/syncs/42').set(bearer(reader)).send(syncPatch({})).expect(403);
  await patch(999)
    .send(syncPatch({ sync_interval: 3 }))
    .expect(404);
  await idempotencyConflict(gw);
  await patch(42)
    .set('If-Match', '"stale"')
    .send(syncPatch({ sync_interval: 4 }))
    .expect(412);
  await patch(42)
    .send(syncPatch({ stream_name: 'x'.repeat(70 * 1024) }))
    .expect(413);
  await patch(42).set('Content-Type', 'text/plain').send('sync').expect(415);
  await patch(42)
    .send(syncPatch({ status: 'disabled' }))
    .expect(422);
  gw.simulator.injectFault({ kind: 'status', status: 500, body: 'oops' }, { method: 'PUT' });
  await patch(42)
    .send(syncPatch({ sync_interval: 5 }))
    .expect(502);

  await get('/audit').set(bearer(auditor)).expect(200);
  // /audit's only 400: two Authorization lines on the wire (supertest would fold them into one).
  const twice = `Bearer ${auditor.key}`;
  expect(
    (await requestWithHeaders(`${gw.url}/audit`, { Authorization: [twice, twice] })).status,
  ).toBe(400);
  await get('/audit').expect(401);
  await get('/audit').set(bearer(reader)).expect(403);
  await get('/audit?limit=0').set(bearer(auditor)).expect(422);

  for (const path of ['/health/live', '/health/ready', '/metrics', '/docs', '/docs-yaml']) {
    await get(path).expect(200);
  }
}

/** A repeat of an Idempotency-Key while the first request still waits on Squared: 409. */
async function idempotencyConflict(gw: GatewayHarness): Promise<void> {
  gw.simulator.setLatency(250, { method: 'GET' });
  const send = (key: string) =>
    gw.http
      .patch('/syncs/44')
      .set(bearer(gw.clients.writer))
      .set('Idempotency-Key', key)
      .send(
        syncPatch({ sync_interval: 8, sync_interval_unit: 'hours', schedule_type: 'interval' }),
      );
  const key = `conflict-${randomUUID()}`;
  const first = send(key).then((response) => response);
  // The first has claimed its key once Squared has its read; a repeat then finds it in flight.
  const reads = gw.simulator.requestsMatching('GET', '/api/v1/syncs/44').length;
  await waitUntil(() => gw.simulator.requestsMatching('GET', '/api/v1/syncs/44').length > reads);
  await send(key).expect(409);
  expect((await first).status).toBe(200);
  gw.simulator.setLatency(0);
}

async function timeouts(gw: GatewayHarness): Promise<void> {
  const { writer, reader } = gw.clients;
  gw.simulator.injectFault({ kind: 'hang' }, { method: 'GET' });
  await gw.http.get('/syncs/42').set(bearer(reader)).expect(504);
  gw.simulator.injectFault({ kind: 'hang' }, { method: 'PUT' });
  await gw.http
    .patch('/syncs/42')
    .set(bearer(writer))
    .send(syncPatch({ sync_interval: 6 }))
    .expect(504);
}

async function strictAnswers(gw: GatewayHarness): Promise<void> {
  const { writer, reader } = gw.clients;
  await gw.http
    .patch('/syncs/42')
    .set(bearer(writer))
    .send(syncPatch({ sync_interval: 3 }))
    .expect(428);
  await gw.http.get('/syncs/42').set(bearer(reader)).expect(200);
  await gw.http.get('/syncs/42').set(bearer(reader)).expect(429);
  await gw.http
    .patch('/syncs/42')
    .set(bearer(writer))
    .send(syncPatch({ sync_interval: 3 }))
    .expect(429);
}

async function deadRedisAnswers(gw: GatewayHarness): Promise<void> {
  const { writer, reader } = gw.clients;
  await gw.http.get('/syncs/42').set(bearer(reader)).expect(503);
  await gw.http
    .patch('/syncs/42')
    .set(bearer(writer))
    .send(syncPatch({ sync_interval: 3 }))
    .expect(503);
  await gw.http.get('/health/ready').expect(503);
}

/** The /auth routes: signed in, refused, not configured (`main`), and with the store down. */
async function signInAnswers(
  gw: GatewayHarness,
  unconfigured: GatewayHarness,
  storeDown: GatewayHarness,
): Promise<void> {
  const cookie = (await signIn(gw.url, 'alice')).gatewayCookies.header(); // login and callback 302
  await gw.http.get('/auth/me').set('Cookie', cookie).expect(200);
  await gw.http.get('/auth/login?returnTo=//evil.test').expect(400);
  await gw.http.get('/auth/callback?code=x&state=y').expect(401);
  await requestWithHeaders(`${gw.url}/auth/me`, {
    Cookie: cookie,
    Authorization: `Bearer ${gw.clients.reader.key}`,
  }).then((answer) => expect(answer.status).toBe(400));
  await gw.http.get('/auth/me').expect(401);
  await gw.http.post('/auth/logout').set(bearer(gw.clients.reader)).expect(400);
  await gw.http.post('/auth/logout').expect(401);
  await gw.http.post('/auth/logout').set('Cookie', cookie).expect(403);
  await gw.http.post('/auth/logout').set('Cookie', cookie).set('X-CSRF', '1').expect(200);

  await unconfigured.http.get('/auth/login').expect(404);
  await unconfigured.http.get('/auth/callback').expect(404);
  await unconfigured.http.post('/auth/logout').set(bearer(unconfigured.clients.reader)).expect(404);

  const someSession = `sgw_session=${'A'.repeat(43)}`;
  await storeDown.http.get('/auth/login').expect(503);
  await storeDown.http
    .get('/auth/callback')
    .set('Cookie', `sgw_login=${'A'.repeat(43)}`)
    .expect(503);
  await storeDown.http.get('/auth/me').set('Cookie', someSession).expect(503);
  await storeDown.http.post('/auth/logout').set('Cookie', someSession).expect(503);
  await storeDown.http.get('/audit').set('Cookie', someSession).expect(503);
}

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let tries = 0; !condition(); tries += 1) {
    if (tries > 2000) {
      throw new Error('condition never held');
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
