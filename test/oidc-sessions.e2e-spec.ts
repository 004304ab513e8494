import { randomUUID } from 'node:crypto';
import { expectProblem, syncPatch } from './support/factories';
import { freePort } from './support/gateway-process';
import { assertNoCredentialLeaked, GatewayHarness, startGateway } from './support/gateway-harness';
import { requestWithHeaders } from './support/http-get';
import { TestProvider } from './support/oidc-provider';
import { signIn } from './support/oidc-sign-in';
import { describeIf, redis } from './support/requirements';
import { TestClock } from './support/test-clock';

const APP_ORIGIN = 'http://127.0.0.1:49999';

/** A provider and a gateway signing people in through it, on a port PUBLIC_URL names. */
async function startPair(clock: TestClock, env: Record<string, string> = {}) {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const op = await TestProvider.start({ redirectUri: `${publicUrl}/auth/callback` });
  const gw = await startGateway({
    port,
    clock,
    env: {
      OIDC_ISSUER: op.issuer,
      OIDC_CLIENT_ID: op.options.clientId,
      OIDC_CLIENT_SECRET: op.options.clientSecret,
      PUBLIC_URL: publicUrl,
      CORS_ORIGINS: APP_ORIGIN,
      ...env,
    },
  });
  return { op, gw };
}

