/**
 * The time, injectable: session timeouts and JWKS refresh intervals are tested by moving a test clock,
 * never by patching `Date.now`.
 */
export abstract class Clock {
  abstract now(): number;
}

export class SystemClock extends Clock {
  now(): number {
    return Date.now();
  }
}
