import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium as playwright, type Page } from 'playwright-core';
import { freePort } from './support/gateway-process';
import { bearer, GatewayHarness, startGateway } from './support/gateway-harness';
import { TestProvider } from './support/oidc-provider';
import { CHROMIUM_PATH, chromium, describeIf } from './support/requirements';

/** Chromium as CI runs it: no sandbox (root in a container), no network beyond loopback. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** A web app's page, served on its own origin (another port on loopback: same site, other origin). */
async function servePage(): Promise<{ server: Server; origin: string }> {
  const port = await freePort();
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end('<!doctype html><title>admin app</title><p>admin app</p>');
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${port}` };
}

/** What the app's script does: a PATCH with the browser's cookie and the anti-forgery header. */
function patchFromPage(page: Page, gatewayUrl: string, interval: number) {
  return page.evaluate(
    async ({ url, interval }) => {
      try {
        const answer = await fetch(`${url}/syncs/42`, {
          method: 'PATCH',
          credentials: 'include',
          headers: { 'Content-Type': 'application/json', 'X-CSRF': '1' },
          body: JSON.stringify({ sync: { sync_interval: interval } }),
        });
        return { status: answer.status, requestId: answer.headers.get('x-request-id') };
      } catch (error) {
        return { blocked: String(error) };
      }
    },
    { url: gatewayUrl, interval },
  );
}

/** Everything a page's origin keeps that script can read. */
function storageOf(page: Page) {
  return page.evaluate(() => {
    // Runs in the page; typed by hand (the project's TypeScript has no DOM library).
    const web = globalThis as unknown as {
      document: { cookie: string };
      localStorage: object;
      sessionStorage: object;
    };
    return {
      cookie: web.document.cookie,
      local: JSON.stringify({ ...web.localStorage }),
      session: JSON.stringify({ ...web.sessionStorage }),
    };
  });
}

describeIf(chromium, 'a real browser signs in and an app on another origin changes a sync', () => {
  let op: TestProvider;
  let gw: GatewayHarness;
  let app: { server: Server; origin: string };
  let stranger: { server: Server; origin: string };
  let browser: Browser;
  let output: string;

  beforeAll(async () => {
    output = mkdtempSync(join(tmpdir(), 'browser-session-'));
    app = await servePage();
    stranger = await servePage();
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    op = await TestProvider.start({ redirectUri: `${publicUrl}/auth/callback` });
    gw = await startGateway({
      port,
      env: {
        OIDC_ISSUER: op.issuer,
        OIDC_CLIENT_ID: op.options.clientId,
        OIDC_CLIENT_SECRET: op.options.clientSecret,
        PUBLIC_URL: publicUrl,
        CORS_ORIGINS: app.origin,
      },
    });
    browser = await playwright.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await gw?.close();
    await op?.close();
    app?.server.close();
    stranger?.server.close();
    rmSync(output, { recursive: true, force: true });
  });

  it('signs in on the provider page; the app PATCHes with the cookie; a stranger cannot', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${gw.url}/auth/login?returnTo=/auth/me`);
    await page.fill('input[name="login"]', 'alice');
    await page.fill('input[name="password"]', 'any password');
    await page.click('button[type="submit"]');
    await page.click('button[type="submit"]'); // the consent page's "Continue"
    await page.waitForURL(`${gw.url}/auth/me`);
    expect(JSON.parse((await page.textContent('body')) ?? '')).toMatchObject({
      type: 'user',
      sub: 'alice',
      email: 'alice@example.test',
    });
    const screenshot = join(output, 'signed-in.png');
    await page.screenshot({ path: screenshot });
    expect(readFileSync(screenshot).subarray(1, 4).toString()).toBe('PNG');
    // HttpOnly: the gateway's own page cannot read its session cookie either.
    expect(await storageOf(page)).toEqual({ cookie: '', local: '{}', session: '{}' });

    await page.goto(app.origin);
    const changed = await patchFromPage(page, gw.url, 77);
    expect(changed).toMatchObject({ status: 200 });
    expect(gw.simulator.getSync(42)?.sync_interval).toBe(77);
    expect(await storageOf(page)).toEqual({ cookie: '', local: '{}', session: '{}' });
    const audit = await gw.http.get('/audit?actor=alice').set(bearer(gw.clients.auditor));
    expect(
      (audit.body.data as Record<string, unknown>[]).find(
        (record) => record.requestId === (changed as { requestId: string }).requestId,
      ),
    ).toMatchObject({ actor: { type: 'user', id: 'alice', email: 'alice@example.test' } });

    gw.simulator.clearRequests();
    await page.goto(stranger.origin);
    expect(await patchFromPage(page, gw.url, 88)).toEqual({ blocked: expect.any(String) });
    expect(gw.simulator.getSync(42)?.sync_interval).toBe(77);
    expect(gw.simulator.requestsMatching('PUT')).toHaveLength(0);
    expect(existsSync(screenshot)).toBe(true);
    await context.close();
  }, 60_000);
});
