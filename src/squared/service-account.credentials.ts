import type { Clock } from '../common/clock';
import { GatewayError } from '../common/errors/gateway.error';
import { SquaredCredentials } from './squared-credentials';

/** Squared's login tokens live 30 minutes (squared-api.md section 2). */
export const SQUARED_TOKEN_LIFETIME_MS = 30 * 60_000;
/** Renew this long before expiry, so that a request never leaves with a token about to lapse. */
const RENEW_MARGIN_MS = 2 * 60_000;
/**
 * After a failed login, callers fail fast for this long instead of logging in again: Squared allows 5
 * logins per 20 s per IP, and a storm of doomed logins would use up that budget for everyone behind the
 * same address. A 429 uses its own `Retry-After` instead. When a refused login (401) may be retried is
 * `LoginGuard`'s decision (budget and back-off, shared by the replicas); this only spares it the calls.
 */
const LOGIN_FAILURE_COOLDOWN_MS = 5_000;

/** A token with the time to renew it (a shared session hands out tokens issued elsewhere). */
export interface SessionToken {
  token: string;
  renewAt: number;
}

/**
 * Gets a new token: a plain login resolves with the token (renewed after its lifetime), a shared
 * session with a `SessionToken`. `rejected` is the token Squared just refused, if that is the reason.
 */
export type LoginFn = (rejected?: string) => Promise<string | SessionToken>;

/** When a token issued at `issuedAt` is due for renewal. */
export function renewAtFor(issuedAt: number, lifetimeMs = SQUARED_TOKEN_LIFETIME_MS): number {
  return issuedAt + lifetimeMs - RENEW_MARGIN_MS;
}

/**
 * A service-account session. At most one login runs at a time: every login revokes the previous token,
 * so two concurrent logins would knock each other out (and Squared allows only 5 per 20 s).
 */
export class ServiceAccountCredentials extends SquaredCredentials {
  private current: { token: string; renewAt: number } | undefined;
  private pendingLogin: Promise<string> | undefined;
  private lastFailure: { error: Error; until: number } | undefined;

  constructor(
    private readonly login: LoginFn,
    private readonly clock: Clock,
    private readonly lifetimeMs = SQUARED_TOKEN_LIFETIME_MS,
  ) {
    super();
  }

  token(): Promise<string> {
    return this.freshToken(undefined);
  }

  async renewAfterRejection(rejected: string): Promise<boolean> {
    if (this.current?.token === rejected) {
      this.current = undefined;
    }
    await this.freshToken(rejected);
    return true;
  }

  private freshToken(rejected: string | undefined): Promise<string> {
    if (this.current && this.clock.now() < this.current.renewAt) {
      return Promise.resolve(this.current.token);
    }
    return this.loginOnce(rejected);
  }

  private loginOnce(rejected: string | undefined): Promise<string> {
    const cooling = this.lastFailure && this.clock.now() < this.lastFailure.until;
    if (cooling && this.lastFailure) {
      return Promise.reject(this.replayFailure(this.lastFailure));
    }
    this.pendingLogin ??= this.login(rejected)
      .then(
        (result) => {
          this.current =
            typeof result === 'string'
              ? { token: result, renewAt: renewAtFor(this.clock.now(), this.lifetimeMs) }
              : result;
          this.lastFailure = undefined;
          return this.current.token;
        },
        (error: unknown) => {
          const failure = error instanceof Error ? error : new Error('Squared login failed');
          this.lastFailure = { error: failure, until: this.clock.now() + cooldownAfter(error) };
          throw error;
        },
      )
      .finally(() => {
        this.pendingLogin = undefined;
      });
    return this.pendingLogin;
  }

  /** The same refusal again; a rate-limit answer counts its `Retry-After` down. */
  private replayFailure(failure: { error: Error; until: number }): Error {
    const { error } = failure;
    if (error instanceof GatewayError && error.code === 'upstream_rate_limited') {
      const seconds = Math.max(1, Math.ceil((failure.until - this.clock.now()) / 1000));
      return new GatewayError(error.code, error.detail, {
        headers: { 'Retry-After': String(seconds) },
      });
    }
    return error;
  }
}

function cooldownAfter(error: unknown): number {
  const retryAfter =
    error instanceof GatewayError ? error.options.headers?.['Retry-After'] : undefined;
  return retryAfter !== undefined ? Number(retryAfter) * 1000 : LOGIN_FAILURE_COOLDOWN_MS;
}
