import type { LoggerService } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem';

/** Writes `exception` as a problem answer. Shared by the Nest filter and Fastify's own error handler. */
export function sendProblem(
  exception: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  logger: LoggerService,
): void {
  const answer = toProblem(exception, request.id);
  if (answer.unexpected) {
    // Logged without the request: its headers carry the caller's key.
    logger.error(describe(exception), undefined, 'UnexpectedError');
  }
  if (reply.sent) {
    return;
  }
  void reply
    .code(answer.status)
    .headers(answer.headers)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .send(answer.body);
}

function describe(exception: unknown): string {
  return exception instanceof Error
    ? `${exception.name}: ${exception.message}\n${exception.stack}`
    : 'non-error thrown';
}
