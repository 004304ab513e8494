import { Logger } from '@nestjs/common';
import type { Clock } from '../common/clock';
import { GatewayError } from '../common/errors/gateway.error';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import {
  afterRefusal,
  FRESH_BUDGET,
  LOGIN_BUDGET,
  LoginBudgetState,
  recentRefusals,
  withheld,
} from './login-budget';
import { LoginBudgetStore, MemoryLoginBudgetStore } from './login-budget.store';
import { SquaredLoginRefused } from './squared-login';

/** The service account's login state, for `/health/ready` (never the email or the password). */
export interface LoginReport {
  status: 'ok' | 'refused';
  /** Refused logins in the last hour, every replica of the account together when shared. */
  refusedLastHour: number;
  /** When Squared last said the account is locked. */
  locked?: true;
  /** The gateway gave up on this password (refused too often in a row): fix it and restart. */
  stopped?: true;
  /** The earliest next login attempt, while refused. */
  nextAttemptAt?: string;
}

/**
 * Lets a service-account login through only within the refused-login budget and back-off of
 * `LOGIN_BUDGET`, keeps the record (shared through Redis when configured, this replica's own
 * otherwise or while Redis fails), counts refusals in `/metrics`, and logs what to fix.
 */
export class LoginGuard {
  private readonly logger = new Logger('SquaredLogin');
  private readonly local = new MemoryLoginBudgetStore();

  constructor(
    private readonly shared: LoginBudgetStore | undefined,
    private readonly metrics: GatewayMetrics,
    private readonly clock: Clock,
  ) {}

  /**
   * Runs `login` unless the budget or the back-off withholds it.
   *
   * @throws {GatewayError} `upstream_error` when withheld; whatever `login` throws otherwise.
   */
  async attempt(login: () => Promise<string>): Promise<string> {
    const state = await this.read();
    const hold = withheld(state, this.clock.now());
    if (hold) {
      this.metrics.countLoginWithheld(hold.reason);
      throw new GatewayError('upstream_error', withheldDetail(hold.until - this.clock.now()));
    }
    let token: string;
    try {
      token = await login();
    } catch (error) {
      if (error instanceof SquaredLoginRefused) {
        await this.recordRefusal(state, error.locked);
      }
      throw error;
    }
    if (state.streak > 0) {
      this.logger.log('Squared accepted the service account login again');
      await this.save(FRESH_BUDGET);
    }
    return token;
  }

  async report(): Promise<LoginReport> {
    const state = await this.read();
    const now = this.clock.now();
    const refusedLastHour = recentRefusals(state, now).length;
    if (state.streak === 0) {
      return { status: 'ok', refusedLastHour };
    }
    const next = withheld(state, now)?.until ?? now;
    return {
      status: 'refused',
      refusedLastHour,
      ...(state.locked ? { locked: true as const } : {}),
      ...(Number.isFinite(next)
        ? { nextAttemptAt: new Date(next).toISOString() }
        : { stopped: true as const }),
    };
  }

  private async recordRefusal(state: LoginBudgetState, locked: boolean): Promise<void> {
    const now = this.clock.now();
    const next = afterRefusal(state, now, locked);
    this.metrics.countLoginRefusal();
    await this.save(next);
    const seconds = Math.ceil(((withheld(next, now)?.until ?? now) - now) / 1000);
    this.logger.error(refusalAdvice(next, seconds));
  }

  /** The shared record when it can be read, this replica's own otherwise. */
  private async read(): Promise<LoginBudgetState> {
    if (this.shared) {
      try {
        return await this.shared.read();
      } catch {
        this.logger.warn('Shared login record unavailable (Redis); using this replica’s own');
      }
    }
    return this.local.read();
  }

  private async save(state: LoginBudgetState): Promise<void> {
    await this.local.write(state);
    await this.shared?.write(state).catch(() => {
      this.logger.warn('Login record not shared (Redis); other replicas keep their own');
    });
  }
}

function withheldDetail(waitMs: number): string {
  if (!Number.isFinite(waitMs)) {
    return "Squared refused the service account's login too often in a row; the gateway stopped trying until SQUARED_PASSWORD is changed";
  }
  const seconds = Math.ceil(waitMs / 1000);
  return `Squared refused the service account's login; the gateway tries again in ${seconds} s`;
}

/** What the operator should do, in the log line of a refused login (never the password). */
function refusalAdvice(state: LoginBudgetState, nextInSeconds: number): string {
  if (!Number.isFinite(nextInSeconds)) {
    return (
      `Squared refused the service account login ${state.streak} times in a row: the gateway stopped ` +
      'trying, because Squared locks the account at the 5th failed login and never forgets one. ' +
      'Fix SQUARED_PASSWORD (or SQUARED_EMAIL, matched exactly) and restart the gateway.'
    );
  }
  const budget = `${state.refusals.length} of at most ${LOGIN_BUDGET.refusalsPerWindow} refused logins in the last hour; next attempt in ${nextInSeconds} s`;
  if (state.locked) {
    return (
      'Squared refused the service account login: the account is locked (too many failed ' +
      'logins; Squared unlocks it an hour after locking it and refuses even the right password ' +
      `until then). Check SQUARED_PASSWORD and SQUARED_EMAIL. ${budget}`
    );
  }
  return (
    'Squared refused the service account login (401): check SQUARED_EMAIL (matched exactly, case ' +
    'and spaces included) and SQUARED_PASSWORD. Squared locks the account for an hour after 5 ' +
    `failed logins, so the gateway retries slowly: ${budget}`
  );
}
