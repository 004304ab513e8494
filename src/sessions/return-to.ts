import { GatewayError } from '../common/errors/gateway.error';

/** Where a sign-in lands when it names no `returnTo`: the signed-in person, as JSON. */
export const DEFAULT_RETURN_TO = '/auth/me';

/**
 * `returnTo` must be a path on the gateway: it starts with one `/` and resolves to the gateway's own
 * origin. `https://evil.test`, `//evil.test`, `/\evil.test` (browsers read `\` as `/`) and anything
 * with control characters are refused, so /auth/login is no open redirect.
 */
export function checkedReturnTo(value: string | undefined, publicUrl: string): string {
  if (value === undefined || value === '') {
    return DEFAULT_RETURN_TO;
  }
  const base = new URL(publicUrl);
  const local =
    value.length <= 2048 &&
    value.startsWith('/') &&
    !/^\/[/\\]/.test(value) &&
    !hasControlOrBackslash(value) &&
    new URL(value, base).origin === base.origin;
  if (!local) {
    throw new GatewayError('bad_request', 'returnTo must be a path on this gateway');
  }
  return value;
}

function hasControlOrBackslash(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || code === 0x7f || code === 0x5c) {
      return true;
    }
  }
  return false;
}
