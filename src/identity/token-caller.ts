import type { JWTPayload } from 'jose';
import type { Caller } from '../common/auth/caller';
import { gatewayScopesOf } from '../common/auth/scopes';

/** Why a verified token still names no caller (logged, never answered). */
export class UnusableTokenError extends Error {
  override readonly name = 'UnusableTokenError';
}

/**
 * The caller a verified access token names (gateway-contract.md section 9): the application (`azp`,
 * else `client_id`) acting for the person `sub`. A token whose `sub` is the application itself (a
 * client-credentials grant) is that application, not a person.
 */
export function callerOfToken(claims: JWTPayload, scopePrefix: string): Caller {
  const sub = stringClaim(claims, 'sub');
  const app = stringClaim(claims, 'azp') ?? stringClaim(claims, 'client_id');
  if (!sub || !app) {
    throw new UnusableTokenError('the token names no sub, or no application (azp, client_id)');
  }
  const email = stringClaim(claims, 'email');
  const name = stringClaim(claims, 'name');
  return {
    type: sub === app ? 'client' : 'user',
    id: sub,
    app,
    scopes: gatewayScopesOf(scopeValues(claims), scopePrefix),
    ...(email ? { email } : {}),
    ...(name ? { name } : {}),
    credential: 'jwt',
  };
}

/** `scope` is space-separated (RFC 8693, RFC 9068); `scp` an array (Entra ID, Okta) or a string. */
export function scopeValues(claims: Record<string, unknown>, ...extra: string[]): string[] {
  const values: string[] = [];
  for (const name of ['scope', 'scp', ...extra]) {
    const value = claims[name];
    if (typeof value === 'string') {
      values.push(...value.split(' ').filter(Boolean));
    } else if (Array.isArray(value)) {
      values.push(...value.filter((item): item is string => typeof item === 'string'));
    }
  }
  return values;
}

function stringClaim(claims: Record<string, unknown>, name: string): string | undefined {
  const value = claims[name];
  return typeof value === 'string' && value.length > 0 && value.length <= 255 ? value : undefined;
}
