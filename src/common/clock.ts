/**
 * The time, injectable (provided by `GatewayConfigModule`): whatever the gateway decides by the time
 * (sessions, key refreshes, logins, locks, holds, expiries, audit times) is tested by moving a test
 * clock, never by patching `Date.now`. Durations measured for metrics use `performance.now`.
 */
export abstract class Clock {
  abstract now(): number;
}

export class SystemClock extends Clock {
  now(): number {
    return Date.now();
  }
}
