import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { GatewayError } from '../common/errors/gateway.error';
import type { SessionConfig } from '../config/identity-config';
import { EphemeralStore } from './ephemeral.store';
import { RelyingParty, SignInFailed } from './relying-party';
import { sessionScopesOf } from './session-caller';
import {
  clearedLoginCookie,
  clearedSessionCookie,
  LOGIN_COOKIE,
  loginCookie,
  readCookie,
  sessionCookie,
  sessionCookieName,
} from './session-cookie';
import type { PendingLogin } from './session-record';
import { checkedReturnTo } from './return-to';
import { Sessions } from './sessions.service';

const LOGIN_TTL_MS = 10 * 60_000;

/**
 * The steps of a browser sign-in and sign-out, between the HTTP routes and the IdP. A sign-in in
 * progress is kept server-side under a random id that only the browser that started it holds (a
 * cookie sent back to the callback alone), so a callback cannot be replayed or planted in another
 * browser (login CSRF); its `state` must match too.
 */
export class SignInFlow {
  private readonly logger = new Logger(SignInFlow.name);

  constructor(
    private readonly parts:
      | {
          config: SessionConfig;
          relyingParty: RelyingParty;
          sessions: Sessions;
          store: EphemeralStore;
          scopePrefix: string;
        }
      | undefined,
  ) {}

  get enabled(): boolean {
    return this.parts !== undefined;
  }

  async begin(returnTo: string | undefined): Promise<{ url: string; cookie: string }> {
    const { config, relyingParty, store } = this.parts!;
    const target = checkedReturnTo(returnTo, config.publicUrl);
    const { login, url } = await relyingParty.start(target);
    const id = randomBytes(32).toString('base64url');
    await this.stored(() => store.put(loginKey(id), login, LOGIN_TTL_MS));
    return { url, cookie: loginCookie(config, id) };
  }

  async complete(
    path: string,
    cookieHeader: string | undefined,
    requestId: string,
  ): Promise<{ returnTo: string; cookies: string[] }> {
    const { config, relyingParty, sessions, store, scopePrefix } = this.parts!;
    const id = readCookie(cookieHeader, LOGIN_COOKIE);
    const login = id ? await this.stored(() => store.take<PendingLogin>(loginKey(id))) : undefined;
    if (!login) {
      throw signInError('no sign-in in progress in this browser (start again at /auth/login)');
    }
    try {
      const { claims, tokens } = await relyingParty.finish(`${config.publicUrl}${path}`, login);
      const sessionId = await this.stored(() =>
        sessions.start({
          sub: String(claims.sub),
          ...(typeof claims.email === 'string' ? { email: claims.email } : {}),
          ...(typeof claims.name === 'string' ? { name: claims.name } : {}),
          scopes: sessionScopesOf(claims, scopePrefix),
          ...(tokens.id_token ? { idToken: tokens.id_token } : {}),
          ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
        }),
      );
      return {
        returnTo: login.returnTo,
        cookies: [sessionCookie(config, sessionId), clearedLoginCookie(config)],
      };
    } catch (error) {
      if (error instanceof SignInFailed) {
        // The reason names the failed check (state, nonce, code); it holds no token or code value.
        this.logger.warn({ requestId, reason: error.message }, 'sign-in refused');
        throw signInError('the sign-in could not be completed (start again at /auth/login)');
      }
      throw error;
    }
  }

  async end(cookieHeader: string | undefined): Promise<{ cookie: string; logoutUrl?: string }> {
    const { config, relyingParty, sessions } = this.parts!;
    const id = readCookie(cookieHeader, sessionCookieName(config));
    const record = id ? await this.stored(() => sessions.end(id)) : undefined;
    const logoutUrl = await relyingParty.logoutUrl(record?.idToken).catch(() => undefined);
    return { cookie: clearedSessionCookie(config), logoutUrl };
  }

  private async stored<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch {
      throw new GatewayError('service_unavailable', 'The session store cannot be reached', {
        headers: { 'Retry-After': '1' },
      });
    }
  }
}

const loginKey = (id: string) => `login ${id}`;

function signInError(detail: string): GatewayError {
  return new GatewayError('unauthenticated', `Sign-in failed: ${detail}`);
}
