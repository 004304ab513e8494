import type { FastifyInstance } from 'fastify';
import { GatewayError } from '../common/errors/gateway.error';

/**
 * RFC 9112 section 3.2: an HTTP/1.1 request without `Host` is a 400. Node answers it itself with an
 * empty 400 (no problem document, no request id), so the server is told not to, and this hook does.
 */
export function requireHostHeader(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
      done(new GatewayError('bad_request', 'An HTTP/1.1 request needs a Host header'));
      return;
    }
    done();
  });
}