describe('browser sessions against a real OpenID Provider (backend-for-frontend)', () => {
  let op: TestProvider;
  let gw: GatewayHarness;
  const clock = new TestClock();

  beforeAll(async () => {
    ({ op, gw } = await startPair(clock));
  });
  afterAll(async () => {
    await gw.close();
    await op.close();
  });
  beforeEach(() => gw.simulator.reset());

  const session = async (login = 'alice', returnTo?: string) => {
    const result = await signIn(gw.url, login, returnTo);
    return { ...result, cookie: result.gatewayCookies.header() };
  };
  const me = (cookie: string) => gw.http.get('/auth/me').set('Cookie', cookie);
  const patch = (cookie: string, headers: Record<string, string> = {}) =>
    gw.http
      .patch('/syncs/42')
      .set('Cookie', cookie)
      .set(headers)
      .send(syncPatch({ sync_interval: 45 }));

  it('signs in with the code flow (PKCE S256, state, nonce) and lands on returnTo', async () => {
    const result = await session('alice', '/syncs/42?x=1');
    const params = result.authorizationUrl.searchParams;
    expect(Object.fromEntries(params)).toMatchObject({
      response_type: 'code',
      client_id: op.options.clientId,
      redirect_uri: `${gw.url}/auth/callback`,
      scope: 'openid email profile',
      code_challenge_method: 'S256',
    });
    expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.get('state')).toBeTruthy();
    expect(params.get('nonce')).toBeTruthy();
    expect(result.landedOn).toBe('/syncs/42?x=1');
    const answer = await me(result.cookie).expect(200);
    expect(answer.body).toEqual({
      type: 'user',
      sub: 'alice',
      app: op.options.clientId,
      email: 'alice@example.test',
      name: 'Person alice',
      scopes: ['syncs:read', 'syncs:write', 'audit:read'],
    });
  });

  it('sets an opaque HttpOnly, SameSite=Lax, Path=/ cookie (no Secure on http loopback)', async () => {
    const result = await session();
    const [sessionLine] = result.callbackSetCookie.filter((line) =>
      line.startsWith('sgw_session='),
    );
    expect(sessionLine).toMatch(
      /^sgw_session=[A-Za-z0-9_-]{43}; Max-Age=28800; Path=\/; HttpOnly; SameSite=Lax$/,
    );
    const [loginLine] = result.loginSetCookie;
    expect(loginLine).toMatch(
      /^sgw_login=[A-Za-z0-9_-]{43}; Max-Age=600; Path=\/auth\/callback; HttpOnly; SameSite=Lax$/,
    );
    // The cookie is only an id: no token, no claim in it.
    expect(result.gatewayCookies.get('sgw_session')).not.toMatch(/\./);
  });

  it('reads with the cookie; a change needs X-CSRF: 1 (403 csrf_required, nothing sent)', async () => {
    const { cookie } = await session();
    await gw.http.get('/syncs/42').set('Cookie', cookie).expect(200);
    gw.simulator.clearRequests();
    const refused = await patch(cookie);
    expectProblem(refused, 403, 'csrf_required');
    expect(gw.simulator.requests).toHaveLength(0);
    const changed = await patch(cookie, { 'X-CSRF': '1' }).expect(200);
    expect(gw.simulator.getSync(42)?.sync_interval).toBe(45);
    // The audit log names the person (read with the same cookie: alice holds audit:read).
    const audit = await gw.http.get('/audit?actor=alice').set('Cookie', cookie).expect(200);
    expect(
      (audit.body.data as Record<string, unknown>[]).find(
        (entry) => entry.requestId === changed.headers['x-request-id'],
      ),
    ).toMatchObject({
      clientId: op.options.clientId,
      actor: {
        type: 'user',
        id: 'alice',
        app: op.options.clientId,
        email: 'alice@example.test',
        name: 'Person alice',
      },
    });
  });

  it('takes scopes from the groups claim: a reader cannot change', async () => {
    const { cookie } = await session('reader-bob');
    expectProblem(await patch(cookie, { 'X-CSRF': '1' }), 403, 'forbidden');
    expect(gw.simulator.requests).toHaveLength(0);
  });

  it('refuses a cookie and a bearer together: 400, nothing sent', async () => {
    const { cookie } = await session();
    const response = await requestWithHeaders(`${gw.url}/syncs/42`, {
      Cookie: cookie,
      Authorization: `Bearer ${gw.clients.reader.key}`,
    });
    expectProblem(response, 400, 'bad_request');
    expect(gw.simulator.requests).toHaveLength(0);
  });

  it.each([
    'https://evil.test/',
    '//evil.test/',
    '/\\evil.test/',
    '\\\\evil.test',
    'evil.test',
    'javascript:alert(1)',
    '/ok\r\nSet-Cookie: x=1',
  ])('refuses returnTo=%j (no open redirect)', async (returnTo) => {
    const response = await gw.http.get('/auth/login').query({ returnTo });
    expectProblem(response, 400, 'bad_request');
    expect(response.headers.location).toBeUndefined();
  });

  it('refuses a callback replayed, or finished in another browser', async () => {
    const result = await session();
    const again = await fetch(result.callbackUrl, {
      redirect: 'manual',
      headers: { cookie: result.gatewayCookies.header() },
    });
    expect(again.status).toBe(401);
    const elsewhere = await fetch(result.callbackUrl, { redirect: 'manual' });
    expect(elsewhere.status).toBe(401);
    expect(elsewhere.headers.getSetCookie()).toEqual([]);
  });

  it('ends a session idle for SESSION_IDLE_MS', async () => {
    const { cookie } = await session();
    clock.advance(29 * 60_000);
    await me(cookie).expect(200);
    clock.advance(29 * 60_000);
    await me(cookie).expect(200);
    clock.advance(30 * 60_000);
    expectProblem(await me(cookie), 401, 'unauthenticated');
  });

  it('ends a session SESSION_MAX_MS after sign-in, however busy', async () => {
    const { cookie } = await session();
    for (let minutes = 20; minutes < 8 * 60; minutes += 20) {
      clock.advance(20 * 60_000);
      await me(cookie).expect(200);
    }
    clock.advance(20 * 60_000);
    expectProblem(await me(cookie), 401, 'unauthenticated');
  });

  it('signs out: the cookie is cleared, the session gone, the IdP logout URL given', async () => {
    const { cookie } = await session();
    expectProblem(await gw.http.post('/auth/logout').set('Cookie', cookie), 403, 'csrf_required');
    const response = await gw.http
      .post('/auth/logout')
      .set('Cookie', cookie)
      .set('X-CSRF', '1')
      .expect(200);
    expect(response.headers['set-cookie']).toEqual([
      'sgw_session=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax',
    ]);
    const logoutUrl = new URL(response.body.logoutUrl as string);
    expect(`${logoutUrl.origin}${logoutUrl.pathname}`).toBe(`${op.issuer}/session/end`);
    expect(logoutUrl.searchParams.get('id_token_hint')).toBeTruthy();
    expectProblem(await me(cookie), 401, 'unauthenticated');
  });

  it('answers CORS preflights for listed origins only, with credentials', async () => {
    const preflight = (origin: string) =>
      gw.http
        .options('/syncs/42')
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'PATCH')
        .set('Access-Control-Request-Headers', 'content-type, x-csrf');
    const allowed = await preflight(APP_ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers).toMatchObject({
      'access-control-allow-origin': APP_ORIGIN,
      'access-control-allow-credentials': 'true',
    });
    expect(allowed.headers['access-control-allow-headers']).toMatch(/X-CSRF/);
    const other = await preflight('http://127.0.0.1:1');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const read = await gw.http.get('/health/live').set('Origin', `${APP_ORIGIN}.evil.test`);
    expect(read.headers['access-control-allow-origin']).toBeUndefined();
  });

  it("the harness's credential leak check fails when a session id shows up", () => {
    const id = 'A'.repeat(43);
    const answer = (headers: string) => ({
      ...{ method: 'GET', url: '/auth/callback', status: 302, headers, headerValues: {} },
      ...{ headersButSetCookie: '{}', body: '' },
    });
    expect(() => assertNoCredentialLeaked(new Set([id]), [`{"msg":"${id}"}`], [], [])).toThrow(
      /credential leaked/,
    );
    expect(() => assertNoCredentialLeaked(new Set([id]), [], [], [`{"actor":"${id}"}`])).toThrow(
      /credential leaked/,
    );
    // Handing the id out in its own Set-Cookie is what a sign-in does.
    expect(() =>
      assertNoCredentialLeaked(
        new Set([id]),
        [],
        [answer(`{"set-cookie":"sgw_session=${id}"}`)],
        [],
      ),
    ).not.toThrow();
  });

  it('refuses a made-up session cookie: 401, nothing sent', async () => {
    const response = await gw.http.get('/syncs/42').set('Cookie', `sgw_session=${'A'.repeat(43)}`);
    expectProblem(response, 401, 'unauthenticated');
    expect(gw.simulator.requests).toHaveLength(0);
  });
});

