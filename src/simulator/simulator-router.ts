import {
  errorList,
  frameworkError,
  ok,
  tooManyRequests,
  type SimResponse,
} from './simulator-responses';
import { parseRailsBody, type Params } from './simulator-params';
import { enableSync, showSync, updateSync, type HandlerContext } from './simulator-sync-handlers';
import { FixedWindowThrottle, SlidingWindowLimit } from './simulator-throttle';

/** A request as the router sees it, body not yet parsed. */
export interface SimRequest {
  method: string;
  path: string;
  /** Lowercased names. */
  headers: Record<string, string>;
  rawBody: string;
  clientIp: string;
}

type Route = (request: SimRequest, params: Params, match: RegExpExecArray) => SimResponse;

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

const LOGIN_REFUSALS = {
  invalid: 'Invalid email or password',
  locked: 'Account is locked due to multiple login attempts. Please retry after sometime',
};
const LOGIN_LIMIT = 5;
const LOGIN_PERIOD_MS = 20_000;

/** Dispatches requests to the upstream's endpoints, with its middleware in front. */
export class SimulatorRouter {
  private readonly loginThrottle: FixedWindowThrottle;
  private readonly globalLimit?: SlidingWindowLimit;
  private readonly routes: [string, RegExp, Route][] = [
    ['POST', /^\/api\/v1\/login$/, (_request, params) => this.login(params)],
    ['DELETE', /^\/api\/v1\/logout$/, (request) => this.logout(request)],
    ['GET', /^\/api\/v1\/syncs\/([^/]+)$/, (r, p, m) => showSync(this.context, this.sync(r, p, m))],
    [
      'PUT',
      /^\/api\/v1\/syncs\/([^/]+)$/,
      (r, p, m) => updateSync(this.context, this.sync(r, p, m)),
    ],
    [
      'PATCH',
      /^\/api\/v1\/syncs\/([^/]+)$/,
      (r, p, m) => updateSync(this.context, this.sync(r, p, m)),
    ],
    [
      'PATCH',
      /^\/api\/v1\/syncs\/([^/]+)\/enable$/,
      (r, p, m) => enableSync(this.context, this.sync(r, p, m)),
    ],
  ];

  constructor(
    private readonly context: HandlerContext,
    requestsPerMinute?: number,
  ) {
    const now = () => context.state.clock.now();
    this.loginThrottle = new FixedWindowThrottle(LOGIN_LIMIT, LOGIN_PERIOD_MS, now);
    if (requestsPerMinute !== undefined && requestsPerMinute > 0) {
      this.globalLimit = new SlidingWindowLimit(requestsPerMinute, 60_000, now);
    }
  }

  reset(): void {
    this.loginThrottle.reset();
    this.globalLimit?.reset();
  }

  handle(request: SimRequest): SimResponse {
    const retryAfter = this.throttle(request);
    if (retryAfter !== undefined) {
      return tooManyRequests(retryAfter);
    }
    const path = request.path.length > 1 ? request.path.replace(/\/+$/, '') : request.path;
    for (const [method, pattern, route] of this.routes) {
      const match = pattern.exec(path);
      if (match && method === request.method) {
        const body = parseRailsBody(request.headers['content-type'], request.rawBody);
        return body.kind === 'malformed' ? frameworkError(400) : route(request, body.params, match);
      }
    }
    return frameworkError(404);
  }

  /** Rack middleware runs before routing: the global limit, then the login throttle per IP. */
  private throttle(request: SimRequest): number | undefined {
    const global = this.globalLimit?.hit();
    if (global !== undefined) {
      return global;
    }
    const isLogin = request.method === 'POST' && /^\/api\/v1\/login\/?$/.test(request.path);
    return isLogin ? this.loginThrottle.hit(request.clientIp) : undefined;
  }

  private sync(request: SimRequest, params: Params, match: RegExpExecArray) {
    return { rawId: decodePathSegment(match[1]), headers: request.headers, params };
  }

  /** Squared's `AuthController#login`: every refusal is a 401 with the interactor's message. */
  private login(params: Params): SimResponse {
    const result = this.context.auth.login(params.email, params.password);
    if ('refused' in result) {
      return errorList(401, LOGIN_REFUSALS[result.refused]);
    }
    const { token } = result;
    return ok({ data: { type: 'token', id: token, attributes: { token } } });
  }

  private logout(request: SimRequest): SimResponse {
    const principal = this.context.auth.authenticate(request.headers.authorization);
    if (!principal) {
      return errorList(401, 'Unauthorized');
    }
    this.context.auth.logout(principal);
    return ok({ data: { type: 'message', id: 'logout', attributes: { message: 'Logged out' } } });
  }
}
