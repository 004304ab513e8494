import type { SessionConfig } from '../config/identity-config';

/** A session id: 32 random bytes, base64url. Anything else in the cookie is not one of ours. */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/**
 * The session cookie: only an opaque id, `HttpOnly; SameSite=Lax; Path=/`, plus `Secure` and the
 * `__Host-` name prefix (which browsers accept only with `Secure`, `Path=/` and no `Domain`) when
 * PUBLIC_URL is https.
 */
export function sessionCookieName(config: SessionConfig): string {
  return config.secureCookie ? '__Host-sgw_session' : 'sgw_session';
}

/** The sign-in-in-progress cookie, sent back only to the callback. */
export const LOGIN_COOKIE = 'sgw_login';

export function sessionCookie(config: SessionConfig, id: string): string {
  return cookie(sessionCookieName(config), id, '/', config, Math.floor(config.maxMs / 1000));
}

export function clearedSessionCookie(config: SessionConfig): string {
  return cookie(sessionCookieName(config), '', '/', config, 0);
}

export function loginCookie(config: SessionConfig, id: string): string {
  return cookie(LOGIN_COOKIE, id, '/auth/callback', config, 600);
}

export function clearedLoginCookie(config: SessionConfig): string {
  return cookie(LOGIN_COOKIE, '', '/auth/callback', config, 0);
}

function cookie(
  name: string,
  value: string,
  path: string,
  config: SessionConfig,
  maxAgeSeconds: number,
): string {
  const secure = config.secureCookie ? '; Secure' : '';
  return `${name}=${value}; Max-Age=${maxAgeSeconds}; Path=${path}; HttpOnly; SameSite=Lax${secure}`;
}

/** The value of cookie `name` in a `Cookie` header, when it is shaped like our ids. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) {
    return undefined;
  }
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) {
      const value = pair.slice(at + 1).trim();
      return SESSION_ID.test(value) ? value : undefined;
    }
  }
  return undefined;
}

/** Whether the request carries a cookie of that name at all (well-formed or not). */
export function hasCookie(header: string | undefined, name: string): boolean {
  return !!header && header.split(';').some((pair) => pair.split('=')[0].trim() === name);
}
