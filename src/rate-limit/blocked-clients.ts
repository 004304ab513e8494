import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';

/**
 * The client-quota blocks the throttler decided on this replica, remembered until they end, so that a
 * client flooding the gateway is answered before the Nest pipeline runs (`RejectionFastPath`).
 *
 * Keyed by client, method and route template: a block is only replayed for a request the guards have
 * already judged the same way (same scope check, same quota), so the fast answer is the one the guards
 * would give. Bounded: clients come from a static registry and routes are templates.
 */
@Injectable()
export class BlockedClients {
  private readonly blockedUntil = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  static keyOf(clientId: string, method: string, route: string): string {
    return `${clientId} ${method} ${route}`;
  }

  /** `resetSeconds` as the throttler reports it: whole seconds, rounded up, as in `Retry-After`. */
  block(key: string, resetSeconds: number): void {
    this.blockedUntil.set(key, this.clock.now() + Math.max(1, resetSeconds) * 1000);
  }

  /**
   * Whether any block is still running (ended ones are dropped here). Lets the fast path skip
   * authenticating every request a second time while nobody is blocked, which is nearly always.
   */
  anyBlocked(): boolean {
    const now = this.clock.now();
    for (const [key, until] of this.blockedUntil) {
      if (until <= now) {
        this.blockedUntil.delete(key);
      }
    }
    return this.blockedUntil.size > 0;
  }

  /** Whole seconds until the block on `key` ends (at least 1), or undefined when there is none. */
  secondsLeft(key: string): number | undefined {
    const now = this.clock.now();
    const until = this.blockedUntil.get(key);
    if (until === undefined) {
      return undefined;
    }
    if (until <= now) {
      this.blockedUntil.delete(key);
      return undefined;
    }
    return Math.ceil((until - now) / 1000);
  }
}
