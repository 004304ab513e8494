import { SquaredCredentials } from './squared-credentials';

/** Squared's login tokens live 30 minutes (squared-api.md section 2). */
export const SQUARED_TOKEN_LIFETIME_MS = 30 * 60_000;
/** Renew this long before expiry, so that a request never leaves with a token about to lapse. */
const RENEW_MARGIN_MS = 2 * 60_000;

export type LoginFn = () => Promise<string>;

/**
 * A service-account session. At most one login runs at a time: every login revokes the previous token,
 * so two concurrent logins would knock each other out (and Squared allows only 5 per 20 s).
 */
export class ServiceAccountCredentials extends SquaredCredentials {
  private current: { token: string; renewAt: number } | undefined;
  private pendingLogin: Promise<string> | undefined;

  constructor(
    private readonly login: LoginFn,
    private readonly now: () => number = Date.now,
    private readonly lifetimeMs = SQUARED_TOKEN_LIFETIME_MS,
  ) {
    super();
  }

  token(): Promise<string> {
    if (this.current && this.now() < this.current.renewAt) {
      return Promise.resolve(this.current.token);
    }
    return this.loginOnce();
  }

  async renewAfterRejection(rejected: string): Promise<boolean> {
    if (this.current?.token === rejected) {
      this.current = undefined;
    }
    await this.token();
    return true;
  }

  private loginOnce(): Promise<string> {
    this.pendingLogin ??= this.login()
      .then((token) => {
        this.current = { token, renewAt: this.now() + this.lifetimeMs - RENEW_MARGIN_MS };
        return token;
      })
      .finally(() => {
        this.pendingLogin = undefined;
      });
    return this.pendingLogin;
  }
}
