/** Cookies by name, as a browser would keep them for one host (paths ignored: one flow at a time). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) {
        this.cookies.delete(name);
      } else {
        this.cookies.set(name, value);
      }
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

export interface SignInResult {
  /** The gateway's `Set-Cookie` lines of /auth/login and of /auth/callback. */
  loginSetCookie: string[];
  callbackSetCookie: string[];
  /** Where /auth/login sent the browser (the IdP's authorization URL). */
  authorizationUrl: URL;
  /** The callback URL the IdP sent the browser to, and where the callback then sent it. */
  callbackUrl: string;
  landedOn: string;
  /** The browser's cookies for the gateway afterwards. */
  gatewayCookies: CookieJar;
}

/**
 * Signs `login` in through the gateway and the test provider's own login and consent pages
 * (oidc-provider's development interactions), the way a browser would: manual redirects, forms
 * submitted, one cookie jar per host.
 */
export async function signIn(
  gatewayUrl: string,
  login: string,
  returnTo?: string,
): Promise<SignInResult> {
  const gateway = new CookieJar();
  const idp = new CookieJar();
  const start = await fetch(
    `${gatewayUrl}/auth/login${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`,
    { redirect: 'manual' },
  );
  if (start.status !== 302) {
    throw new Error(`/auth/login answered ${start.status}: ${await start.text()}`);
  }
  gateway.take(start);
  const authorizationUrl = new URL(start.headers.get('location')!);
  const callbackUrl = await walkProvider(authorizationUrl, idp, login, gatewayUrl);
  const callback = await fetch(callbackUrl, {
    redirect: 'manual',
    headers: { cookie: gateway.header() },
  });
  if (callback.status !== 302) {
    throw new Error(`/auth/callback answered ${callback.status}: ${await callback.text()}`);
  }
  gateway.take(callback);
  return {
    loginSetCookie: start.headers.getSetCookie(),
    callbackSetCookie: callback.headers.getSetCookie(),
    authorizationUrl,
    callbackUrl,
    landedOn: callback.headers.get('location')!,
    gatewayCookies: gateway,
  };
}

/** Follows the provider's redirects and forms until it sends the browser back to the gateway. */
async function walkProvider(
  start: URL,
  jar: CookieJar,
  login: string,
  gatewayUrl: string,
): Promise<string> {
  let next: { url: string; form?: URLSearchParams } = { url: start.href };
  for (let step = 0; step < 20; step += 1) {
    if (next.url.startsWith(gatewayUrl)) {
      return next.url;
    }
    const response = await fetch(next.url, {
      redirect: 'manual',
      method: next.form ? 'POST' : 'GET',
      headers: {
        cookie: jar.header(),
        ...(next.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: next.form,
    });
    jar.take(response);
    const location = response.headers.get('location');
    if (location) {
      next = { url: new URL(location, next.url).href };
      continue;
    }
    next = formOf(await response.text(), next.url, login);
  }
  throw new Error('the provider never sent the browser back');
}

/** The page's form, filled in: any login, any password; the consent form as it is. */
function formOf(
  html: string,
  pageUrl: string,
  login: string,
): { url: string; form: URLSearchParams } {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (!action) {
    throw new Error(`no form on the provider's page: ${html.slice(0, 300)}`);
  }
  const form = new URLSearchParams();
  for (const [, name, value] of html.matchAll(
    /<input type="hidden" name="([^"]+)" value="([^"]*)"/g,
  )) {
    form.set(name, value);
  }
  if (html.includes('name="login"')) {
    form.set('login', login);
    form.set('password', 'any password');
  }
  return { url: new URL(action.replace(/&amp;/g, '&'), pageUrl).href, form };
}
