import { createHash, scryptSync } from 'node:crypto';
import { FRESH_BUDGET, LOGIN_BUDGET, LoginBudgetState, parseBudgetState } from './login-budget';
import { RedisKeys } from '../redis/redis-keys';

/** Where an account's refused-login record lives. Every method may reject when Redis fails. */
export interface LoginBudgetStore {
  read(): Promise<LoginBudgetState>;
  write(state: LoginBudgetState): Promise<void>;
}

/** This replica's own record: the only one without `REDIS_URL`, the fallback while Redis fails. */
export class MemoryLoginBudgetStore implements LoginBudgetStore {
  private state = FRESH_BUDGET;

  read(): Promise<LoginBudgetState> {
    return Promise.resolve(this.state);
  }

  write(state: LoginBudgetState): Promise<void> {
    this.state = state;
    return Promise.resolve();
  }
}

/** The few Redis commands the shared record needs (the gateway's fail-fast ioredis client fits). */
export interface BudgetRedis {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, px: 'PX', ms: number): Promise<unknown>;
}

/** A stopped record is kept a week: long enough for an operator to notice, bounded all the same. */
const STOPPED_TTL_MS = 7 * 24 * 3600_000;

/**
 * One record per Squared account and configured password for every replica, as JSON under
 * `squared-login:<account digest>:<password tag>:budget`. Read-modify-write is safe because logins run
 * under the shared session's login lock, one replica at a time. The key expires once nothing in it
 * counts; a record that stopped the logins (refused too often in a row) is kept, so that restarting the
 * replicas with the same wrong password does not try it again, while a changed password starts afresh.
 */
export class RedisLoginBudgetStore implements LoginBudgetStore {
  private readonly key: string;

  constructor(
    private readonly redis: BudgetRedis,
    email: string,
    password: string,
  ) {
    // The email exactly as configured: Squared matches it exactly, so another spelling is another account.
    const account = createHash('sha256').update(email).digest('hex').slice(0, 32);
    this.key = RedisKeys.squaredLoginBudget(account, passwordTag(email, password));
  }

  async read(): Promise<LoginBudgetState> {
    return parseBudgetState(await this.redis.get(this.key));
  }

  async write(state: LoginBudgetState): Promise<void> {
    const stopped = state.streak >= LOGIN_BUDGET.refusalsInARowBeforeStopping;
    const ttl = stopped ? STOPPED_TTL_MS : LOGIN_BUDGET.windowMs + LOGIN_BUDGET.maxBackoffMs;
    await this.redis.set(this.key, JSON.stringify(state), 'PX', ttl);
  }
}

/**
 * Tells passwords apart without storing anything that would help guess one: scrypt (slow by design)
 * salted with the account, truncated to 64 bits. Computed once per process.
 */
function passwordTag(email: string, password: string): string {
  return scryptSync(password, `squared-login:${email}`, 8).toString('hex');
}
