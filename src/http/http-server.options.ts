import type { Server } from 'node:http';
import type { FastifyHttpOptions, FastifyInstance } from 'fastify';
import type { HttpLimitsConfig } from '../config/gateway-config';
import { answerClientError } from './client-error.handler';
import { answerFrameworkError } from './framework-errors.handler';

/** Node checks the headers and request timeouts on this timer, so it bounds how late a cut comes. */
const MAX_TIMEOUT_CHECK_INTERVAL_MS = 1000;

/**
 * Fastify's server options for the gateway's limits (README "Limits and timeouts"). Fastify turns
 * Node's request timeout off by default, so one socket trickling a body could be held for hours.
 * The socket inactivity timeout stays off: a request waiting on Squared or on its sync's lock is
 * silent but legitimate, and is bounded by those timeouts instead.
 */
export function httpServerOptions(
  limits: HttpLimitsConfig,
): Pick<
  FastifyHttpOptions<Server>,
  | 'requestTimeout'
  | 'keepAliveTimeout'
  | 'connectionTimeout'
  | 'http'
  | 'clientErrorHandler'
  | 'frameworkErrors'
> {
  return {
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionTimeout: 0,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      connectionsCheckingInterval: Math.min(
        MAX_TIMEOUT_CHECK_INTERVAL_MS,
        Math.ceil(limits.headersTimeoutMs / 4),
      ),
      // Answered by requireHostHeader() as a problem document instead of Node's empty 400.
      requireHostHeader: false,
    },
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
  };
}

/** Connections beyond the cap are closed as soon as they are accepted (no HTTP answer). */
export function capConnections(fastify: FastifyInstance, limits: HttpLimitsConfig): void {
  fastify.server.maxConnections = limits.maxConnections;
}
