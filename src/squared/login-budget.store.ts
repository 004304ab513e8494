import { createHash } from 'node:crypto';
import { FRESH_BUDGET, LOGIN_BUDGET, LoginBudgetState, parseBudgetState } from './login-budget';

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

/**
 * One record per Squared account for every replica, as JSON under
 * `squared-login:<account digest>:budget`. Read-modify-write is safe because logins run under the
 * shared session's login lock, one replica at a time. The key expires once nothing in it counts.
 */
export class RedisLoginBudgetStore implements LoginBudgetStore {
  private readonly key: string;

  constructor(
    private readonly redis: BudgetRedis,
    email: string,
  ) {
    // The email exactly as configured: Squared matches it exactly, so another spelling is another account.
    const account = createHash('sha256').update(email).digest('hex').slice(0, 32);
    this.key = `squared-login:${account}:budget`;
  }

  async read(): Promise<LoginBudgetState> {
    return parseBudgetState(await this.redis.get(this.key));
  }

  async write(state: LoginBudgetState): Promise<void> {
    const ttl = LOGIN_BUDGET.windowMs + LOGIN_BUDGET.maxBackoffMs;
    await this.redis.set(this.key, JSON.stringify(state), 'PX', ttl);
  }
}
