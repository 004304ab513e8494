import type { Caller } from '../common/auth/caller';
import { GatewayError } from '../common/errors/gateway.error';
import type { SessionConfig } from '../config/identity-config';
import { callerOfSession } from './session-caller';
import { hasCookie, readCookie, sessionCookieName } from './session-cookie';
import { Sessions } from './sessions.service';

/** What `CallerGuard` asks of browser sessions: is there a session cookie, and whose is it. */
export class SessionAuthenticator {
  private readonly cookieName: string;

  constructor(
    private readonly sessions: Sessions,
    private readonly config: SessionConfig,
  ) {
    this.cookieName = sessionCookieName(config);
  }

  /** Whether the request carries the session cookie at all (a second credential beside a bearer). */
  presented(cookieHeader: string | undefined): boolean {
    return hasCookie(cookieHeader, this.cookieName);
  }

  /** The signed-in person, or undefined when the cookie names no live session. */
  async authenticate(cookieHeader: string | undefined): Promise<Caller | undefined> {
    const id = readCookie(cookieHeader, this.cookieName);
    if (!id) {
      return undefined;
    }
    const record = await this.sessions.resume(id).catch(() => {
      throw new GatewayError('service_unavailable', 'The session store cannot be reached', {
        headers: { 'Retry-After': '1' },
      });
    });
    return record && callerOfSession(record, this.config.clientId);
  }
}
