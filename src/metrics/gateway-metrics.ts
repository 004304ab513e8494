import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { AuditWrite, RateLimitLabel, UpstreamOperation, UpstreamOutcome } from './metric-labels';

/** Seconds; from a fast local hit to Squared's 10 s default timeout. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The gateway's Prometheus metrics, in a registry of its own per application instance (several test
 * gateways in one process must not share counters). Every label takes a value from a small fixed set:
 * route templates rather than paths, operation names rather than URLs, never an id.
 */
@Injectable()
export class GatewayMetrics {
  readonly registry = new Registry();

  private readonly httpRequests = new Counter({
    name: 'gateway_http_requests_total',
    help: 'HTTP requests answered, by method, route template (unmatched for 404s) and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  private readonly httpDuration = new Histogram({
    name: 'gateway_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  private readonly upstreamCalls = new Counter({
    name: 'gateway_upstream_requests_total',
    help: 'Calls to Squared, by operation and outcome',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly upstreamDuration = new Histogram({
    name: 'gateway_upstream_request_duration_seconds',
    help: 'Duration of calls to Squared, by operation and outcome',
    labelNames: ['operation', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  private readonly auditAppends = new Counter({
    name: 'gateway_audit_appends_total',
    help: 'Audit records committed, by write (record, write_ahead, complete)',
    labelNames: ['write'] as const,
    registers: [this.registry],
  });

  private readonly auditFailures = new Counter({
    name: 'gateway_audit_append_failures_total',
    help: 'Audit writes the store refused, by write (record, write_ahead, complete)',
    labelNames: ['write'] as const,
    registers: [this.registry],
  });

  private readonly lockWait = new Histogram({
    name: 'gateway_sync_lock_wait_seconds',
    help: "Time a PATCH waited for its sync's critical section",
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  private readonly loginRefusals = new Counter({
    name: 'gateway_squared_login_refusals_total',
    help: 'Service-account logins Squared refused (401: wrong email or password, or account locked)',
    registers: [this.registry],
  });

  private readonly loginsWithheld = new Counter({
    name: 'gateway_squared_logins_withheld_total',
    help: 'Service-account logins not attempted after refusals, by reason (backoff, budget)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  private readonly rateLimitRejections = new Counter({
    name: 'gateway_rate_limit_rejections_total',
    help: 'Requests answered 429 rate_limited by this replica, by limit (client, org)',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });

  constructor() {
    // Both series exist from the start, so a rate of rejections is 0 rather than absent.
    for (const limit of ['client', 'org'] as const) {
      this.rateLimitRejections.inc({ limit }, 0);
    }
    collectDefaultMetrics({ register: this.registry });
  }

  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  observeUpstream(operation: UpstreamOperation, outcome: UpstreamOutcome, seconds: number): void {
    this.upstreamCalls.inc({ operation, outcome });
    this.upstreamDuration.observe({ operation, outcome }, seconds);
  }

  countRateLimitRejection(limit: RateLimitLabel): void {
    this.rateLimitRejections.inc({ limit });
  }

  countAuditAppend(write: AuditWrite): void {
    this.auditAppends.inc({ write });
  }

  countAuditFailure(write: AuditWrite): void {
    this.auditFailures.inc({ write });
  }

  countLoginRefusal(): void {
    this.loginRefusals.inc();
  }

  countLoginWithheld(reason: 'backoff' | 'budget' | 'stopped'): void {
    this.loginsWithheld.inc({ reason });
  }

  /** For the sync lock: how long a request waited before entering the critical section. */
  observeLockWait(seconds: number): void {
    this.lockWait.observe(seconds);
  }
}
