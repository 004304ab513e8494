import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { Logger } from '@nestjs/common';
import type { ConnectionError } from 'fastify';
import { GatewayError } from '../common/errors/gateway.error';
import { PROBLEM_CONTENT_TYPE, toProblem } from '../common/errors/problem';
import { requestIdOf } from '../common/http/request-id';

const logger = new Logger('ClientError');

/** The response a socket is writing, when one was attached to it (Node's own bookkeeping). */
type HttpSocket = Socket & { _httpMessage?: { headersSent: boolean; req?: IncomingMessage } };

/**
 * Answers what Node's HTTP parser refuses before any route runs (a malformed request line or
 * header, bare LF, headers over 16 KiB, a request or headers timeout) with a problem document and
 * an `X-Request-Id`, then closes the connection: the id of the request in flight when its body timed
 * out (so that the answer matches its log line), a fresh one otherwise. Nothing of the request is
 * echoed: parser messages quote the bytes received.
 */
export function answerClientError(error: ConnectionError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) {
    return;
  }
  const inFlight = (socket as HttpSocket)._httpMessage;
  const requestId = inFlight?.req ? requestIdOf(inFlight.req) : randomUUID();
  logger.log({ msg: 'request refused by the HTTP parser', requestId, reason: error.code });
  // Once an answer has started on this socket, another one would corrupt it: just close.
  if (socket.writable && !inFlight?.headersSent) {
    socket.write(rawProblem(problemOf(error.code), requestId));
  }
  socket.destroy();
}

function problemOf(code: string): GatewayError {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new GatewayError(
        'request_timeout',
        'The request line, headers or body did not arrive in time',
      );
    case 'HPE_HEADER_OVERFLOW':
      return new GatewayError('headers_too_large', 'The request line and headers exceed 16 KiB');
    default:
      return new GatewayError('bad_request', 'The request is not well-formed HTTP/1.1');
  }
}

function rawProblem(error: GatewayError, requestId: string): string {
  const { status, body } = toProblem(error, requestId);
  const json = JSON.stringify(body);
  return [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    `Content-Type: ${PROBLEM_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(json)}`,
    `X-Request-Id: ${requestId}`,
    'Connection: close',
    '',
    json,
  ].join('\r\n');
}
