import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { GatewayMetrics } from './gateway-metrics';

/** The route label of a request no route matched (404): one value, whatever the path was. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Counts and times every answer, including those Fastify gives before Nest sees the request (404,
 * 413, 415). The route label is the matched template (`/syncs/:id`), so 1,000 sync ids are one series.
 */
@Injectable()
export class HttpMetricsHook implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly metrics: GatewayMetrics,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
      this.metrics.observeRequest(
        request.method,
        route,
        reply.statusCode,
        reply.elapsedTime / 1000,
      );
      done();
    });
  }
}
