import { Logger } from '@nestjs/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { GatewayError } from '../common/errors/gateway.error';
import { sendProblem } from '../common/errors/send-problem';

const logger = new Logger('FrameworkError');

/**
 * Errors Fastify's router raises before any hook runs (a path whose %-escape does not decode).
 * Fastify's own answer quotes the URL; this one is a problem document with the request's id.
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  void reply.header('X-Request-Id', request.id);
  const problem =
    error.code === 'FST_ERR_BAD_URL'
      ? new GatewayError('bad_request', 'The URL has a malformed %-escape')
      : error;
  sendProblem(problem, request, reply, logger);
}
