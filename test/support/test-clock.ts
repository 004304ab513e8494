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
