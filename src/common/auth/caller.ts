import type { Scope } from './scopes';

/** How the caller proved who it is: a gateway key, a bearer JWT from the IdP, or a session cookie. */
export type Credential = 'key' | 'jwt' | 'session';

/**
 * The one authenticated caller every credential produces (gateway-contract.md section 9). Guards,
 * rate limits, logs, idempotency and the audit log read this and never the credential itself.
 */
export interface Caller {
  /** `client`: an application with a gateway key; `user`: a person (a JWT's or a session's `sub`). */
  type: 'client' | 'user';
  /** The client id, or the person's `sub`. */
  id: string;
  /** The application: the client id, or the token's `azp` / `client_id`. Rate limits count per app. */
  app: string;
  scopes: readonly Scope[];
  email?: string;
  name?: string;
  credential: Credential;
  /** A registry entry's own client quota (keys only). */
  rateLimit?: { limit: number; ttlMs: number };
}

/**
 * The bucket the per-client quota counts in: the client id for keys (as before people could sign in),
 * `app <app>` for people. A space never occurs in a client id, so the two never collide.
 */
export function rateLimitTracker(caller: Caller): string {
  return caller.credential === 'key' ? caller.id : `app ${caller.app}`;
}

/** Whose `Idempotency-Key`s these are: the client, or one person in one app. */
export function idempotencyOwner(caller: Caller): string {
  return caller.type === 'client' && caller.credential === 'key'
    ? caller.id
    : `${caller.type} ${caller.app} ${caller.id}`;
}
