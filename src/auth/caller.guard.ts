import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Caller } from '../common/auth/caller';
import { PUBLIC_ROUTE, REQUIRED_SCOPE } from '../common/auth/route-access';
import type { Scope } from '../common/auth/scopes';
import { GatewayError } from '../common/errors/gateway.error';
import { GatewayRequest } from '../common/http/gateway-request';
import { invalidTokenError } from '../identity/identity.errors';
import { JwtVerifier, TokenRefusedError } from '../identity/jwt-verifier';
import { RequestLogContext } from '../logging/request-log-fields';
import { SessionAuthenticator } from '../sessions/session-authenticator';
import { authorizationFieldCount, bearerJwtOf, bearerKeyOf } from './bearer-key';
import { ClientRegistry } from './client-registry';
import { callerOfClient } from './key-caller';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * Authenticates every route not marked `@Public()` and checks its `@RequireScope`. One credential per
 * request: a gateway key or a bearer JWT from the IdP (`Authorization: Bearer`), or the session cookie
 * of a browser sign-in (with `X-CSRF: 1` on anything but GET/HEAD). Whatever it was, the
 * result is one `Caller` on `request.caller`, which later guards (rate limits) and handlers use.
 * Registered first among the global guards.
 */
@Injectable()
export class CallerGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly registry: ClientRegistry,
    // `null` without an IdP; a union type emits no design type, so the token is named.
    @Inject(JwtVerifier) private readonly jwt: JwtVerifier | null,
    @Inject(SessionAuthenticator) private readonly sessions: SessionAuthenticator | null,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) {
      return true;
    }
    const request = context.switchToHttp().getRequest<GatewayRequest>();
    if (authorizationFieldCount(request.raw.rawHeaders) > 1) {
      // Taking either one would let a proxy and the gateway disagree on who is calling.
      throw new GatewayError('bad_request', 'Send exactly one Authorization header');
    }
    const caller = await this.authenticate(request);
    request.caller = caller;
    const log = request.raw as RequestLogContext;
    log.gatewayClientId = caller.app;
    log.gatewayActorId = caller.id;
    const scope = this.reflector.getAllAndOverride<Scope | undefined>(REQUIRED_SCOPE, targets);
    if (scope && !caller.scopes.includes(scope)) {
      throw new GatewayError('forbidden', `This caller lacks the ${scope} scope`);
    }
    return true;
  }

  private async authenticate(request: GatewayRequest): Promise<Caller> {
    if (this.sessions?.presented(request.headers.cookie)) {
      if (request.headers.authorization !== undefined) {
        throw new GatewayError(
          'bad_request',
          'Send one credential: the session cookie or a bearer',
        );
      }
      return this.sessionCaller(request);
    }
    const token = this.jwt ? bearerJwtOf(request.headers.authorization) : undefined;
    if (token) {
      return this.verifyJwt(token, request);
    }
    const value = bearerKeyOf(request.headers.authorization);
    const client = value ? this.registry.authenticate(value) : undefined;
    if (!client) {
      throw new GatewayError('unauthenticated', 'A valid gateway key or token is required', {
        headers: { 'WWW-Authenticate': 'Bearer realm="squared-gateway"' },
      });
    }
    return callerOfClient(client);
  }

  private async sessionCaller(request: GatewayRequest): Promise<Caller> {
    const caller = await this.sessions!.authenticate(request.headers.cookie);
    if (!caller) {
      throw new GatewayError('unauthenticated', 'The session has ended: sign in at /auth/login', {
        headers: { 'WWW-Authenticate': 'Bearer realm="squared-gateway"' },
      });
    }
    // A cross-site form can send the cookie but never a custom header (CORS would preflight it).
    if (!SAFE_METHODS.has(request.method) && request.headers['x-csrf'] !== '1') {
      throw new GatewayError('csrf_required', 'A cookie-authenticated change needs X-CSRF: 1');
    }
    return caller;
  }

  private async verifyJwt(token: string, request: GatewayRequest): Promise<Caller> {
    try {
      return await this.jwt!.verify(token);
    } catch (error) {
      if (error instanceof TokenRefusedError) {
        // The reason (a jose error code) goes to the request's log line, never to the caller.
        (request.raw as RequestLogContext).authError = error.message;
        throw invalidTokenError();
      }
      throw error;
    }
  }
}
