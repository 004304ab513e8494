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

/** Who made a change, as the audit log names it (gateway-contract.md section 9). */
export interface Actor {
  type: 'client' | 'user';
  id: string;
  /** The application, for a JWT or a session (a key's client is its own application). */
  app?: string;
  email?: string;
  name?: string;
}

export function actorOf(caller: Caller): Actor {
  return {
    type: caller.type,
    id: caller.id,
    ...(caller.credential === 'key' ? {} : { app: caller.app }),
    ...(caller.email ? { email: caller.email } : {}),
    ...(caller.name ? { name: caller.name } : {}),
  };
}
