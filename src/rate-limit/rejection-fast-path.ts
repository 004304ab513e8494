import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ClientRegistry } from '../auth/client-registry';
import { authorizationFieldCount, bearerKeyOf } from '../auth/bearer-key';
import { callerOfClient } from '../auth/key-caller';
import { type Caller, rateLimitTracker } from '../common/auth/caller';
import { GatewayError } from '../common/errors/gateway.error';
import { sendProblem } from '../common/errors/send-problem';
import { RateLimitConfig } from '../config/gateway-config';
import { RequestLogContext } from '../logging/request-log-fields';
import { BlockedClients } from './blocked-clients';
import { LIMITED_ROUTE } from './limited-route';
import { rateLimitHeaders } from './rate-limit-headers';
import { rateLimitedError } from './rate-limited.error';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { policiesFor } from './throttler-options';

/**
 * Answers a client that is over its own quota with the same 429 the guards gave it, from a Fastify
 * `preParsing` hook: before its body is read (reading and parsing it was 40 % of a rejection), and
 * without running the Nest pipeline (guards, pipes, interceptors, exception filter).
 * A flooding client then costs a fraction of a served request, and the well-behaved clients sharing the
 * event loop keep their latency (BENCHMARKS.md, flood). Requests of a client that is not blocked, or
 * whose key does not authenticate, go on to the guards unchanged: this hook never admits anything.
 */
@Injectable()
export class RejectionFastPath implements OnModuleInit {
  private readonly logger = new Logger(RejectionFastPath.name);
  private readonly errorsBySeconds = new Map<number, GatewayError>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly registry: ClientRegistry,
    private readonly blocked: BlockedClients,
    private readonly metrics: GatewayMetrics,
    private readonly limits: RateLimitConfig,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('preParsing', (request, reply, payload, done) => {
      if (!this.rejectIfBlocked(request, reply)) {
        done(null, payload);
      }
    });
  }

  /** True when the answer was sent here (Fastify must then not run the handler). */
  private rejectIfBlocked(request: FastifyRequest, reply: FastifyReply): boolean {
    const route = request.routeOptions.url;
    if (!route || !LIMITED_ROUTE.test(route) || !this.blocked.anyBlocked()) {
      return false;
    }
    const caller = this.callerOf(request);
    if (!caller) {
      return false;
    }
    const secondsLeft = this.blocked.secondsLeft(
      BlockedClients.keyOf(rateLimitTracker(caller), request.method, route),
    );
    if (secondsLeft === undefined) {
      return false;
    }
    (request.raw as RequestLogContext).gatewayClientId = caller.app;
    (request.raw as RequestLogContext).gatewayActorId = caller.id;
    (request.raw as RequestLogContext).rateLimit = 'client';
    this.metrics.countRateLimitRejection('client');
    const policies = policiesFor(this.limits, caller);
    const counted = [{ name: 'client' as const, remaining: 0, resetSeconds: secondsLeft }];
    void reply.headers(rateLimitHeaders(this.limits.headers, policies, counted));
    sendProblem(this.rateLimited(secondsLeft), request, reply, this.logger);
    return true;
  }

  /**
   * The caller a valid key names; none for two Authorization headers or a cookie beside the key (the
   * guard refuses them), and none for a JWT (verifying it here would cost what the fast path saves:
   * people over their app's quota are refused by the guards).
   */
  private callerOf(request: FastifyRequest): Caller | undefined {
    if (authorizationFieldCount(request.raw.rawHeaders) > 1 || request.headers.cookie) {
      return undefined;
    }
    const key = bearerKeyOf(request.headers.authorization);
    const client = key ? this.registry.authenticate(key) : undefined;
    return client && callerOfClient(client);
  }

  /**
   * One error per distinct `Retry-After`, reused: creating an Error (its stack) was 5 % of a fast
   * rejection's cost in the profile. Safe to share: the problem answer is built anew from it each time.
   */
  private rateLimited(secondsLeft: number): GatewayError {
    let error = this.errorsBySeconds.get(secondsLeft);
    if (!error) {
      if (this.errorsBySeconds.size >= 1024) {
        this.errorsBySeconds.clear();
      }
      error = rateLimitedError('client', secondsLeft);
      this.errorsBySeconds.set(secondsLeft, error);
    }
    return error;
  }
}
