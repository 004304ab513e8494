import {
  afterRefusal,
  FRESH_BUDGET,
  LoginBudgetState,
  parseBudgetState,
  withheld,
} from './login-budget';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Refuses every login as soon as it is allowed, from t = 0 until `untilMs`; returns the times. */
function refuseAsOftenAsAllowed(untilMs: number): number[] {
  let state: LoginBudgetState = FRESH_BUDGET;
  const attempts: number[] = [];
  for (let now = 0; now <= untilMs; ) {
    const hold = withheld(state, now);
    if (hold) {
      now = hold.until;
      continue;
    }
    attempts.push(now);
    state = afterRefusal(state, now, false);
  }
  return attempts;
}

describe('login budget', () => {
  it('lets the first login through', () => {
    expect(withheld(FRESH_BUDGET, 0)).toBeUndefined();
  });

  it('backs off 30 s after a refusal, doubling at each one in a row, capped at 20 minutes', () => {
    let state = FRESH_BUDGET;
    const backoffs: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      // Far apart, so that only the back-off decides.
      const now = i * 10 * HOUR;
      state = afterRefusal(state, now, false);
      backoffs.push(state.notBefore - now);
    }
    expect(backoffs.map((ms) => ms / SECOND)).toEqual([30, 60, 120, 240, 480, 960, 1200, 1200]);
    const third = [0, 10 * HOUR, 20 * HOUR].reduce(
      (s, now) => afterRefusal(s, now, false),
      FRESH_BUDGET,
    );
    expect(withheld(third, 20 * HOUR + 2 * MINUTE - 1)).toEqual({
      reason: 'backoff',
      until: 20 * HOUR + 2 * MINUTE,
    });
  });

  it('allows no more than 3 refused logins in any hour, however long it goes on', () => {
    const attempts = refuseAsOftenAsAllowed(24 * HOUR);
    expect(attempts.slice(0, 4)).toEqual([0, 30 * SECOND, 90 * SECOND, HOUR + 1]);
    for (const start of attempts) {
      const inHour = attempts.filter((at) => at >= start && at <= start + HOUR);
      expect(inHour.length).toBeLessThanOrEqual(3);
    }
    expect(attempts.length).toBeLessThanOrEqual(3 * 24 + 3);
  });

  // Squared never forgets a failed login, and locks at the 5th: a 5th refusal must never be made.
  it('stops for good after 4 refusals in a row, however long it waits', () => {
    const attempts = refuseAsOftenAsAllowed(30 * 24 * HOUR);
    expect(attempts).toEqual([0, 30 * SECOND, 90 * SECOND, HOUR + 1]);
    let state = FRESH_BUDGET;
    for (const at of attempts) {
      state = afterRefusal(state, at, false);
    }
    expect(withheld(state, 365 * 24 * HOUR)).toEqual({
      reason: 'stopped',
      until: Number.POSITIVE_INFINITY,
    });
  });

  it('names the budget as the reason when it, not the back-off, holds the next login', () => {
    let state = FRESH_BUDGET;
    for (const at of [0, 30 * SECOND, 90 * SECOND]) {
      state = afterRefusal(state, at, false);
    }
    expect(withheld(state, 10 * MINUTE)).toEqual({ reason: 'budget', until: HOUR + 1 });
    expect(withheld(state, HOUR + 1)).toBeUndefined();
  });

  it('reads a stored record back, and a missing or malformed one as fresh', () => {
    const state = afterRefusal(FRESH_BUDGET, 5, true);
    expect(parseBudgetState(JSON.stringify(state))).toEqual(state);
    expect(parseBudgetState(null)).toEqual(FRESH_BUDGET);
    expect(parseBudgetState('{')).toEqual(FRESH_BUDGET);
    expect(parseBudgetState('{"refusals":["x"],"streak":1,"notBefore":0}')).toEqual(FRESH_BUDGET);
  });
});
