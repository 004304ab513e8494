import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerRequest,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { rateLimitTracker } from '../common/auth/caller';
import type { GatewayRequest } from '../common/http/gateway-request';
import { RateLimitConfig } from '../config/gateway-config';
import { RequestLogContext } from '../logging/request-log-fields';
import { BlockedClients } from './blocked-clients';
import { LIMITED_ROUTE } from './limited-route';
import { rateLimitHeaders } from './rate-limit-headers';
import { rateLimitedError } from './rate-limited.error';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { THROTTLER_NAMES, ThrottlerName, RateLimitState } from './rate-limit.types';
import { policiesFor } from './throttler-options';

/** What each throttler counted for one request, in order; the last one is the one that rejected. */
const countedOf = new WeakMap<object, RateLimitState[]>();

/**
 * @nestjs/throttler's guard with the contract's answers: IETF `RateLimit-Policy`/`RateLimit` headers on
 * every limited response, and a `rate_limited` problem naming the limit. Bound after `CallerGuard`, so
 * `request.caller` is set. `handleRequest` is replaced (not extended) because the base class keeps the
 * storage record to itself, and the headers need it.
 */
@Injectable()
export class GatewayThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly limits: RateLimitConfig,
    private readonly metrics: GatewayMetrics,
    private readonly blocked: BlockedClients,
  ) {
    super(options, storage, reflector);
  }

  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    // Client first: a client over its own limit must not use up the org-wide budget of the others.
    const rank = (name?: string) => THROTTLER_NAMES.indexOf(name as ThrottlerName);
    this.throttlers.sort((a, b) => rank(a.name) - rank(b.name));
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const { request, reply } = this.http(context);
    if (await this.shouldSkip(context)) {
      return true;
    }
    void reply.headers(this.headersOf(request, []));
    return super.canActivate(context);
  }

  protected override shouldSkip(context: ExecutionContext): Promise<boolean> {
    const { request } = this.http(context);
    const route = request.routeOptions.url ?? '';
    return Promise.resolve(!request.caller || !LIMITED_ROUTE.test(route));
  }

  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    const { context, limit, ttl, blockDuration, getTracker, generateKey } = props;
    const name = props.throttler.name as ThrottlerName;
    const { request, reply } = this.http(context);
    const tracker = await getTracker(request, context);
    const key = generateKey(context, tracker, name);
    const record = await this.storageService.increment(key, ttl, limit, blockDuration, name);
    const counted = countedOf.get(request) ?? [];
    countedOf.set(request, counted);
    counted.push({
      name,
      remaining: record.isBlocked ? 0 : Math.max(0, limit - record.totalHits),
      resetSeconds: record.isBlocked ? record.timeToBlockExpire : record.timeToExpire,
    });
    void reply.headers(this.headersOf(request, counted));
    if (record.isBlocked) {
      await this.throwThrottlingException(context, { ...record, limit, ttl, key, tracker });
    }
    return true;
  }

  protected override throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const { request } = this.http(context);
    const limit = countedOf.get(request)?.at(-1)?.name ?? 'client';
    this.metrics.countRateLimitRejection(limit);
    // The request's own log line names the limit (one line per request, even for a flood).
    (request.raw as RequestLogContext).rateLimit = limit;
    if (limit === 'client' && request.caller) {
      const route = request.routeOptions.url ?? '';
      const key = BlockedClients.keyOf(rateLimitTracker(request.caller), request.method, route);
      this.blocked.block(key, detail.timeToBlockExpire);
    }
    throw rateLimitedError(limit, detail.timeToBlockExpire);
  }

  private headersOf(request: GatewayRequest, counted: RateLimitState[]): Record<string, string> {
    const policies = policiesFor(this.limits, request.caller!);
    return rateLimitHeaders(this.limits.headers, policies, counted);
  }

  private http(context: ExecutionContext) {
    const http = context.switchToHttp();
    return { request: http.getRequest<GatewayRequest>(), reply: http.getResponse<FastifyReply>() };
  }
}
