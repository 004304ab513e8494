import { Clock } from '../../src/common/clock';

/** A clock the test moves by hand (session timeouts, key refresh intervals). */
export class TestClock extends Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/**
 * A clock that stands still at `time` until the test moves it: for unit specs that name exact
 * instants, and for a gateway that must share a simulator's simulated time.
 */
export class ManualClock extends Clock {
  constructor(public time = 1_000_000) {
    super();
  }

  now(): number {
    return this.time;
  }

  advance(ms: number): void {
    this.time += ms;
  }
}
