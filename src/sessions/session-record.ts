import type { Scope } from '../common/auth/scopes';

/** A signed-in person, kept server-side; the browser holds only the random id that finds it. */
export interface SessionRecord {
  sub: string;
  email?: string;
  name?: string;
  scopes: Scope[];
  createdAt: number;
  lastSeenAt: number;
  /** For RP-initiated logout (`id_token_hint`). Tokens never leave the server. */
  idToken?: string;
  refreshToken?: string;
}

/** A sign-in in progress, between /auth/login and /auth/callback (10 minutes at most). */
export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}
