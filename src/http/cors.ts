import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const ALLOWED_METHODS = 'GET, HEAD, PATCH, POST';
const ALLOWED_HEADERS =
  'Authorization, Content-Type, If-Match, Idempotency-Key, X-CSRF, X-Request-Id';
const EXPOSED_HEADERS = 'ETag, X-Request-Id, RateLimit, RateLimit-Policy, Retry-After';

/**
 * CORS for web apps served from other origins (`CORS_ORIGINS`): an exact-origin allowlist, with
 * credentials. A listed origin gets the headers and its preflights a 204; any other origin gets no
 * CORS header at all, so its browser withholds the answer (and never sends a preflighted request).
 */
export function registerCors(fastify: FastifyInstance, origins: readonly string[]): void {
  if (origins.length === 0) {
    return;
  }
  const allowed = new Set(origins);
  fastify.addHook('onRequest', (request, reply, done) => {
    const origin = request.headers.origin;
    void reply.header('Vary', 'Origin');
    if (typeof origin !== 'string' || !allowed.has(origin)) {
      done();
      return;
    }
    void reply
      .header('Access-Control-Allow-Origin', origin)
      .header('Access-Control-Allow-Credentials', 'true')
      .header('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    if (isPreflight(request)) {
      answerPreflight(reply);
      return;
    }
    done();
  });
}

function isPreflight(request: FastifyRequest): boolean {
  return (
    request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined
  );
}

function answerPreflight(reply: FastifyReply): void {
  void reply
    .header('Access-Control-Allow-Methods', ALLOWED_METHODS)
    .header('Access-Control-Allow-Headers', ALLOWED_HEADERS)
    .header('Access-Control-Max-Age', '600')
    .code(204)
    .send();
}