describeIf(redis, 'a browser session shared by two gateways through Redis', () => {
  it('is signed in on one replica, used and ended on the other', async () => {
    const clock = new TestClock();
    const shared = {
      REDIS_URL: process.env.REDIS_URL!,
      RATE_LIMIT_REDIS_PREFIX: `test:sessions:${randomUUID()}:`,
    };
    const { op, gw: first } = await startPair(clock, shared);
    const second = await startGateway({
      clock,
      env: {
        ...shared,
        OIDC_ISSUER: op.issuer,
        OIDC_CLIENT_ID: op.options.clientId,
        OIDC_CLIENT_SECRET: op.options.clientSecret,
        PUBLIC_URL: first.url,
      },
      simulator: first.simulator,
    });
    try {
      const cookie = (await signIn(first.url, 'alice')).gatewayCookies.header();
      await second.http.get('/auth/me').set('Cookie', cookie).expect(200);
      await second.http
        .patch('/syncs/42')
        .set('Cookie', cookie)
        .set('X-CSRF', '1')
        .send(syncPatch({ sync_interval: 50 }))
        .expect(200);
      await second.http.post('/auth/logout').set('Cookie', cookie).set('X-CSRF', '1').expect(200);
      expectProblem(await first.http.get('/auth/me').set('Cookie', cookie), 401, 'unauthenticated');
    } finally {
      await second.close();
      await first.close();
      await op.close();
    }
  });
});
