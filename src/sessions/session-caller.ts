import type { Caller } from '../common/auth/caller';
import { gatewayScopesOf, type Scope } from '../common/auth/scopes';
import { scopeValues } from '../identity/token-caller';
import type { SessionRecord } from './session-record';

/** The gateway scopes a person gets at sign-in: their `scope`/`scp` or `groups` claims. */
export function sessionScopesOf(claims: Record<string, unknown>, prefix: string): Scope[] {
  return gatewayScopesOf(scopeValues(claims, 'groups'), prefix);
}

/** The caller a session authenticates: the person, in the gateway's own sign-in application. */
export function callerOfSession(record: SessionRecord, app: string): Caller {
  return {
    type: 'user',
    id: record.sub,
    app,
    scopes: record.scopes,
    ...(record.email ? { email: record.email } : {}),
    ...(record.name ? { name: record.name } : {}),
    credential: 'session',
  };
}
