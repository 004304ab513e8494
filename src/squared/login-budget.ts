/**
 * How often the service account may fail to log in. Squared (Devise lockable) locks an account for an
 * hour after 5 failed logins, and while it is locked even the right password is refused: a wrong
 * `SQUARED_PASSWORD` retried freely would lock the account within seconds and keep it locked after
 * the password is fixed. So, across every replica of an account: at most 3 refused logins in any
 * hour (leaving room for a person's typos), and after each refusal a back-off that doubles from 30 s
 * up to 20 minutes, until a login succeeds. Squared never forgets a failed login (only a successful
 * one resets its count), so any retrying would lock the account in the end: after 4 refusals in a row
 * the gateway stops trying that password until it is changed.
 */
export const LOGIN_BUDGET = {
  refusalsPerWindow: 3,
  refusalsInARowBeforeStopping: 4,
  windowMs: 60 * 60_000,
  firstBackoffMs: 30_000,
  maxBackoffMs: 20 * 60_000,
} as const;

/** What the gateway remembers of an account's refused logins (JSON, shared through Redis). */
export interface LoginBudgetState {
  /** When the refused logins of the last window happened (epoch ms), oldest first. */
  refusals: number[];
  /** Refused logins in a row since the last successful one. */
  streak: number;
  /** No login before this time (epoch ms): the back-off. */
  notBefore: number;
  /** Squared said the account is locked at the last refusal. */
  locked: boolean;
}

export const FRESH_BUDGET: LoginBudgetState = {
  refusals: [],
  streak: 0,
  notBefore: 0,
  locked: false,
};

/** The refusals that still count at `now` (an hour old or less). */
export function recentRefusals(state: LoginBudgetState, now: number): number[] {
  return state.refusals.filter((at) => at >= now - LOGIN_BUDGET.windowMs);
}

/** Why no login may be made at `now`, and until when; `undefined` when one may. */
export function withheld(
  state: LoginBudgetState,
  now: number,
): { reason: 'backoff' | 'budget' | 'stopped'; until: number } | undefined {
  if (state.streak >= LOGIN_BUDGET.refusalsInARowBeforeStopping) {
    return { reason: 'stopped', until: Number.POSITIVE_INFINITY };
  }
  const recent = recentRefusals(state, now);
  if (recent.length >= LOGIN_BUDGET.refusalsPerWindow) {
    // Strictly more than an hour after the oldest refusal that still counts.
    const until =
      recent[recent.length - LOGIN_BUDGET.refusalsPerWindow] + LOGIN_BUDGET.windowMs + 1;
    return { reason: 'budget', until: Math.max(until, state.notBefore) };
  }
  return now < state.notBefore ? { reason: 'backoff', until: state.notBefore } : undefined;
}

/** The state after a refused login at `now`. */
export function afterRefusal(
  state: LoginBudgetState,
  now: number,
  locked: boolean,
): LoginBudgetState {
  const streak = state.streak + 1;
  const backoff = Math.min(
    LOGIN_BUDGET.firstBackoffMs * 2 ** (streak - 1),
    LOGIN_BUDGET.maxBackoffMs,
  );
  return {
    refusals: [...recentRefusals(state, now), now],
    streak,
    notBefore: now + backoff,
    locked,
  };
}

/** Reads a stored state, or the fresh one when it is missing or malformed. */
export function parseBudgetState(text: string | null | undefined): LoginBudgetState {
  try {
    const value = JSON.parse(text ?? 'null') as Partial<LoginBudgetState> | null;
    const valid =
      Array.isArray(value?.refusals) &&
      value.refusals.every((at) => typeof at === 'number') &&
      typeof value.streak === 'number' &&
      typeof value.notBefore === 'number';
    return valid ? { ...(value as LoginBudgetState), locked: value.locked === true } : FRESH_BUDGET;
  } catch {
    return FRESH_BUDGET;
  }
}
