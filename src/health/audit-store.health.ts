import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { AuditStore } from '../audit/audit.store';
import { reasonOf, withTimeout } from './with-timeout';

/** Readiness waits this long for a store answer; a hung database counts as down. */
export const STORE_CHECK_TIMEOUT_MS = 1000;

/** Up when the audit store answers a trivial query: without it no PATCH can be served (503). */
@Injectable()
export class AuditStoreHealthIndicator {
  constructor(
    private readonly store: AuditStore,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key = 'auditStore') {
    const indicator = this.health.check(key);
    try {
      await withTimeout(this.store.ping(), STORE_CHECK_TIMEOUT_MS);
      return indicator.up();
    } catch (error) {
      return indicator.down({ reason: reasonOf(error) });
    }
  }
}
