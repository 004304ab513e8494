import type { FastifyInstance, HTTPMethods } from 'fastify';
import { GatewayError } from '../common/errors/gateway.error';

/**
 * RFC 9110 15.5.6: a request that no route matches, but whose path a route serves under other methods,
 * is answered 405 `method_not_allowed` with `Allow`, instead of Fastify's 404. It asks Fastify's own
 * route table (`findRoute`, the router's matcher), so every route, whoever registered it, is covered
 * and nothing is listed per controller. Unknown paths stay 404.
 */
export function answerMethodNotAllowed(fastify: FastifyInstance): void {
  const methods = new Set<string>();
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      methods.add(method.toUpperCase());
    }
  });
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (!request.is404) {
      done();
      return;
    }
    const path = request.url.split('?', 1)[0];
    const allowed = [...methods].filter((method) => servesPath(fastify, method, path)).sort();
    if (allowed.length === 0) {
      done();
      return;
    }
    const detail = `${request.method} is not allowed here; use ${allowed.join(', ')}`;
    done(
      new GatewayError('method_not_allowed', detail, { headers: { Allow: allowed.join(', ') } }),
    );
  });
}

/**
 * A wildcard route (`/syncs/*`, the docs' static files) stands for one more path segment only: deeper
 * paths are 404 under every method (`GET /syncs/42/x` is), so they must not turn into a 405.
 */
function servesPath(fastify: FastifyInstance, method: string, path: string): boolean {
  const route = fastify.findRoute({ method: method as HTTPMethods, url: path });
  if (route === null) {
    return false;
  }
  const rest = (route.params as Record<string, string | undefined>)['*'];
  return rest === undefined || !rest.includes('/');
}
